"""Search snippets: a window of the statement around the first match, cut between words."""

from html import unescape

from claims.search import SNIPPET_CHARS, _python_snippet


def _text(snippet: str) -> str:
    return unescape(str(snippet).replace("<mark>", "").replace("</mark>", ""))


# 11-character words: the window's edges (80 characters before the match, 240 after its start) fall
# inside words, where a cut by characters alone would leave "…ij" or "klm…"
LONG = "abcdefghij " * 20 + "harbour " + "klmnopqrst " * 40


def test_a_snippet_starts_at_a_word_after_its_ellipsis():
    snippet = _text(_python_snippet(LONG, "harbour"))
    assert snippet.startswith("…abcdefghij ")


def test_a_snippet_ends_at_a_whole_word_before_its_ellipsis():
    snippet = _text(_python_snippet(LONG, "harbour"))
    assert snippet.endswith(" klmnopqrst…")


def test_a_snippet_marks_the_match_and_stays_near_the_window_size():
    snippet = str(_python_snippet(LONG, "harbour"))
    assert "<mark>harbour</mark>" in snippet
    assert len(_text(snippet)) <= SNIPPET_CHARS + 2


def test_a_short_statement_is_shown_whole_without_ellipses():
    assert (
        _text(_python_snippet("The harbour reopened on Monday.", "harbour"))
        == "The harbour reopened on Monday."
    )


def test_a_possessive_is_not_cut_from_its_name():
    before = "abcdefghij " * 3 + "Moscow"
    between = ("'s offer " + "lorem " * 20)[:79] + " "  # the window starts 80 characters before the match
    snippet = _text(_python_snippet(before + between + "harbour moratorium", "harbour"))
    assert snippet.startswith("…offer ")
