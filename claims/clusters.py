"""When two reports carry the same statement: word overlap of the statement texts. Pure Python."""

from __future__ import annotations

import hashlib
import re

from actors.names import fold_homoglyphs

CLUSTER_OVERLAP = 0.7  # share of the shorter statement's words found in the other
_WORD = re.compile(r"\w+", re.UNICODE)


def cluster_words(text: str) -> frozenset[str]:
    return frozenset(_WORD.findall(fold_homoglyphs(text).casefold()))


def words_overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Overlap coefficient: a short report of a longer quote still counts as the same statement."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def fingerprint(text: str) -> str:
    return hashlib.sha256(" ".join(sorted(cluster_words(text))).encode()).hexdigest()
