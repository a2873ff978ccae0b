"""API benchmark (a script; never run by tests).

Fills its own PostgreSQL database with 100,000 statements (as bench/pages.py does), serves the app with
gunicorn on 127.0.0.1, and drives the statement list filtered by speaker and by proposition with
ApacheBench (Debian's apache2-utils; installed here if missing and we are root) at 1 and 16 concurrent
clients. Prints latency median, p95 and p99, and the ratio of the median to the same query run
directly in SQL. Usage: .venv/bin/python bench/api.py [N_STATEMENTS] [REQUESTS]
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import bench.pages as pages  # noqa: E402 - sets DATABASE_URL for its database first
from bench.databases import drop, recreate  # noqa: E402

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


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    requests = int(sys.argv[2]) if len(sys.argv) > 2 else 400
    ab = ensure_ab()
    recreate(pages.DB_NAME)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from rest_framework.authtoken.models import Token

    from claims.models import Statement
    from common.accounts import create_or_update_user

    call_command("migrate", verbosity=0)
    pages.fill(n)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
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
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        cases = {
            "by speaker": (
                "speaker=actor-7",
                Statement.objects.filter(speaker__slug="actor-7", status="approved"),
            ),
            "by proposition": (
                "proposition=prop-3",
                Statement.objects.filter(
                    status="approved", stances__is_confirmed=True, stances__proposition__slug="prop-3"
                ).distinct(),
            ),
        }
        for name, (query, queryset) in cases.items():
            url = f"http://127.0.0.1:{PORT}/api/v1/statements/?{query}"
            sql, params = (
                queryset.select_related("speaker", "via", "article__outlet")
                .order_by("-id")[:50]
                .query.sql_with_params()
            )
            times = []
            with connection.cursor() as cursor:
                for _ in range(30):
                    started = time.perf_counter()
                    cursor.execute(sql, params)
                    cursor.fetchall()
                    times.append((time.perf_counter() - started) * 1000)
            direct = statistics.median(times)
            for concurrency in (1, 16):
                r = run_ab(ab, url, token, requests, concurrency)
                print(
                    f"{name:15s} c={concurrency:<3d} median {r['p50']:6.0f} ms  p95 {r['p95']:6.0f} ms  "
                    f"p99 {r['p99']:6.0f} ms  {r['rps']:7.1f} req/s  failed {r['failed'] + r['non_2xx']}  "
                    f"median / SQL alone ({direct:.2f} ms) = {r['p50'] / direct:.0f}"
                )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    drop(pages.DB_NAME)


if __name__ == "__main__":
    main()
