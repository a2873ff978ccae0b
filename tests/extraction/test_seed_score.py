"""The seed articles and the composed held-out set scored against their gold files with the shared scorer."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.quality import SCORER, score_set

ROOT = Path(__file__).resolve().parents[2]
GOLD = SCORER.parents[0] / "seeds_gold.jsonl"
HELDOUT = ROOT / "tests" / "data" / "heldout"

pytestmark = pytest.mark.slow


@pytest.mark.skipif(not (SCORER.exists() and GOLD.exists()), reason="../shared/eval is not available")
def test_seed_statements_score_against_the_gold_file(nlp, tmp_path):
    score = score_set(ROOT / "seeds", tmp_path / "seeds.jsonl", nlp, show_misses=True, gold=GOLD)
    assert score["f1"] >= 0.85, score["report"]
    assert score["speaker"] >= 0.85, score["report"]
    assert score["date"] >= 0.8, score["report"]


@pytest.mark.skipif(
    not (SCORER.exists() and (HELDOUT / "gold.jsonl").exists()), reason="held-out set or scorer absent"
)
def test_composed_heldout_articles_score_against_their_gold_file(nlp, tmp_path):
    score = score_set(HELDOUT, tmp_path / "heldout.jsonl", nlp, show_misses=True)
    assert score["f1"] >= 0.85, score["report"]
    assert score["speaker"] >= 0.85, score["report"]
