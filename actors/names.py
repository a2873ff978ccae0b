"""Name normalisation shared by alias storage and the extractor.

Pure Python (no Django import) so the extraction pipeline can use it on plain data.
An alias is stored with this normalised form, and a mention found in text is looked up by it,
so both sides must agree on one function.
"""

from __future__ import annotations

import re
import unicodedata

# Characters that look like Latin letters but are not (a Cyrillic М in "9М729").
HOMOGLYPHS = str.maketrans(
    {
        "\u0410": "A",
        "\u0412": "B",
        "\u0415": "E",
        "\u041a": "K",
        "\u041c": "M",
        "\u041d": "H",
        "\u041e": "O",
        "\u0420": "P",
        "\u0421": "C",
        "\u0422": "T",
        "\u0425": "X",
        "\u0430": "a",
        "\u0435": "e",
        "\u043e": "o",
        "\u0440": "p",
        "\u0441": "c",
        "\u0445": "x",
        "\u0443": "y",
    }
)
APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u0060": "'", "\u00b4": "'"})
_NON_WORD = re.compile(r"[^\w']+", re.UNICODE)
_POSSESSIVE = re.compile(r"'s\b")
_LEADING_ARTICLE = re.compile(r"^(the|a|an) ")


def fold_homoglyphs(text: str) -> str:
    """Replace look-alike Cyrillic capitals inside Latin words: only where a Latin letter or digit is adjacent."""

    def fix(match: re.Match[str]) -> str:
        return match.group(0).translate(HOMOGLYPHS)

    return re.sub(r"(?<=[A-Za-z0-9])[\u0400-\u04ff]+|[\u0400-\u04ff]+(?=[A-Za-z0-9])", fix, text)


def normalize_name(text: str) -> str:
    """The lookup key of a name or alias: case-folded, accents kept, punctuation, possessive 's and a leading article dropped.

    "The Kremlin" -> "kremlin"; "Russia’s president" -> "russia president"; "U.S." -> "u s".
    """
    text = unicodedata.normalize("NFKC", text or "")
    text = fold_homoglyphs(text).translate(APOSTROPHES).casefold()
    text = _POSSESSIVE.sub("", text)
    text = _NON_WORD.sub(" ", text).replace("'", "")
    text = re.sub(r"\s+", " ", text).strip()
    return _LEADING_ARTICLE.sub("", text)
