"""A throwaway PostgreSQL database per benchmark, so a benchmark never touches real data."""

from __future__ import annotations

import os

PG = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")


def bench_database(name: str) -> str:
    """`name` with $BENCH_DB_SUFFIX appended, so sessions sharing one PostgreSQL do not drop each
    other's benchmark databases (BENCH_DB_SUFFIX=_alice gives tracker_bench_pages_alice);
    $BENCH_DB_PREFIX replaces its leading "tracker_bench" (BENCH_DB_PREFIX=tracker_alice gives
    tracker_alice_pages)."""
    suffix = os.environ.get("BENCH_DB_SUFFIX", "")
    prefix = os.environ.get("BENCH_DB_PREFIX", "")
    for value, variable in ((suffix, "BENCH_DB_SUFFIX"), (prefix, "BENCH_DB_PREFIX")):
        if value and not value.replace("_", "").isalnum():
            raise SystemExit(f"{variable} may hold letters, digits and underscores only.")
    if prefix and name.startswith("tracker_bench"):
        name = prefix + name.removeprefix("tracker_bench")
    return f"{name}{suffix}"


def _run(sql: str) -> None:
    import psycopg2

    conn = psycopg2.connect(f"{PG}/postgres")
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(sql)
    conn.close()


def recreate(name: str) -> None:
    _run(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    _run(f"CREATE DATABASE {name}")


def drop(name: str) -> None:
    _run(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
