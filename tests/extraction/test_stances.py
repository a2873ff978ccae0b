"""Stance suggestions on sentences written for these tests (not the seeds)."""

from __future__ import annotations

import pytest

from claims.extraction.stances import PropositionRecord, sentence_around, suggest_stances

PROPOSITIONS = [
    PropositionRecord("ceasefire-plan", "proposal", "A ninety-day ceasefire along the northern border"),
    PropositionRecord("dam-unsafe", "claim", "The Kessel dam is structurally unsafe", ("Kessel dam",)),
    PropositionRecord("tariff-cut", "proposal", "Cutting import tariffs on steel"),
]


def suggest(text: str, cue: str = "said", context: str = "", speaker: str = ""):
    return [
        (s.proposition_slug, s.polarity)
        for s in suggest_stances(
            text=text, context=context or text, cue=cue, propositions=PROPOSITIONS, speaker=speaker
        )
    ]


@pytest.mark.parametrize(
    ("sentence", "cue", "expected"),
    [
        (
            "The government rejected the ceasefire proposal for the northern border as a ploy.",
            "rejected",
            [("ceasefire-plan", "opposes")],
        ),
        (
            "The envoy urged both sides to accept a ninety-day ceasefire at the border.",
            "urged",
            [("ceasefire-plan", "supports")],
        ),
        (
            "The ministry said it was studying the ceasefire offer for the northern border.",
            "said",
            [("ceasefire-plan", "undecided")],
        ),
        ("Engineers said the Kessel dam could fail in a flood.", "said", [("dam-unsafe", "asserts")]),
        ("The operator denied that the Kessel dam was unsafe.", "denied", [("dam-unsafe", "denies")]),
        ("The operator said the Kessel dam was not unsafe in any way.", "said", [("dam-unsafe", "denies")]),
        (
            "Steelmakers called for cutting import tariffs on steel this year.",
            "called for",
            [("tariff-cut", "supports")],
        ),
        ("The minister said the weather would improve by Friday.", "said", []),
        # A negated cue counts the other way; a negation elsewhere in the sentence does not.
        (
            "The cabinet does not support a ninety-day ceasefire on the northern border.",
            "said",
            [("ceasefire-plan", "opposes")],
        ),
        (
            "The minister said she is not considering a ninety-day ceasefire at the northern border.",
            "said",
            [("ceasefire-plan", "opposes")],
        ),
        (
            "Inspectors said the Kessel dam, which has not been painted, is cracking.",
            "said",
            [("dam-unsafe", "asserts")],
        ),
        # An outlet reporting a proposal takes no position on it.
        ("A ninety-day ceasefire along the northern border was proposed on Monday.", "reported", []),
    ],
)
def test_topic_and_polarity(sentence, cue, expected):
    assert suggest(sentence, cue) == expected


def test_a_claim_worded_with_a_negation_is_not_denied_by_a_negated_statement():
    propositions = [
        PropositionRecord("no-say", "claim", "Provincial councils have no say over river dredging")
    ]
    found = suggest_stances(
        text="councils simply have no say over river dredging",
        context="",
        cue="said",
        propositions=propositions,
    )
    assert [(s.proposition_slug, s.polarity) for s in found] == [("no-say", "asserts")]


def test_the_speakers_own_name_is_not_evidence_of_the_topic():
    propositions = [PropositionRecord("border-guards", "proposal", "Northern Border Guard patrols at night")]
    found = suggest_stances(
        text="We support more funding.",
        context="The Northern Border Guard said it would support more funding.",
        cue="said",
        propositions=propositions,
        speaker="The Northern Border Guard",
    )
    assert found == []


def test_no_propositions_or_text_means_no_suggestions():
    assert suggest_stances(text="", context="", cue="said", propositions=PROPOSITIONS) == []
    assert suggest_stances(text="anything", context="", cue="said", propositions=[]) == []


def test_sentence_around_finds_the_whole_sentence():
    text = "First sentence here. The envoy said \u201cwe back the plan\u201d on Monday. Last one.\n\nNext paragraph."
    start = text.index("we back")
    assert (
        sentence_around(text, start, start + 16) == "The envoy said \u201cwe back the plan\u201d on Monday."
    )
