"""clean_text: what gets stored; every offset refers to it."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.extraction import clean_text
from claims.extraction.clean import clean_traced

SEEDS = Path(__file__).resolve().parents[2] / "seeds" / "articles"


@pytest.mark.parametrize(
    "raw",
    [
        "One line.\nTwo line.",
        "Wrapped paragraph that goes on and on beyond the usual width of a line of text in\nan email, and then continues on the next line until it ends.\n\nNext.",
        "  \x00Junk\x07 text\u200b with NUL.\r\n\r\nAll news\r\nTags",
        'Title without period\n\n"Open quote never closed, she said.\n\nNext paragraph.',
    ],
)
def test_clean_text_is_idempotent(raw):
    once = clean_text(raw)
    assert clean_text(once) == once


def test_seed_texts_clean_idempotently():
    for path in sorted(SEEDS.glob("*.txt")):
        once = clean_text(path.read_text(encoding="utf-8"))
        assert clean_text(once) == once, path.name


def test_hard_wrapped_lines_are_joined_but_paragraphs_kept():
    raw = (
        "The council voted on Monday to close the old harbour bridge for repairs that\n"
        "could take until the end of next year, officials in the port city said.\n"
        "\n"
        "Traffic will be diverted.\n"
    )
    assert clean_text(raw) == (
        "The council voted on Monday to close the old harbour bridge for repairs that could take until the "
        "end of next year, officials in the port city said.\n\nTraffic will be diverted."
    )


def test_boilerplate_lines_are_dropped_generically():
    raw = (
        "All news\n\nShare this story!\n\nThe mayor spoke.\n\nRelated article: Something else entirely\n\n"
        "Also on example.org Another story here\n\nThink your friends would be interested? Share this story!\n\n"
        "READ MORE: A teaser\n\nTags"
    )
    assert clean_text(raw) == "The mayor spoke."


def test_homoglyphs_and_control_characters_are_folded():
    assert (
        clean_text("The T\u041c-90 tank\x00 and \u0410\u0411\u0412.")
        == "The TM-90 tank and \u0410\u0411\u0412."
    )


def test_html_is_kept_as_plain_text():
    raw = "<script>alert('x')</script>\n\n<p>The minister <b>said</b> nothing.</p>"
    assert "<script>alert('x')</script>" in clean_text(raw)


# -- the source map: offsets in the cleaned text back to the text as given -----------------------------
_PIECES = [
    "word",
    "Name",
    " ",
    "  ",
    "\t",
    "\n",
    "\n\n",
    "\r\n",
    "\r\n\r\n",
    "\u2028",
    "\x00",
    "\ufeff",
    "\u00ad",
    "\u00a0",
    ".",
    ",",
    '"',
    "\u201c",
    "\u201d",
    "``",
    "''",
    "e\u0301",
    "\u041c729",
    "said.The",
    "Share this story!\n",
    "Tags: news\n\n",
]


def _fold(text: str) -> str:
    import unicodedata

    from actors.names import HOMOGLYPHS

    return unicodedata.normalize("NFC", text.translate(HOMOGLYPHS))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
def test_every_cleaned_letter_maps_back_to_the_letter_it_came_from(raw):
    cleaned = clean_traced(raw)
    assert cleaned.text == clean_text(raw)
    for i, ch in enumerate(cleaned.text):
        start, end = cleaned.source_map.span(i, i + 1)
        assert 0 <= start <= end <= len(raw)
        if ch.isalnum():
            assert ch in _fold(raw[start:end])  # a space put between glued sentences comes from nowhere


def test_a_clean_text_maps_onto_itself():
    for path in sorted(SEEDS.glob("*.txt")):
        once = clean_text(path.read_text(encoding="utf-8"))
        assert clean_traced(once).source_map.is_identity()


def test_a_span_of_a_hard_wrapped_paragraph_maps_to_the_same_words_in_the_input():
    raw = "Title\n\n\n   The plan, she said, would\ncut costs.\r\n\r\nShare this story!\n\nNext one."
    cleaned = clean_traced(raw)
    start = cleaned.text.index("would cut")
    a, b = cleaned.source_map.span(start, start + len("would cut costs"))
    assert raw[a:b] == "would\ncut costs"
    a, b = cleaned.source_map.span(cleaned.text.index("Next"), len(cleaned.text))
    assert raw[a:b] == "Next one."
