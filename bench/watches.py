"""Watches benchmark (a script; never run by tests).

Fills its own PostgreSQL database with N pending statements (default 10,000; 500 actors, 20
propositions, 500 articles, one suggested stance on each), then approves them all in bulk the way the
review API does (`bulk_decide`, batches of 500), twice over the same data reset between the runs:
first with 1,000 watches held by 50 users (actors, propositions and pairs, every kind of change), then
with no watches (the baseline; second, so a warmer cache can only flatter the baseline, never the
watches). Prints each run's time, the events and notifications recorded per second, and the ratio of the
run with watches to the run without.
Usage: .venv/bin/python bench/watches.py [N_STATEMENTS] [N_WATCHES]
"""

from __future__ import annotations

import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.databases import PG, bench_database, drop, recreate  # noqa: E402

DB_NAME = bench_database("tracker_bench_watches")

os.environ["DATABASE_URL"] = f"{PG}/{DB_NAME}"
os.environ.pop("CELERY_BROKER_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
os.environ.setdefault("TRACKER_LOG_LEVEL", "WARNING")

POLARITIES = {"proposal": ["supports", "opposes", "undecided"], "claim": ["asserts", "denies", "neutral"]}


def fill(n: int) -> None:
    from actors.models import Actor
    from claims.models import Proposition, Stance, Statement, title_key
    from sources.models import Article, Outlet

    rng = random.Random(17)
    outlets = Outlet.objects.bulk_create(
        [Outlet(name=f"Outlet {i}", slug=f"outlet-{i}", domain=f"o{i}.example") for i in range(10)]
    )
    actors = Actor.objects.bulk_create(
        [Actor(name=f"Actor {i}", slug=f"actor-{i}", kind="person", is_confirmed=True) for i in range(500)]
    )
    propositions = Proposition.objects.bulk_create(
        [
            Proposition(
                slug=f"prop-{i}",
                title=(title := f"Proposition {i}"),
                title_key=title_key(title),
                kind="claim" if i % 2 else "proposal",
            )
            for i in range(20)
        ]
    )
    articles = Article.objects.bulk_create(
        [
            Article(
                outlet=rng.choice(outlets),
                title=f"Story {i}",
                text=f"Story {i} text.",
                content_hash=f"{i:064x}",
                url=f"https://e.org/{i}",
            )
            for i in range(500)
        ]
    )
    statements = Statement.objects.bulk_create(
        [
            Statement(
                article=rng.choice(articles),
                speaker=rng.choice(actors),
                text=f"words of statement {i}",
                kind="indirect",
                cue="said",
                said_on=date(2020, 1, 1) + timedelta(days=rng.randint(0, 2000)),
                date_precision="day",
                start=0,
                end=10,
                confidence=0.8,
            )
            for i in range(n)
        ],
        batch_size=2000,
    )
    stances = []
    for statement in statements:
        proposition = rng.choice(propositions)
        stances.append(
            Stance(
                statement=statement,
                speaker_id=statement.speaker_id,
                proposition=proposition,
                polarity=rng.choice(POLARITIES[proposition.kind]),
            )
        )
    Stance.objects.bulk_create(stances, batch_size=2000)


def reset() -> None:
    """Every statement pending again with its stance unconfirmed, and no review or watch events."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE watches_deliveryattempt, watches_delivery, watches_notification, watches_event, "
            "claims_reviewevent"
        )
        cursor.execute(
            "UPDATE claims_statement SET status = 'pending', version = 1, reviewed_by_id = NULL, "
            "reviewed_at = NULL"
        )
        cursor.execute("UPDATE claims_stance SET is_confirmed = false, confirmed_by_id = NULL")
        cursor.execute("VACUUM ANALYZE")


def add_watches(count: int) -> None:
    from actors.models import Actor
    from claims.models import Proposition
    from common.accounts import create_or_update_user
    from watches import services

    rng = random.Random(29)
    users = [create_or_update_user(username=f"watcher{i}", role="analyst").user for i in range(50)]
    actors, propositions = list(Actor.objects.all()), list(Proposition.objects.all())
    made = 0
    while made < count:
        user = rng.choice(users)
        roll = rng.random()
        if roll < 0.6:
            subject = {"actor": rng.choice(actors)}
        elif roll < 0.8:
            subject = {"proposition": rng.choice(propositions)}
        else:
            subject = {"actor": rng.choice(actors), "proposition": rng.choice(propositions)}
        before = user.watches.count()
        services.watch(user=user, **subject)  # every kind: statement, stance, position, contradiction
        made += user.watches.count() - before


def approve_all(editor) -> float:
    from claims.models import Statement
    from claims.services import bulk_decide

    ids = list(Statement.objects.filter(status="pending").order_by("id").values_list("id", "version"))
    started = time.perf_counter()
    for i in range(0, len(ids), 500):
        result = bulk_decide(user=editor, action="approve", versions=dict(ids[i : i + 500]))
        assert not result.stale and not result.missing
    return time.perf_counter() - started


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    n_watches = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000
    recreate(DB_NAME)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections
    from django.urls import reverse

    from common.accounts import create_or_update_user
    from watches.models import Event, Notification, Watch

    reverse("home")  # load the URLconf now, not in the middle of a timed run
    call_command("migrate", verbosity=0)
    fill(n)
    editor = create_or_update_user(username="bench-editor", role="editor").user
    reset()
    add_watches(n_watches)
    watched = approve_all(editor)
    events, notes = Event.objects.count(), Notification.objects.count()
    print(
        f"{n:,} approvals, {Watch.objects.count():,} watches: {watched:7.1f} s ({n / watched:,.1f} approvals/s); "
        f"{events:,} events recorded ({events / watched:,.1f}/s), {notes:,} notifications ({notes / watched:,.1f}/s)",
        flush=True,
    )
    Watch.objects.all().delete()
    reset()
    without = approve_all(editor)
    print(f"{n:,} approvals, no watches:    {without:7.1f} s ({n / without:,.1f} approvals/s)", flush=True)
    print(
        f"extra time with watches: {watched - without:.1f} s ({(watched - without) / n * 1000:.1f} ms per "
        f"approval); ratio with/without watches: {watched / without:.2f}"
    )
    connections.close_all()
    drop(DB_NAME)


if __name__ == "__main__":
    main()
