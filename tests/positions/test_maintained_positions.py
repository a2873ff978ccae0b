"""Positions kept as data: every review decision leaves ActorPosition and PositionChange equal to a
computation from scratch, in the decision's own transaction, at a cost that does not grow with the record."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import services
from claims.models import ActorPosition, PositionChange, Stance
from claims.positions import positions, positions_of, recent_changes
from claims.services.positions import Move
from tests.factories import ActorFactory, PropositionFactory, StanceFactory, StatementFactory

pytestmark = pytest.mark.django_db


def said(actor, proposition, polarity, when, *, status="approved", confirmed=True):
    statement = StatementFactory(speaker=actor, said_on=when, date_precision="day", status=status)
    StanceFactory(statement=statement, proposition=proposition, polarity=polarity, is_confirmed=confirmed)
    return statement


def polarity_of(actor, proposition) -> str | None:
    row = ActorPosition.objects.filter(actor=actor, proposition=proposition).first()
    return row.polarity if row else None


@pytest.fixture
def mayor_on_toll():
    toll = PropositionFactory(kind="proposal", title="A toll on the bridge")
    mayor = ActorFactory(name="May Or")
    said(mayor, toll, "supports", date(2026, 1, 5))
    pending = said(mayor, toll, "opposes", date(2026, 2, 1), status="pending", confirmed=False)
    return toll, mayor, pending


def test_approving_a_statement_moves_the_position_in_the_same_decision(editor, mayor_on_toll):
    toll, mayor, pending = mayor_on_toll
    assert polarity_of(mayor, toll) == "supports"
    services.approve_statement(statement_id=pending.pk, user=editor, version=pending.version)
    assert polarity_of(mayor, toll) == "opposes"
    [change] = PositionChange.objects.all()
    assert (change.before_polarity, change.after_polarity, change.changed_on) == (
        "supports",
        "opposes",
        date(2026, 2, 1),
    )
    assert services.check_positions() == []


def test_undo_puts_the_position_back(editor, mayor_on_toll):
    toll, mayor, pending = mayor_on_toll
    services.approve_statement(statement_id=pending.pk, user=editor, version=pending.version)
    services.undo_last(user=editor)
    assert polarity_of(mayor, toll) == "supports"
    assert not PositionChange.objects.exists()
    assert services.check_positions() == []


def test_editing_the_speaker_moves_the_stance_to_the_other_actor(editor, mayor_on_toll):
    toll, mayor, _ = mayor_on_toll
    deputy = ActorFactory(name="Dep Uty")
    statement = said(mayor, toll, "opposes", date(2026, 3, 1))
    services.edit_statement(
        statement_id=statement.pk, user=editor, version=statement.version, changes={"speaker": deputy}
    )
    assert (polarity_of(mayor, toll), polarity_of(deputy, toll)) == ("supports", "opposes")
    assert services.check_positions() == []


def test_flipping_and_dropping_a_stance_of_an_approved_statement(editor, mayor_on_toll):
    toll, mayor, _ = mayor_on_toll
    statement = said(mayor, toll, "supports", date(2026, 3, 1))
    statement = services.flip_stance(
        statement_id=statement.pk, proposition_id=toll.pk, user=editor, version=statement.version
    )
    assert polarity_of(mayor, toll) == "opposes"
    services.drop_stance(
        statement_id=statement.pk, proposition_id=toll.pk, user=editor, version=statement.version
    )
    assert polarity_of(mayor, toll) == "supports"
    assert services.check_positions() == []


def test_rejecting_a_statement_takes_its_last_stance_away(editor):
    toll = PropositionFactory(kind="proposal")
    lone = ActorFactory()
    statement = said(lone, toll, "opposes", date(2026, 3, 1))
    services.reject_statement(statement_id=statement.pk, user=editor, version=statement.version)
    assert polarity_of(lone, toll) is None
    assert services.check_positions() == []


def test_merging_an_actor_gives_its_positions_to_the_one_that_stays(editor, mayor_on_toll):
    toll, mayor, _ = mayor_on_toll
    duplicate = ActorFactory(name="Mayor Or", is_confirmed=False)
    said(duplicate, toll, "opposes", date(2026, 4, 1))
    services.merge_actor(source_id=duplicate.pk, target_id=mayor.pk, user=editor)
    assert polarity_of(mayor, toll) == "opposes"
    assert ActorPosition.objects.filter(proposition=toll).count() == 1
    assert services.check_positions() == []


def test_bulk_approval_keeps_every_position(editor):
    toll = PropositionFactory(kind="proposal")
    actors = [ActorFactory() for _ in range(3)]
    pending = [said(a, toll, "denies", date(2026, 5, 1), status="pending", confirmed=False) for a in actors]
    services.bulk_decide(user=editor, action="approve", versions={s.pk: s.version for s in pending})
    assert [polarity_of(a, toll) for a in actors] == ["denies"] * 3
    assert services.check_positions() == []


def test_refresh_says_what_moved():
    toll = PropositionFactory(kind="proposal")
    mayor = ActorFactory()
    statement = said(mayor, toll, "supports", date(2026, 1, 5))
    Stance.objects.filter(statement=statement).update(polarity="opposes")
    assert services.refresh_positions(actor_ids=[mayor.pk]) == [
        Move(mayor.pk, toll.pk, "supports", "opposes")
    ]
    assert services.refresh_positions(actor_ids=[mayor.pk]) == []


def test_the_position_selector_reads_the_maintained_record(mayor_on_toll):
    toll, mayor, _ = mayor_on_toll
    ActorPosition.objects.filter(actor=mayor).update(polarity="neutral")
    [position] = positions_of(mayor)
    assert position.polarity == "neutral"


def test_an_approval_costs_the_same_whatever_the_actors_record(editor):
    toll = PropositionFactory(kind="proposal")
    mayor = ActorFactory()
    said(mayor, toll, "supports", date(2024, 1, 1))
    said(mayor, toll, "opposes", date(2024, 2, 1))

    def approval_queries() -> int:
        pending = said(mayor, toll, "opposes", date(2026, 6, 1), status="pending", confirmed=False)
        with CaptureQueriesContext(connection) as captured:
            services.approve_statement(statement_id=pending.pk, user=editor, version=pending.version)
        return len(captured)

    few = approval_queries()
    for day in range(1, 28):
        said(mayor, toll, ("supports", "opposes")[day % 2], date(2025, 1, day))
    assert approval_queries() == few


def test_the_command_finds_and_repairs_a_wrong_position(mayor_on_toll, capsys):
    toll, mayor, _ = mayor_on_toll
    call_command("positions", "--check")
    ActorPosition.objects.filter(actor=mayor).update(polarity="neutral")
    with pytest.raises(CommandError, match="1 positions differ"):
        call_command("positions", "--check")
    call_command("positions", "--fix")
    assert polarity_of(mayor, toll) == "supports"
    call_command("positions", "--check")
    assert "agree with the stances" in capsys.readouterr().out


def test_recent_changes_come_from_the_maintained_record_newest_first():
    toll = PropositionFactory(kind="proposal")
    a, b = ActorFactory(), ActorFactory()
    said(a, toll, "supports", date(2026, 1, 1))
    said(a, toll, "opposes", date(2026, 2, 1))
    said(b, toll, "opposes", date(2026, 1, 2))
    said(b, toll, "supports", date(2026, 3, 1))
    assert [(c.actor, c.after.when) for c in recent_changes()] == [
        (b, date(2026, 3, 1)),
        (a, date(2026, 2, 1)),
    ]


def test_a_long_history_shows_its_latest_stances_and_how_many_came_before(client, analyst):
    toll = PropositionFactory(kind="proposal", title="A toll on the bridge")
    mayor = ActorFactory(name="May Or", slug="may-or")
    for day in range(1, 16):
        said(mayor, toll, ("supports", "opposes")[day % 2], date(2025, 3, day))
    [position] = positions(actor=mayor, history=10)
    assert [e.when.day for e in position.history] == list(range(6, 16))
    assert position.earlier == 5
    client.force_login(analyst)
    html = client.get("/actors/may-or/").content.decode()
    assert "5 earlier" in html
    assert [e.when.day for e in positions_of(mayor)[0].history] == list(range(1, 16))
