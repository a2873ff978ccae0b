"""The REST API statement list's own CPU time, in one process (a script; never run by tests).

Uses the pages benchmark's database for N statements (bench/pages.py fills it; BENCH_REUSE=1 keeps a
filled one), with DJANGO_DEBUG=0 (no query log) and the list cache off unless BENCH_CACHED=1 (then
Django's default cache: set TRACKER_CACHE_URL to a Redis database). Asks the statement list by speaker
and by proposition through DRF's test client with an analyst's token and prints, for each, the median
of $BENCH_ROUNDS (4) medians of $BENCH_RUNS (50) requests' `time.process_time`, the least of them,
and its queries.
BENCH_PROFILE=speaker|proposition prints a CPU-timed cProfile of that list's requests instead.
Usage: BENCH_REUSE=1 .venv/bin/python bench/api_cpu.py [N_STATEMENTS]
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-" + "x" * 50)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("TRACKER_API_THROTTLE_RATE", "1000000/hour")
os.environ.setdefault("TRACKER_LOG_LEVEL", "WARNING")
os.environ["TRACKER_LIST_CACHE"] = "1" if os.environ.get("BENCH_CACHED") == "1" else "0"

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import bench.pages as pages  # noqa: E402 - sets DATABASE_URL for its database first

LISTS = {
    "speaker": "/api/v1/statements/?speaker=actor-7",
    "proposition": "/api/v1/statements/?proposition=prop-3",
}


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    runs, rounds = int(os.environ.get("BENCH_RUNS", "50")), int(os.environ.get("BENCH_ROUNDS", "4"))
    pages.prepare(n)
    from django.conf import settings
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    from bench.cpu import print_profile, request_cpu
    from common.accounts import create_or_update_user

    user = create_or_update_user(
        username="bench-api", role="analyst", password="correct-horse-battery-9"
    ).user
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get(user=user).key}")
    profiled = os.environ.get("BENCH_PROFILE")
    if profiled:
        print_profile(client, LISTS[profiled], runs=runs, lines=40)
        return
    cached = "cached" if settings.TRACKER_LIST_CACHE else "uncached"
    print(f"{n:,} statements, DEBUG={settings.DEBUG}, {cached}, load {os.getloadavg()[0]:.1f}:")
    for name, url in LISTS.items():
        median, least, queries = request_cpu(client, url, runs=runs, rounds=rounds)
        print(f"  by {name:12s} CPU median {median:5.2f} ms  least {least:5.2f} ms  {queries:2d} queries")


if __name__ == "__main__":
    main()
