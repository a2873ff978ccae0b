"""Quotation spans: straight and curly marks, paired inside one paragraph.

A quote never runs past its paragraph (an unbalanced mark cannot swallow the rest of the article),
except the newspaper convention where a quoted paragraph is left open because the next paragraph
opens with a mark and continues the same quotation. Single marks count as quotes only outside double
ones (headline style: ‘not a credible offer’); inside a double quote they are nested and left as text.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_QUOTE_CHARS = 4000
MAX_SINGLE_QUOTE_CHARS = 400
OPEN_DOUBLE = "\u201c\u201e\u00ab"
CLOSE_DOUBLE = "\u201d\u00bb"
STRAIGHT = '"'


@dataclass(frozen=True)
class Quote:
    """Marks at `start` (opening) and `end - 1` (closing); the quoted words are text[start + 1:end - 1]."""

    start: int
    end: int
    open_ended: bool = False  # left open at its paragraph's end (continued in the next paragraph)

    @property
    def inner(self) -> tuple[int, int]:
        return self.start + 1, self.end - (0 if self.open_ended else 1)


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def _double_quotes(text: str, start: int, end: int) -> tuple[list[Quote], int | None]:
    """Paired double quotes in text[start:end]; also the position of a mark left open at the end."""
    quotes: list[Quote] = []
    opened: int | None = None
    for i in range(start, end):
        ch = text[i]
        if ch in OPEN_DOUBLE:
            if text[i] == "\u201e" and opened is not None:
                continue
            opened = i  # a second opening mark: the first was stray
        elif ch in CLOSE_DOUBLE:
            if opened is not None:
                if i - opened <= MAX_QUOTE_CHARS:
                    quotes.append(Quote(opened, i + 1))
                opened = None
            elif (
                ch == "\u201d"
                and i + 1 < end
                and _is_word(text[i + 1])
                and (i == start or not _is_word(text[i - 1]))
            ):
                opened = i  # a closing curly mark used as an opening one
        elif ch == STRAIGHT:
            before = text[i - 1] if i > start else " "
            after = text[i + 1] if i + 1 < end else " "
            if opened is None:
                if not after.isspace():
                    opened = i
            elif not before.isspace() or after.isspace() or after in ",.;:!?)":
                if i - opened <= MAX_QUOTE_CHARS:
                    quotes.append(Quote(opened, i + 1))
                opened = None
            else:
                opened = i
    return quotes, opened


def _single_quotes(text: str, start: int, end: int, taken: list[Quote]) -> list[Quote]:
    """‘…’ or '…' pairs outside double quotes (a headline's quotation); apostrophes are not marks."""
    quotes: list[Quote] = []
    inside = [(q.start, q.end) for q in taken]
    opened: int | None = None
    for i in range(start, end):
        ch = text[i]
        if ch not in "\u2018\u2019'":
            continue
        if any(a <= i < b for a, b in inside):
            continue
        before = text[i - 1] if i > start else " "
        after = text[i + 1] if i + 1 < end else " "
        if ch in "\u2018'" and opened is None and not _is_word(before) and _is_word(after):
            opened = i
        elif ch in "\u2019'" and opened is not None and not _is_word(after) and not before.isspace():
            if before in "sS" and after == " " and i - opened > 60:
                continue  # probably a plural possessive ("the Allies' response")
            if i - opened <= MAX_SINGLE_QUOTE_CHARS:
                quotes.append(Quote(opened, i + 1))
            opened = None
    return quotes


def find_quotes(text: str, paragraphs: list[tuple[int, int]]) -> list[Quote]:
    """All quotation spans of the text, in order, each inside its paragraph."""
    out: list[Quote] = []
    for n, (start, end) in enumerate(paragraphs):
        doubles, left_open = _double_quotes(text, start, end)
        if left_open is not None and n + 1 < len(paragraphs):
            nxt = paragraphs[n + 1][0]
            if nxt < len(text) and text[nxt] in OPEN_DOUBLE + STRAIGHT and end - left_open <= MAX_QUOTE_CHARS:
                doubles.append(Quote(left_open, end, open_ended=True))
        out.extend(doubles)
        out.extend(_single_quotes(text, start, end, doubles))
    out.sort(key=lambda q: q.start)
    return out
