"""Stance suggestions read from the parse, one construction at a time (sentences written for these
tests, in domains other than the seeds: trade, health, climate, labour, elections, sport, business)."""

from __future__ import annotations

from datetime import date

import pytest

from claims.extraction import extract
from claims.extraction.stances import (
    PropositionRecord,
    StatementSpan,
    proposition_problems,
    resuggest,
)

pytestmark = pytest.mark.slow

LEVY = PropositionRecord(
    "soda-levy", "proposal", "A levy on sugary soft drinks", keywords=("sugar levy", "soda levy")
)
TOLLS = PropositionRecord(
    "congestion-charge", "proposal", "Introducing a congestion charge for central Brenholm"
)
PACT_EXIT = PropositionRecord(
    "pact-exit", "proposal", "Withdrawal from the Marlow fisheries pact", aliases=("Marlow pact",)
)
QUOTA = PropositionRecord(
    "quota-extension", "proposal", "Extending the dairy import quotas", keywords=("dairy quotas",)
)
TURBINES = PropositionRecord(
    "turbine-farm", "proposal", "Building offshore wind turbines off the Kessa coast"
)
STRIKE = PropositionRecord("rail-strike", "proposal", "A national rail strike over pay")
PLANT_CLAIM = PropositionRecord("plant-exceeded", "claim", "The Orvik smelter exceeded its emission limits")
DOPING = PropositionRecord("doping", "claim", "The Tarn cycling team used banned blood boosters")
VOTE_RIGGED = PropositionRecord("vote-rigged", "claim", "The Veska mayoral election was rigged")
ALL = [LEVY, TOLLS, PACT_EXIT, QUOTA, TURBINES, STRIKE, PLANT_CLAIM, DOPING, VOTE_RIGGED]


def suggest(
    nlp, text: str, propositions=ALL, fragment: str | None = None, headline: str = "", cue: str = "said"
):
    """(slug, polarity) pairs suggested for `fragment` of `text` (all of it by default); `cue` is the
    statement's cue verb (its subject is the speaker)."""
    start = text.index(fragment) if fragment else 0
    end = start + len(fragment) if fragment else len(text)
    found = resuggest(
        nlp=nlp,
        text=text,
        headline=headline,
        statements=[StatementSpan(start, end, cue=cue)],
        propositions=propositions,
    )[0]
    return [(s.proposition_slug, s.polarity) for s in found]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("We fully back the soda levy.", [("soda-levy", "supports")]),
        ("The union called for a national rail strike over pay.", [("rail-strike", "supports")]),
        (
            "The federation voted in favour of the congestion charge for central Brenholm.",
            [("congestion-charge", "supports")],
        ),
        ("Our members have welcomed the sugar levy.", [("soda-levy", "supports")]),
        (
            "She voiced strong support for extending the dairy import quotas.",
            [("quota-extension", "supports")],
        ),
    ],
)
def test_support(nlp, sentence, expected):
    assert suggest(nlp, sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("We reject the sugar levy outright.", [("soda-levy", "opposes")]),
        (
            "The chamber will fight the congestion charge for central Brenholm in court.",
            [("congestion-charge", "opposes")],
        ),
        (
            "Farmers voiced fierce opposition to extending the dairy import quotas.",
            [("quota-extension", "opposes")],
        ),
        (
            "Residents campaigned against the offshore wind turbines off the Kessa coast.",
            [("turbine-farm", "opposes")],
        ),
    ],
)
def test_opposition(nlp, sentence, expected):
    assert suggest(nlp, sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The soda levy is a reckless gamble with family budgets.", [("soda-levy", "opposes")]),
        ("Quitting the Marlow pact would be a historic blunder.", [("pact-exit", "opposes")]),
        ("Leaving the Marlow pact is long overdue.", [("pact-exit", "supports")]),
        (
            "It would be a serious mistake to extend the dairy import quotas.",
            [("quota-extension", "opposes")],
        ),
        (
            "The congestion charge for central Brenholm is a sensible step.",
            [("congestion-charge", "supports")],
        ),
        ("The dairy quotas are unworkable.", [("quota-extension", "opposes")]),
    ],
)
def test_evaluation(nlp, sentence, expected):
    assert suggest(nlp, sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "Our beaches will be cleaner once the offshore wind turbines are built.",
            [("turbine-farm", "supports")],
        ),
        ("The soda levy will hurt small shops.", [("soda-levy", "opposes")]),
        (
            "The congestion charge for central Brenholm would cut traffic and pollution.",
            [("congestion-charge", "supports")],
        ),
        (
            "If the rail strike goes ahead, thousands of commuters will lose their jobs.",
            [("rail-strike", "opposes")],
        ),
    ],
)
def test_consequence(nlp, sentence, expected):
    assert suggest(nlp, sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("We are ready to extend the dairy import quotas next week.", [("quota-extension", "supports")]),
        ("The minister would like to keep the dairy quotas.", [("quota-extension", "supports")]),
        ("The drivers are determined to hold the rail strike over pay.", [("rail-strike", "supports")]),
        (
            "The council refused to introduce the congestion charge for central Brenholm.",
            [("congestion-charge", "opposes")],
        ),
        ("We must keep the soda levy.", [("soda-levy", "supports")]),
    ],
)
def test_readiness_and_volition(nlp, sentence, expected):
    assert suggest(nlp, sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("We will back the soda levy only if the money goes to school sport.", [("soda-levy", "undecided")]),
        (
            "The league supports the congestion charge for central Brenholm as long as match days are exempt.",
            [("congestion-charge", "undecided")],
        ),
        ("The cabinet is still weighing the sugar levy.", [("soda-levy", "undecided")]),
        (
            "The ministry is studying the offshore wind turbines off the Kessa coast.",
            [("turbine-farm", "undecided")],
        ),
    ],
)
def test_condition_and_weighing(nlp, sentence, expected):
    assert suggest(nlp, sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The Orvik smelter exceeded its emission limits every winter.", [("plant-exceeded", "asserts")]),
        (
            "The company denied that the Orvik smelter exceeded its emission limits.",
            [("plant-exceeded", "denies")],
        ),
        ("The Orvik smelter never exceeded its emission limits.", [("plant-exceeded", "denies")]),
        ("The Orvik smelter stayed well within its emission limits.", [("plant-exceeded", "denies")]),
        (
            "There is no evidence that the Tarn cycling team used banned blood boosters.",
            [("doping", "denies")],
        ),
        (
            "The accusations that the Veska mayoral election was rigged are groundless.",
            [("vote-rigged", "denies")],
        ),
        (
            "Observers accused the organisers of rigging the Veska mayoral election.",
            [("vote-rigged", "asserts")],
        ),
    ],
)
def test_assertion_and_denial(nlp, sentence, expected):
    assert suggest(nlp, sentence) == expected


def test_a_deed_done_in_violation_of_it_asserts_the_claim(nlp):
    permit = PropositionRecord("permit-violated", "claim", "The Orvik smelter violated its emission permit")
    sentence = "The Orvik smelter kept burning coal in violation of its emission permit."
    assert suggest(nlp, sentence, [permit]) == [("permit-violated", "asserts")]


def test_an_opposite_word_with_an_object_of_its_own_is_no_denial(nlp):
    # 'kept' is the opposite of 'violated' for a permit ('kept to it'), not in 'kept burning coal'
    permit = PropositionRecord("permit-violated", "claim", "The Orvik smelter violated its emission permit")
    sentence = "The Orvik smelter kept burning coal in breach of its emission permit."
    assert suggest(nlp, sentence, [permit]) == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("It's a sensible step.", [("soda-levy", "supports")]),
        ("It’s a reckless gamble with family budgets.", [("soda-levy", "opposes")]),
    ],
)
def test_a_contracted_copula_reads_like_a_full_one(nlp, sentence, expected):
    text = "Ministers announced a levy on sugary soft drinks on Monday.\n\n" + sentence
    assert suggest(nlp, text, [LEVY], fragment=sentence) == expected


def test_a_denial_of_the_claim_by_anaphor(nlp):
    text = (
        "Rivals say the Tarn cycling team used banned blood boosters during the spring races.\n\n"
        "The team manager said these allegations were false."
    )
    assert suggest(nlp, text, fragment="these allegations were false") == [("doping", "denies")]


@pytest.mark.parametrize(
    ("follow_up", "expected"),
    [
        ("The move is a disaster for the fleet, the skipper said.", [("pact-exit", "opposes")]),
        ("This decision will make our harbours safer, the mayor said.", [("pact-exit", "supports")]),
    ],
)
def test_anaphora_reaches_back_to_the_lead(nlp, follow_up, expected):
    text = (
        "The government announced its withdrawal from the Marlow fisheries pact on Monday.\n\n"
        "Boats will be recalled within a month.\n\n" + follow_up
    )
    fragment = follow_up.split(",")[0]
    assert suggest(nlp, text, fragment=fragment) == expected


@pytest.mark.parametrize(
    ("follow_up", "expected"),
    [
        ("We have not formed a view, the minister said.", [("pact-exit", "undecided")]),
        ("I came into this with an open mind, the skipper said.", [("pact-exit", "undecided")]),
        (
            "I see both sides, and I honestly don't know which argument is stronger, a trader said.",
            [("pact-exit", "undecided")],
        ),
        # 'not going to X' reads as 'not X'
        ("I am not going to prejudge the inquiry, the minister said.", [("pact-exit", "undecided")]),
        ("It remains to be seen whether the fleet gains, the mayor said.", [("pact-exit", "undecided")]),
        ("I won't speculate about the quotas, the skipper said.", [("pact-exit", "undecided")]),
        ("It is too early to draw conclusions, the mayor said.", [("pact-exit", "undecided")]),
        ("We will wait for the outcome of the talks, the trader said.", [("pact-exit", "undecided")]),
        # no longer open: nothing said of which way
        ("I was on the fence in June. I'm not any more, the skipper said.", []),
    ],
)
def test_leaving_open_the_question_the_article_is_about_is_undecided(nlp, follow_up, expected):
    text = (
        "The government announced its withdrawal from the Marlow fisheries pact on Monday.\n\n"
        "Boats will be recalled within a month.\n\n" + follow_up
    )
    fragment = follow_up.rsplit(",", 1)[0]
    assert suggest(nlp, text, fragment=fragment) == expected


@pytest.mark.parametrize(
    "follow_up",
    [
        "The striker said it was not a question for footballers.",
        "Our job is to run the ballot, not to pick a side, the returning officer said.",
    ],
)
def test_declining_to_take_a_side_on_the_articles_question_is_neutral(nlp, follow_up):
    text = (
        "The government announced its withdrawal from the Marlow fisheries pact on Monday.\n\n"
        "Boats will be recalled within a month.\n\n" + follow_up
    )
    fragment = follow_up.rsplit(",", 1)[0] if "," in follow_up else "it was not a question for footballers"
    assert suggest(nlp, text, fragment=fragment) == [("pact-exit", "neutral")]


def test_declining_to_take_a_side_needs_an_article_on_a_proposition(nlp):
    text = "The weather closed the harbour on Monday.\n\nIt is not for me to say, the harbourmaster said."
    assert suggest(nlp, text, fragment="It is not for me to say") == []


def test_two_explanations_left_possible_leave_a_claim_open(nlp):
    text = (
        "Inspectors said the Orvik smelter exceeded its emission limits last winter.\n\n"
        "An independent chemist said both explanations were plausible."
    )
    fragment = "both explanations were plausible"
    assert suggest(nlp, text, fragment=fragment, propositions=[PLANT_CLAIM]) == [
        ("plant-exceeded", "undecided")
    ]


def test_leaving_a_question_open_needs_an_article_on_a_proposition(nlp):
    text = "The weather closed the harbour on Monday.\n\nWe have not formed a view, the mayor said."
    assert suggest(nlp, text, fragment="We have not formed a view") == []


def test_a_pronoun_refers_back_to_the_paragraph_before(nlp):
    text = (
        "The government announced its withdrawal from the Marlow fisheries pact on Monday.\n\n"
        '"We regret it deeply," the skipper said.'
    )
    assert suggest(nlp, text, fragment="We regret it deeply,") == [("pact-exit", "opposes")]


def test_an_anaphor_with_nothing_to_refer_back_to_takes_no_stance(nlp):
    text = (
        "The weather closed the harbour on Monday.\n\nThe move is a disaster for the fleet, the skipper said."
    )
    assert suggest(nlp, text, fragment="The move is a disaster for the fleet") == []


def test_the_headline_can_name_what_an_anaphor_refers_to(nlp):
    text = "Boats were recalled on Monday.\n\nThe decision is a disaster for the fleet, the skipper said."
    found = suggest(
        nlp,
        text,
        fragment="The decision is a disaster for the fleet",
        headline="Government announces withdrawal from Marlow fisheries pact",
    )
    assert found == [("pact-exit", "opposes")]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("We will not back the soda levy.", [("soda-levy", "opposes")]),
        ("The soda levy is not a sensible idea.", [("soda-levy", "opposes")]),
        ("I do not think we should keep the dairy quotas.", [("quota-extension", "opposes")]),
        (
            "The council is not considering the congestion charge for central Brenholm.",
            [("congestion-charge", "opposes")],
        ),
        # A negation elsewhere in the sentence does not count.
        ("Although talks have not started, we back the soda levy.", [("soda-levy", "supports")]),
        ("We support the sugar levy, which nobody could call unfair.", [("soda-levy", "supports")]),
    ],
)
def test_negation_is_scoped_by_the_parse(nlp, sentence, expected):
    assert suggest(nlp, sentence) == expected


@pytest.mark.parametrize(
    "sentence",
    [
        # 'against' protecting from something else, not opposing the proposal
        "The offshore wind turbines off the Kessa coast will need protection against storms.",
        # 'considering' in a clause about something else
        "While the rail strike over pay continues, the board is considering new timetables.",
        # an evaluation of something else in the same sentence
        "The soda levy was announced on Monday, and the weather was terrible.",
        # a statement that only mentions the topic
        "The soda levy takes effect in May.",
        # one common word of a title is not a topic
        "The new building will open in June.",
    ],
)
def test_a_cue_on_another_target_takes_no_stance(nlp, sentence):
    assert suggest(nlp, sentence) == []


@pytest.mark.parametrize(
    "sentence",
    [
        # a figure about others' support, not the speaker's
        "Support for the sugar levy has slipped to 41%, down from 48% in February.",
        # a comparison with an earlier version is no verdict
        "The soda levy is now a better law than it was.",
        # any such levy, not the one proposed
        "A sugar levy that treats every drink the same will help some and hurt others.",
        # 'not against' leaves the side open
        "We are not against the soda levy in principle.",
        # 'whatever you think of it' is nobody's weighing
        "Whatever you think about the soda levy, she is a serious minister.",
    ],
)
def test_words_that_look_like_a_stance_but_are_not_the_speakers_verdict(nlp, sentence):
    assert suggest(nlp, sentence, [LEVY]) == []


@pytest.mark.parametrize(
    "sentence",
    [
        # a perfect 'have' is no obligation ('have to')
        "We have not made up our minds on the sugar levy yet.",
        # a past deed reports, it promises nothing
        "I signed the sugar levy into law in good faith.",
    ],
)
def test_an_auxiliary_or_a_past_deed_is_no_stance(nlp, sentence):
    assert suggest(nlp, sentence, [LEVY]) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Whether the sugar levy is a good law, the next twelve months will tell us.",
        "It is too early to judge the soda levy.",
    ],
)
def test_a_verdict_left_to_the_future_is_undecided(nlp, sentence):
    assert suggest(nlp, sentence, [LEVY]) == [("soda-levy", "undecided")]


@pytest.mark.parametrize(
    "sentence",
    [
        # a stance the speaker sets aside
        "I'm not going to pretend we love the sugar levy.",
        "That doesn't mean the soda levy is illegal.",
        "I'd rather help write the rules than spend three years fighting the soda levy in court.",
        # a tally of others' stances
        "Eleven of the 18 councils voted in favour of the soda levy.",
        "Most members opposed the sugar levy.",
    ],
)
def test_a_stance_set_aside_or_counted_is_not_the_speakers(nlp, sentence):
    assert suggest(nlp, sentence, [LEVY]) == []


def test_a_possibility_is_no_assertion_of_the_claim(nlp):
    sentence = "Officials confirmed the Orvik smelter could have exceeded its emission limits."
    assert suggest(nlp, sentence, [PLANT_CLAIM]) == []


def test_a_stance_inside_an_open_question_is_undecided(nlp):
    sentence = "The party will decide in September whether to keep backing the soda levy."
    assert suggest(nlp, sentence, [LEVY]) == [("soda-levy", "undecided")]


def test_too_makes_any_adjective_a_fault(nlp):
    sentence = "The rules of the sugar levy are too easy to get round."
    assert suggest(nlp, sentence, [LEVY]) == [("soda-levy", "opposes")]


def test_a_wish_about_the_speaker_is_no_condition(nlp):
    sentence = "If I were in the cabinet, I would back the sugar levy tomorrow."
    assert suggest(nlp, sentence, [LEVY]) == [("soda-levy", "supports")]


def test_a_third_partys_reported_words_are_not_the_speakers_stance(nlp):
    sentence = "He criticised remarks by the mayor, who said that the city would be ready to introduce the congestion charge for central Brenholm."
    assert ("congestion-charge", "supports") not in suggest(nlp, sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "The minister's friends call the soda levy fair.",
        "What I still need to know is whether parents actually want the soda levy.",
    ],
)
def test_someone_elses_stance_inside_a_statement_is_not_the_speakers(nlp, sentence):
    assert suggest(nlp, sentence) == []


def test_declining_to_take_a_side_is_neutral(nlp):
    text = "The league said it had no position on the rail strike over pay."
    assert suggest(nlp, text, fragment="it had no position on the rail strike over pay") == [
        ("rail-strike", "neutral")
    ]


@pytest.mark.parametrize(
    "follow_up",
    ["It's not our fight.", "That is a matter for the independent regulator."],
)
def test_leaving_the_question_to_others_is_neutral(nlp, follow_up):
    text = "Ministers announced a levy on sugary soft drinks on Monday.\n\n" + follow_up
    assert suggest(nlp, text, [LEVY], fragment=follow_up) == [("soda-levy", "neutral")]


@pytest.mark.parametrize(
    "sentence",
    [
        "We will neither support nor oppose the sugar levy.",
        "The union would campaign neither for nor against the soda levy.",
    ],
)
def test_refusing_both_sides_is_neutral(nlp, sentence):
    assert suggest(nlp, sentence, [LEVY]) == [("soda-levy", "neutral")]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The council took no position on the merits of the soda levy.", [("soda-levy", "neutral")]),
        ("We have been asking for the sugar levy for years.", [("soda-levy", "supports")]),
    ],
)
def test_a_stance_reaches_the_proposition_through_a_word_about_it(nlp, sentence, expected):
    assert suggest(nlp, sentence, [LEVY]) == expected


def test_the_speaker_accusing_others_of_blocking_it_backs_it(nlp):
    sentence = "The union accused ministers of blocking the rail strike over pay."
    assert suggest(nlp, sentence) == [("rail-strike", "supports")]


def test_suggestions_carry_evidence_offsets_and_a_reason(nlp):
    text = "Ministers said the soda levy is a reckless gamble."
    found = resuggest(nlp=nlp, text=text, statements=[StatementSpan(15, len(text))], propositions=[LEVY])[0]
    assert len(found) == 1
    suggestion = found[0]
    assert 0.5 <= suggestion.confidence <= 1
    assert {e.role for e in suggestion.evidence} >= {"topic", "polarity"}
    assert all(text[e.start : e.end] == e.text for e in suggestion.evidence)
    assert "gamble" in suggestion.reason or "reckless" in suggestion.reason


def test_extract_fills_stances_with_the_same_suggestions_as_resuggest(nlp):
    text = (
        "BRENHOLM, May 3 - The city council voted on Tuesday on a congestion charge for central Brenholm.\n\n"
        '"This charge is a disaster for small shops," said Mara Quist, who runs a bakery.\n\n'
        'Transport chief Ilse Nord said she was ready to introduce the congestion charge "by the autumn".'
    )
    result = extract(text, published=date(2024, 5, 3), actors=[], nlp=nlp, propositions=[TOLLS])
    by_extract = [[(s.proposition_slug, s.polarity) for s in r.stances] for r in result.statements]
    again = resuggest(nlp=nlp, text=result.text, statements=result.statements, propositions=[TOLLS])
    assert by_extract == [[(s.proposition_slug, s.polarity) for s in found] for found in again]
    assert [("congestion-charge", "opposes")] in by_extract
    assert [("congestion-charge", "supports")] in by_extract


def test_no_propositions_means_no_stances_and_no_error(nlp):
    result = extract("Ilse Nord said the plan was good.", published=None, actors=[], nlp=nlp, propositions=[])
    assert all(r.stances == [] for r in result.statements)


def test_a_statement_of_five_thousand_words_does_not_crash(nlp):
    body = " ".join(
        "The soda levy is a reckless gamble and the dairy quotas must stay, she said again."
        for _ in range(320)
    )
    text = f'"{body}"'
    found = resuggest(nlp=nlp, text=text, statements=[StatementSpan(0, len(text))], propositions=ALL)
    assert len(text.split()) >= 5000
    assert {s.proposition_slug for s in found[0]} <= {p.slug for p in ALL}


def test_proposition_problems_name_what_is_missing(nlp):
    vague = PropositionRecord("vague", "proposal", "The new plan")
    assert any("no distinctive words" in p for p in proposition_problems(vague, nlp))
    assert proposition_problems(TOLLS, nlp) == []
    common_keyword = PropositionRecord("k", "proposal", "Harbour dredging at Velm", keywords=("new",))
    assert any("too common" in p for p in proposition_problems(common_keyword, nlp))
    empty = PropositionRecord("e", "proposal", "   ")
    assert proposition_problems(empty, nlp) == [
        "The title is empty: write the question as a short sentence or phrase."
    ]


def test_title_and_description_alone_are_enough(nlp):
    bare = PropositionRecord(
        "four-day-week",
        "proposal",
        "A four-day working week for council staff",
        description="The union's plan to cut the working week to four days without loss of pay.",
    )
    assert suggest(nlp, "We strongly oppose a four-day week for council staff.", [bare]) == [
        ("four-day-week", "opposes")
    ]


CLOSURE_LEAD = (
    "The council announced a congestion charge for central Brenholm on Monday.\n\n"
    "Drivers will pay from March.\n\n"
)


@pytest.mark.parametrize(
    ("follow_up", "fragment", "expected"),
    [
        # the side taken, its object left unsaid: the article's question
        ("We simply disagree, the shopkeepers' spokesman said.", "We simply disagree", "opposes"),
        (
            "Anything that cuts the traffic, I'm for, a cyclist said.",
            "Anything that cuts the traffic, I'm for",
            "supports",
        ),
        ("The union said it was deeply disappointed.", "it was deeply disappointed", "opposes"),
        ("The chamber said it was delighted.", "it was delighted", "supports"),
        # the 'they' of indirect speech is the speaker's side; a vote with its object left unsaid
        ("The taxi drivers said they were disappointed.", "they were disappointed", "opposes"),
        ("The cyclists' club said it had voted in favour.", "it had voted in favour", "supports"),
        ("The hauliers' association said it voted against.", "it voted against", "opposes"),
    ],
)
def test_a_side_taken_without_naming_it_speaks_to_the_articles_question(nlp, follow_up, fragment, expected):
    text = CLOSURE_LEAD + follow_up
    assert suggest(nlp, text, fragment=fragment) == [("congestion-charge", expected)]


@pytest.mark.parametrize(
    ("follow_up", "fragment"),
    [
        # a bare wish in a subordinate clause, a third party's feeling, advice: no side of the speaker's
        ("I want to drive when I want, a driver said.", "I want to drive when I want"),
        (
            "The hauliers will be very pleased tonight, the analyst said.",
            "The hauliers will be very pleased tonight",
        ),
        ("Ask the drivers first, a cabbie said.", "Ask the drivers first"),
        # a quoted 'they' is someone else
        ('"They were disappointed," the mayor said.', "They were disappointed,"),
    ],
)
def test_an_unsaid_object_needs_the_speakers_own_side(nlp, follow_up, fragment):
    assert suggest(nlp, CLOSURE_LEAD + follow_up, fragment=fragment) == []


def test_an_unsaid_object_needs_an_article_on_one_proposal(nlp):
    text = "The weather closed the harbour on Monday.\n\nWe simply disagree, the skipper said."
    assert suggest(nlp, text, fragment="We simply disagree") == []


def test_an_object_pronoun_never_stands_for_its_own_subject(nlp):
    # 'the group ... fight it': 'it' is not the group, so it may stand for the article's proposal
    text = CLOSURE_LEAD + "The residents' group said it would fight it in every ward."
    assert suggest(nlp, text, fragment="it would fight it in every ward") == [
        ("congestion-charge", "opposes")
    ]


@pytest.mark.parametrize(
    ("follow_up", "fragment", "expected"),
    [
        (
            "The draft would destroy the high street, the traders said.",
            "The draft would destroy the high street",
            "opposes",
        ),
        (
            "The ministry said it would study the request carefully.",
            "it would study the request carefully",
            "undecided",
        ),
    ],
)
def test_a_draft_or_a_request_refers_back_to_the_proposal(nlp, follow_up, fragment, expected):
    assert suggest(nlp, CLOSURE_LEAD + follow_up, fragment=fragment) == [("congestion-charge", expected)]


def test_topic_matching_of_a_span_indexes_the_doc(nlp):
    from claims.extraction.stances.profile import build_profiles
    from claims.extraction.stances.topic import match_many

    doc = nlp("The weather was fine. A levy on sugary soft drinks is coming.")
    span = list(doc)[5:]
    found = match_many(build_profiles([LEVY, TOLLS], nlp), span)
    assert found[0].on_topic
    assert min(found[0].tokens) >= 5
    assert not found[1].on_topic


@pytest.mark.parametrize(
    ("follow_up", "fragment"),
    [
        (
            "The ministry said it would decide its final position in May.",
            "it would decide its final position in May",
        ),
        (
            "The regulator said its position will be known by the autumn.",
            "its position will be known by the autumn",
        ),
        ("Every option is on the table, the minister said.", "Every option is on the table"),
        ("The board said it was yet to decide.", "it was yet to decide"),
    ],
)
def test_a_position_still_to_be_taken_is_undecided(nlp, follow_up, fragment):
    assert suggest(nlp, CLOSURE_LEAD + follow_up, fragment=fragment) == [("congestion-charge", "undecided")]


def test_a_cost_added_to_what_people_pay_opposes_the_proposal(nlp):
    # the parser hangs "to the cost" on the amount ("reais"), not on "add"
    follow_up = "The charge would add as much as 900 reais to the cost of a delivery van, the hauliers said."
    fragment = follow_up.split(", the")[0]
    assert suggest(nlp, CLOSURE_LEAD + follow_up, fragment=fragment) == [("congestion-charge", "opposes")]


def test_calling_it_a_start_supports_it(nlp):
    text = CLOSURE_LEAD + "It is a start, the cyclists' club said."
    assert suggest(nlp, text, fragment="It is a start") == [("congestion-charge", "supports")]


@pytest.mark.parametrize(
    ("sentence", "pronoun"),
    [
        # the pronoun takes a side or wishes, so it is the speaker's body, not the proposal
        ("The federation said it would not accept the terms.", "it"),
        ("The chamber said it intends to talk to the council.", "it"),
        ("The guild said it was disappointed by the timetable.", "it"),
    ],
)
def test_a_pronoun_that_takes_a_side_is_an_actor_not_an_anaphor(nlp, sentence, pronoun):
    from claims.extraction.stances.topic import anaphor_candidates

    assert pronoun not in [c.token.lower_ for c in anaphor_candidates(nlp(sentence)) if c.pronoun]


def test_an_unnamed_disappointment_parsed_as_a_passive_opposes(nlp):
    text = CLOSURE_LEAD + "The union said it was deeply disappointed."
    assert suggest(nlp, text, fragment="it was deeply disappointed") == [("congestion-charge", "opposes")]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a pseudo-cleft: the focus is what the 'what' clause says of it
        ("What we need is a sugar levy on every can.", [("soda-levy", "supports")]),
        (
            "What we oppose is the congestion charge for central Brenholm.",
            [("congestion-charge", "opposes")],
        ),
        # the negation sits in the 'what' clause, and still scopes over the act
        (
            "What we will not do is accept the congestion charge for central Brenholm.",
            [("congestion-charge", "opposes")],
        ),
        ("What we will do is extend the dairy import quotas.", [("quota-extension", "supports")]),
    ],
)
def test_pseudo_clefts(nlp, sentence, expected):
    assert suggest(nlp, sentence) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("We insist on keeping the dairy import quotas.", [("quota-extension", "supports")]),
        ("We would like to keep the dairy quotas.", [("quota-extension", "supports")]),
    ],
)
def test_volition_with_a_preposition(nlp, sentence, expected):
    assert suggest(nlp, sentence) == expected


@pytest.mark.parametrize(
    ("follow_up", "expected"),
    [
        ("We are ready to sign, the minister said.", [("quota-extension", "supports")]),
        ("We are not prepared to sign, the minister said.", [("quota-extension", "opposes")]),
    ],
)
def test_readiness_with_its_object_left_unsaid_speaks_to_the_articles_question(nlp, follow_up, expected):
    text = "The cabinet will vote on extending the dairy import quotas on Friday.\n\n" + follow_up
    fragment = follow_up.rsplit(",", 1)[0]
    assert suggest(nlp, text, fragment=fragment, headline="Extending the dairy import quotas") == expected


def test_seeing_no_evidence_denies_the_claim_however_it_is_attached(nlp):
    dredging = PropositionRecord(
        "dredging-caused", "claim", "The Kessa dredging works caused the collapse of the cod catch"
    )
    sentence = "The regulator had seen no evidence so far linking the dredging works to the collapse of the cod catch."
    assert suggest(nlp, sentence, propositions=[dredging]) == [("dredging-caused", "denies")]


def test_a_claim_in_a_relative_clause_under_a_plain_report_verb_is_not_asserted(nlp):
    sentence = (
        "The mayor said the Orvik smelter, which critics say exceeded its emission limits, would reopen."
    )
    assert (
        suggest(
            nlp,
            sentence,
            fragment="the Orvik smelter, which critics say exceeded its emission limits, would reopen",
        )
        == []
    )


def test_the_object_of_a_regard_cue_refers_back(nlp):
    """'called the move "a disaster"': the statement is only the verdict; the cue's object is its topic."""
    text = (
        "The government announced its withdrawal from the Marlow fisheries pact on Monday.\n\n"
        'The skipper called the move "a disaster for the fleet."'
    )
    assert suggest(nlp, text, fragment="a disaster for the fleet.", cue="called") == [
        ("pact-exit", "opposes")
    ]


def test_fees_and_a_start_date_are_not_a_verdict(nlp):
    """'charges' as fees (a wrong-target cue from the sentiment lexicon), and the levy starting (not
    'a start'), say nothing of the levy."""
    sentence = (
        "The sugar levy would start in May, with charges rising from five pence to twenty pence a litre."
    )
    assert suggest(nlp, sentence) == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "With the congestion charge for central Brenholm, our streets will be safer.",
            [("congestion-charge", "supports")],
        ),
        ("Without the sugar levy, more children will lose their teeth.", [("soda-levy", "supports")]),
        # 'with' after the verb is a means, not a consequence
        ("We will fight the sugar levy with every means we have.", [("soda-levy", "opposes")]),
    ],
)
def test_a_consequence_framed_with_or_without_it(nlp, sentence, expected):
    assert suggest(nlp, sentence) == expected


def test_a_claim_reported_of_others_inside_the_statement_is_not_the_speakers(nlp):
    """'Critics say X, but...': the speaker reports someone else's claim (a common-noun subject of the
    assertion verb), and does not make it."""
    sentence = "Critics say the Orvik smelter exceeded its emission limits, but the data will decide."
    assert suggest(nlp, sentence) == []
    # the speaker's own side may say it ('we believe')
    assert suggest(nlp, "We believe the Orvik smelter exceeded its emission limits.") == [
        ("plant-exceeded", "asserts")
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "The accusation that the Orvik smelter exceeded its emission limits is unproven.",
            [("plant-exceeded", "undecided")],
        ),
        (
            "The allegations that the Tarn cycling team used banned blood boosters are baseless.",
            [("doping", "denies")],
        ),
    ],
)
def test_an_unproven_claim_is_left_open_and_a_baseless_one_denied(nlp, sentence, expected):
    assert suggest(nlp, sentence) == expected


@pytest.mark.parametrize(
    ("follow_up", "expected"),
    [
        (
            "Every shipment we made was fully within EU limits, the plant manager said.",
            [("plant-exceeded", "denies")],
        ),
        # not within them: no denial
        ("The shipments were not within EU limits, the plant manager said.", []),
    ],
)
def test_keeping_within_the_limits_denies_the_claim_the_article_is_about(nlp, follow_up, expected):
    text = "Inspectors say the Orvik smelter exceeded its emission limits last winter.\n\n" + follow_up
    fragment = follow_up.rsplit(",", 1)[0]
    assert suggest(nlp, text, fragment=fragment) == expected


@pytest.mark.parametrize(
    ("follow_up", "fragment", "expected"),
    [
        # one word of the proposal, too common to name it alone, in an article about it
        (
            "A charge on parking would punish the small shops, the grocer said.",
            "A charge on parking would punish the small shops",
            [("congestion-charge", "opposes")],
        ),
        (
            "We fully back the charge, a resident said.",
            "We fully back the charge",
            [("congestion-charge", "supports")],
        ),
        # the word's own modifier is no verdict on the proposal it is only part of
        (
            "The ring road is a rotten charge on the town, the grocer said.",
            "The ring road is a rotten charge on the town",
            [],
        ),
    ],
)
def test_some_of_the_proposals_words_name_it_in_an_article_about_it(nlp, follow_up, fragment, expected):
    assert suggest(nlp, CLOSURE_LEAD + follow_up, fragment=fragment) == expected


def test_some_of_the_proposals_words_need_an_article_about_it(nlp):
    text = "The weather closed the harbour on Monday.\n\nWe fully back the charge, a resident said."
    assert suggest(nlp, text, fragment="We fully back the charge") == []


MORATORIUM = PropositionRecord(
    "drilling-moratorium",
    "proposal",
    "A moratorium on oil drilling in the Velt basin",
    description="Velt's proposal to halt oil drilling in the basin for ten years.",
)


@pytest.mark.parametrize(
    "fragment", ["The alliance rejected Velt's proposal outright", "We reject Velt's proposal"]
)
def test_rejecting_the_proposal_of_an_undoing_act_opposes_it(nlp, fragment):
    # 'the proposal' is the moratorium itself, not the drilling it would halt
    text = f"Velt proposed a moratorium on oil drilling in the Velt basin on Monday.\n\n{fragment}, the union said."
    assert suggest(nlp, text, [*ALL, MORATORIUM], fragment=fragment) == [("drilling-moratorium", "opposes")]


def narrated(nlp, text: str, said: list[tuple[str, str]], propositions=ALL):
    """(speaker, [(slug, polarity, rule)]) per statement: `said` pairs a fragment of `text` with its
    speaker's name (the cue 'said')."""
    spans = [StatementSpan(text.index(f), text.index(f) + len(f), cue="said", speaker=who) for f, who in said]
    found = resuggest(nlp=nlp, text=text, statements=spans, propositions=propositions)
    return [[(s.proposition_slug, s.polarity, s.rule) for s in suggestions] for suggestions in found]


LEVY_LEAD = (
    "Marden will introduce a sugar levy on soft drinks in May, the finance ministry said on Monday.\n\n"
)


def test_the_narration_of_a_speakers_side_gives_the_speakers_stance(nlp):
    # the narration says where the speaker stands; the statement itself has no readable polarity
    text = (
        LEVY_LEAD + "The grocers' federation, led by Olga Brenner, rejected the sugar levy outright. "
        '"We will see what the summer brings," Brenner said.'
    )
    found = narrated(nlp, text, [("We will see what the summer brings", "Olga Brenner")])
    assert found == [[("soda-levy", "opposes", "narration")]]


def test_the_narration_never_overrides_what_the_speaker_says(nlp):
    text = (
        LEVY_LEAD + "Olga Brenner rejected the sugar levy in March. "
        '"We now fully back the sugar levy," Brenner said.'
    )
    found = narrated(nlp, text, [("We now fully back the sugar levy", "Olga Brenner")])
    assert found == [[("soda-levy", "supports", "stance_verb")]]


@pytest.mark.parametrize(
    "narration",
    [
        # its subject names someone who is not a speaker of the article
        "Ivan Koller rejected the sugar levy outright.",
        # a name word two speakers share names neither
        "Brenner rejected the sugar levy outright.",
        # a report of speech is a statement (the extractor's to find), not the article's narration
        "Olga Brenner said she rejects the sugar levy outright.",
    ],
)
def test_what_is_not_narration_of_a_speakers_side(nlp, narration):
    text = (
        LEVY_LEAD + f'{narration} "We will see what the summer brings," Olga Brenner said. '
        '"Nothing is settled," Tomas Brenner said.'
    )
    found = narrated(
        nlp,
        text,
        [("We will see what the summer brings", "Olga Brenner"), ("Nothing is settled", "Tomas Brenner")],
    )
    assert found == [[], []]


def test_the_narration_frames_only_the_speakers_words_next_to_it(nlp):
    filler = "The ministry expects revenue of 40 million a year.\n\n"
    text = (
        LEVY_LEAD
        + "Olga Brenner rejected the sugar levy outright.\n\n"
        + filler * 2
        + '"We will see what the summer brings," Brenner said.'
    )
    assert narrated(nlp, text, [("We will see what the summer brings", "Olga Brenner")]) == [[]]


SPOKESWOMAN = "Its president, Olga Brenner, said members would see what the summer brings."


@pytest.mark.parametrize(
    "side",
    [
        # the sentence before is narration about the side
        "The grocers' federation rejected the sugar levy outright.",
        # or the side's own statement
        "The grocers' federation said it would not support the sugar levy.",
    ],
)
@pytest.mark.parametrize("between", [" ", "\n\n"])
def test_a_spokesperson_introduced_as_the_sides_role_speaks_for_it(nlp, side, between):
    # the side named in the sentence just before, in the same paragraph or ending the one before
    text = LEVY_LEAD + side + between + SPOKESWOMAN
    said = [("members would see what the summer brings", "Olga Brenner")]
    if "said it" in side:
        said.insert(0, ("it would not support the sugar levy", "Grocers' Federation"))
    found = narrated(nlp, text, said)
    assert found[-1] == [("soda-levy", "opposes", "spokesperson")]


@pytest.mark.parametrize(
    ("text", "said", "expected"),
    [
        # a side's 'no position' is not the person's
        (
            LEVY_LEAD + "The grocers' federation said it had no position on the sugar levy. " + SPOKESWOMAN,
            [("it had no position on the sugar levy", "Grocers' Federation")],
            [],
        ),
        # the person's own words decide
        (
            LEVY_LEAD
            + "The grocers' federation rejected the sugar levy outright. "
            + "Its president, Olga Brenner, said she backed the sugar levy.",
            [],
            [("soda-levy", "supports", "stance_verb")],
        ),
        # the side is named two paragraphs before
        (
            LEVY_LEAD
            + "The grocers' federation rejected the sugar levy outright.\n\n"
            + "The ministry expects revenue of 40 million a year.\n\n"
            + SPOKESWOMAN,
            [],
            [],
        ),
        # the speaker is not introduced as the side's role
        (
            LEVY_LEAD
            + "The grocers' federation rejected the sugar levy outright. "
            + "Olga Brenner, a shopkeeper, said members would see what the summer brings.",
            [],
            [],
        ),
    ],
)
def test_what_a_spokesperson_does_not_inherit(nlp, text, said, expected):
    fragment = (
        "she backed the sugar levy" if "she backed" in text else "members would see what the summer brings"
    )
    found = narrated(nlp, text, [*said, (fragment, "Olga Brenner")])
    assert found[-1] == expected
