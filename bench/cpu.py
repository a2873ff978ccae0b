"""CPU time of requests through Django's test client, in this process: what the page and API CPU
benchmarks share. Import it after bench.pages has pointed Django at the benchmark database."""

from __future__ import annotations

import cProfile
import os
import pstats
import statistics
import time

from django.db import connection
from django.test.utils import CaptureQueriesContext


def request_cpu(client, url: str, *, runs: int, rounds: int = 1) -> tuple[float, float, int]:
    """The median of `rounds` medians of `runs` requests' CPU milliseconds, the least of them all (less
    swayed by other work on the machine), and the queries of one request; every answer must be 200."""
    for _ in range(3):  # warm: templates compiled, caches filled
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


def print_profile(client, url: str, *, runs: int, lines: int) -> None:
    """A cProfile of `runs` requests of `url` in CPU time (other work on the machine aside), sorted by
    $BENCH_SORT (tottime)."""
    for _ in range(3):
        client.get(url)
    profile = cProfile.Profile(time.process_time)
    profile.enable()
    for _ in range(runs):
        client.get(url)
    profile.disable()
    stats = pstats.Stats(profile).sort_stats(os.environ.get("BENCH_SORT", "tottime"))
    stats.print_stats(int(os.environ.get("BENCH_LINES", str(lines))))
