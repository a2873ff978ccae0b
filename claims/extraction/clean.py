"""Text cleaning: the stored article text is clean_text(raw) and every offset refers to it.

Idempotent by construction: paragraphs come out separated by exactly one blank line, each paragraph on
one line, so a second pass finds nothing to unwrap, strip or normalise.

Every step keeps track of where each character came from (`clean_traced`), so an offset in the
cleaned text maps back to the text the user gave (`SourceMap.span`): provenance for pasted texts.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache

from actors.names import fold_homoglyphs

from .resources import load

# Control characters (but not newline/tab, handled below), zero-width and bidi marks, soft hyphen, BOM.
_CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\ufffe]"
)
# Runs of horizontal space become one plain space. A lone plain space is left alone (it is already
# what the substitution would write), so a line with no odd spacing is not rebuilt word by word.
_SPACE_CHARS = "[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]"
_SPACES = re.compile(rf"{_SPACE_CHARS}{{2,}}|(?! ){_SPACE_CHARS}")
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85\x0b\x0c]")
_BLANK = re.compile(r"\n[ \t]*\n\s*")
# Quote marks that are only typographic variants of the double quote.
_QUOTE_VARIANTS = str.maketrans(
    {"\u201f": "\u201c", "\u2033": '"', "\u301d": "\u201c", "\u301e": "\u201d", "\uff02": '"'}
)
_TEX_QUOTES = re.compile(r"``|''")
_TERMINAL = re.compile(r"[.!?:;\u2026][\"'\u201d\u2019)\]]*$|[\"\u201d\u2019]$")
# A sentence end glued to the next sentence ("…she said.The council…"): two texts run together.
_GLUED = re.compile(r"(?<=[a-z]{2}[.!?])(?=[A-Z][a-z]{2})|(?<=[a-z][.!?][\"\u201d])(?=[A-Z][a-z])")
_HARD_WRAP_MAX = 120  # hard-wrapped text rarely has lines longer than this
_NEWLINE = re.compile(r"\n")


@dataclass(frozen=True)
class SourceMap:
    """Where each character of a cleaned text came from in the text it was cleaned from."""

    source: str  # the text as given
    starts: array[int]  # starts[i]: offset in `source` of cleaned character i
    ends: array[int]  # ends[i]: the end of the source characters cleaned character i stands for

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The source span of the cleaned span [start, end)."""
        if end <= start:
            at = self.starts[start] if start < len(self.starts) else len(self.source)
            return at, at
        return self.starts[start], self.ends[end - 1]

    def is_identity(self) -> bool:
        """True when the cleaned text is the source itself (an already cleaned text)."""
        return len(self.starts) == len(self.source) and all(s == i for i, s in enumerate(self.starts))


@dataclass(frozen=True)
class Cleaned:
    text: str
    source_map: SourceMap


@dataclass(frozen=True)
class _Traced:
    """A string with, for each character, the source span it came from."""

    text: str
    starts: list[int]
    ends: list[int]

    @classmethod
    def of(cls, raw: str) -> _Traced:
        return cls(raw, list(range(len(raw))), list(range(1, len(raw) + 1)))

    def slice(self, a: int, b: int) -> _Traced:
        return _Traced(self.text[a:b], self.starts[a:b], self.ends[a:b])

    def strip(self) -> _Traced:
        a, b = 0, len(self.text)
        while a < b and self.text[a].isspace():
            a += 1
        while b > a and self.text[b - 1].isspace():
            b -= 1
        return self.slice(a, b)

    def same_length(self, change: Callable[[str], str]) -> _Traced:
        """Apply a character-for-character change (every character keeps its source)."""
        new = change(self.text)
        assert len(new) == len(self.text), "a same-length change changed the length"
        return _Traced(new, self.starts, self.ends)

    def sub(self, pattern: re.Pattern[str], repl: str) -> _Traced:
        """pattern.sub(repl): the replacement stands for the source of what it replaced."""
        pieces, starts, ends, last = [], [], [], 0
        for m in pattern.finditer(self.text):
            s, e = m.span()
            pieces.append(self.text[last:s])
            starts += self.starts[last:s]
            ends += self.ends[last:s]
            at = self._source_at(s)
            until = self.ends[e - 1] if e > s else at
            pieces.append(repl)
            starts += [at] * len(repl)
            ends += [until] * len(repl)
            last = e
        if not pieces:
            return self
        pieces.append(self.text[last:])
        return _Traced("".join(pieces), starts + self.starts[last:], ends + self.ends[last:])

    def _source_at(self, i: int) -> int:
        if i < len(self.starts):
            return self.starts[i]
        return self.ends[-1] if self.ends else 0

    def pieces(self, separator: re.Pattern[str]) -> Iterator[_Traced]:
        """The parts between matches of `separator` (like re.split)."""
        last = 0
        for m in separator.finditer(self.text):
            yield self.slice(last, m.start())
            last = m.end()
        yield self.slice(last, len(self.text))


def _join(parts: list[_Traced], sep: str) -> _Traced:
    """Parts joined by `sep`; a separator stands for the source between its neighbours."""
    if not parts:
        return _Traced("", [], [])
    text, starts, ends = [parts[0].text], list(parts[0].starts), list(parts[0].ends)
    for prev, part in zip(parts, parts[1:], strict=False):
        gap_start = prev.ends[-1] if prev.ends else 0
        gap_end = part.starts[0] if part.starts else gap_start
        text += [sep, part.text]
        if gap_end - gap_start == len(sep):  # the separator is where it was (an already clean text)
            starts += [*range(gap_start, gap_end), *part.starts]
            ends += [*range(gap_start + 1, gap_end + 1), *part.ends]
        else:
            starts += [gap_start] * len(sep) + part.starts
            ends += [gap_end] * len(sep) + part.ends
    return _Traced("".join(text), starts, ends)


@cache
def _boilerplate() -> re.Pattern[str]:
    patterns = load("boilerplate")["patterns"]
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


def _nfc(traced: _Traced) -> _Traced:
    """Unicode NFC, composed cluster by cluster (a character with the marks that compose with it), so
    each composed character keeps the source span of its cluster."""
    text = traced.text
    if unicodedata.is_normalized("NFC", text):
        return traced
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    cluster = 0
    for i in range(1, len(text) + 1):
        if i < len(text) and _composes(text[i - 1], text[i]):
            continue
        piece = unicodedata.normalize("NFC", text[cluster:i])
        pieces.append(piece)
        starts += [traced.starts[cluster]] * len(piece)
        ends += [traced.ends[i - 1]] * len(piece)
        cluster = i
    whole = unicodedata.normalize("NFC", text)
    if "".join(pieces) != whole:  # composition across clusters: only the whole span is known
        return _Traced(whole, [traced.starts[0]] * len(whole), [traced.ends[-1]] * len(whole))
    return _Traced(whole, starts, ends)


def _composes(before: str, char: str) -> bool:
    """`char` belongs to the cluster of the character before it under NFC."""
    if unicodedata.combining(char):
        return True
    pair = before + char
    return unicodedata.normalize("NFC", pair) != unicodedata.normalize("NFC", before) + unicodedata.normalize(
        "NFC", char
    )


def _normalise_chars(traced: _Traced) -> _Traced:
    traced = _nfc(traced)
    traced = traced.sub(_LINE_BREAKS, "\n")
    traced = traced.sub(_CONTROL, "")
    traced = traced.same_length(lambda t: t.translate(_QUOTE_VARIANTS))
    traced = traced.sub(_TEX_QUOTES, '"')
    return traced.same_length(fold_homoglyphs)


def _unwrap_groups(lines: list[str]) -> list[list[int]]:
    """Which lines join into one paragraph: lines broken inside a paragraph are joined; breaks that
    end a sentence on a short line are kept."""
    if len(lines) < 2:
        return [[i] for i in range(len(lines))]
    longest = max(len(line) for line in lines)
    wrapped = longest <= _HARD_WRAP_MAX
    width = 0.75 * longest
    groups = [[0]]
    joined = lines[0]
    for i, line in enumerate(lines[1:], start=1):
        ends = bool(_TERMINAL.search(joined))
        starts_low = line[:1].islower() or line[:1].isdigit()
        if (not ends and (starts_low or (wrapped and len(joined) >= width))) or (
            wrapped and len(joined) >= 0.9 * longest and starts_low
        ):
            groups[-1].append(i)
            joined = f"{joined} {line}"
        else:
            groups.append([i])
            joined = line
    return groups


def _traced_paragraphs(raw: str) -> list[_Traced]:
    text = _normalise_chars(_Traced.of(raw))
    paragraphs: list[_Traced] = []
    boiler = _boilerplate()
    for block in text.pieces(_BLANK):
        lines = [line.sub(_SPACES, " ").strip() for line in block.pieces(_NEWLINE)]
        lines = [line.same_length(lambda t: t.replace("\t", " ")) for line in lines if line.text]
        for group in _unwrap_groups([line.text for line in lines]):
            para = _join([lines[i] for i in group], " ").sub(_GLUED, " ")
            if para.text and not boiler.fullmatch(para.text):
                paragraphs.append(para)
    return paragraphs


def paragraphs_of(raw: str) -> list[str]:
    """The cleaned paragraphs of a raw text (one line each, boilerplate removed)."""
    return [p.text for p in _traced_paragraphs(raw)]


def clean_traced(raw: str) -> Cleaned:
    """The cleaned text and, for each of its characters, where it came from in `raw`."""
    joined = _join(_traced_paragraphs(raw or ""), "\n\n")
    return Cleaned(joined.text, SourceMap(raw or "", array("l", joined.starts), array("l", joined.ends)))


def clean_text(raw: str) -> str:
    """Cleaned article text: paragraphs separated by one blank line, junk and page furniture removed."""
    if not raw:
        return ""
    return "\n\n".join(paragraphs_of(raw))
