"""What a watched decision costs: a fixed number of queries, however long the record behind it is."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import services as review
from claims.models import Stance, Statement
from tests.factories import ActorFactory, PropositionFactory, StanceFactory, StatementFactory
from watches import services
from watches.models import Event

pytestmark = pytest.mark.django_db

# Approving a watched flip that contradicts others (savepoints included; 30 when the hook re-read
# positions before and after): load, snapshot, write, refresh (with the side counts it keeps), review
# event, watches, event, notification.
WATCHED_FLIP_QUERIES = 28


def supporters(record, count: int, start: int = 0) -> None:
    for i in range(start, start + count):
        said = StatementFactory(
            speaker=ActorFactory(name=f"Backer {i:03}"),
            status="approved",
            said_on=date(2026, 1, 1),
            date_precision="day",
        )
        StanceFactory(
            statement=said, proposition=record["proposition"], polarity="supports", is_confirmed=True
        )


def earlier(record, count: int) -> None:
    for i in range(count):
        said = StatementFactory(
            speaker=record["actor"],
            status="approved",
            said_on=date(2025, 1, 1 + i),
            date_precision="day",
            text=f"Earlier {i}",
        )
        StanceFactory(
            statement=said,
            proposition=record["proposition"],
            polarity=Stance.Polarity.SUPPORTS,
            is_confirmed=True,
        )


def approve_counting(record, editor) -> int:
    statement = Statement.objects.get(pk=record["new"].pk)
    with CaptureQueriesContext(connection) as queries:
        review.approve_statement(statement_id=statement.pk, user=editor, version=statement.version)
    return len(queries)


def test_a_watched_flip_that_contradicts_others_costs_a_fixed_number_of_queries(record, analyst, editor):
    services.watch(user=analyst, actor=record["actor"])
    supporters(record, 3)
    assert approve_counting(record, editor) <= WATCHED_FLIP_QUERIES


def flip(actor: str, proposal: str) -> dict:
    """An approved stance for a proposal and a pending statement against it by the same actor."""
    speaker = ActorFactory(name=actor, is_confirmed=True)
    proposition = PropositionFactory(title=proposal, kind="proposal")
    old = StatementFactory(
        speaker=speaker, status="approved", said_on=date(2026, 1, 10), date_precision="day"
    )
    StanceFactory(statement=old, proposition=proposition, polarity="supports", is_confirmed=True)
    new = StatementFactory(speaker=speaker, said_on=date(2026, 3, 2), date_precision="day")
    StanceFactory(statement=new, proposition=proposition, polarity="opposes", is_confirmed=False)
    return {"actor": speaker, "proposition": proposition, "new": new}


def test_a_watched_flip_costs_the_same_queries_with_ten_times_the_record(analyst, editor):
    small, big = flip("Dana Reyes", "Tolls should go"), flip("Lee Park", "Fares should go")
    services.watch(user=analyst, actor=small["actor"])
    services.watch(user=analyst, actor=big["actor"])
    supporters(small, 2)
    supporters(big, 20, start=100)
    earlier(big, 10)
    assert approve_counting(big, editor) == approve_counting(small, editor)


def test_the_contradiction_names_everyone_on_the_other_side(record, analyst, editor):
    services.watch(user=analyst, actor=record["actor"], kinds=["contradiction"])
    supporters(record, 7)
    approve_counting(record, editor)
    assert Event.objects.get().details["contradicts"] == [f"Backer {i:03}" for i in range(7)]
