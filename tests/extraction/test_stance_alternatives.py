"""Worry over a proposal and alternatives preferred to it: 'worried about X', 'concerned about X'
oppose X; 'back Y instead of X', 'rather than X', 'prefer Y to X' pass X over; a bare 'instead' on a
stance verb makes its object an alternative, so a word in it that refers back to the proposal does
not name it. Composed sentences on made-up topics."""

from __future__ import annotations

from functools import partial

import pytest

from .stance_helpers import FERRY_FEE, PENSION_AGE, suggest_among

pytestmark = pytest.mark.slow

ALL = [FERRY_FEE, PENSION_AGE]
LEAD = "The council wants a landing fee for ferry passengers. "


suggest = partial(suggest_among, propositions=ALL)


@pytest.mark.parametrize(
    "sentence",
    [
        "We are deeply worried about the landing fee for ferry passengers.",
        "The union was concerned about the landing fee.",
        "We worry about the landing fee for ferry passengers.",
        "Guesthouse owners are anxious about raising the pension age.",
    ],
)
def test_worry_about_a_proposal_opposes_it(nlp, sentence):
    slug = PENSION_AGE.slug if "pension" in sentence else FERRY_FEE.slug
    assert suggest(nlp, sentence) == [(slug, "opposes")]


def test_no_worry_about_a_proposal_takes_no_side(nlp):
    assert suggest(nlp, "We are not worried about the landing fee.") == []


def test_being_concerned_with_a_proposal_is_no_worry(nlp):
    assert suggest(nlp, "We are concerned with the landing fee for ferry passengers.") == []


@pytest.mark.parametrize(
    "sentence",
    [
        "The council should raise parking charges instead of the landing fee.",
        "Instead of the landing fee, the harbour board should back a tourist tax.",
        "We would rather see a tourist tax than the landing fee.",
        "The ferry company would rather support a tourist tax than the landing fee.",
        "We prefer a tourist tax to the landing fee.",
    ],
)
def test_an_alternative_preferred_to_a_proposal_opposes_it(nlp, sentence):
    assert suggest(nlp, sentence) == [(FERRY_FEE.slug, "opposes")]


@pytest.mark.parametrize(
    "sentence",
    [
        "We would back the landing fee instead of a tourist tax.",
        "We prefer the landing fee to a tourist tax.",
    ],
)
def test_a_proposal_preferred_to_an_alternative_is_supported(nlp, sentence):
    assert suggest(nlp, sentence) == [(FERRY_FEE.slug, "supports")]


def test_a_bare_instead_makes_a_referring_word_an_alternative(nlp):
    fragment = "she would back an expansion of the school breakfast scheme instead."
    assert suggest(nlp, LEAD + "The harbour master said " + fragment, fragment) == [
        (FERRY_FEE.slug, "opposes")
    ]


def test_a_bare_instead_on_the_named_proposal_supports_it(nlp):
    fragment = "she would back the landing fee instead."
    assert suggest(nlp, LEAD + "The harbour master said " + fragment, fragment) == [
        (FERRY_FEE.slug, "supports")
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "We fear the landing fee would close dozens of guesthouses.",
        "We are worried the landing fee will drive day trippers to other ports.",
        "We worry the landing fee will go ahead.",
    ],
)
def test_fearing_what_a_proposal_will_do_opposes_it(nlp, sentence):
    assert suggest(nlp, sentence) == [(FERRY_FEE.slug, "opposes")]


def test_fearing_a_proposal_will_fail_supports_it(nlp):
    assert suggest(nlp, "We fear the landing fee will not survive the vote.") == [
        (FERRY_FEE.slug, "supports")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The council has proposed a landing fee for ferry passengers. This is a terrible mistake.",
            "opposes",
        ),
        (
            "The council wants a landing fee for ferry passengers. That would be a disaster for the island.",
            "opposes",
        ),
        ("The landing fee comes in next year. It will ruin the summer season.", "opposes"),
    ],
)
def test_a_later_sentence_judges_what_the_first_reports(nlp, text, expected):
    assert suggest(nlp, text) == [(FERRY_FEE.slug, expected)]


def test_the_speakers_own_act_outweighs_a_later_verdict(nlp):
    text = "We will support the landing fee. It is a painful step."
    assert suggest(nlp, text) == [(FERRY_FEE.slug, "supports")]


@pytest.mark.parametrize(
    "sentence",
    [
        "We salute the landing fee.",
        "We were heartened by the landing fee.",
        "We cautiously welcome the landing fee.",
        "We applauded the decision to introduce the landing fee.",
    ],
)
def test_welcome_and_applause_variants_support_it(nlp, sentence):
    assert suggest(nlp, sentence) == [(FERRY_FEE.slug, "supports")]


def test_regretting_that_a_proposal_was_not_adopted_supports_it(nlp):
    sentence = "We regret that the council has not introduced the landing fee."
    assert suggest(nlp, sentence) == [(FERRY_FEE.slug, "supports")]


def test_regretting_a_proposal_opposes_it(nlp):
    assert suggest(nlp, "We regret that the council has introduced the landing fee.") == [
        (FERRY_FEE.slug, "opposes")
    ]
