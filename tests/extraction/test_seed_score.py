"""The seed articles scored against the editor's gold file with the shared scorer."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from claims.extraction import extract_many
from claims.extraction.jsonl import actors_from_json, statement_to_json

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
SCORER = SHARED / "eval" / "score_statements.py"
GOLD = SHARED / "eval" / "seeds_gold.jsonl"

pytestmark = pytest.mark.slow


def _score(
    gold: Path, articles: Path, actors_file: Path, manifest_file: Path, out: Path, nlp
) -> dict[str, float]:
    actors = actors_from_json(json.loads(actors_file.read_text(encoding="utf-8")))
    manifest = json.loads(manifest_file.read_text(encoding="utf-8"))["articles"]
    items = [(a["file"], date.fromisoformat(a["published"])) for a in manifest]
    results = extract_many(
        ((articles.joinpath(f).read_text(encoding="utf-8"), d) for f, d in items), actors=actors, nlp=nlp
    )
    with out.open("w", encoding="utf-8") as fh:
        for (name, published), result in zip(items, results, strict=True):
            for record in result.statements:
                fh.write(
                    json.dumps(statement_to_json(name, record, published, result=result), ensure_ascii=False)
                    + "\n"
                )
    report = subprocess.run(
        [sys.executable, str(SCORER), str(gold), str(out), "--show-misses"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    f1 = float(re.search(r"statement detection .*F1=([0-9.]+)", report).group(1))
    speaker = re.search(r"speaker\s+accuracy on matched: \d+/\d+ = ([0-9.]+)", report)
    dated = re.search(r"date\s+accuracy on matched: \d+/\d+ = ([0-9.]+)", report)
    return {
        "f1": f1,
        "speaker": float(speaker.group(1)) if speaker else 0.0,
        "date": float(dated.group(1)) if dated else 1.0,
        "report": report,
    }


@pytest.mark.skipif(not (SCORER.exists() and GOLD.exists()), reason="../shared/eval is not available")
def test_seed_statements_score_against_the_gold_file(nlp, tmp_path):
    score = _score(
        GOLD,
        ROOT / "seeds" / "articles",
        ROOT / "seeds" / "actors.json",
        ROOT / "seeds" / "manifest.json",
        tmp_path / "seeds.jsonl",
        nlp,
    )
    assert score["f1"] >= 0.85, score["report"]
    assert score["speaker"] >= 0.85, score["report"]
    assert score["date"] >= 0.8, score["report"]


HELDOUT = ROOT / "tests" / "data" / "heldout"


@pytest.mark.skipif(
    not (SCORER.exists() and (HELDOUT / "gold.jsonl").exists()), reason="held-out set or scorer absent"
)
def test_composed_heldout_articles_score_against_their_gold_file(nlp, tmp_path):
    score = _score(
        HELDOUT / "gold.jsonl",
        HELDOUT,
        HELDOUT / "actors.json",
        HELDOUT / "manifest.json",
        tmp_path / "heldout.jsonl",
        nlp,
    )
    assert score["f1"] >= 0.85, score["report"]
    assert score["speaker"] >= 0.85, score["report"]
