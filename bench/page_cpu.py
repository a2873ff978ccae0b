"""Pages' own CPU time (a script; never run by tests).

On a machine shared with other work, wall times swing with the load; the CPU time this process spends
serving a page does much less. Uses the pages benchmark's database for N statements (bench/pages.py
fills it; BENCH_REUSE=1 keeps a filled one), logs in as an analyst and, for each page, prints the median
and least `time.process_time` of $BENCH_RUNS (20) requests through Django's test client (view, queries,
template, middleware), with the number of queries. BENCH_PROFILE=<page> (dashboard, actor, proposition,
search, list) prints a cProfile of that page's requests instead, sorted by $BENCH_SORT (tottime).
Runs with the settings' defaults (DEBUG on, as bench/pages.py: each query is also logged).
Usage: BENCH_REUSE=1 .venv/bin/python bench/page_cpu.py [N_STATEMENTS]
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import bench.pages as pages  # noqa: E402 - sets DATABASE_URL for its database first

PAGES = {
    "dashboard": "/",
    "actor": "/actors/actor-7/",
    "proposition": "/propositions/prop-3/",
    "list": "/propositions/",
    "search": "/search/?q=harbour",
}


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    runs = int(os.environ.get("BENCH_RUNS", "20"))
    pages.prepare(n)
    from django.conf import settings
    from django.test import Client

    from bench.cpu import print_profile, request_cpu
    from common.accounts import create_or_update_user

    user = create_or_update_user(username="bench", role="analyst", password="correct-horse-battery-9").user
    client = Client()
    client.force_login(user)
    profiled = os.environ.get("BENCH_PROFILE")
    if profiled:
        print_profile(client, PAGES[profiled], runs=runs, lines=45)
        return
    print(f"{n:,} statements, DEBUG={settings.DEBUG}, load {os.getloadavg()[0]:.1f}, {runs} runs:")
    for name, url in PAGES.items():
        median, least, queries = request_cpu(client, url, runs=runs)
        print(f"  {name:12s} CPU median {median:5.1f} ms  least {least:5.1f} ms  {queries:2d} queries")


if __name__ == "__main__":
    main()
