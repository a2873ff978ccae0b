"""Text cleaning: the stored article text is clean_text(raw) and every offset refers to it.

Idempotent by construction: paragraphs come out separated by exactly one blank line, each paragraph on
one line, so a second pass finds nothing to unwrap, strip or normalise.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from actors.names import fold_homoglyphs

from .resources import load

# Control characters (but not newline/tab, handled below), zero-width and bidi marks, soft hyphen, BOM.
_CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff\ufffe]"
)
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
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


@cache
def _boilerplate() -> re.Pattern[str]:
    patterns = load("boilerplate")["patterns"]
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


def _normalise_chars(raw: str) -> str:
    text = unicodedata.normalize("NFC", raw)
    text = _LINE_BREAKS.sub("\n", text)
    text = _CONTROL.sub("", text)
    text = text.translate(_QUOTE_VARIANTS)
    text = _TEX_QUOTES.sub('"', text)
    text = fold_homoglyphs(text)
    return text


def _unwrap_block(lines: list[str]) -> list[str]:
    """Join lines broken inside a paragraph; keep breaks that end a sentence on a short line."""
    if len(lines) < 2:
        return lines
    longest = max(len(line) for line in lines)
    wrapped = longest <= _HARD_WRAP_MAX
    width = 0.75 * longest
    out = [lines[0]]
    for line in lines[1:]:
        prev = out[-1]
        ends = bool(_TERMINAL.search(prev))
        starts_low = line[:1].islower() or line[:1].isdigit()
        if (not ends and (starts_low or (wrapped and len(prev) >= width))) or (
            wrapped and len(prev) >= 0.9 * longest and starts_low
        ):
            out[-1] = f"{prev} {line}"
        else:
            out.append(line)
    return out


def paragraphs_of(raw: str) -> list[str]:
    """The cleaned paragraphs of a raw text (one line each, boilerplate removed)."""
    text = _normalise_chars(raw)
    paragraphs: list[str] = []
    boiler = _boilerplate()
    for block in _BLANK.split(text):
        lines = [_SPACES.sub(" ", line).strip() for line in block.split("\n")]
        lines = [line.replace("\t", " ") for line in lines if line]
        for para in _unwrap_block(lines):
            para = _GLUED.sub(" ", para)
            if para and not boiler.fullmatch(para):
                paragraphs.append(para)
    return paragraphs


def clean_text(raw: str) -> str:
    """Cleaned article text: paragraphs separated by one blank line, junk and page furniture removed."""
    if not raw:
        return ""
    return "\n\n".join(paragraphs_of(raw))
