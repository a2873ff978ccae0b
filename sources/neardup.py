"""Near-duplicate detection: the same wire story at another address, or with small edits.

MinHash over word shingles, banded into locality-sensitive keys. Two texts share at least one key with
high probability when their shingle sets overlap strongly (Jaccard 0.5 → ~0.9, 0.7 → ~1.0), so a new
article is compared only with the few stored articles that share a key, and each candidate is then
verified on the exact shingle overlap. Pure Python plus numpy (a spaCy dependency); no database.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from .text import normalise_for_hash

SHINGLE_WORDS = 4
BANDS = 20
ROWS_PER_BAND = 3
MIN_WORDS = 40  # shorter texts share too little to call them the same story
SAME_STORY_JACCARD = 0.6  # shingle-set overlap of two versions of one story with light edits
SAME_STORY_CONTAINMENT = 0.85  # a trimmed copy: most of the shorter text's shingles are in the longer one
TRIMMED_MIN_SHARE = 0.5  # ...but a text that quotes a short story inside a much longer one is not a copy

_WORD = re.compile(r"\w+", re.UNICODE)
_SEED = np.random.default_rng(20260521)  # fixed: keys must be stable across processes and releases
_MASKS = _SEED.integers(0, 2**63 - 1, size=BANDS * ROWS_PER_BAND, dtype=np.int64).astype(np.uint64)
_MASKS ^= _SEED.integers(0, 2**63 - 1, size=BANDS * ROWS_PER_BAND, dtype=np.int64).astype(
    np.uint64
) << np.uint64(1)


def _hash64(value: str) -> int:
    return int.from_bytes(hashlib.blake2b(value.encode("utf-8"), digest_size=8).digest(), "little")


def shingles(text: str) -> frozenset[int]:
    """Hashed runs of SHINGLE_WORDS consecutive words of the normalised text."""
    words = _WORD.findall(normalise_for_hash(text))
    if len(words) < MIN_WORDS:
        return frozenset()
    return frozenset(
        _hash64(" ".join(words[i : i + SHINGLE_WORDS])) for i in range(len(words) - SHINGLE_WORDS + 1)
    )


def _to_signed(value: int) -> int:
    """Database BIGINT columns are signed."""
    return value - 2**64 if value >= 2**63 else value


def band_keys(shingle_set: Iterable[int]) -> list[int]:
    """One key per band; equal keys mean the two texts agree on that band's minimum hashes."""
    values = np.fromiter(shingle_set, dtype=np.uint64)
    if values.size == 0:
        return []
    # Mixing each hash with a random mask and taking the minimum approximates a random permutation.
    mixed = (values[None, :] ^ _MASKS[:, None]) * np.uint64(0x9E3779B97F4A7C15)
    minima = mixed.min(axis=1).reshape(BANDS, ROWS_PER_BAND)
    return [
        _to_signed(_hash64(f"{band}:" + ",".join(str(int(v)) for v in row)))
        for band, row in enumerate(minima)
    ]


@dataclass(frozen=True)
class Similarity:
    jaccard: float
    containment: float
    length_ratio: float  # shorter / longer, in shingles

    @property
    def same_story(self) -> bool:
        if self.jaccard >= SAME_STORY_JACCARD:
            return True
        return self.containment >= SAME_STORY_CONTAINMENT and self.length_ratio >= TRIMMED_MIN_SHARE


def similarity(a: frozenset[int], b: frozenset[int]) -> Similarity:
    if not a or not b:
        return Similarity(0.0, 0.0, 0.0)
    common = len(a & b)
    shorter, longer = sorted((len(a), len(b)))
    return Similarity(common / len(a | b), common / shorter, shorter / longer)
