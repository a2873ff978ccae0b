"""Polarity constructions of the stance suggester: effects on people, where a proposal moves them,
'do little for', conditions set with 'provided' or only put forward ('if that's what it takes'), and
supposed effects in an 'if' clause judged by the main clause. Composed sentences on made-up topics."""

from __future__ import annotations

from functools import partial

import pytest

from claims.extraction.stances import PropositionRecord, StatementSpan, resuggest

from .stance_helpers import BUS_LANES, FERRY_FEE, PENSION_AGE, suggest_among

pytestmark = pytest.mark.slow

ALL = [FERRY_FEE, PENSION_AGE, BUS_LANES]


suggest = partial(suggest_among, propositions=ALL)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The landing fee would hit small guesthouse owners hardest.", "opposes"),
        ("The landing fee would cost us about 40,000 pounds a season.", "opposes"),
        ("The landing fee will cost its members dearly.", "opposes"),
        ("The bus lanes will help commuters from the northern estates.", "supports"),
    ],
)
def test_a_proposal_that_harms_or_serves_people(nlp, sentence, expected):
    assert suggest(nlp, sentence) == [(FERRY_FEE.slug if "fee" in sentence else BUS_LANES.slug, expected)]


def test_costing_nobody_anything_is_good(nlp):
    assert suggest(nlp, "The bus lanes cost the council nothing.") == [(BUS_LANES.slug, "supports")]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Raising the pension age would push thousands of carers into poverty.", "opposes"),
        ("Raising the pension age to 69 will put half of us out of work.", "opposes"),
        ("The bus lanes will lift hundreds of families out of poverty.", "supports"),
    ],
)
def test_where_a_proposal_moves_people(nlp, sentence, expected):
    slug = PENSION_AGE.slug if "pension" in sentence else BUS_LANES.slug
    assert suggest(nlp, sentence) == [(slug, expected)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The bus lanes on the Orrin ring road would do little for cyclists.", "opposes"),
        ("The bus lanes on the Orrin ring road will do wonders for the town centre.", "supports"),
    ],
)
def test_what_a_proposal_does_for_someone(nlp, sentence, expected):
    assert suggest(nlp, sentence) == [(BUS_LANES.slug, expected)]


def test_support_provided_that_a_condition_is_met_is_undecided(nlp):
    sentence = (
        "The guild was prepared to support the landing fee provided that the money went to the harbour."
    )
    assert suggest(nlp, sentence) == [(FERRY_FEE.slug, "undecided")]


def test_readiness_with_a_condition_on_the_readiness_is_undecided(nlp):
    sentence = "We are ready to back the bus lanes if the council moves the bus stops."
    assert suggest(nlp, sentence) == [(BUS_LANES.slug, "undecided")]


@pytest.mark.parametrize("tail", ["if that's what it takes", "if need be", "if necessary"])
def test_if_that_is_what_it_takes_sets_no_condition(nlp, tail):
    sentence = f"We are ready to back the bus lanes on the Orrin ring road, {tail}."
    assert suggest(nlp, sentence) == [(BUS_LANES.slug, "supports")]


def test_a_supposed_cost_is_judged_by_the_main_clause(nlp):
    sentence = "If the landing fee costs me ten pounds a trip, that is perfectly fair."
    assert suggest(nlp, sentence) == [(FERRY_FEE.slug, "supports")]


def test_a_supposed_benefit_stands_when_the_main_clause_is_no_verdict(nlp):
    sentence = "If the bus lanes save even one family an hour a day, then yes, paint them tomorrow."
    assert suggest(nlp, sentence) == [(BUS_LANES.slug, "supports")]


def test_weighing_still_going_on_is_undecided(nlp):
    assert suggest(nlp, "We are still studying the bus lanes on the Orrin ring road.") == [
        (BUS_LANES.slug, "undecided")
    ]


def test_weighing_already_done_leaves_nothing_open(nlp):
    assert suggest(nlp, "We have studied the bus lanes on the Orrin ring road.") == []


def test_a_question_left_to_others_is_neutral(nlp):
    assert suggest(nlp, "The bus lanes on the Orrin ring road are a matter for the council.") == [
        (BUS_LANES.slug, "neutral")
    ]


def test_calling_it_an_important_decision_for_someone_leaves_nothing_to_others(nlp):
    sentence = (
        "The bus lanes on the Orrin ring road are the most important decision for the town in a decade."
    )
    assert suggest(nlp, sentence) == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The landing fee for ferry passengers is about time.", "supports"),
        ("The bus lanes on the Orrin ring road are on the right track.", "supports"),
        ("The bus lanes on the Orrin ring road are a step in the wrong direction.", "opposes"),
    ],
)
def test_a_verdict_in_a_phrase_after_the_copula(nlp, sentence, expected):
    slug = FERRY_FEE.slug if "fee" in sentence else BUS_LANES.slug
    assert suggest(nlp, sentence) == [(slug, expected)]


@pytest.mark.parametrize(
    "sentence",
    [
        "Nobody in the harbour district has asked for a landing fee for ferry passengers.",
        "No one wants a landing fee for ferry passengers.",
    ],
)
def test_saying_nobody_wants_it_opposes_it(nlp, sentence):
    assert suggest(nlp, sentence) == [(FERRY_FEE.slug, "opposes")]


def test_others_wanting_it_is_not_the_speaker_opposing_it(nlp):
    assert suggest(nlp, "Thousands of residents want a landing fee for ferry passengers.") != [
        (FERRY_FEE.slug, "opposes")
    ]


def test_nobody_liking_an_idea_is_no_demand_refused(nlp):
    sentence = "Nobody likes the idea of a landing fee for ferry passengers."
    assert suggest(nlp, sentence) != [(FERRY_FEE.slug, "opposes")]


DAM_FLOOD = PropositionRecord(
    "dam-caused-flood", "claim", "The Ossel dam caused the Varne flood", keywords=("Ossel dam",)
)


def claim_polarity(nlp, sentence: str) -> list[str]:
    found = resuggest(
        nlp=nlp,
        text=sentence,
        headline="",
        statements=[StatementSpan(0, len(sentence), cue="said")],
        propositions=[DAM_FLOOD],
    )[0]
    return [s.polarity for s in found]


@pytest.mark.parametrize(
    "sentence",
    [
        "The argument that the Ossel dam caused the Varne flood did not stand up.",
        "The claim that the Ossel dam caused the Varne flood does not hold water.",
        "The suggestion that the Ossel dam caused the Varne flood has collapsed.",
    ],
)
def test_a_claim_said_not_to_hold_is_denied(nlp, sentence):
    assert claim_polarity(nlp, sentence) == ["denies"]


def test_a_claim_stated_plainly_is_asserted(nlp):
    assert claim_polarity(nlp, "The Ossel dam caused the Varne flood.") == ["asserts"]


def test_saying_a_cause_cannot_explain_the_effect_denies_the_causal_claim(nlp):
    assert claim_polarity(nlp, "The Ossel dam cannot explain a Varne flood of this size.") == ["denies"]


def test_saying_a_cause_explains_the_effect_asserts_the_causal_claim(nlp):
    assert claim_polarity(nlp, "The Ossel dam explains the Varne flood.") == ["asserts"]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("We oppose any amendment that would water down the landing fee for ferry passengers.", "supports"),
        (
            "The minister will not accept amendments that gut the landing fee for ferry passengers.",
            "supports",
        ),
        ("We back the amendments that would scrap the landing fee for ferry passengers.", "opposes"),
    ],
)
def test_a_stance_on_amendments_that_undo_it(nlp, sentence, expected):
    assert suggest(nlp, sentence) == [(FERRY_FEE.slug, expected)]


def test_a_stance_on_people_who_defend_it_is_no_stance_on_it(nlp):
    assert suggest(nlp, "We reject the people who defend the landing fee for ferry passengers.") == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The landing fee for ferry passengers makes sense.", "supports"),
        ("The landing fee for ferry passengers makes no sense.", "opposes"),
        ("The landing fee for ferry passengers does not make sense.", "opposes"),
        ("The landing fee for ferry passengers will work.", "supports"),
        ("A landing fee for ferry passengers simply does not work.", "opposes"),
        ("The landing fee for ferry passengers goes too far.", "opposes"),
        ("The landing fee for ferry passengers will backfire.", "opposes"),
    ],
)
def test_a_verb_phrase_that_judges_the_proposal(nlp, sentence, expected):
    assert suggest(nlp, sentence) == [(FERRY_FEE.slug, expected)]


def test_working_with_something_is_no_verdict(nlp):
    assert suggest(nlp, "The landing fee for ferry passengers will work alongside the tourist tax.") == []


def test_asking_why_it_should_be_done_opposes_it(nlp):
    assert suggest(nlp, "Why should we keep the bus lanes on the Orrin ring road?") == [
        (BUS_LANES.slug, "opposes")
    ]


def test_saying_it_must_be_done_supports_it(nlp):
    assert suggest(nlp, "We must keep the bus lanes on the Orrin ring road.") == [
        (BUS_LANES.slug, "supports")
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "We look forward to the bus lanes on the Orrin ring road.",
        "We will push ahead with the bus lanes on the Orrin ring road.",
    ],
)
def test_an_adverb_particle_makes_the_phrasal_verb(nlp, sentence):
    assert suggest(nlp, sentence) == [(BUS_LANES.slug, "supports")]


def test_not_perfect_but_a_start_is_a_concession_then_support(nlp):
    sentence = "The landing fee for ferry passengers is not perfect, but it is a start."
    assert suggest(nlp, sentence) == [(FERRY_FEE.slug, "supports")]


def test_no_silver_bullet_is_no_verdict_against_it(nlp):
    assert suggest(nlp, "The landing fee for ferry passengers is no silver bullet.") == []


def test_a_negated_verdict_that_is_no_concession_still_opposes(nlp):
    assert suggest(nlp, "The landing fee for ferry passengers is not fair.") == [(FERRY_FEE.slug, "opposes")]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("We would like to see the landing fee for ferry passengers scrapped.", "opposes"),
        ("We want the landing fee for ferry passengers scrapped.", "opposes"),
        ("We would love to see the landing fee for ferry passengers extended.", "supports"),
    ],
)
def test_wishing_to_see_it_done_or_undone(nlp, sentence, expected):
    assert suggest(nlp, sentence) == [(FERRY_FEE.slug, expected)]


def test_having_seen_it_introduced_is_no_wish(nlp):
    assert suggest(nlp, "They saw the landing fee for ferry passengers introduced.") == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The landing fee for ferry passengers is a recipe for disaster.", "opposes"),
        ("The landing fee for ferry passengers would be the death knell for the island hotels.", "opposes"),
        ("The bus lanes on the Orrin ring road are a white elephant.", "opposes"),
        ("The bus lanes on the Orrin ring road would be a shot in the arm for the town centre.", "supports"),
    ],
)
def test_an_idiom_that_judges_it(nlp, sentence, expected):
    slug = FERRY_FEE.slug if "fee" in sentence else BUS_LANES.slug
    assert suggest(nlp, sentence) == [(slug, expected)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The landing fee for ferry passengers is the wrong answer to the wrong question.", "opposes"),
        ("The bus lanes on the Orrin ring road are a poor solution.", "opposes"),
        ("The landing fee for ferry passengers is a costly error.", "opposes"),
        ("The landing fee for ferry passengers is a necessary evil.", "supports"),
    ],
)
def test_a_modifier_stronger_than_its_noun_decides(nlp, sentence, expected):
    slug = FERRY_FEE.slug if "fee" in sentence else BUS_LANES.slug
    assert suggest(nlp, sentence) == [(slug, expected)]


def test_driving_visitors_away_is_bad(nlp):
    assert suggest(nlp, "The landing fee for ferry passengers will drive tourists away.") == [
        (FERRY_FEE.slug, "opposes")
    ]


def test_paying_for_itself_is_good(nlp):
    assert suggest(nlp, "The landing fee for ferry passengers will pay for itself.") == [
        (FERRY_FEE.slug, "supports")
    ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("We are not opposed to the landing fee for ferry passengers.", "supports"),
        ("We are opposed to the landing fee for ferry passengers.", "opposes"),
        ("We are not willing to support the landing fee for ferry passengers.", "opposes"),
        ("We are not prepared to accept the landing fee for ferry passengers.", "opposes"),
        ("We are willing to support the landing fee for ferry passengers.", "supports"),
    ],
)
def test_negation_on_the_copula_of_a_stance_or_readiness_adjective(nlp, sentence, expected):
    assert suggest(nlp, sentence) == [(FERRY_FEE.slug, expected)]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("We have no problem with the landing fee for ferry passengers.", "supports"),
        ("We have a real problem with the landing fee for ferry passengers.", "opposes"),
    ],
)
def test_a_problem_with_it(nlp, sentence, expected):
    assert suggest(nlp, sentence) == [(FERRY_FEE.slug, expected)]


def test_the_problem_with_it_being_its_timing_is_no_stance(nlp):
    assert suggest(nlp, "The problem with the landing fee for ferry passengers is the timing.") == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Drop the night sailings from it and we will back the landing fee for ferry passengers.",
        "Exempt the island residents and we'll have no quarrel with the landing fee for ferry passengers.",
    ],
)
def test_an_imperative_joined_by_and_is_a_condition(nlp, sentence):
    assert suggest(nlp, sentence) == [(FERRY_FEE.slug, "undecided")]


def test_two_joined_statements_of_support_set_no_condition(nlp):
    sentence = "We will back the landing fee for ferry passengers and we will campaign for it."
    assert suggest(nlp, sentence) == [(FERRY_FEE.slug, "supports")]


def test_a_word_vader_rates_for_another_sense_decides_nothing(nlp):
    sentence = "The landing fee for ferry passengers would hand the harbour to a cartel of operators."
    assert suggest(nlp, sentence) == []
