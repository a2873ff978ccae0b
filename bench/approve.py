"""Approve-one-statement benchmark (a script; never run by tests): the review decision with the
refresh of the maintained positions it makes in its transaction, on the databases bench/pages.py filled
(same BENCH_DB_PREFIX; run that first).

Two statements are approved, each `BENCH_RUNS` times (put back to pending behind the services' back
between runs): the latest with a stance by actor-7 (what bench/pages.py approves) and the latest by the
busiest speaker (most approved statements) with a stance on the busiest proposition (most confirmed
stances), the decision whose refresh reads the most when it reads by speaker or by proposition. Each is
reported with its median and least wall time, median CPU time of this process (Python: the service, the
ORM, the driver; the database's own time is the difference), its number of queries, the median time of
its positions refresh called alone and of that refresh's read of the stances run alone in SQL, and the
EXPLAIN (ANALYZE, BUFFERS) of that read.
Usage: .venv/bin/python bench/approve.py [N_STATEMENTS,...]   (default 100000,1000000)
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.databases import PG, bench_database  # noqa: E402

DB_NAME = bench_database("tracker_bench_pages")  # bench/pages.py's databases

os.environ.pop("CELERY_BROKER_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
os.environ.setdefault("TRACKER_LOG_LEVEL", "WARNING")


def targets() -> dict[str, int]:
    """The statements to approve, by name: actor-7's latest with a stance, and the busiest speaker's
    latest with a stance on the busiest proposition."""
    from django.db.models import Count

    from actors.models import Actor
    from claims.models import Stance, Statement

    actor = Actor.objects.get(slug="actor-7")
    latest = Statement.objects.filter(speaker=actor, stances__isnull=False).order_by("-id").first()
    speaker = (
        Statement.objects.filter(status="approved")
        .order_by()
        .values("speaker_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    proposition = (
        Stance.objects.filter(is_confirmed=True)
        .order_by()
        .values("proposition_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    busiest = (
        Statement.objects.filter(
            speaker_id=speaker["speaker_id"], stances__proposition_id=proposition["proposition_id"]
        )
        .order_by("-id")
        .first()
    )
    assert latest is not None and busiest is not None, "fill the databases with bench/pages.py first"
    return {"actor-7's latest": latest.pk, "busiest speaker, busiest proposition": busiest.pk}


def approve_once(statement_id: int, user) -> tuple[float, float, int]:
    """One approval of a statement put back to pending: wall ms, CPU ms, queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from claims.models import Statement
    from claims.services import approve_statement

    Statement.objects.filter(pk=statement_id).update(status="pending")
    version = Statement.objects.values_list("version", flat=True).get(pk=statement_id)
    with CaptureQueriesContext(connection) as captured:
        wall, cpu = time.perf_counter(), time.process_time()
        approve_statement(statement_id=statement_id, user=user, version=version)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return wall * 1000, cpu * 1000, len(captured)


def refresh_alone(statement_id: int, runs: int) -> tuple[float, float]:
    """The median wall ms of the refresh a decision on this statement makes, called alone (it rewrites
    the same rows each time), and of its read of the stances run alone in SQL."""
    from django.db import connection

    from claims.models import Statement
    from claims.positions import record_stance_rows
    from claims.services import refresh_positions

    statement = Statement.objects.get(pk=statement_id)
    propositions = list(statement.stances.values_list("proposition_id", flat=True))
    refreshes, reads = [], []
    sql, params = record_stance_rows(
        actor_ids=[statement.speaker_id], proposition_ids=propositions
    ).query.sql_with_params()
    with connection.cursor() as cursor:
        for _ in range(runs + 1):
            started = time.perf_counter()
            refresh_positions(actor_ids=[statement.speaker_id], proposition_ids=propositions)
            refreshes.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            cursor.execute(sql, params)
            cursor.fetchall()
            reads.append((time.perf_counter() - started) * 1000)
    return statistics.median(refreshes[1:]), statistics.median(reads[1:])


def refresh_plan(statement_id: int) -> str:
    """EXPLAIN (ANALYZE, BUFFERS) of the refresh's read of the stances for this statement's pairs."""
    from django.db import connection

    from claims.models import Statement
    from claims.positions import record_stance_rows

    statement = Statement.objects.get(pk=statement_id)
    propositions = list(statement.stances.values_list("proposition_id", flat=True))
    query = record_stance_rows(actor_ids=[statement.speaker_id], proposition_ids=propositions)
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def approvals(runs: int) -> dict[str, dict]:
    """Each target approved `runs` times after a warming one: its figures and its refresh's plan."""
    from claims.models import Stance, Statement
    from common.accounts import create_or_update_user

    editor = create_or_update_user(
        username="bench-ed", role="editor", password="correct-horse-battery-9"
    ).user
    result = {}
    for name, statement_id in targets().items():
        statement = Statement.objects.get(pk=statement_id)
        approve_once(statement_id, editor)  # warm: connection, caches, the pages the read touches
        walls, cpus, queries = [], [], []
        for _ in range(runs):
            wall, cpu, count = approve_once(statement_id, editor)
            walls.append(wall)
            cpus.append(cpu)
            queries.append(count)
        result[name] = {
            "statement": statement_id,
            "speaker statements": Statement.objects.filter(
                speaker_id=statement.speaker_id, status="approved"
            ).count(),
            "proposition stances": Stance.objects.filter(
                proposition__in=statement.stances.values("proposition_id"), is_confirmed=True
            ).count(),
            "median": statistics.median(walls),
            "least": min(walls),
            "cpu": statistics.median(cpus),
            "queries": max(queries),
            "plan": refresh_plan(statement_id),
        }
        result[name]["refresh"], result[name]["read"] = refresh_alone(statement_id, runs)
    return result


def describe(name: str, a: dict) -> str:
    return (
        f"approve {name:38s} median {a['median']:6.1f} ms, least {a['least']:6.1f} ms, "
        f"CPU {a['cpu']:5.1f} ms, {a['queries']} queries; its refresh alone {a['refresh']:5.1f} ms, "
        f"the refresh's read alone {a['read']:6.2f} ms (speaker: {a['speaker statements']:,} "
        f"statements; proposition: {a['proposition stances']:,} stances)"
    )


def measure(n: int, runs: int) -> dict:
    os.environ["DATABASE_URL"] = f"{PG}/{DB_NAME}_{n}"
    import django

    django.setup()
    from claims.models import Statement

    return {"n": n, "statements": Statement.objects.count(), "approvals": approvals(runs)}


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--one":
        print("RESULT " + json.dumps(measure(int(sys.argv[2]), int(os.environ.get("BENCH_RUNS", "9")))))
        return
    sizes = [int(x) for x in (sys.argv[1] if len(sys.argv) > 1 else "100000,1000000").split(",")]
    for n in sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(n)], capture_output=True, text=True, check=False
        )
        sys.stderr.write(out.stderr)
        found = [line for line in out.stdout.splitlines() if line.startswith("RESULT ")]
        if not found:
            raise SystemExit(f"the run at {n:,} statements failed")
        r = json.loads(found[0].removeprefix("RESULT "))
        print(f"{r['statements']:,} statements ({DB_NAME}_{n}):")
        for name, a in r["approvals"].items():
            print("  " + describe(name, a))
        for name, a in r["approvals"].items():
            print(
                f"\n  EXPLAIN of the refresh's read, {name} at {n:,}:\n    "
                + a["plan"].replace("\n", "\n    ")
            )
        print(flush=True)


if __name__ == "__main__":
    main()
