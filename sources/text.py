"""Text fingerprints for de-duplication. Pure Python."""

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
