"""API benchmark (a script; never run by tests).

Uses the pages benchmark's databases (bench/pages.py fills them; BENCH_REUSE=1 keeps a filled one), at
100,000 and 1,000,000 statements by default, serves the app with gunicorn on 127.0.0.1, and drives the
statement list filtered by speaker and by proposition with ApacheBench (Debian's apache2-utils;
installed here if missing and we are root) at 1 and 16 concurrent clients. Each size is served twice:
with the versioned list cache (Redis at $BENCH_CACHE_URL, default redis://127.0.0.1:6379/15; its
version is bumped first, so nothing cached by an earlier run is served) and without it
(TRACKER_LIST_CACHE=0: every request reads the database); $BENCH_MODES picks them (cached,uncached).
Prints latency median, p95, requests per second, the gunicorn workers' CPU time per request (user +
system, from /proc: on a shared machine the figure that load does not inflate much), and the ratio of
the median to the list's own page query run directly in SQL (as the view runs it, compiled per shape;
beside it, run in turn, the same without `compiled_lists.stances_first`; their EXPLAIN ANALYZE too). $BENCH_WORKERS (4) and
$BENCH_THREADS (1: sync workers; more: gthread) set gunicorn; $BENCH_APP_ROOT serves another checkout of
the app (the code before a change) from the same databases.
Usage: .venv/bin/python bench/api.py [N1,N2,...] [REQUESTS]
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import bench.pages as pages  # noqa: E402 - sets DATABASE_URL for its database first
from bench.procs import start_gunicorn, tree_cpu_seconds  # noqa: E402

PORT = int(os.environ.get("BENCH_PORT", "8077"))
CACHE_URL = os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/15")
os.environ["TRACKER_CACHE_URL"] = CACHE_URL  # this process bumps the version the servers read
# this process reads a page through the view too (`page_query`): its throttle counts in the same cache
os.environ["TRACKER_API_THROTTLE_RATE"] = "1000000/hour"
APP_ROOT = Path(os.environ.get("BENCH_APP_ROOT", ROOT))
MODES = os.environ.get("BENCH_MODES", "cached,uncached").split(",")
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
THREADS = int(os.environ.get("BENCH_THREADS", "1"))


def ensure_ab() -> str:
    path = shutil.which("ab")
    if path:
        return path
    if os.geteuid() == 0:
        subprocess.run(["apt-get", "install", "-y", "-qq", "apache2-utils"], check=True, capture_output=True)
        return shutil.which("ab") or sys.exit("ab not found after installing apache2-utils")
    sys.exit("ApacheBench (ab) is needed: apt-get install apache2-utils")


def run_ab(ab: str, url: str, token: str, requests: int, concurrency: int) -> dict[str, float]:
    out = subprocess.run(
        [ab, "-q", "-n", str(requests), "-c", str(concurrency), "-H", f"Authorization: Token {token}", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    failed = int(re.search(r"Failed requests:\s+(\d+)", out).group(1))
    non_2xx = re.search(r"Non-2xx responses:\s+(\d+)", out)
    percent = {int(p): float(ms) for p, ms in re.findall(r"^\s+(\d+)%\s+(\d+)", out, re.MULTILINE)}
    rps = float(re.search(r"Requests per second:\s+([\d.]+)", out).group(1))
    return {
        "p50": percent[50],
        "p95": percent[95],
        "p99": percent[99],
        "rps": rps,
        "failed": failed,
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
    }


def _serve(env: dict) -> subprocess.Popen:
    threads = ["--threads", str(THREADS), "-k", "gthread"] if THREADS > 1 else []
    return start_gunicorn(root=APP_ROOT, port=PORT, env=env, workers=WORKERS, extra=threads)


def page_query(user, query: dict[str, str]) -> str:
    """The SQL of the page query the list runs for `query` (with its values), through the view."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, override_settings
    from rest_framework.test import APIRequestFactory, force_authenticate

    from claims.api import StatementViewSet

    request = APIRequestFactory().get("/api/v1/statements/", query)
    force_authenticate(request, user=user)
    with override_settings(TRACKER_LIST_CACHE=False), CaptureQueriesContext(connection) as queries:
        response = StatementViewSet.as_view({"get": "list"})(request)
    assert response.status_code == 200, response.status_code
    (sql,) = [q["sql"] for q in queries.captured_queries if '"sources_article"' in q["sql"]]
    return sql


def unrewritten_page_query(user, query: dict[str, str]) -> str:
    """`page_query` as the list ran it before its SQL was rewritten (`compiled_lists.stances_first`: a
    page by proposition read from its stances first): the ORM's compiled SQL, the stances joined last."""
    from unittest import mock

    from claims import compiled_lists

    compiled_lists._shapes.clear()
    with mock.patch.object(compiled_lists, "stances_first", lambda sql: sql):
        sql = page_query(user, query)
    compiled_lists._shapes.clear()
    return sql


def sql_texts_alone(sqls: list[str], runs: int) -> list[tuple[float, str]]:
    """For each of `sqls` (values in them), the median time run directly and its plan with planning
    time; they are run in turn, one after the other, so the machine's load falls on each alike."""
    import statistics
    import time

    from django.db import connection

    times: list[list[float]] = [[] for _ in sqls]
    with connection.cursor() as cursor:
        for _ in range(runs):
            for at, sql in enumerate(sqls):
                started = time.perf_counter()
                cursor.execute(sql)
                cursor.fetchall()
                times[at].append((time.perf_counter() - started) * 1000)
        plans = []
        for sql in sqls:
            cursor.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) " + sql)
            plans.append("\n".join(row[0] for row in cursor.fetchall()))
    return [(statistics.median(t), plan) for t, plan in zip(times, plans, strict=True)]


def measure(n: int, requests: int, ab: str) -> dict:
    """The statement list by speaker and by proposition at `n` statements (the pages benchmark's
    database for that size): SQL alone with its plan, then through gunicorn at 1 and 16 clients, with the
    list cache and without."""
    pages.prepare(n)
    from django.db import connection
    from rest_framework.authtoken.models import Token

    from claims.listing import STATEMENTS
    from common import listcache
    from common.accounts import create_or_update_user

    user = create_or_update_user(
        username="bench-api", role="analyst", password="correct-horse-battery-9"
    ).user
    token = Token.objects.get(user=user).key
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-" + "x" * 50,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "TRACKER_API_THROTTLE_RATE": "1000000/hour",
        "TRACKER_LOG_LEVEL": "WARNING",
    }
    connection.close()
    listcache.bump(STATEMENTS)  # outside a transaction: at once
    cases = {"by speaker": {"speaker": "actor-7"}, "by proposition": {"proposition": "prop-3"}}
    result: dict = {"n": n, "cases": {}}
    for name, query in cases.items():
        # The query the list runs (claims.compiled_lists: compiled once per shape, a page by proposition
        # read from its stances first), and the same before that rewrite (the ORM's SQL, the stances
        # joined last), run alone in SQL in turn.
        listed, unrewritten = page_query(user, query), unrewritten_page_query(user, query)
        (direct, plan), (built, built_plan) = sql_texts_alone([listed, unrewritten], 30)
        result["cases"][name] = {
            "sql": direct,
            "plan": plan,
            "built": built,
            "built_plan": built_plan,
            "runs": {},
        }
    connection.close()
    for mode in MODES:
        server = _serve({**env, "TRACKER_LIST_CACHE": "1" if mode == "cached" else "0"})
        try:
            for name, query in cases.items():
                url = f"http://127.0.0.1:{PORT}/api/v1/statements/?" + "&".join(
                    f"{k}={v}" for k, v in query.items()
                )
                # Not timed: each worker's first requests import and set up the rest of the app.
                run_ab(ab, url, token, 4 * WORKERS, WORKERS)
                for concurrency in (1, 16):
                    before = tree_cpu_seconds(server.pid, include_root=False)
                    run = run_ab(ab, url, token, requests, concurrency)
                    run["cpu_ms"] = (
                        (tree_cpu_seconds(server.pid, include_root=False) - before) * 1000 / requests
                    )
                    result["cases"][name]["runs"][f"{mode} c={concurrency}"] = run
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
    return result


def main() -> None:
    """Each size in its own process (one Django database each), printed side by side."""
    import json

    if len(sys.argv) > 2 and sys.argv[1] == "--one":
        print("RESULT " + json.dumps(measure(int(sys.argv[2]), int(sys.argv[3]), ensure_ab())), flush=True)
        return
    sizes = [int(x) for x in (sys.argv[1] if len(sys.argv) > 1 else "100000,1000000").split(",")]
    requests = sys.argv[2] if len(sys.argv) > 2 else "400"
    ensure_ab()
    results = []
    for n in sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(n), requests], capture_output=True, text=True, check=False
        )
        sys.stderr.write(out.stderr)
        lines = out.stdout.splitlines()
        print("\n".join(line for line in lines if not line.startswith("RESULT ")), flush=True)
        found = [line for line in lines if line.startswith("RESULT ")]
        if not found:
            raise SystemExit(f"the run at {n:,} statements failed")
        results.append(json.loads(found[0].removeprefix("RESULT ")))
    threads = f", {THREADS} threads each" if THREADS > 1 else ""
    print(
        f"\nAPI statement list (gunicorn, {WORKERS} workers{threads}, app at {APP_ROOT}; ApacheBench, load "
        f"{os.getloadavg()[0]:.1f}), the same query in SQL alone as baseline:"
    )
    for r in results:
        for name, case in r["cases"].items():
            for label, run in case["runs"].items():
                print(
                    f"  {r['n']:>9,} {name:15s} {label:13s} median {run['p50']:5.0f} ms  p95 {run['p95']:5.0f} ms  "
                    f"{run['rps']:7.1f} req/s  CPU {run['cpu_ms']:5.1f} ms/request  "
                    f"failed {run['failed'] + run['non_2xx']}  "
                    f"median / SQL alone ({case['sql']:.2f} ms) = {run['p50'] / case['sql']:.1f}"
                )
    for r in results:
        for name, case in r["cases"].items():
            print(
                f"  {r['n']:>9,} {name:15s} the list's query alone {case['sql']:.2f} ms; "
                f"without its rewrite (stances joined last) {case['built']:.2f} ms"
            )
    for r in results:
        for name, case in r["cases"].items():
            print(f"\nEXPLAIN at {r['n']:,}: {name}, the list's query\n{case['plan']}")
            if case["built_plan"] != case["plan"]:
                print(f"\nEXPLAIN at {r['n']:,}: {name}, without the rewrite\n{case['built_plan']}")


if __name__ == "__main__":
    main()
