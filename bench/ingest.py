"""Ingestion benchmark (a script; never run by tests).

N local news pages go end to end through one real Celery worker (concurrency 1): queue, fetch from a
local HTTP server, read the main text, de-duplicate, store, extract, store the candidates. In the same
run it times extraction alone (`extract` in this process, same model, same actors) on the very texts
the worker stored, and prints the ratio: the overhead of fetching, cleaning, storing and queuing.

Needs PostgreSQL and Redis (defaults: 127.0.0.1, as on the development machines). It creates and drops
its own database `tracker_bench_ingest` and uses Redis database 15.
Usage: .venv/bin/python bench/ingest.py [N_PAGES]
"""

from __future__ import annotations

import os
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
    recreate(DB_NAME)
    try:
        run(n)
    finally:  # a failed run must not leave its database behind
        close_connections()
        drop(DB_NAME)


def close_connections() -> None:
    """Let go of Django's connection to the benchmark database (if it was opened) before it is dropped."""
    from django.apps import apps

    if apps.ready:
        from django.db import connections

        connections.close_all()


def run(n: int) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from actors.selectors import actor_records
    from bench.extraction import build_corpus
    from claims.extraction import build_actor_index, extract, load_nlp
    from claims.models import Statement
    from sources.models import Article, IngestJob
    from sources.services import submit_url
    from tests.ingest.localsite import LocalSite, news_page
    from tests.ingest.workers import WorkerProcess
    from tracker.celery import app

    call_command("migrate", verbosity=0)
    call_command("load_seeds", "--no-extract", verbosity=0)
    app.control.purge()
    corpus = build_corpus(n + 3, seed=7)
    worker = None
    with LocalSite() as site:
        urls = []
        for i, (text, published) in enumerate(corpus):
            paragraphs = [p for p in text.split("\n\n") if p.strip()]
            urls.append(
                site.add(
                    f"/news/{i}",
                    news_page(
                        title=f"Story {i}",
                        paragraphs=paragraphs,
                        published=published.isoformat() if published else "",
                    ),
                )
            )
        try:
            worker = WorkerProcess(concurrency=1).start()
            warm = [submit_url(url=u).pk for u in urls[:3]]  # the worker's first tasks load spaCy
            wait_all_done(warm, 180)
            started = time.perf_counter()
            job_ids = [submit_url(url=u).pk for u in urls[3:]]
            wait_all_done(job_ids, 60 * 60)
            end_to_end = time.perf_counter() - started
        finally:
            if worker:
                worker.stop()
        jobs = IngestJob.objects.filter(pk__in=job_ids)
        done = jobs.filter(state="done").count()
        failed_jobs = jobs.filter(state="failed")
        failed_count = failed_jobs.count()  # all of them; only the first few reasons are printed
        failed_sample = list(failed_jobs.values_list("error", flat=True)[:3])
        articles = list(Article.objects.filter(jobs__in=jobs).distinct())
        extracted = [a for a in articles if a.status == Article.Status.EXTRACTED]
        duplicates = sum(a.status == Article.Status.DUPLICATE for a in articles)
        statements = Statement.objects.filter(article__in=extracted).count()
        run_ms = sorted((j.finished_at - j.started_at).total_seconds() * 1000 for j in jobs if j.finished_at)
        if not extracted:
            raise SystemExit(f"no article was extracted ({failed_count} failed: {failed_sample!r})")

        nlp = load_nlp(settings.TRACKER_SPACY_MODEL)
        index = build_actor_index(actor_records())
        extract(extracted[0].text, published=None, actors=index, nlp=nlp)  # warm-up
        started = time.perf_counter()
        for article in extracted:
            extract(
                article.text,
                published=article.published_at.date() if article.published_at else None,
                actors=index,
                nlp=nlp,
            )
        extraction_only = time.perf_counter() - started

    failures = f"{failed_count} failed" + (f" (first reasons: {failed_sample!r})" if failed_sample else "")
    print(f"pages: {n} through one worker (concurrency 1); {done} done, {failures}")
    print(
        f"articles: {len(extracted)} extracted, {duplicates} recorded as near-duplicates; {statements} candidates"
    )
    print(f"end to end:        {end_to_end:7.2f} s  ({n / end_to_end:6.2f} articles/s)")
    print(
        f"extraction alone:  {extraction_only:7.2f} s  ({len(extracted) / extraction_only:6.2f} articles/s, "
        f"same {len(extracted)} texts, in-process)"
    )
    per_article_e2e = end_to_end / n
    per_article_extract = extraction_only / len(extracted)
    print(f"ratio end-to-end / extraction alone (per article): {per_article_e2e / per_article_extract:6.3f}")
    print(f"median job run time in the worker (claim to finish): {run_ms[len(run_ms) // 2]:6.1f} ms")
    print(
        f"overhead per article (fetch, read, dedupe, store, queue): "
        f"{(per_article_e2e - per_article_extract) * 1000:6.1f} ms"
    )


if __name__ == "__main__":
    main()
