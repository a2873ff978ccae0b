"""Page benchmark (a script; never run by tests).

Fills its own PostgreSQL databases with 100,000 and 1,000,000 approved statements (500 actors, n/20
articles, 20 propositions, a stance on every third statement), then times the server side of the
dashboard, an actor page, a proposition page, the proposition list, three searches (a common word,
a word matching none, two common words rare together) and the search page without words (nothing, its
pages 1,000 and 999, by outlet, proposition, speaker, a year; an editor's, all and pending; Django test client:
view, queries and template),
reporting median and p95 over repeated requests with the number of queries per page, the p95 ratio of
each size to the smallest, and each page's main list queries run alone in SQL with their EXPLAIN
ANALYZE (search's: the first query of its statements, and of its articles for a word in a fifth of
them).
Usage: .venv/bin/python bench/pages.py [N_STATEMENTS]
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.approve import approvals, describe  # noqa: E402
from bench.databases import PG, bench_database, recreate  # noqa: E402

DB_NAME = bench_database("tracker_bench_pages")

os.environ["DATABASE_URL"] = f"{PG}/{DB_NAME}"
os.environ.pop("CELERY_BROKER_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
os.environ.setdefault("TRACKER_LOG_LEVEL", "WARNING")
os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"

TOPICS = [
    "harbour",
    "bridge",
    "toll",
    "budget",
    "treaty",
    "missile",
    "border",
    "talks",
    "sanctions",
    "election",
    "court",
    "ruling",
    "energy",
    "pipeline",
    "tariff",
    "reform",
    "strike",
    "union",
    "minister",
    "envoy",
]
# A large vocabulary, as in real text: a search matches a small share of statements, not all of them.
VOCABULARY = [
    f"{a}{b}{c}"
    for a in "bcdfgklmnprstvz"
    for b in ("a", "e", "i", "o", "u", "ar", "en")
    for c in ("d", "k", "l", "m", "n", "r", "s", "t", "x", "nd", "st", "rk")
]
POLARITIES = ("supports", "opposes", "undecided", "asserts", "denies")


def _copy(table: str, columns: list[str], rows) -> None:
    """Stream `rows` (tuples) into `table` with COPY: a million rows in seconds, not minutes."""
    import io

    from django.db import connection

    def line(row) -> str:
        return "\t".join("\\N" if v is None else str(v) for v in row) + "\n"

    with connection.cursor() as cursor:
        buffer = io.StringIO()
        for n, row in enumerate(rows, 1):
            buffer.write(line(row))
            if n % 100_000 == 0:
                buffer.seek(0)
                cursor.cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)
                buffer = io.StringIO()
        buffer.seek(0)
        cursor.cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
        )


def fill(n: int) -> None:
    """`n` approved statements by 500 actors in n/20 articles (at least 5,000), a confirmed stance on
    every third one. Small tables through the ORM, the big ones with COPY."""
    from actors.models import Actor
    from claims.models import Proposition, Stance, Statement, title_key
    from sources.models import Article, Outlet

    rng = random.Random(5)
    outlets = Outlet.objects.bulk_create(
        [Outlet(name=f"Outlet {i}", slug=f"outlet-{i}", domain=f"o{i}.example") for i in range(30)]
    )
    actors = Actor.objects.bulk_create(
        [Actor(name=f"Actor {i}", slug=f"actor-{i}", kind="person") for i in range(500)]
    )
    propositions = Proposition.objects.bulk_create(
        [
            Proposition(
                slug=f"prop-{i}",
                title=(title := f"Proposition {i} about the {TOPICS[i % len(TOPICS)]}"),
                title_key=title_key(title),  # bulk_create skips save(), which sets it
                kind="claim" if i % 2 else "proposal",
            )
            for i in range(20)
        ]
    )
    now = datetime.now(UTC).isoformat()
    start = datetime(2018, 1, 1, tzinfo=UTC)
    n_articles = max(5000, n // 20)
    outlet_ids, actor_ids = [o.pk for o in outlets], [a.pk for a in actors]
    proposition_ids = [p.pk for p in propositions]
    _copy(
        Article._meta.db_table,
        [
            "id",
            "outlet_id",
            "title",
            "text",
            "content_hash",
            "published_at",
            "url",
            "canonical_url",
            "byline",
            "published_source",
            "raw_html",
            "language",
            "filename",
            "status",
            "error",
            "extractor_version",
            "created_at",
            "updated_at",
        ],
        (
            (
                i + 1,
                rng.choice(outlet_ids),
                f"Story {i}",
                " ".join(rng.choices(VOCABULARY, k=300)),
                f"{i:064x}",
                (start + timedelta(hours=12 * i)).isoformat(),
                f"https://e.org/{i}",
                "",
                "",
                "metadata",
                "",
                "en",
                "",
                "extracted",
                "",
                "",
                now,
                now,
            )
            for i in range(n_articles)
        ),
    )
    first_day = date(2018, 1, 1)
    stances = []

    def statements():
        for i in range(1, n + 1):
            words = " ".join(rng.choices(VOCABULARY, k=18) + rng.choices(TOPICS, k=1))
            stance = (rng.choice(proposition_ids), rng.choice(POLARITIES)) if i % 3 == 1 else None
            article, speaker = rng.randint(1, n_articles), rng.choice(actor_ids)
            if stance:
                stances.append((i, speaker, *stance))  # with its statement's speaker (Stance.speaker)
            yield (
                i,
                article,
                speaker,
                "",
                words,
                "indirect",
                "said",
                (first_day + timedelta(days=rng.randint(0, 2900))).isoformat(),
                "day",
                "",
                "",
                0,
                len(words),
                "",
                0.8,
                "approved",
                1,
                now,
                now,
            )

    _copy(
        Statement._meta.db_table,
        [
            "id",
            "article_id",
            "speaker_id",
            "speaker_mention",
            "text",
            "kind",
            "cue",
            "said_on",
            "date_precision",
            "date_source",
            "via_mention",
            "start",
            '"end"',
            "extractor_version",
            "confidence",
            "status",
            "version",
            "created_at",
            "updated_at",
        ],
        statements(),
    )
    _copy(
        Stance._meta.db_table,
        [
            "id",
            "statement_id",
            "speaker_id",
            "proposition_id",
            "polarity",
            "origin",
            "confidence",
            "is_confirmed",
            "evidence",
            "reason",
            "created_at",
            "updated_at",
        ],
        (
            (k, statement_id, speaker, proposition_id, polarity, "extractor", 1.0, "t", "[]", "", now, now)
            for k, (statement_id, speaker, proposition_id, polarity) in enumerate(stances, 1)
        ),
    )
    print(
        f"filled: {Statement.objects.count():,} statements, {Stance.objects.count():,} stances, "
        f"{Actor.objects.count()} actors, {Article.objects.count():,} articles"
    )


def timed(client, url: str, runs: int) -> tuple[list[float], int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return times, len(captured)


def prepare(n: int) -> str:
    """Point Django at the database for `n` statements and fill it, unless BENCH_REUSE=1 and it already
    holds them. Rows are stored with COPY, behind the services' back, so the maintained positions are
    rebuilt after (`manage.py positions --fix`, timed). Returns the database's name."""
    name = f"{DB_NAME}_{n}"
    os.environ["DATABASE_URL"] = f"{PG}/{name}"
    import psycopg2

    reuse = False
    if os.environ.get("BENCH_REUSE") == "1":
        try:
            with psycopg2.connect(f"{PG}/{name}") as conn, conn.cursor() as cursor:
                cursor.execute("SELECT count(*) FROM claims_statement")
                reuse = cursor.fetchone()[0] == n
            conn.close()
        except psycopg2.Error:
            reuse = False
    if not reuse:
        recreate(name)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    if not reuse:
        started = time.perf_counter()
        fill(n)
        print(f"[{n:,}] fill took {time.perf_counter() - started:.0f} s", flush=True)
        started = time.perf_counter()
        call_command("positions", "--fix", stdout=open(os.devnull, "w"))  # noqa: SIM115
        print(f"[{n:,}] positions --fix took {time.perf_counter() - started:.0f} s", flush=True)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return name


def sql_alone(queryset, runs: int, *, plan=None) -> tuple[float, str]:
    """The median time of `queryset`'s SQL run directly, and its plan (under `plan`, the planner
    settings the page runs it with: search's bitmap scans or index walks)."""
    import contextlib

    from django.db import connection

    sql, params = queryset.query.sql_with_params()
    times = []
    with plan() if plan else contextlib.nullcontext(), connection.cursor() as cursor:
        for _ in range(runs):
            started = time.perf_counter()
            cursor.execute(sql, params)
            cursor.fetchall()
            times.append((time.perf_counter() - started) * 1000)
        cursor.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    return statistics.median(times), plan


def measure(n: int, runs: int) -> dict:
    """Every page at this size: median, p95 and queries; the SQL of its main list alone, with plans."""
    prepare(n)
    from django.contrib.postgres.search import SearchQuery
    from django.db.models import F, Max
    from django.test import Client

    from actors.models import Actor
    from claims.models import PositionChange, Proposition, SideCount, Statement
    from claims.positions import side_rows
    from claims.search import (
        ARTICLE_FIRST_WINDOW,
        ARTICLE_ROW_COST,
        CANDIDATES,
        PAGE_SIZE,
        WALK_SLACK,
        StatementFilters,
        article_document,
        bitmap_scans_only,
        estimated_rows,
        filtered_statements,
        first_window,
        index_walks_only,
        walks,
        window_of,
    )
    from claims.selectors import actor_timeline, once_per_cluster
    from common.accounts import create_or_update_user
    from sources.models import Article, Outlet

    user = create_or_update_user(username="bench", role="analyst", password="correct-horse-battery-9").user
    client = Client()
    client.force_login(user)
    editor = create_or_update_user(username="bench-ed", role="editor", password="correct-horse-battery-9")
    editor_client = Client()
    editor_client.force_login(editor.user)
    actor = Actor.objects.get(slug="actor-7")
    outlet = Outlet.objects.order_by("pk").values_list("pk", flat=True)[0]
    # The search page without words, page 1,000 (rows 24,976-25,000 newest first by date): the code that
    # lists them a keyset page at a time reads `after` (the last row of page 999), the code before it,
    # with page numbers, reads `page`; both show the same rows. So for page 999 reached by "← newer".
    dated = once_per_cluster(
        filtered_statements(StatementFilters(), editor=False), user_is_editor=False
    ).values_list("said_on", "pk")
    said_on, pk = dated[999 * PAGE_SIZE - 1]
    deep = f"/search/?page=1000&after={said_on.isoformat()}.{pk}"
    said_on, pk = dated[999 * PAGE_SIZE]  # the first row of page 1,000: "← newer" from there is page 999
    back = f"/search/?page=999&newer={said_on.isoformat()}.{pk}"
    pages = {
        "dashboard": "/",
        "actor page": f"/actors/{actor.slug}/",
        "proposition page": "/propositions/prop-3/",
        "proposition list": "/propositions/",
        "search": "/search/?q=harbour",
        "search, no match": "/search/?q=zzzqq",
        "search, two words": "/search/?q=bad+harbour",
        "search, no words": "/search/",
        "search, no words, page 1,000": deep,
        "search, no words, page 999": back,
        "search, an outlet": f"/search/?outlet={outlet}",
        "search, a proposition": "/search/?proposition=prop-3",
        "search, a speaker": f"/search/?speaker={actor.slug}",
        "search, a year": "/search/?since=2020-01-01&until=2020-12-31",
        "search, no words (editor)": "/search/",
        "search, pending (editor)": "/search/?status=pending",
    }
    result: dict = {"n": n, "pages": {}, "sql": {}}
    for name, url in pages.items():
        times, queries = timed(editor_client if "(editor)" in name else client, url, runs)
        p95 = sorted(times)[max(0, int(len(times) * 0.95) - 1)]
        result["pages"][name] = {"median": statistics.median(times), "p95": p95, "queries": queries}
    prop = Proposition.objects.get(slug="prop-3")
    latest = once_per_cluster(
        Statement.objects.filter(status=Statement.Status.APPROVED).order_by(
            F("said_on").desc(nulls_last=True), "-id"
        ),  # as the dashboard asks for them
        user_is_editor=False,
    )
    mains = {
        "actor timeline (25)": actor_timeline(actor, user_is_editor=False)[:25],
        "latest statements (15)": latest[:15],
        "position changes (8)": PositionChange.objects.all()[:8],
        "a side's latest 40": side_rows(prop, "supports")[:40],  # the proposition page, per side
        "side counts": SideCount.objects.filter(actors__gt=0),  # dashboard and proposition pages
    }
    # The search page without words: the first page of its list (newest first by date, a page and one
    # more row), for an analyst by each filter, and for an editor (every status).
    for name, filters, as_editor in (
        ("search, no words (26)", StatementFilters(), False),
        ("search, an outlet (26)", StatementFilters(outlet=outlet), False),
        ("search, a proposition (26)", StatementFilters(proposition="prop-3"), False),
        ("search, a speaker (26)", StatementFilters(speaker=actor.slug), False),
        ("search, a year (26)", StatementFilters(since=date(2020, 1, 1), until=date(2020, 12, 31)), False),
        ("search, no words, editor (26)", StatementFilters(), True),
    ):
        mains[name] = once_per_cluster(
            filtered_statements(filters, editor=as_editor), user_is_editor=as_editor
        )[: PAGE_SIZE + 1]
    # Search's first query of its matches, as `search_statements` plans it: a word in 5% of statements is
    # walked newest first (a page), one nothing matches and an AND of two common words (0.07% together)
    # are read through the GIN index in a window sized from their expected matches.
    top = Statement.objects.aggregate(top=Max("id"))["top"]
    plans = {}
    for words, name in (
        ("harbour", "search, common word"),
        ("zzzqq", "search, word matching none"),
        ("bad harbour", "search, two common words"),
    ):
        matches = once_per_cluster(
            filtered_statements(StatementFilters(q=words), editor=False), user_is_editor=False
        )
        expected = estimated_rows(matches)
        if walks(expected, top):
            low = top + 1 - int(WALK_SLACK * (PAGE_SIZE + 1) * top / expected)  # as `newest_first`
            mains[name] = matches.filter(pk__gte=low).order_by("-pk")[: PAGE_SIZE + 1]
            plans[name] = index_walks_only
        else:
            low = top + 1 - first_window(expected, top, CANDIDATES)
            mains[name] = window_of(matches, low, top + 1).values_list("pk", "rank")
            plans[name] = bitmap_scans_only
    # Search's articles for a word in a fifth of them: their first window, as `search_articles` reads it.
    articles = Article.objects.alias(document=article_document()).filter(
        document=SearchQuery("bad", search_type="websearch", config="english")
    )
    article_top = Article.objects.aggregate(top=Max("id"))["top"]
    expected = estimated_rows(articles)
    window = first_window(expected, article_top, 20, least=ARTICLE_FIRST_WINDOW)
    mains["search's articles (20)"] = window_of(
        articles, article_top + 1 - window, article_top + 1
    ).values_list("pk", "pk")
    walked = window < expected / ARTICLE_ROW_COST  # as `newest_ranked` reads it
    plans["search's articles (20)"] = index_walks_only if walked else bitmap_scans_only
    for name, queryset in mains.items():
        median, plan = sql_alone(queryset, runs, plan=plans.get(name))
        result["sql"][name] = {"median": median, "plan": plan}
    # Review decisions, with their refresh of the maintained positions (bench/approve.py): actor-7's
    # latest statement, and the busiest speaker's on the busiest proposition.
    decisions = int(os.environ.get("BENCH_APPROVALS", "7"))  # 0: pages and queries only
    result["approve"] = approvals(decisions) if decisions else {}
    return result


def main() -> None:
    """Each size in its own process and database (one Django connection each); the figures of every
    size printed side by side, the smallest as the baseline of the larger ones."""
    import json
    import subprocess

    if len(sys.argv) > 2 and sys.argv[1] == "--one":
        result = measure(int(sys.argv[2]), int(os.environ.get("BENCH_RUNS", "15")))
        print("RESULT " + json.dumps(result), flush=True)
        return
    sizes = [int(x) for x in (sys.argv[1] if len(sys.argv) > 1 else "100000,1000000").split(",")]
    results = []
    for n in sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(n)], capture_output=True, text=True, check=False
        )
        sys.stderr.write(out.stderr)
        lines = out.stdout.splitlines()
        print("\n".join(line for line in lines if not line.startswith("RESULT ")), flush=True)
        found = [line for line in lines if line.startswith("RESULT ")]
        if not found:
            raise SystemExit(f"the run at {n:,} statements failed")
        results.append(json.loads(found[0].removeprefix("RESULT ")))
    base = results[0]
    print(f"\nPages (Django test client: view, queries, template), {base['n']:,} = baseline:")
    for name in base["pages"]:
        cells = []
        for r in results:
            page = r["pages"][name]
            ratio = page["p95"] / base["pages"][name]["p95"]
            cells.append(
                f"{r['n']:>9,}: median {page['median']:6.1f} p95 {page['p95']:6.1f} ms "
                f"{page['queries']:2d} q" + (f" (p95 x{ratio:.2f})" if r is not base else "")
            )
        print(f"  {name:28s} " + "   ".join(cells))
    print("Main list queries, SQL alone:")
    for name in base["sql"]:
        cells = [f"{r['n']:>9,}: {r['sql'][name]['median']:6.2f} ms" for r in results]
        print(f"  {name:30s} " + "   ".join(cells))
    print("Approving one statement (with its positions refresh; bench/approve.py):")
    for name in base["approve"]:
        for r in results:
            print(f"  {r['n']:>9,}: " + describe(name, r["approve"][name]))
    for r in results:
        for name, q in r["sql"].items():
            print(f"\nEXPLAIN at {r['n']:,}: {name}\n{q['plan']}")
        for name, a in r["approve"].items():
            print(f"\nEXPLAIN at {r['n']:,}: the refresh's read, approving {name}\n{a['plan']}")


if __name__ == "__main__":
    main()
