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
import statistics
import sys
import time
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


def cpu_of(client, url: str, runs: int, rounds: int) -> tuple[float, float, int]:
    """The median of `rounds` medians of `runs` requests' CPU milliseconds, the least of them all (less
    swayed by other work on the machine), and the queries of one."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):  # warm
        assert client.get(url).status_code == 200, url
    medians, least = [], float("inf")
    for _ in range(rounds):
        times = []
        for _ in range(runs):
            started = time.process_time()
            response = client.get(url)
            times.append((time.process_time() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        medians.append(statistics.median(times))
        least = min(least, *times)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return statistics.median(medians), least, len(captured)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    runs, rounds = int(os.environ.get("BENCH_RUNS", "50")), int(os.environ.get("BENCH_ROUNDS", "4"))
    pages.prepare(n)
    from django.conf import settings
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    from common.accounts import create_or_update_user

    user = create_or_update_user(
        username="bench-api", role="analyst", password="correct-horse-battery-9"
    ).user
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get(user=user).key}")
    profiled = os.environ.get("BENCH_PROFILE")
    if profiled:
        import cProfile
        import pstats

        url = LISTS[profiled]
        for _ in range(3):
            client.get(url)
        profile = cProfile.Profile(time.process_time)
        profile.enable()
        for _ in range(runs):
            client.get(url)
        profile.disable()
        stats = pstats.Stats(profile).sort_stats(os.environ.get("BENCH_SORT", "tottime"))
        stats.print_stats(int(os.environ.get("BENCH_LINES", "40")))
        return
    cached = "cached" if settings.TRACKER_LIST_CACHE else "uncached"
    print(f"{n:,} statements, DEBUG={settings.DEBUG}, {cached}, load {os.getloadavg()[0]:.1f}:")
    for name, url in LISTS.items():
        median, least, queries = cpu_of(client, url, runs, rounds)
        print(f"  by {name:12s} CPU median {median:5.2f} ms  least {least:5.2f} ms  {queries:2d} queries")


if __name__ == "__main__":
    main()
