"""Internal-state and finding attributions (issue 14): political attribution corpora annotate a
source's wants, hopes, fears, plans, knowledge and doubts, and what a poll or study found, as
attributions. Composed sentences; Berg and Halvorsen are actors of conftest."""

from __future__ import annotations

import copy

import pytest

from claims.extraction import reported
from claims.extraction.resources import load

from .conftest import by_text


def test_want_with_a_subject_and_infinitive(run):
    s = by_text(run("Tomas Berg wants parliament to hold a second vote on the levy."), "second vote")
    assert (s.text, s.cue, s.speaker_slug) == (
        "parliament to hold a second vote on the levy",
        "wants",
        "tomas-berg",
    )


def test_want_with_a_noun_phrase(run):
    s = by_text(run("The nurses' union wants a pay rise of at least ten percent."), "pay rise")
    assert s.text == "a pay rise of at least ten percent"


def test_want_with_a_short_object_is_no_statement(run):
    assert run("Tomas Berg wants more.").statements == []


def test_hope_with_an_infinitive(run):
    s = by_text(run("Ingrid Halvorsen hopes to pass the budget before the summer recess."), "pass the budget")
    assert (s.text, s.speaker_slug) == ("to pass the budget before the summer recess", "ingrid-halvorsen")


def test_fear_with_a_clause(run):
    s = by_text(run("Some aides fear a shutdown would hurt the party in the primaries."), "shutdown")
    assert s.text == "a shutdown would hurt the party in the primaries"


def test_fear_with_a_gerund(run):
    s = by_text(run("Tomas Berg feared losing his seat at the next election."), "losing")
    assert (s.text, s.speaker_slug) == ("losing his seat at the next election", "tomas-berg")


def test_plan_and_intend_with_an_infinitive(run):
    result = run(
        "The farmers' groups plan to protest outside the parliament next week. "
        "Ingrid Halvorsen intends to stand for the leadership if a contest is called."
    )
    assert by_text(result, "protest outside").text == "to protest outside the parliament next week"
    assert by_text(result, "stand for").speaker_slug == "ingrid-halvorsen"


def test_know_and_doubt_with_a_clause(run):
    result = run(
        "Tomas Berg knew the rules protected the leader for a year. "
        "Tenants' groups doubt the housing target can be met."
    )
    assert by_text(result, "protected the leader").speaker_slug == "tomas-berg"
    assert by_text(result, "target can be met").text == "the housing target can be met"


def test_an_attitude_inside_a_statement_is_part_of_it(run):
    result = run("Tomas Berg said the government wants to raise the pension age.")
    assert [s.text for s in result.statements] == ["the government wants to raise the pension age"]


def test_a_negated_attitude_is_no_statement(run):
    assert run("Tomas Berg does not want to raise taxes this year.").statements == []


def test_adjective_with_a_that_clause(run):
    s = by_text(run("Ingrid Halvorsen is confident that voters will back the reform."), "voters will")
    assert (s.text, s.speaker_slug) == ("voters will back the reform", "ingrid-halvorsen")


def test_adjective_with_an_infinitive(run):
    s = by_text(run("Tomas Berg is determined to govern with a single partner."), "govern")
    assert s.text == "to govern with a single partner"


def test_passive_looking_adjective_with_a_clause(run):
    s = by_text(run("Ingrid Halvorsen is convinced that the cuts would deepen the divide."), "deepen")
    assert s.text == "the cuts would deepen the divide"


def test_adjective_with_an_expletive_subject_is_no_statement(run):
    assert run("It is certain that the vote will be close.").statements == []


def test_attitude_noun_with_a_possessive_holder(run):
    s = by_text(run("Tomas Berg's belief that the levy will fail is shared by few."), "levy will fail")
    assert s.speaker_slug == "tomas-berg"


@pytest.mark.parametrize("on", [True, False])
def test_the_switch_turns_internal_states_into_narration(run, monkeypatch, on):
    data = copy.deepcopy(load("speech_verbs"))
    data["attitudes"]["statements"] = on
    lex = reported.build_lexicon(data)
    monkeypatch.setattr(reported, "lexicon", lambda: lex)
    result = run("Ingrid Halvorsen hopes to pass the budget before the summer recess.")
    assert bool(result.statements) is on


def test_an_attitude_participle_is_no_statement_of_its_own(run):
    result = run("Tomas Berg said he had moved the herd into the paddock, hoping the fire would pass it.")
    assert [s.text for s in result.statements] == [
        "he had moved the herd into the paddock, hoping the fire would pass it"
    ]


def test_a_negating_subject_denies_the_state(run):
    assert run("Not all lawyers are convinced the ruling would lead to large payouts.").statements == []


def test_adjective_whose_subject_has_an_apposition(run):
    s = by_text(
        run("The finance minister, Ingrid Halvorsen, is convinced that the cuts would deepen the divide."),
        "deepen",
    )
    assert s.speaker_slug == "ingrid-halvorsen"
