"""A described spokesperson repeated by its role noun (issue 14, extractor 1.12): "the mayor's
spokesperson said ... the spokesperson added" is the same described speaker, not the organisation
named before. Composed sentences on other topics; no actors from the index (`actors=[]`)."""

from __future__ import annotations

from .conftest import by_text

_PIER = "The Harbour Authority said the pier would close in March."


def test_the_spokesperson_is_the_described_spokesperson_of_the_sentence_before(run):
    result = run(
        f"{_PIER} The mayor's spokesperson said no decision had been taken on the ferry. "
        "The mayor had full confidence in the engineers, the spokesperson added.",
        actors=[],
    )
    assert by_text(result, "full confidence").speaker_mention == "mayor's spokesperson"


def test_the_spokesman_of_the_next_paragraph_is_the_described_spokesman(run):
    result = run(
        f"{_PIER} Asked about the ferry, the mayor's official spokesman said no decision had been taken."
        "\n\nThe spokesman denied that the council had known about the cracks.",
        actors=[],
    )
    assert by_text(result, "known about the cracks").speaker_mention == "mayor's official spokesman"


def test_a_spokeswoman_for_an_organisation_still_speaks_for_it_when_repeated(run):
    result = run(
        f"{_PIER} A spokeswoman for the Harbour Authority said no decision had been taken. "
        "The engineers were confident, the spokeswoman added.",
        actors=[],
    )
    assert by_text(result, "engineers were confident").speaker_name == "Harbour Authority"


def test_a_spokeswoman_is_not_the_spokesman_described_before(run):
    result = run(
        f"{_PIER} The mayor's spokesman said no decision had been taken on the ferry. "
        "A spokeswoman for the Harbour Authority said the cracks were old. "
        "The engineers were confident, the spokeswoman added.",
        actors=[],
    )
    assert by_text(result, "engineers were confident").speaker_name == "Harbour Authority"
