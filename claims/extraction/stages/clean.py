"""Clean stage: the cleaned text, its paragraphs, size and language checks, the publication date."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date

from ..clean import clean_traced
from ..dates import Dateline, find_publication_date
from ..errors import TextTooLong
from ..language import non_english_reason
from ..types import ExtractionResult
from ..version import EXTRACTOR_VERSION

_PARAGRAPH = re.compile(r"[^\n]+")
_TERMINAL_END = re.compile(r"[.!?:\u2026][\"'\u201d\u2019)\]]*\s*$")
_MAX_HEADLINE_PARAGRAPHS = 4
_DATE_STAMP_TAIL = 40  # a dateline this close to its paragraph's end is a date stamp on its own line


@dataclass
class Prepared:
    """An article cleaned and checked, ready to parse (or already finished: empty, not English)."""

    result: ExtractionResult
    paragraphs: list[tuple[int, int]]
    parse: bool
    dateline: Dateline | None = None

    @property
    def parse_text(self) -> str:
        """The text the parser sees: a dateline is blanked out (same length, so offsets hold) because
        "LISBON, May 16 (Wire) - ..." glued to the first sentence misleads the parser."""
        text, dl = self.result.text, self.dateline
        if dl is None or dl.source != "dateline":
            return text
        return text[: dl.start] + " " * (dl.end - dl.start) + text[dl.end :]


def prepare(raw: str, published: date | None, max_chars: int) -> Prepared:
    """Clean, check size and language, and find the publication date; no parsing yet."""
    raw = raw or ""
    if len(raw) > max_chars:
        raise TextTooLong(len(raw), max_chars)
    cleaned = clean_traced(raw)
    text = cleaned.text
    result = ExtractionResult(
        text=text,
        published=published,
        published_source="given" if published else "",
        extractor_version=EXTRACTOR_VERSION,
        source_map=cleaned.source_map,
    )
    if not text.strip():
        result.notes.append("empty text: nothing to extract")
        return Prepared(result, [], False)
    reason = non_english_reason(text)
    if reason:
        result.skipped_reason, result.language = reason, ""
        return Prepared(result, [], False)
    dateline = find_publication_date(text, published)
    if published is None and dateline is not None:
        result.published, result.published_source = dateline.value, dateline.source
        result.notes.append(
            f"publication date {dateline.value.isoformat()} from the text: {text[dateline.start : dateline.end]!r}"
        )
    paragraphs = [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)]
    return Prepared(result, paragraphs, True, dateline)


def body_start(text: str, paragraphs: list[tuple[int, int]]) -> int:
    """Where the body begins: after leading headline/standfirst lines (no sentence-final punctuation)."""
    for n, (s, e) in enumerate(paragraphs[: _MAX_HEADLINE_PARAGRAPHS + 1]):
        if _TERMINAL_END.search(text[s:e]):
            return s if n else 0
    return 0


def lede_paragraph(paragraphs: list[tuple[int, int]], body: int, dateline: Dateline | None) -> int:
    """The index of the first body paragraph (the next one when the first is only a date stamp)."""
    starts = [s for s, _ in paragraphs]
    first = max(0, bisect.bisect_right(starts, body) - 1)
    s, e = paragraphs[first] if paragraphs else (0, 0)
    if (
        dateline
        and s <= dateline.start < e
        and e - dateline.end < _DATE_STAMP_TAIL
        and first + 1 < len(paragraphs)
    ):
        return first + 1
    return first
