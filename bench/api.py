"""API benchmark (a script; never run by tests).

Uses the pages benchmark's databases (bench/pages.py fills them; BENCH_REUSE=1 keeps a filled one), at
100,000 and 1,000,000 statements by default, serves the app with gunicorn on 127.0.0.1, and drives the
statement list filtered by speaker and by proposition with ApacheBench (Debian's apache2-utils;
installed here if missing and we are root) at 1 and 16 concurrent clients. Prints latency median, p95,
requests per second, and the ratio of the median to the same query run directly in SQL (its EXPLAIN
too). Usage: .venv/bin/python bench/api.py [N1,N2,...] [REQUESTS]
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import bench.pages as pages  # noqa: E402 - sets DATABASE_URL for its database first

PORT = 8077


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


def measure(n: int, requests: int, ab: str) -> dict:
    """The statement list by speaker and by proposition at `n` statements (the pages benchmark's
    database for that size): SQL alone with its plan, then through gunicorn at 1 and 16 clients."""
    pages.prepare(n)
    from django.db import connection
    from rest_framework.authtoken.models import Token

    from claims.api import StatementFilter
    from claims.models import Statement
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
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "tracker.wsgi:application",
            "-b",
            f"127.0.0.1:{PORT}",
            "-w",
            "4",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    result: dict = {"n": n, "cases": {}}
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        approved = Statement.objects.filter(status="approved")
        for name, query in {
            "by speaker": {"speaker": "actor-7"},
            "by proposition": {"proposition": "prop-3"},
        }.items():
            url = f"http://127.0.0.1:{PORT}/api/v1/statements/?" + "&".join(
                f"{k}={v}" for k, v in query.items()
            )
            # The list's own query, as the view builds it (filters, then the cursor's order and page).
            queryset = (
                StatementFilter(query, queryset=approved)
                .qs.select_related("speaker", "via", "article__outlet", "claimed_by", "reviewed_by")
                .order_by("-id")[:51]
            )
            direct, plan = pages.sql_alone(queryset, 30)
            runs = {}
            for concurrency in (1, 16):
                runs[concurrency] = run_ab(ab, url, token, requests, concurrency)
            result["cases"][name] = {"sql": direct, "plan": plan, "runs": runs}
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
    print("\nAPI statement list (gunicorn, 4 workers; ApacheBench), the same query in SQL alone as baseline:")
    for r in results:
        for name, case in r["cases"].items():
            for concurrency, run in case["runs"].items():
                print(
                    f"  {r['n']:>9,} {name:15s} c={concurrency:<3} median {run['p50']:5.0f} ms  p95 {run['p95']:5.0f} ms  "
                    f"{run['rps']:7.1f} req/s  failed {run['failed'] + run['non_2xx']}  "
                    f"median / SQL alone ({case['sql']:.2f} ms) = {run['p50'] / case['sql']:.1f}"
                )
    for r in results:
        for name, case in r["cases"].items():
            print(f"\nEXPLAIN at {r['n']:,}: {name}\n{case['plan']}")


if __name__ == "__main__":
    main()
