"""Why gold stances are missed, by cause (a script; never run by tests). Read it on development sets only.

For every gold stance of a stance set, matched to the extracted statements as `score_stances` matches
them (claims.stance_eval), one of:
- hit: the same polarity was suggested;
- (c) wrong polarity: another polarity was suggested;
- (d) not extracted: no extracted statement matches the gold line (the extractor's miss);
- (b) topic found, no polarity: the statement's sentence is on the proposition's topic, or one of its
  words refers back to it with the article before it on topic, yet nothing decided a polarity;
- (a) topic not found, split by what the statement holds: a1 an anaphor that refers but finds no
  context, a2 a pronoun or a proposition-kind noun the topic rules reject, a3 some of the
  proposition's words below the topic threshold (paraphrase, entity only), a4 no reference at all;
  "[article question]" marks an article whose headline and lead name the proposition.

Usage: .venv/bin/python bench/stance_misses.py [SET_DIR] [-v]   (default tests/data/stances)
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

from claims.extraction import extract_many, load_nlp  # noqa: E402
from claims.extraction.stances import suggest as stage  # noqa: E402
from claims.extraction.stances.lexicon import lemma, word_set  # noqa: E402
from claims.extraction.stances.profile import build_profiles  # noqa: E402
from claims.extraction.stances.records import as_span  # noqa: E402
from claims.extraction.stances.topic import anaphor_candidates, match_many, refers  # noqa: E402
from claims.stance_eval import load_set, match_statements  # noqa: E402


def topic_cause(article: Any, record: Any, index: int) -> str:
    """Why a statement with no suggestion on proposition `index` missed it: (a...) or (b...)."""
    profile = article.profiles[index]
    span = as_span(record)
    own, around = stage._statement_tokens(article, span)
    if not own:
        return "a4 no reference"
    own_ids = {t.i for t in own}
    cue = stage._cue_tokens(span, own_ids, around)
    skip = stage._speaker_tokens(span, own_ids, around)
    match = article.matches(around[0].idx, around[-1].idx + 1, skip)[index]
    candidates = anaphor_candidates([*own, *stage.cue_objects(around, cue, own_ids)])
    referring = [c for c in candidates if refers(c, profile)]
    context = [stage._context_strength(article, c.token.idx, index, profile, c.pronoun)[0] for c in referring]
    question = stage._article_question(article)
    asked = " [article question]" if question and question[0] == index else ""
    if match.on_topic:
        return "b topic in the sentence"
    if any(context):
        return "b topic via an anaphor"
    kinds = word_set("proposal", "anaphors") | word_set("claim", "anaphors")
    if referring:
        return "a1 anaphor with no context" + asked
    if any(c.pronoun or lemma(c.token) in kinds for c in candidates):
        return "a2 anaphor rejected" + asked
    if match.score > 0:
        return "a3 some of its words, below the threshold" + asked
    return "a4 no reference" + asked


def main(argv: list[str]) -> None:
    folder = Path(next((a for a in argv if not a.startswith("-")), ROOT / "tests" / "data" / "stances"))
    verbose = "-v" in argv
    nlp = load_nlp(settings.TRACKER_SPACY_MODEL)
    stance_set = load_set(folder)
    profiles = build_profiles(list(stance_set.propositions), nlp)
    slugs = [p.record.slug for p in profiles]
    items = [(a["text"], a["published"], a["title"]) for a in stance_set.articles]
    results = extract_many(items, actors=stance_set.actors, nlp=nlp, propositions=stance_set.propositions)
    causes: Counter[str] = Counter()
    lines = []
    for entry, result in zip(stance_set.articles, results, strict=True):
        doc = nlp(result.text)
        article = stage._Article(doc, None, [], profiles)
        article.headline = match_many(profiles, list(nlp(entry["title"])), index=article.index)
        golds = [g for g in stance_set.gold or [] if g["doc"] == entry["file"]]
        rows = [{"quote": r.text} for r in result.statements]
        matched = match_statements(golds, rows)
        for n, gold in enumerate(golds):
            for slug, polarity in (gold.get("stances") or {}).items():
                record = result.statements[matched[n]] if n in matched else None
                got = {s.proposition_slug: s.polarity for s in record.stances} if record else {}
                if record is None:
                    cause = "d not extracted"
                elif got.get(slug) == polarity:
                    cause = "hit"
                elif slug in got:
                    cause = f"c wrong polarity (got {got[slug]})"
                else:
                    cause = topic_cause(article, record, slugs.index(slug))
                causes[cause.split(" (got")[0]] += 1
                lines.append((cause, entry["file"], slug, polarity, gold["speaker"], gold["quote"]))
    print(f"{folder.name}: {sum(causes.values())} gold stances")
    for cause, count in sorted(causes.items()):
        print(f"  {count:>4}  {cause}")
    if verbose:
        for cause, doc, slug, polarity, speaker, quote in sorted(lines):
            if cause != "hit":
                print(f"[{cause}] {doc} {slug}={polarity} <{speaker}> {quote[:150]!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
