"""extract_parallel: the same results as one process, in input order; a text too long is reported in place."""

from __future__ import annotations

import pickle
from datetime import date

import pytest

from claims.extraction import TextTooLong, extract_many
from claims.extraction.parallel import extract_parallel

from .conftest import ACTORS

pytestmark = pytest.mark.slow

TEXTS = [
    (
        f"Energy Minister Ingrid Halvorsen said on Monday that plan {n} would cut bills. "
        f"\u201cWe will not wait,\u201d she said.",
        date(2024, 3, 14),
    )
    for n in range(9)
]


def _rows(results):
    return [[(s.text, s.speaker_name, s.said_on) for s in r.statements] for r in results]


def test_two_processes_give_what_one_gives_in_input_order(nlp):
    one = _rows(extract_many(TEXTS, actors=ACTORS, nlp=nlp))
    two = _rows(extract_parallel(TEXTS, actors=ACTORS, processes=2))
    assert two == one


def test_a_text_over_the_limit_comes_out_as_its_error_and_the_rest_go_on(nlp):
    items = [TEXTS[0], ("word " * 500, None), TEXTS[1]]
    out = list(extract_parallel(items, actors=ACTORS, processes=2, max_chars=1000))
    assert [type(o) for o in out][1] is TextTooLong
    assert len(out[2].statements) == len(out[0].statements) >= 2


def test_the_too_long_error_survives_pickling():
    error = pickle.loads(pickle.dumps(TextTooLong(5000, 1000)))
    assert (error.size, error.limit, str(error)) == (5000, 1000, str(TextTooLong(5000, 1000)))
