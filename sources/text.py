"""Text fingerprints for de-duplication and headlines for untitled articles. Pure Python."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from actors.names import fold_homoglyphs

_QUOTES = str.maketrans(
    {
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
    }
)
_SPACE = re.compile(r"\s+")


def normalise_for_hash(text: str) -> str:
    """The same article with other line breaks, quote marks or look-alike letters hashes the same."""
    text = unicodedata.normalize("NFKC", text)
    text = fold_homoglyphs(text).translate(_QUOTES).casefold()
    return _SPACE.sub(" ", text).strip()


def content_hash(text: str) -> str:
    return hashlib.sha256(normalise_for_hash(text).encode("utf-8")).hexdigest()


HEADLINE_CHARS = 120
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'’”]?\s+(?=[\"'‘“(]?[A-Z0-9])")
# Words a shortened headline should not end on ("…the offer of a…" reads as a cut, "…the offer…" less so).
_DANGLING = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "from",
        "with",
        "and",
        "or",
        "but",
        "as",
        "that",
        "which",
        "who",
        "is",
        "are",
        "was",
        "were",
    ]
)


def headline_from_text(text: str, limit: int = HEADLINE_CHARS) -> str:
    """A title for an article that has none: its first sentence, or the first words of it that fit in
    `limit` characters, cut between words (never inside one) and ending in "…"."""
    paragraph = next((p for p in text.strip().split("\n") if p.strip()), "")
    pieces = _SENTENCE_END.split(_SPACE.sub(" ", paragraph).strip())
    sentence = pieces[0]
    for piece in pieces[1:]:  # "Mr. Smith said…": a "sentence" that short ended at an abbreviation
        if len(sentence) >= 25:
            break
        sentence = f"{sentence} {piece}"
    if len(sentence) <= limit:
        return sentence
    words = (
        sentence[:limit].rsplit(" ", 1)[0].split(" ") if " " in sentence[:limit] else [sentence[: limit - 1]]
    )
    while len(words) > 1 and words[-1].lower().strip(",;:") in _DANGLING:
        words.pop()
    return " ".join(words).rstrip(",;:-–—") + "…"
