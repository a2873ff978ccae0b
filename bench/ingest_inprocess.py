"""Ingest in one process (a script; never run by tests): N local pages through the job service, with
the Celery task run in-process, timing the CPU and wall time spent inside extraction (`extract`) and
outside it (fetching, reading, de-duplicating, storing, clustering, the job's own bookkeeping), and
counting the queries per job. CPU time is what a loaded machine inflates least, so this separates code
before and after a change where bench/ingest.py's end-to-end ratio cannot.

Creates and drops its own database (tracker_bench_ingest_inprocess, $BENCH_DB_SUFFIX appended).
Usage: .venv/bin/python bench/ingest_inprocess.py [N_PAGES] [--profile]
(--profile: cProfile over the timed jobs, the functions with the most own time printed, extraction's
among them; its overhead inflates the CPU figures, so compare figures from runs without it)
"""

from __future__ import annotations

import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.databases import PG, bench_database, drop, recreate  # noqa: E402

DB_NAME = bench_database("tracker_bench_ingest_inprocess")

os.environ["DATABASE_URL"] = f"{PG}/{DB_NAME}"
os.environ.pop("CELERY_BROKER_URL", None)  # the task runs in this process
os.environ["TRACKER_FETCH_ALLOW_PRIVATE"] = "1"  # the pages are served from 127.0.0.1
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
os.environ.setdefault("TRACKER_LOG_LEVEL", "WARNING")


def run(n: int, profile: bool = False) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, reset_queries

    import claims.services.extraction as stored
    from bench.extraction import build_corpus
    from sources.services import submit_url
    from tests.ingest.localsite import LocalSite, news_page

    call_command("migrate", verbosity=0)
    call_command("load_seeds", "--no-extract", verbosity=0)
    corpus = build_corpus(n + 3, seed=7)
    inside = {"cpu": 0.0, "wall": 0.0}
    extract = stored.extract

    def timed(*args, **kwargs):
        cpu, wall = time.process_time(), time.perf_counter()
        try:
            return extract(*args, **kwargs)
        finally:
            inside["cpu"] += time.process_time() - cpu
            inside["wall"] += time.perf_counter() - wall

    with LocalSite() as site:
        urls = [
            site.add(
                f"/news/{i}",
                news_page(
                    title=f"Story {i}",
                    paragraphs=[p for p in text.split("\n\n") if p.strip()],
                    published=published.isoformat() if published else "",
                ),
            )
            for i, (text, published) in enumerate(corpus)
        ]
        for url in urls[:3]:  # the first jobs load spaCy
            submit_url(url=url)
        stored.extract = timed
        settings.DEBUG = True  # counts the queries
        reset_queries()
        profiler = cProfile.Profile(time.process_time) if profile else None  # CPU, not waits
        cpu, wall = time.process_time(), time.perf_counter()
        if profiler:
            profiler.enable()
        for url in urls[3:]:
            submit_url(url=url)
        if profiler:
            profiler.disable()
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        queries = len(connection.queries)
        stored.extract = extract
    print(f"{n} jobs in one process (load {os.getloadavg()[0]:.1f}), per job:")
    print(
        f"  CPU  {1000 * cpu / n:6.0f} ms, of which extraction {1000 * inside['cpu'] / n:6.0f} ms: outside "
        f"{1000 * (cpu - inside['cpu']) / n:5.0f} ms, ratio {cpu / inside['cpu']:.3f}"
    )
    print(
        f"  wall {1000 * wall / n:6.0f} ms, of which extraction {1000 * inside['wall'] / n:6.0f} ms: outside "
        f"{1000 * (wall - inside['wall']) / n:5.0f} ms, ratio {wall / inside['wall']:.3f}"
    )
    print(f"  queries {queries / n:.1f}")
    if profiler:
        stats = pstats.Stats(profiler)
        stats.sort_stats("cumulative").print_stats(60)
        stats.sort_stats("tottime").print_stats(40)


def main() -> None:
    args = [a for a in sys.argv[1:] if a != "--profile"]
    n = int(args[0]) if args else 20
    recreate(DB_NAME)
    try:
        run(n, profile="--profile" in sys.argv[1:])
    finally:
        from django.db import connections

        connections.close_all()
        drop(DB_NAME)


if __name__ == "__main__":
    main()
