"""Ids from user input: only plain positive ASCII numbers that fit the id column."""

import pytest

from common.params import MAX_ID, as_id


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("42", 42),
        (" 7 ", 7),
        (3, 3),
        (str(MAX_ID), MAX_ID),
        ("", None),
        (None, None),
        ("0", None),
        ("-1", None),
        ("4.2", None),
        ("²", None),
        ("１２", None),
        (str(MAX_ID + 1), None),
        ("12abc", None),
    ],
)
def test_as_id(value, expected):
    assert as_id(value) == expected
