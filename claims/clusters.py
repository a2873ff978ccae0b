"""When two reports carry the same statement: word overlap of the statement texts. Pure Python.

Blocking (prefix filtering): order a statement's n words rarest first (English word ranks, unknown words
rarest) and call its first n - k + 1 the leading words, where k is the fewest shared words that reach
CLUSTER_OVERLAP of n. Two statements that overlap enough share k words of the shorter one, so at least
one of the shorter one's leading words is among the longer one's words. A new statement therefore needs
only the earlier statements that hold one of its leading words, or whose leading words it holds: an
index lookup, the same answer as comparing with every earlier statement.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache

from actors.names import fold_homoglyphs

from .extraction.stances.lexicon import word_ranks

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


def word_key(word: str) -> int:
    """A word's 64-bit key (signed, for a BIGINT column), the same in every process."""
    value = int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little")
    return value - 2**64 if value >= 2**63 else value


def needed_shared(n: int) -> int:
    """The fewest shared words that make a statement of n words overlap enough (as words_overlap counts)."""
    return next(c for c in range(n + 1) if n == 0 or c / n >= CLUSTER_OVERLAP)


@cache
def _rarity(word: str) -> int:
    return -word_ranks().get(word, 10**9)


def cluster_keys(words: frozenset[str]) -> dict[int, bool]:
    """Each word's key, with whether it is one of the statement's leading (rarest) words."""
    ordered = sorted(words, key=lambda w: (_rarity(w), word_key(w)))
    leading = len(ordered) - needed_shared(len(ordered)) + 1
    return {word_key(w): i < leading for i, w in enumerate(ordered)}
