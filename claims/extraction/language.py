"""A data-free English check: script first, then the share of English function words."""

from __future__ import annotations

import re
from functools import cache

from .resources import load

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)
MIN_WORDS = 12  # below this a text is too short to judge; assume English
MIN_STOPWORD_RATIO = 0.12
MIN_LATIN_SHARE = 0.6


@cache
def _stopwords() -> frozenset[str]:
    return frozenset(load("stopwords_en")["words"])


def non_english_reason(text: str, sample: int = 20_000) -> str:
    """'' when the text reads as English, else a short reason (used in skipped_reason)."""
    words = _WORD.findall(text[:sample])
    if len(words) < MIN_WORDS:
        return ""
    letters = sum(len(w) for w in words)
    latin = sum(1 for w in words for ch in w if ch < "\u0250")
    if latin / letters < MIN_LATIN_SHARE:
        return f"not English (mostly non-Latin script: {latin / letters:.0%} Latin letters)"
    stop = _stopwords()
    hits = sum(1 for w in words if w.lower() in stop)
    ratio = hits / len(words)
    if ratio < MIN_STOPWORD_RATIO:
        return f"not English (English function words are {ratio:.0%} of {len(words)} words)"
    return ""
