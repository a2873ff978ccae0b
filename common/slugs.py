"""The one way a slug is made from a name or title, for every model and for the extractor's actor records.

Names in any script get readable slugs: "Сергей Лавров" -> "sergey-lavrov", "习近平" -> "xi-jin-ping",
transliterated by anyascii (ISC licence; its tables ship in the package). Pure Python (no Django import
at load time), so `claims.extraction` can make the same slugs from plain data.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache
from typing import Any

from anyascii import anyascii

_NOT_SLUG = re.compile(r"[^\w\s-]")
_SEPARATORS = re.compile(r"[-\s]+")


def has_letter_or_digit(text: str) -> bool:
    """Whether a slug can be made from `text` from its own letters (any script), rather than a digest."""
    return any(ch.isalnum() for ch in text or "")


@lru_cache(maxsize=4096)
def _ascii(char: str) -> str:
    """One character in ASCII. Letters with accents lose them, as Django's slugify does ("é" -> "e"), so
    slugs it made stay the same; other letters are transliterated ("Ł" -> "L", "Д" -> "D"). A syllable
    of a script without case (Chinese, Korean…) is a word of its own: "习近平" -> "Xi Jin Ping"."""
    folded = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode("ascii")
    if folded or char.isascii():
        return folded
    transliterated = anyascii(char)
    if transliterated[:1].isupper() and not (char.isupper() or char.islower()):
        return f" {transliterated} "
    return transliterated


def _ascii_slug(text: str) -> str:
    """Django's slugify over the transliterated text: lower case, runs of spaces and hyphens as one hyphen."""
    value = "".join(_ascii(char) for char in text)
    value = _NOT_SLUG.sub("", value.lower())
    return _SEPARATORS.sub("-", value).strip("-_")


def slug_for(text: str, *, max_length: int = 200) -> str:
    """The slug of `text`, at most `max_length` characters and never empty: "Jane Doe" -> "jane-doe".

    Text with nothing left after that (only punctuation, or signs with no transliteration) gets a
    stable digest instead, "n-" and ten hex digits of its SHA-1, so the same text always gives the
    same slug and a lookup by slug still finds it.
    """
    text = text or ""
    slug = _ascii_slug(text)[:max_length].strip("-_")
    if slug:
        return slug
    digest = hashlib.sha1(unicodedata.normalize("NFKC", text).strip().encode("utf-8")).hexdigest()
    return f"n-{digest[:10]}"[:max_length]


def unique_slug(model: Any, text: str, *, field: str = "slug", max_length: int | None = None) -> str:
    """A slug of `text` no row of `model` has in `field` yet: "a-b", then "a-b-2", "a-b-3"…, always within
    `max_length` (default: the field's own)."""
    if max_length is None:
        max_length = model._meta.get_field(field).max_length
    base = slug_for(text, max_length=max_length)
    slug, n = base, 1
    taken = model._default_manager.filter
    while taken(**{field: slug}).exists():
        n += 1
        suffix = f"-{n}"
        slug = base[: max_length - len(suffix)].rstrip("-_") + suffix
    return slug
