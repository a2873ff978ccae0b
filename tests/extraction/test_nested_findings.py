"""Nested attributions, coordinated states, findings in verbless clauses and described speakers named
again (issue 14, extractor 1.10). Composed sentences; Berg and Halvorsen are actors of conftest."""

from __future__ import annotations

from .conftest import by_text


def test_a_state_nested_in_a_trailing_attribution_is_the_inner_sources(run):
    result = run("Tomas Berg wants parliament to hold a second vote on the levy, his office said on Monday.")
    assert [(s.text, s.speaker_slug) for s in result.statements] == [
        ("parliament to hold a second vote on the levy", "tomas-berg")
    ]


def test_a_nested_states_outer_speaker_is_named_again_later(run):
    result = run(
        "The campaign knows it has to win the rural counties, a senior adviser said. "
        "The adviser said the candidate would spend the last week in the south."
    )
    s = by_text(result, "last week in the south")
    assert (s.speaker_mention, s.speaker_named) == ("a senior adviser", False)
    assert by_text(result, "rural counties").speaker_mention == "campaign"


def test_a_pronoun_holder_keeps_the_outer_statement(run):
    result = run("He wants parliament to hold a second vote, Tomas Berg said.")
    s = by_text(result, "second vote")
    assert (s.text, s.speaker_slug) == ("He wants parliament to hold a second vote", "tomas-berg")


def test_a_state_coordinated_with_a_state_is_its_own_statement(run):
    result = run("Tomas Berg knows the vote is lost but doubts the leader will resign.")
    assert [(s.text, s.speaker_slug) for s in result.statements] == [
        ("the vote is lost", "tomas-berg"),
        ("the leader will resign", "tomas-berg"),
    ]


def test_a_bare_verb_with_its_own_subject_is_a_finite_clause(run):
    s = by_text(run("Tomas Berg knows the rules give the leader a year's protection."), "protection")
    assert s.text == "the rules give the leader a year's protection"


def test_a_state_coordinated_with_a_speech_verb_stays_part_of_it(run):
    result = run("Tomas Berg said the levy was unfair, but that he wanted a compromise with the farmers.")
    assert not [s for s in result.statements if s.text.startswith("a compromise")]


def test_a_clause_parsed_as_an_open_complement_is_the_content(run):
    s = by_text(run('Ingrid Halvorsen told members the government had "run out of excuses".'), "excuses")
    assert (s.text, s.speaker_slug) == ('the government had "run out of excuses"', "ingrid-halvorsen")


def test_a_conceding_clause_is_the_speakers_next_statement(run):
    result = run(
        "Officials at the ministry believe a deal is still possible, though they concede the offer is "
        "unlikely to rise."
    )
    assert by_text(result, "deal").text == "a deal is still possible"
    assert by_text(result, "offer").text == "the offer is unlikely to rise"


def test_a_conceding_clause_of_someone_else_stays(run):
    s = by_text(
        run("Tomas Berg said a coalition was likely, though the Greens would demand the finance ministry."),
        "coalition",
    )
    assert s.text == "a coalition was likely, though the Greens would demand the finance ministry"


def test_a_poll_finding_in_a_verbless_clause_is_the_polls(run):
    result = run(
        "A poll by Kenyon Research shows the two candidates tied at 46 percent. "
        "The survey found Tomas Berg on 36 percent and Ingrid Halvorsen on 19, within the margin of error."
    )
    tied = by_text(result, "tied")
    assert (tied.text, tied.speaker_name) == ("the two candidates tied at 46 percent", "Kenyon Research")
    shares = by_text(result, "36 percent")
    assert shares.text == "Tomas Berg on 36 percent and Ingrid Halvorsen on 19"
    assert shares.speaker_slug is None  # the survey's finding, not words of Berg's


def test_a_finding_of_a_person_is_no_statement(run):
    assert run("The inspectors found the papers on Tuesday.").statements == []


def test_a_dateline_with_an_agency_is_no_subject(nlp):
    from claims.extraction.reported import _dateline

    doc = nlp("OSLO (AP) \u2014 Norland's competition watchdog said on Tuesday it had found no evidence.")
    assert _dateline(doc[0])
    assert not _dateline(nlp("Oslo (the capital) is calm.")[0])


def test_a_lede_organisation_described_is_the_one_named_next(run):
    result = run(
        "Watchdog finds no profiteering\n\n"
        "OSLO (Reuters) \u2014 Norland's competition watchdog said on Tuesday it had found no evidence of "
        "profiteering by supermarkets.\n\n"
        "The Norland Competition Authority said in a report that margins had fallen since 2022."
    )
    assert by_text(result, "no evidence").speaker_name == "Norland Competition Authority"


def test_a_styled_capital_lede_word_is_no_speaker(run):
    result = run(
        "Strike set for December\n\n"
        "NURSES across Norland will strike for two days after talks collapsed, their union announced.\n\n"
        "Tomas Berg said the strike was avoidable."
    )
    assert "NURSES" not in {s.speaker_name for s in result.statements}


def test_a_quantifier_subject_is_the_group_before(run):
    result = run(
        "At the gates of the terminal, about 200 strikers gathered around fires on Tuesday. "
        "Many said they were not opposed to automation as such."
    )
    s = by_text(result, "automation")
    assert (s.speaker_mention, s.speaker_named) == ("about 200 strikers", False)


def test_a_quantifier_with_of_is_its_group(run):
    s = by_text(
        run("Many of the business owners who spoke at the meeting said the loss of parking would hurt."),
        "parking",
    )
    assert "business owners" in s.speaker_mention


def test_a_hyphenated_modifier_is_no_sort_of_organisation(nlp):
    """'the second-tier club' after "Bradley Rovers ..., the club said": "tier" is part of a description
    of that club, not a compound naming another one ("the health ministry")."""
    from claims.extraction.mentions import _hyphenated

    doc = nlp("The second-tier club and the health ministry said so.")
    words = {t.text: t for t in doc}
    assert _hyphenated(words["tier"])
    assert not _hyphenated(words["health"])


def test_a_quoted_name_parsed_as_an_apposition_is_the_name_given(run):
    s = by_text(
        run('The Norland Property Owners\' Association called the freeze "economic vandalism".'), "vandalism"
    )
    assert (s.text, s.speaker_name) == ("economic vandalism", "Norland Property Owners' Association")


def test_a_holders_view_is_that(run):
    result = run(
        "Tomas Berg spoke after the vote. His view is that the levy should have been scrapped sooner."
    )
    s = by_text(result, "levy")
    assert (s.text, s.speaker_slug) == ("the levy should have been scrapped sooner", "tomas-berg")


def test_a_poll_put_figures_and_its_publisher_without_the_date(run):
    result = run(
        "A poll published by the Daily Courant on Thursday put Tomas Berg's party on 27 percent. "
        "Tomas Berg put the report on the table."
    )
    s = by_text(result, "27 percent")
    assert (s.text, s.speaker_name) == ("Tomas Berg's party on 27 percent", "Daily Courant")
    assert len(result.statements) == 1


def test_a_name_with_of_is_whole(nlp):
    """'The Port of Rotterdam Authority' parsed as "Port" and a prepositional phrase (and labelled a
    place, so no organisation entity): the name runs on through "of"."""
    from claims.extraction.mentions import Resolver

    doc = nlp("The Port of Rotterdam Authority said 43 container vessels were waiting.")
    port = next(t for t in doc if t.text == "Port")
    assert [t.text for t in Resolver._of_name(port)] == ["of", "Rotterdam", "Authority"]
    assert Resolver._of_name(next(t for t in nlp("The head of the union said so.") if t.text == "head")) == []


def test_a_participle_aside_between_the_speaker_and_the_verb(run):
    s = by_text(
        run(
            "Headline\n\nLady Justice Okafor, giving the lead judgment, said the department had relied "
            'on figures that were "out of date and incomplete".',
            actors=[],
        ),
        "relied",
    )
    assert s.speaker_name.endswith("Okafor")


def test_the_noun_after_with_speaks_through_its_participle(run):
    s = by_text(
        run(
            "Schools closed early after temperatures climbed above 44C for a fifth day, with forecasters "
            "warning that the worst of the heat is yet to come."
        ),
        "worst",
    )
    assert (s.text, s.speaker_mention) == ("the worst of the heat is yet to come", "forecasters")


def test_accepted_that_is_an_admission_and_accepted_an_object_is_not(run):
    result = run(
        "Ingrid Halvorsen accepted that the letters should be clearer. "
        "Tomas Berg accepted the offer on Monday. The members would accept whatever the committee decided."
    )
    assert [(s.text, s.speaker_slug) for s in result.statements] == [
        ("the letters should be clearer", "ingrid-halvorsen")
    ]


def test_a_second_clause_hung_on_the_speech_verb_continues_the_content(run):
    result = run(
        'Student Aaron Clarke, 19, said he spent almost £30 a week on fares and a £1 fare would make "a '
        'massive difference".',
        actors=[],
    )
    s = by_text(result, "fares")
    assert s.text == 'he spent almost £30 a week on fares and a £1 fare would make "a massive difference"'


def test_one_of_them_with_a_description_is_that_description(run):
    result = run(
        "Two women who had been evicted joined the case. One of them, a 41-year-old care worker from "
        "Stockport, said she had represented herself in court."
    )
    s = by_text(result, "represented herself")
    assert (s.speaker_mention, s.speaker_named) == ("a 41-year-old care worker from Stockport", False)


def test_a_clause_after_a_place_is_the_content_without_the_place(run):
    result = run(
        "Its president, Colm Daly, told reporters outside Leinster House teachers were leaving the "
        "profession faster than colleges could train them.",
        actors=[],
    )
    s = by_text(result, "profession")
    assert s.text == "teachers were leaving the profession faster than colleges could train them"
