"""Quotes stage: the article's quotation spans, which tokens lie inside one, and look-ups by offset."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

from ..quotes import Quote, find_quotes

_LOOK_BACK_CHARS = 5000  # an enclosing quotation starts at most this far before a position
_SNAP_WINDOW = 8  # quotations before a span's end that may overlap it


@dataclass
class QuoteIndex:
    """Quotations in text order, their start offsets and a per-token 'inside a quotation' mask."""

    quotes: list[Quote]
    in_quote: list[bool]
    starts: list[int] = field(init=False)

    def __post_init__(self) -> None:
        self.starts = [q.start for q in self.quotes]

    def __getitem__(self, i: int) -> Quote:
        return self.quotes[i]

    def __len__(self) -> int:
        return len(self.quotes)

    def at(self, char: int) -> int | None:
        """The index of the quotation covering a character offset, if any."""
        i = bisect.bisect_right(self.starts, char) - 1
        while i >= 0:
            q = self.quotes[i]
            if q.start <= char < q.end:
                return i
            if q.end <= char and char - q.end > _LOOK_BACK_CHARS:
                break
            i -= 1
        return None

    def covers(self, char: int) -> bool:
        return self.at(char) is not None

    def snap(self, start: int, end: int, floor: int) -> tuple[int, int]:
        """Extend a content span to whole quotations it overlaps (none starting before `floor`)."""
        changed = True
        while changed:
            changed = False
            i = bisect.bisect_left(self.starts, end)
            for q in self.quotes[max(0, i - _SNAP_WINDOW) : i]:
                if q.start < end and q.end > start and (q.start < start or q.end > end):
                    if q.start < floor:
                        continue
                    start, end = min(start, q.start), max(end, q.end)
                    changed = True
        return start, end


def index_quotes(text: str, paragraphs: list[tuple[int, int]], doc: Any) -> QuoteIndex:
    """Find the quotations of the cleaned text and mark the parsed tokens inside them."""
    quotes = find_quotes(text, paragraphs)
    return QuoteIndex(quotes, _token_mask(doc, quotes))


def _token_mask(doc: Any, quotes: list[Quote]) -> list[bool]:
    """mask[i]: token i starts inside a quotation. Read from the token offsets as one array (making a
    Token object per token cost more than the rest of the stage)."""
    from spacy.attrs import IDX

    offsets = doc.to_array(IDX).tolist() if len(doc) else []
    mask = [False] * len(offsets)
    for q in quotes:
        for i in range(bisect.bisect_left(offsets, q.start), bisect.bisect_left(offsets, q.end)):
            mask[i] = True
    return mask
