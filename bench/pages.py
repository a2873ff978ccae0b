"""Page benchmark (a script; never run by tests).

Fills its own PostgreSQL database with 100,000 approved statements (500 actors, 5,000 articles, 20
propositions, a stance on every third statement), then times the server side of the dashboard, an actor
page, a proposition page and a search (Django test client: view, queries and template), reporting median
and p95 over repeated requests, the number of queries per page, and the ratio of the actor page's time
to the time of its main SQL query alone (the page of statements it shows).
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


def fill(n: int) -> None:
    from django.utils.text import slugify

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
    start = datetime(2018, 1, 1, tzinfo=UTC)
    articles = Article.objects.bulk_create(
        [
            Article(
                outlet=rng.choice(outlets),
                title=f"Story {i}",
                text=" ".join(rng.choices(VOCABULARY, k=300)),
                content_hash=f"{i:064x}",
                published_at=start + timedelta(hours=12 * i),
                url=f"https://e.org/{i}",
            )
            for i in range(5000)
        ],
        batch_size=1000,
    )
    batch, stances = [], []
    for _ in range(n):
        words = " ".join(rng.choices(VOCABULARY, k=18) + rng.choices(TOPICS, k=1))
        batch.append(
            Statement(
                article=rng.choice(articles),
                speaker=rng.choice(actors),
                text=words,
                kind="indirect",
                cue="said",
                said_on=date(2018, 1, 1) + timedelta(days=rng.randint(0, 2900)),
                date_precision="day",
                start=0,
                end=len(words),
                status="approved",
                confidence=0.8,
            )
        )
        if len(batch) == 5000:
            created = Statement.objects.bulk_create(batch)
            stances += [
                Stance(
                    statement=s,
                    proposition=rng.choice(propositions),
                    polarity=rng.choice(POLARITIES),
                    is_confirmed=True,
                )
                for s in created[::3]
            ]
            batch = []
    if batch:
        Statement.objects.bulk_create(batch)
    Stance.objects.bulk_create(stances, batch_size=5000, ignore_conflicts=True)
    print(
        f"filled: {Statement.objects.count():,} statements, {Stance.objects.count():,} stances, "
        f"{Actor.objects.count()} actors, {Article.objects.count():,} articles"
    )
    del slugify


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


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    runs = int(os.environ.get("BENCH_RUNS", "15"))
    recreate(DB_NAME)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from actors.models import Actor
    from claims.selectors import actor_timeline
    from common.accounts import create_or_update_user

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    fill(n)
    print(f"fill took {time.perf_counter() - started:.0f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    user = create_or_update_user(username="bench", role="analyst", password="correct-horse-battery-9").user
    client = Client()
    client.force_login(user)
    actor = Actor.objects.get(slug="actor-7")
    pages = {
        "dashboard": "/",
        "actor page": f"/actors/{actor.slug}/",
        "proposition page": "/propositions/prop-3/",
        "search": "/search/?q=harbour",
    }
    results = {}
    for name, url in pages.items():
        times, queries = timed(client, url, runs)
        results[name] = times
        p95 = sorted(times)[max(0, int(len(times) * 0.95) - 1)]
        print(
            f"{name:18s} median {statistics.median(times):8.1f} ms   p95 {p95:8.1f} ms   {queries:3d} queries"
        )

    # The page's own main query: one page of its timeline, as the view asks for it.
    main_query = actor_timeline(actor, user_is_editor=False)[:25]
    sql, params = main_query.query.sql_with_params()
    query_times = []
    with connection.cursor() as cursor:
        for _ in range(runs):
            started = time.perf_counter()
            cursor.execute(sql, params)
            cursor.fetchall()
            query_times.append((time.perf_counter() - started) * 1000)
    q = statistics.median(query_times)
    print(
        f"actor page main query alone: median {q:.2f} ms; ratio page / main query: "
        f"{statistics.median(results['actor page']) / q:.1f}"
    )


if __name__ == "__main__":
    main()
