"""Extraction benchmark (a script; never run by tests).

Builds a corpus of synthetic articles by recombining the seed paragraphs with other names, dates and
outlets, then measures in one run: articles per second through extract_many, median ms per article
through extract, peak memory, and the ratio of full extraction time to bare nlp.pipe over the same
texts with the same model, and the share stance suggestion (the seed propositions) adds to extraction.
Usage: .venv/bin/python bench/extraction.py [N_ARTICLES]
"""

from __future__ import annotations

import json
import random
import re
import resource
import statistics
import sys
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claims.extraction import build_actor_index, clean_text, extract, extract_many, load_nlp  # noqa: E402
from claims.extraction.jsonl import actors_from_json  # noqa: E402
from claims.extraction.stages.clean import prepare  # noqa: E402
from claims.extraction.stances import PropositionRecord  # noqa: E402

FIRST = [
    "Anna",
    "Marek",
    "Sofia",
    "Liam",
    "Chen",
    "Amara",
    "Jonas",
    "Elena",
    "Ravi",
    "Ines",
    "Tomasz",
    "Yuki",
]
LAST = ["Keller", "Novak", "Okafor", "Lindqvist", "Moreau", "Tanaka", "Varga", "Costa", "Haddad", "Brennan"]
OUTLETS = ["Harbour Herald", "Nordic Wire", "Daily Ledger", "Metro Gazette", "Global Dispatch"]
PLACES = ["OSLO", "LIMA", "ACCRA", "HANOI", "QUITO", "RIGA", "PERTH"]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def build_corpus(n: int, seed: int = 42) -> list[tuple[str, date]]:
    rng = random.Random(seed)
    actors = json.loads((ROOT / "seeds" / "actors.json").read_text(encoding="utf-8"))["actors"]
    people = [a for a in actors if a["kind"] == "person"]
    media = [a["name"] for a in actors if a["kind"] == "media"]
    paragraphs: list[str] = []
    for path in sorted((ROOT / "seeds" / "articles").glob("*.txt")):
        paragraphs += [p for p in clean_text(path.read_text(encoding="utf-8")).split("\n\n") if len(p) > 60]
    corpus = []
    for _ in range(n):
        text = "\n\n".join(rng.sample(paragraphs, rng.randint(6, min(14, len(paragraphs)))))
        for person in rng.sample(people, 4):  # other people under the seed people's names
            new_last, new_first = rng.choice(LAST), rng.choice(FIRST)
            first, last = person["name"].split(" ", 1) if " " in person["name"] else ("", person["name"])
            text = text.replace(person["name"], f"{new_first} {new_last}").replace(last, new_last)
        for outlet in media:
            if rng.random() < 0.5:
                text = re.sub(rf"\b{re.escape(outlet)}\b", rng.choice(OUTLETS), text)
        published = date(2019, 1, 1) + timedelta(days=rng.randint(0, 1800))
        dateline = (
            f"{rng.choice(PLACES)}, {MONTHS[published.month - 1]} {published.day} ({rng.choice(OUTLETS)}) - "
        )
        corpus.append((dateline + text, published if rng.random() < 0.7 else None))
    return corpus


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 600
    nlp = load_nlp()  # the extractor's default model, as extract() uses
    actors = actors_from_json(json.loads((ROOT / "seeds" / "actors.json").read_text(encoding="utf-8")))
    index = build_actor_index(actors)
    corpus = build_corpus(n)
    parse_texts = [prepare(t, d, 200_000).parse_text for t, d in corpus]
    chars = sum(len(t) for t in parse_texts)
    print(f"corpus: {n} articles, {chars / n:,.0f} characters each on average; pipeline: {nlp.pipe_names}")

    propositions = [
        PropositionRecord(
            p["slug"], p["kind"], p["title"], p.get("description", ""), tuple(p.get("keywords", ()))
        )
        for p in json.loads((ROOT / "seeds" / "propositions.json").read_text(encoding="utf-8"))[
            "propositions"
        ]
    ]
    list(extract_many(corpus[:40], actors=index, nlp=nlp, propositions=propositions))  # warm-up

    bare, full, with_stances, statements, stances = [], [], [], 0, 0
    for _ in range(2):  # alternate the two measurements, keep the best of each
        started = time.perf_counter()
        for _doc in nlp.pipe(parse_texts, batch_size=32):
            pass
        bare.append(time.perf_counter() - started)
        started = time.perf_counter()
        statements = sum(
            len(r.statements) for r in extract_many(corpus, actors=index, nlp=nlp, batch_size=32)
        )
        full.append(time.perf_counter() - started)
        started = time.perf_counter()
        results = extract_many(corpus, actors=index, nlp=nlp, batch_size=32, propositions=propositions)
        stances = sum(len(s.stances) for r in results for s in r.statements)
        with_stances.append(time.perf_counter() - started)
    t_bare, t_full, t_stances = min(bare), min(full), min(with_stances)

    per_article = []
    for text, published in corpus[:150]:
        started = time.perf_counter()
        extract(text, published=published, actors=index, nlp=nlp)
        per_article.append((time.perf_counter() - started) * 1000)

    tracemalloc.start()
    for _ in extract_many(corpus[:200], actors=index, nlp=nlp):
        pass
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    maxrss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"statements extracted: {statements} ({statements / n:.1f} per article)")
    print(f"bare nlp.pipe:        {t_bare:7.2f} s  ({n / t_bare:6.1f} articles/s)")
    print(f"extract_many (full):  {t_full:7.2f} s  ({n / t_full:6.1f} articles/s)")
    print(f"ratio full / bare:    {t_full / t_bare:7.3f}")
    print(
        f"with stances ({len(propositions)} propositions, {stances} suggested): {t_stances:7.2f} s; "
        f"stance share of extraction time: {(t_stances - t_full) / t_full:+.1%}"
    )
    print(f"median per article (extract, one at a time): {statistics.median(per_article):.1f} ms")
    print(
        f"peak memory: {maxrss_mb:,.0f} MB resident (process, incl. model); "
        f"{traced_peak / 2**20:,.1f} MB traced Python allocations during extract_many of 200 articles"
    )


if __name__ == "__main__":
    main()
