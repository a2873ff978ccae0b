"""The public API's contract around bad input, dates and batching."""

from __future__ import annotations

import time
from datetime import date, timedelta

import pytest

from claims.extraction import EXTRACTOR_VERSION, TextTooLong, build_actor_index, extract, extract_many

from .conftest import ACTORS, by_text


class ExplodingNLP:
    """Stands in for spaCy where parsing must not happen."""

    def __call__(self, text):
        raise AssertionError("parsed although it should not have been")

    def pipe(self, texts, batch_size=32):
        raise AssertionError("parsed although it should not have been")


@pytest.mark.parametrize("text", ["", "   \n\n\t  ", "\x00\x01\x02"])
def test_empty_text_gives_no_statements_and_no_error(text):
    result = extract(text, published=None, actors=ACTORS, nlp=ExplodingNLP())
    assert result.statements == [] and result.skipped_reason == ""
    assert result.extractor_version == EXTRACTOR_VERSION


def test_too_long_text_is_refused_before_parsing_with_a_clear_message():
    text = "word " * 50_000
    started = time.perf_counter()
    with pytest.raises(TextTooLong) as info:
        extract(text, published=None, actors=ACTORS, nlp=ExplodingNLP(), max_chars=1000)
    assert time.perf_counter() - started < 1.0
    assert "250,000" in str(info.value) and "1,000" in str(info.value)
    assert isinstance(info.value, ValueError)


@pytest.mark.parametrize(
    "text",
    [
        "Der Minister sagte am Dienstag, dass die Gespräche gescheitert seien. „Wir werden das nicht akzeptieren“, "
        "sagte er den Journalisten in Berlin, und die Regierung wird morgen darüber beraten.",
        "Министр заявил во вторник, что переговоры провалились и правительство не примет предложение оппозиции.",
    ],
)
def test_non_english_text_is_skipped_with_a_note(text):
    result = extract(text, published=None, actors=ACTORS, nlp=ExplodingNLP())
    assert result.statements == []
    assert result.skipped_reason.startswith("not English")


def test_an_unbalanced_quote_stays_inside_its_paragraph(run):
    text = (
        '"We will never sell the port, Halvorsen said at the quay.\n\n'
        + "The harbour has been in public hands since 1921 and employs nearly two thousand people. " * 30
        + '\n\n"It is a fair price," Berg said.'
    )
    result = run(text)
    for s in result.statements:
        assert "public hands" not in s.text
    assert by_text(result, "It is a fair price").speaker_slug == "tomas-berg"


def test_html_and_binary_junk_do_not_crash(run):
    text = (
        '<div><script>var x = "</script>\x00\x1b[31m <p>said</p>\n\n"We are ready," Halvorsen said.'
        '\n\n<p>"quoted</p>\ufffe\x7f'
    )
    result = run(text)
    assert by_text(result, "We are ready").speaker_slug == "ingrid-halvorsen"


def test_offsets_point_into_the_cleaned_text(run):
    result = run('  "Prices will fall,"   Halvorsen said   on Monday.\n\nBerg said the plan was "a fantasy".')
    assert result.text.startswith('"Prices')
    for s in result.statements:
        assert result.text[s.start : s.end] == s.text
        assert s.sentence_start <= s.start < s.end <= s.sentence_end


def test_a_dateline_gives_the_publication_date_with_the_given_year():
    text = "HAVNBY, March 12 (Courant) - Halvorsen said on Monday that the grid would be upgraded."
    result = extract(text, published=None, actors=ACTORS)
    assert result.published is not None and (result.published.month, result.published.day) == (3, 12)
    assert result.published_source == "dateline"
    s = by_text(result, "grid would be upgraded")
    monday = result.published - timedelta(days=result.published.weekday())
    assert s.said_on == monday and s.date_precision == "day"
    assert s.speaker_mention == "Halvorsen"


def test_a_date_stamp_line_gives_the_publication_date():
    text = "Grid upgrade approved\n\n4 Mar, 2021 09:15\n\nHalvorsen said on Tuesday that the grid would be upgraded."
    result = extract(text, published=None, actors=ACTORS)
    assert result.published == date(2021, 3, 4) and result.published_source == "text"
    assert by_text(result, "grid would be upgraded").said_on == date(2021, 3, 2)


def test_extract_many_keeps_order_and_reuses_one_index(nlp):
    index = build_actor_index(ACTORS)
    items = [
        ('"We will cut taxes," Berg said.', date(2024, 1, 5)),
        ("", None),
        (
            "Die Regierung hat am Montag beschlossen, dass die Steuern nicht erhöht werden und die Renten steigen.",
            None,
        ),
        ("Halvorsen said on Friday that exports had doubled.", date(2024, 1, 10)),
    ] * 20
    results = list(extract_many(items, actors=index, nlp=nlp, batch_size=7))
    assert len(results) == len(items)
    assert by_text(results[0], "cut taxes").speaker_slug == "tomas-berg"
    assert results[1].statements == [] and results[2].skipped_reason
    assert by_text(results[3], "exports had doubled").said_on == date(2024, 1, 5)
    assert by_text(results[-1], "exports had doubled").speaker_slug == "ingrid-halvorsen"


def test_extract_many_raises_too_long_after_yielding_the_articles_before_it(nlp):
    items = [('"Fine," Berg said.', None), ("x" * 500, None), ('"Never," Berg said.', None)]
    got = []
    with pytest.raises(TextTooLong):
        for result in extract_many(items, actors=ACTORS, nlp=nlp, max_chars=100):
            got.append(result)
    assert len(got) == 1 and got[0].statements[0].text == "Fine"
