"""Ingestion benchmark (a script; never run by tests).

N local news pages go end to end through one real Celery worker (concurrency 1): queue, fetch from a
local HTTP server, read the main text, de-duplicate, store, extract, store the candidates. In the same
run it times extraction alone (`extract` in this process, same model, same actors) on the very texts
the worker stored, and prints the ratio: the overhead of fetching, cleaning, storing and queuing. The
pages go in ROUNDS batches, each through the worker (B) and then extracted alone (A), B A B A, so a
change in the machine's load falls on both; each round's ratio is printed in wall time and in CPU
time (the worker's processes from /proc against this process's), which other sessions' load
inflates least. The CPU ratio leaves out PostgreSQL's and Redis's own processes.

Needs PostgreSQL and Redis (defaults: 127.0.0.1, as on the development machines). It creates and drops
its own database `tracker_bench_ingest` and uses Redis database 15 ($BENCH_BROKER_URL sets another).
Usage: .venv/bin/python bench/ingest.py [N_PAGES] [ROUNDS]   (defaults 100, 4)
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.databases import PG, bench_database, drop, recreate  # noqa: E402

DB_NAME = bench_database("tracker_bench_ingest")

os.environ["DATABASE_URL"] = f"{PG}/{DB_NAME}"
os.environ["CELERY_BROKER_URL"] = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/15")
os.environ["TRACKER_FETCH_ALLOW_PRIVATE"] = "1"  # the pages are served from 127.0.0.1
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
os.environ.setdefault("TRACKER_LOG_LEVEL", "WARNING")


def wait_all_done(job_ids: list[int], timeout: float) -> None:
    from sources.models import IngestJob

    deadline = time.monotonic() + timeout
    while IngestJob.objects.filter(pk__in=job_ids, state__in=IngestJob.ACTIVE_STATES).exists():
        if time.monotonic() > deadline:
            raise SystemExit(f"jobs still active after {timeout} s")
        time.sleep(0.1)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 4
    recreate(DB_NAME)
    try:
        run(n, rounds)
    finally:  # a failed run must not leave its database behind
        close_connections()
        drop(DB_NAME)


def close_connections() -> None:
    """Let go of Django's connection to the benchmark database (if it was opened) before it is dropped."""
    from django.apps import apps

    if apps.ready:
        from django.db import connections

        connections.close_all()


def run(n: int, rounds: int) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from actors.selectors import actor_records
    from bench.extraction import build_corpus
    from bench.procs import tree_cpu_seconds
    from claims.extraction import build_actor_index, load_nlp
    from sources.services import submit_url
    from tests.ingest.localsite import LocalSite, news_page
    from tests.ingest.workers import WorkerProcess
    from tracker.celery import app

    call_command("migrate", verbosity=0)
    call_command("load_seeds", "--no-extract", verbosity=0)
    app.control.purge()
    corpus = build_corpus(n + 3, seed=7)
    nlp = load_nlp(settings.TRACKER_SPACY_MODEL)
    worker = None
    with LocalSite() as site:
        urls = [
            _serve_page(site, news_page, i, text, published) for i, (text, published) in enumerate(corpus)
        ]
        try:
            worker = WorkerProcess(concurrency=1).start()
            warm = [submit_url(url=u).pk for u in urls[:3]]  # the worker's first tasks load spaCy
            wait_all_done(warm, 180)
            index = build_actor_index(actor_records())
            _extract_alone(_extracted_of(warm), index, nlp)  # this process's warm-up
            results = []
            for batch in _batches(urls[3:], rounds):
                # B then A, round after round: drift in the machine's load falls on both alike.
                cpu_before, started = tree_cpu_seconds(worker.process.pid), time.perf_counter()
                job_ids = [submit_url(url=u).pk for u in batch]
                wait_all_done(job_ids, 60 * 60)
                end_to_end = time.perf_counter() - started
                worker_cpu = tree_cpu_seconds(worker.process.pid) - cpu_before
                articles = _extracted_of(job_ids)
                if not articles:
                    raise SystemExit(f"no article was extracted: {_failures(job_ids)}")
                alone, alone_cpu = _extract_alone(articles, index, nlp)
                results.append(_round(job_ids, articles, end_to_end, worker_cpu, alone, alone_cpu))
        finally:
            if worker:
                worker.stop()
    _report(n, results)


def _serve_page(site, news_page, i: int, text: str, published) -> str:
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    page = news_page(
        title=f"Story {i}", paragraphs=paragraphs, published=published.isoformat() if published else ""
    )
    return site.add(f"/news/{i}", page)


def _batches(items: list, rounds: int) -> list[list]:
    size = -(-len(items) // max(1, rounds))
    return [items[i : i + size] for i in range(0, len(items), size)]


def _extracted_of(job_ids: list[int]) -> list:
    from sources.models import Article

    return list(
        Article.objects.filter(jobs__pk__in=job_ids, status=Article.Status.EXTRACTED)
        .distinct()
        .order_by("pk")
    )


def _extract_alone(articles: list, index, nlp) -> tuple[float, float]:
    """Wall and CPU seconds of `extract` in this process on the texts the worker stored, called as the
    worker calls it (claims.services.extraction.extract_article): with the tracked propositions, whose
    stances it suggests, and the headline. Without them the stance stage (~9% of extraction) counted
    as the worker's overhead."""
    from django.conf import settings

    from claims.extraction import extract
    from claims.services import suggester

    propositions = suggester.active_records()
    started, cpu = time.perf_counter(), time.process_time()
    for article in articles:
        published = article.published_at.date() if article.published_at else None
        extract(
            article.text,
            published=published,
            actors=index,
            nlp=nlp,
            max_chars=settings.TRACKER_EXTRACTION_MAX_CHARS,
            propositions=propositions,
            headline=article.title,
        )
    return time.perf_counter() - started, time.process_time() - cpu


def _failures(job_ids: list[int]) -> str:
    from sources.models import IngestJob

    failed = IngestJob.objects.filter(pk__in=job_ids, state="failed")
    return f"{failed.count()} failed (first reasons: {list(failed.values_list('error', flat=True)[:3])!r})"


def _round(job_ids, articles, end_to_end, worker_cpu, alone, alone_cpu) -> dict:
    from claims.models import Statement
    from sources.models import Article, IngestJob

    jobs = IngestJob.objects.filter(pk__in=job_ids)
    pages, extracted = len(job_ids), len(articles)
    return {
        "pages": pages,
        "done": jobs.filter(state="done").count(),
        "failures": _failures(job_ids),
        "extracted": extracted,
        "duplicates": Article.objects.filter(jobs__in=jobs, status=Article.Status.DUPLICATE)
        .distinct()
        .count(),
        "statements": Statement.objects.filter(article__in=articles).count(),
        "run_ms": sorted(
            (j.finished_at - j.started_at).total_seconds() * 1000 for j in jobs if j.finished_at
        ),
        "end_to_end": end_to_end,
        "alone": alone,
        # Per article: the worker processed `pages` pages, extraction alone the `extracted` texts among them.
        "ratio": (end_to_end / pages) / (alone / extracted),
        "cpu_ratio": (worker_cpu / pages) / (alone_cpu / extracted),
        "overhead_ms": (end_to_end / pages - alone / extracted) * 1000,
    }


def _report(n: int, results: list[dict]) -> None:
    total = {
        key: sum(r[key] for r in results)
        for key in ("pages", "done", "extracted", "duplicates", "statements")
    }
    print(f"pages: {n} through one worker (concurrency 1), in {len(results)} rounds; {total['done']} done")
    print(
        f"articles: {total['extracted']} extracted, {total['duplicates']} recorded as near-duplicates; "
        f"{total['statements']} candidates"
    )
    for i, r in enumerate(results, 1):
        print(
            f"round {i}: {r['pages']:3d} pages end to end {r['end_to_end']:6.2f} s, extraction alone "
            f"{r['alone']:6.2f} s; ratio per article {r['ratio']:5.3f} (CPU time {r['cpu_ratio']:5.3f}), "
            f"overhead {r['overhead_ms']:6.1f} ms/article; {r['failures']}"
        )
    run_ms = sorted(ms for r in results for ms in r["run_ms"])
    print(
        f"ratio end-to-end / extraction alone (per article), median of rounds: {_median(results, 'ratio'):6.3f}"
    )
    print(
        f"the same in CPU time (the worker's processes / this process):      {_median(results, 'cpu_ratio'):6.3f}"
    )
    print(
        f"overhead per article (fetch, read, dedupe, store, queue), median: {_median(results, 'overhead_ms'):6.1f} ms"
    )
    if run_ms:
        print(f"median job run time in the worker (claim to finish): {run_ms[len(run_ms) // 2]:6.1f} ms")


def _median(results: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in results)


if __name__ == "__main__":
    main()
