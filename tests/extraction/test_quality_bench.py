"""bench/quality.py's speaker figure under the held-out judge's overlap rule."""

from __future__ import annotations

import json

import pytest

from bench.quality import SCORER, speaker_overlap

pytestmark = pytest.mark.skipif(not SCORER.exists(), reason="../shared/eval is not available")


def _write(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def test_a_speaker_sharing_most_of_the_gold_description_counts_and_a_place_in_it_does_not(tmp_path):
    gold = [
        {"doc": "a.txt", "speaker": "a retired postman from Leeds", "quote": "he had been offered vouchers"},
        {"doc": "a.txt", "speaker": "a retired postman from Leeds", "quote": "nobody ever rang him back"},
    ]
    pred = [
        {"doc": "a.txt", "speaker": "A retired postman", "quote": "he had been offered vouchers"},
        {"doc": "a.txt", "speaker": "Leeds", "quote": "nobody ever rang him back"},
    ]
    _write(tmp_path / "gold.jsonl", gold)
    _write(tmp_path / "pred.jsonl", pred)
    assert speaker_overlap(tmp_path / "gold.jsonl", tmp_path / "pred.jsonl") == 0.5
