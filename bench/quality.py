"""Extraction quality on annotated sets (a script; the seed and held-out tests call `score_set`).

A set is a folder with `manifest.json` ({"articles": [{"file", "published"}]}), `actors.json` (the
actors a user would have entered) and `gold.jsonl` (the shared scorer's format); the articles are in
the folder or in its `articles/` subfolder. Each set is extracted as `manage.py extract_text --jsonl`
would (offsets into the text as given) and scored with `../shared/eval/score_statements.py`.

Usage: .venv/bin/python bench/quality.py [--show-misses] [--out DIR] SET_DIR [SET_DIR ...]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claims.extraction import extract_many, load_nlp  # noqa: E402
from claims.extraction.jsonl import actors_from_json, statement_to_json  # noqa: E402

SCORER = ROOT.parent / "shared" / "eval" / "score_statements.py"
MATCH_F1 = 0.5  # the scorer's quote match threshold
OVERLAP_SHARE = 0.3  # the held-out judge's speaker rule: more than 30% of the gold characters


def _articles_dir(folder: Path) -> Path:
    return folder / "articles" if (folder / "articles").is_dir() else folder


def predict(folder: Path, out: Path, nlp: Any = None) -> None:
    """Extract every article of a set and write one JSONL row per statement to `out`."""
    actors = actors_from_json(json.loads((folder / "actors.json").read_text(encoding="utf-8")))
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["articles"]
    items = [
        (a["file"], date.fromisoformat(a["published"]) if a.get("published") else None) for a in manifest
    ]
    articles = _articles_dir(folder)
    texts = ((articles.joinpath(name).read_bytes().decode("utf-8"), when) for name, when in items)
    results = extract_many(texts, actors=actors, nlp=nlp or load_nlp())
    with out.open("w", encoding="utf-8") as fh:
        for (name, published), result in zip(items, results, strict=True):
            for record in result.statements:
                row = statement_to_json(name, record, published, result=result)
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def score_set(
    folder: Path, out: Path, nlp: Any = None, show_misses: bool = False, gold: Path | None = None
) -> dict[str, Any]:
    """Predict and score one set: F1, precision, recall, speaker/date/via accuracy and the report."""
    predict(folder, out, nlp)
    args = [sys.executable, str(SCORER), str(gold or folder / "gold.jsonl"), str(out)]
    report = subprocess.run(
        args + (["--show-misses"] if show_misses else []), capture_output=True, text=True, check=True
    ).stdout
    detection = re.search(r"P=([0-9.]+)\s+R=([0-9.]+)\s+F1=([0-9.]+)", report)
    assert detection is not None, report
    figures: dict[str, Any] = {
        "precision": float(detection.group(1)),
        "recall": float(detection.group(2)),
        "f1": float(detection.group(3)),
        "report": report,
    }
    for field in ("speaker", "kind", "date", "via"):
        found = re.search(rf"{field}\s+accuracy on matched: \d+/\d+ = ([0-9.]+)", report)
        figures[field] = float(found.group(1)) if found else None
    figures["speaker_overlap"] = speaker_overlap(gold or folder / "gold.jsonl", out)
    return figures


def _scorer() -> Any:
    spec = importlib.util.spec_from_file_location("score_statements", SCORER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def speaker_overlap(gold_path: Path, pred_path: Path) -> float | None:
    """Speaker accuracy under the rule the issue's held-out judge uses: the predicted speaker shares more
    than 30% of the gold speaker's characters (here: the characters of the gold name's words that the
    predicted name also has, after the scorer's normalisation). Pairs are matched as the scorer does."""
    sc = _scorer()
    gold, pred = sc.load(str(gold_path), "doc"), sc.load(str(pred_path), "doc")
    right = total = 0
    for doc, golds in gold.items():
        preds = pred.get(doc, [])
        gt = [sc.norm_text(g["quote"]) for g in golds]
        pt = [sc.norm_text(p.get("quote")) for p in preds]
        pairs = sorted(
            ((sc.token_f1(gt[i], pt[j]), i, j) for i in range(len(golds)) for j in range(len(preds))),
            reverse=True,
        )
        matched: dict[int, int] = {}
        for score, i, j in pairs:
            if score < MATCH_F1:
                break
            if i not in matched and j not in matched.values():
                matched[i] = j
        for i, j in matched.items():
            g_words = sc.norm_name(golds[i].get("speaker")).split()
            p_words = set(sc.norm_name(preds[j].get("speaker")).split())
            size = sum(len(w) for w in g_words)
            shared = sum(len(w) for w in g_words if w in p_words)
            right += (not g_words and not p_words) or (size > 0 and shared / size > OVERLAP_SHARE)
            total += 1
    return round(right / total, 3) if total else None


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("sets", nargs="+", type=Path)
    parser.add_argument("--show-misses", action="store_true")
    parser.add_argument("--out", type=Path, default=Path("/tmp"), help="where the predictions go")
    args = parser.parse_args()
    nlp = load_nlp()
    for folder in args.sets:
        out = args.out / f"{folder.resolve().name}.pred.jsonl"
        gold = folder / "gold.jsonl"
        if not gold.exists() and folder.resolve() == (ROOT / "seeds").resolve():
            gold = SCORER.parent / "seeds_gold.jsonl"  # the seeds' gold lives beside the scorer
        figures = score_set(folder, out, nlp, args.show_misses, gold)
        print(f"== {folder} (predictions: {out})")
        print(figures["report"])
        print(
            f"speaker accuracy on matched, overlap rule (>30% of gold characters): {figures['speaker_overlap']}"
        )


if __name__ == "__main__":
    main()
