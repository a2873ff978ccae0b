"""How far a stance suggestion's confidence can be trusted (a script; never run by tests).

Runs the suggester over the stance sets (default: tests/data/stances, stances_check, stances_fresh),
matches every suggestion to the gold with the scorer `score_stances` uses (claims.stance_eval), and
prints, per set and for all sets together, the share of suggestions that are right:
- by confidence bucket (what the number shown to editors means);
- by the rule that decided (StanceSuggestion.rule, a key of stance_rules.json "reliability");
- by how the topic was found (in the statement's sentence, by an anaphor, the article's question)
  and by what modified the decision (negated, conditional, ...: the prefixes of the reason).
Then, as the baseline of the same run, what a minimum confidence would do: stance precision/recall
and position F1 per set at each threshold, beside the suggester as it stands (ratio of F1 to it).

Usage: .venv/bin/python bench/stance_calibration.py [SET_DIR ...]
"""

from __future__ import annotations

import os
import re
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

from claims.extraction import load_nlp  # noqa: E402
from claims.extraction.stances.lexicon import rules  # noqa: E402
from claims.stance_eval import load_set, predict, score, stance_outcomes  # noqa: E402

SETS = ("stances", "stances_check", "stances_fresh")
BUCKETS = (0.5, 0.6, 0.7, 0.8, 0.9)
THRESHOLDS = (0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8)
_MODIFIERS = re.compile(r"^(negated|conditional|only possibly|would have|accuses others|urges others)")


def bucket(confidence: float) -> str:
    lo = max((b for b in BUCKETS if confidence >= b), default=0.0)
    return f"{lo:.1f}-{lo + 0.1:.1f}" if lo < 0.9 else ">=0.9"


def route(reason: str) -> str:
    if "(refers back" in reason:
        return "anaphor"
    if "(the article's question)" in reason:
        return "article question"
    if reason.startswith("leaves the question open"):
        return "left open (context)"
    return "in the sentence"


def modifier(reason: str) -> str:
    found = _MODIFIERS.match(reason)
    return found.group(1) if found else "-"


def table(title: str, outcomes: list[tuple[str, bool]]) -> None:
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for key, correct in outcomes:
        counts[key][0] += correct
        counts[key][1] += 1
    print(f"  {title}")
    for key in sorted(counts):
        right, total = counts[key]
        print(f"    {key:<24} {right:>4}/{total:<4} precision {right / total:.2f}")


def topic_share(suggestion: Any) -> str:
    """The topic's part of the confidence (confidence over the rule's reliability): how strongly the
    proposition's words were found, 0.6 (barely) to 1.0, times 0.85 through an anaphor."""
    reliability = float(rules()["reliability"].get(suggestion.rule, 0.6))
    share = suggestion.confidence / reliability if reliability else 0.0
    return f"{min(0.9, int(share * 10) / 10):.1f}+"


def error(polarity: str, gold: str | None) -> str:
    if gold is None:
        return "statement not in gold"
    if not gold:
        return "gold: no stance on it"
    return "right" if gold == polarity else f"gold says {gold}"


def report(name: str, outcomes: list[tuple[dict, str, bool, str | None]]) -> None:
    print(f"\n== {name}: {len(outcomes)} suggestions, {sum(o[2] for o in outcomes)} right")
    items = [(row["suggestions"][slug], correct) for row, slug, correct, _ in outcomes]
    table("by confidence", [(bucket(s.confidence), c) for s, c in items])
    table("by rule", [(s.rule or "?", c) for s, c in items])
    table("by topic route", [(route(s.reason), c) for s, c in items])
    table("by modifier", [(modifier(s.reason), c) for s, c in items])
    table("by polarity", [(s.polarity, c) for s, c in items])
    table("by topic share of the confidence", [(topic_share(s), c) for s, c in items])
    table("by rule and confidence", [(f"{s.rule} {bucket(s.confidence)}", c) for s, c in items])
    table("by rule and route", [(f"{s.rule} / {route(s.reason)}", c) for s, c in items])
    table(
        "by rule and outcome",
        [
            (f"{row['suggestions'][slug].rule} / {error(row['suggestions'][slug].polarity, gold)}", c)
            for row, slug, c, gold in outcomes
        ],
    )
    kinds = [error(row["suggestions"][slug].polarity, gold) for row, slug, _, gold in outcomes]
    print("  outcomes: " + ", ".join(f"{k} {kinds.count(k)}" for k in sorted(set(kinds))))


def above(rows: list[dict], threshold: float) -> list[dict]:
    """The rows with only the suggestions at or above `threshold`."""
    out = []
    for row in rows:
        kept = {k: v for k, v in row["stances"].items() if row["suggestions"][k].confidence >= threshold}
        out.append({**row, "stances": kept})
    return out


def main(argv: list[str]) -> None:
    folders = [Path(a) for a in argv] or [ROOT / "tests" / "data" / s for s in SETS]
    nlp = load_nlp(settings.TRACKER_SPACY_MODEL)
    loaded: list[tuple[str, Any, list[dict]]] = []
    everything: list[tuple[dict, str, bool, str | None]] = []
    for folder in folders:
        stance_set = load_set(folder)
        rows = predict(stance_set, nlp)
        outcomes = stance_outcomes(stance_set, rows)
        report(folder.name, outcomes)
        everything += outcomes
        loaded.append((folder.name, stance_set, rows))
    report("all sets", everything)
    print("\n== minimum confidence (as it stands = the first line of each set; F1 ratio against it)")
    for name, stance_set, rows in loaded:
        base = score(stance_set, rows)["suggester"]["positions"]["f1"]
        for threshold in THRESHOLDS:
            result = score(stance_set, above(rows, threshold))["suggester"]
            s, p = result["stances"], result["positions"]
            print(
                f"  {name:<15} >= {threshold:.2f}: stances P={s['precision']:.3f} R={s['recall']:.3f} "
                f"({s['n']:>3})  positions F1={p['f1']:.3f} (x{p['f1'] / base if base else 0:.2f})"
            )


if __name__ == "__main__":
    main(sys.argv[1:])
