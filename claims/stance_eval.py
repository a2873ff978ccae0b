"""Scoring stance suggestions on a set of articles (tests/data/stances/ layout, or the seeds).

A set is a folder with manifest.json (articles: file, published, title), the article texts (in
articles/ or beside the manifest), propositions.json (with `expected` positions), optionally
actors.json and gold.jsonl (every statement with its speaker, quote and stances). Extraction and
stance suggestion run without the database; predicted statements are matched to gold ones as the
shared statement scorer does (token F1 of the quotes >= 0.5, best pairs first, one to one).
Positions are (actor, proposition, polarity) triples. The baseline, computed in the same run: a
statement containing a keyword of the proposition (its keywords, else the distinctive words of its
title) gets that proposition's most common polarity in the gold.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .extraction import extract_many
from .extraction.jsonl import actors_from_json
from .extraction.stances import PropositionRecord
from .extraction.stances.lexicon import distinctiveness
from .extraction.stances.profile import MIN_DISTINCT

_TOKEN = re.compile(r"[0-9a-z\u00c0-\u024f\u0400-\u04ff]+")
_SYNONYMS = {"us": "united states", "usa": "united states", "u s": "united states"}


class StanceSetError(Exception):
    """The folder is not a stance set (the message says what is missing)."""


@dataclass
class StanceSet:
    articles: list[dict[str, Any]]  # file, text, published, title
    propositions: list[PropositionRecord]
    expected: set[tuple[str, str, str]]  # (actor, slug, polarity)
    actors: list = field(default_factory=list)
    gold: list[dict[str, Any]] | None = None  # rows of gold.jsonl, when present


def _read(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise StanceSetError(f"{path}: {exc}") from None


def _proposition(entry: dict[str, Any]) -> PropositionRecord:
    def strings(key: str) -> tuple[str, ...]:
        return tuple(str(x) for x in entry.get(key) or () if str(x).strip())

    return PropositionRecord(
        slug=str(entry["slug"]),
        kind=str(entry.get("kind", "proposal")),
        title=str(entry.get("title", "")),
        description=str(entry.get("description") or ""),
        keywords=strings("keywords"),
        aliases=strings("aliases"),
        entities=strings("entities"),
    )


def load_set(folder: Path, propositions_file: Path | None = None) -> StanceSet:
    """Read a stance set (or the seeds) from `folder`; raises StanceSetError naming what is wrong."""
    manifest = folder / "manifest.json"
    if not manifest.is_file():
        raise StanceSetError(f"{folder}: no manifest.json")
    texts = folder / "articles" if (folder / "articles").is_dir() else folder
    articles = []
    for entry in _read(manifest).get("articles", []):
        path = texts / str(entry.get("file", ""))
        if not path.is_file():
            raise StanceSetError(f"{path}: listed in manifest.json but missing")
        published = entry.get("published")
        articles.append(
            {
                "file": path.name,
                "text": path.read_text(encoding="utf-8"),
                "published": date.fromisoformat(published[:10]) if published else None,
                "title": entry.get("title") or "",
            }
        )
    props_path = propositions_file or folder / "propositions.json"
    if not props_path.is_file():
        raise StanceSetError(f"{props_path}: no propositions")
    entries = _read(props_path).get("propositions", [])
    expected = {
        (norm_name(e["actor"]), p["slug"], e["polarity"]) for p in entries for e in p.get("expected") or ()
    }
    actors = actors_from_json(_read(folder / "actors.json")) if (folder / "actors.json").is_file() else []
    gold_path = folder / "gold.jsonl"
    gold = None
    if gold_path.is_file():
        lines = gold_path.read_text(encoding="utf-8").splitlines()
        gold = [json.loads(line) for line in lines if line.strip()]
    return StanceSet(articles, [_proposition(p) for p in entries], expected, actors, gold)


def norm_text(text: str | None) -> list[str]:
    return _TOKEN.findall((text or "").lower().replace("\u2019", "'"))


def norm_name(name: str | None) -> str:
    text = re.sub(
        r"[^0-9a-z\u00c0-\u024f ]+", " ", (name or "").lower().replace("\u2019", "'").replace("'s", "")
    )
    text = re.sub(r"^the ", "", re.sub(r"\s+", " ", text).strip())
    return _SYNONYMS.get(text, text)


def token_f1(a: list[str], b: list[str]) -> float:
    if not a or not b:
        return 0.0
    common = sum((Counter(a) & Counter(b)).values())
    if not common:
        return 0.0
    p, r = common / len(b), common / len(a)
    return 2 * p * r / (p + r)


def match_statements(gold: list[dict], predicted: list[dict]) -> dict[int, int]:
    """Gold index -> predicted index, best token overlap first, one to one, F1 >= 0.5."""
    gt = [norm_text(g.get("quote")) for g in gold]
    pt = [norm_text(p.get("quote")) for p in predicted]
    pairs = sorted(
        ((token_f1(gt[i], pt[j]), i, j) for i in range(len(gold)) for j in range(len(predicted))),
        reverse=True,
    )
    matched: dict[int, int] = {}
    used: set[int] = set()
    for score, i, j in pairs:
        if score < 0.5:
            break
        if i not in matched and j not in used:
            matched[i] = j
            used.add(j)
    return matched


def predict(stance_set: StanceSet, nlp: Any) -> list[dict[str, Any]]:
    """One row per predicted statement: doc, speaker, quote, and the suggested stances."""
    items = ((a["text"], a["published"], a["title"]) for a in stance_set.articles)
    results = extract_many(items, actors=stance_set.actors, nlp=nlp, propositions=stance_set.propositions)
    rows = []
    for article, result in zip(stance_set.articles, results, strict=True):
        for record in result.statements:
            rows.append(
                {
                    "doc": article["file"],
                    "speaker": record.speaker_name,
                    "quote": record.text,
                    "stances": {s.proposition_slug: s.polarity for s in record.stances},
                    "reasons": {s.proposition_slug: f"{s.confidence:.2f} {s.reason}" for s in record.stances},
                    "suggestions": {s.proposition_slug: s for s in record.stances},
                }
            )
    return rows


def _prf(hits: int, predicted: int, gold: int) -> dict[str, float]:
    p = hits / predicted if predicted else 0.0
    r = hits / gold if gold else 0.0
    return {
        "precision": p,
        "recall": r,
        "f1": 2 * p * r / (p + r) if p + r else 0.0,
        "n": predicted,
        "gold": gold,
    }


def _positions(rows: list[dict]) -> set[tuple[str, str, str]]:
    return {
        (norm_name(r["speaker"]), slug, pol)
        for r in rows
        if r.get("speaker")
        for slug, pol in r["stances"].items()
    }


def baseline(stance_set: StanceSet, rows: list[dict]) -> list[dict]:
    """The keyword + majority-polarity baseline over the same predicted statements."""
    counts: dict[str, Counter] = defaultdict(Counter)
    if stance_set.gold is not None:
        for g in stance_set.gold:
            for slug, pol in (g.get("stances") or {}).items():
                counts[slug][pol] += 1
    else:
        for _, slug, pol in stance_set.expected:
            counts[slug][pol] += 1
    patterns = {}
    for p in stance_set.propositions:
        words = list(p.keywords) or [w for w in norm_text(p.title) if distinctiveness(w) >= MIN_DISTINCT]
        if words and counts[p.slug]:
            alternatives = "|".join(re.escape(" ".join(norm_text(w))) for w in words if norm_text(w))
            patterns[p.slug] = (re.compile(rf"\b(?:{alternatives})\b"), counts[p.slug].most_common(1)[0][0])
    out = []
    for row in rows:
        text = " ".join(norm_text(row["quote"]))
        stances = {slug: pol for slug, (pattern, pol) in patterns.items() if pattern.search(text)}
        out.append({**row, "stances": stances})
    return out


def stance_outcomes(stance_set: StanceSet, rows: list[dict]) -> list[tuple[dict, str, bool, str | None]]:
    """Every suggested stance as (row, slug, correct, gold): correct when its statement matches a gold
    statement (as match_statements pairs them) that records the same polarity on that proposition;
    gold is that statement's polarity on it ("" when it records none), None when no gold statement
    matches."""
    by_doc_gold, by_doc_pred = defaultdict(list), defaultdict(list)
    for g in stance_set.gold or []:
        by_doc_gold[g["doc"]].append(g)
    for n, r in enumerate(rows):
        by_doc_pred[r["doc"]].append(n)
    wanted: dict[int, dict[str, str]] = {}
    for doc, golds in by_doc_gold.items():
        preds = by_doc_pred.get(doc, [])
        for i, j in match_statements(golds, [rows[n] for n in preds]).items():
            wanted[preds[j]] = golds[i].get("stances") or {}
    return [
        (row, slug, wanted.get(n, {}).get(slug) == pol, wanted[n].get(slug, "") if n in wanted else None)
        for n, row in enumerate(rows)
        for slug, pol in row["stances"].items()
    ]


def _stance_hits(stance_set: StanceSet, rows: list[dict]) -> dict[str, float]:
    outcomes = stance_outcomes(stance_set, rows)
    gold = sum(len(g.get("stances") or {}) for g in stance_set.gold or [])
    return _prf(sum(1 for _, _, correct, _ in outcomes if correct), len(outcomes), gold)


def score(stance_set: StanceSet, rows: list[dict]) -> dict[str, Any]:
    """Stance and position scores of the suggester and of the baseline, on the same statements."""
    gold_positions = (
        {
            (norm_name(g["speaker"]), slug, pol)
            for g in stance_set.gold
            for slug, pol in (g.get("stances") or {}).items()
        }
        if stance_set.gold is not None
        else stance_set.expected
    )
    report: dict[str, Any] = {"statements": len(rows), "gold_positions": len(gold_positions)}
    for name, predicted in (("suggester", rows), ("baseline", baseline(stance_set, rows))):
        positions = _positions(predicted)
        report[name] = {
            "positions": _prf(len(positions & gold_positions), len(positions), len(gold_positions)),
            "missing": sorted(gold_positions - positions),
            "extra": sorted(positions - gold_positions),
        }
        if stance_set.gold is not None:
            report[name]["stances"] = _stance_hits(stance_set, predicted)
    return report
