"""Review decisions: optimistic locking, the audit trail, undo, bulk, claims, merges."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.db import close_old_connections, connection

from actors.models import Actor, Alias
from actors.services import add_alias
from claims import services
from claims.models import ReviewEvent, Stance, Statement
from tests.factories import ActorFactory, PropositionFactory, StanceFactory, StatementFactory

pytestmark = pytest.mark.django_db


def test_approve_bumps_the_version_confirms_stances_and_records_who(editor):
    stance = StanceFactory()
    statement = stance.statement
    approved = services.approve_statement(statement_id=statement.pk, user=editor, version=1)
    assert approved.status == "approved" and approved.version == 2 and approved.reviewed_by == editor
    stance.refresh_from_db()
    assert stance.is_confirmed and stance.confirmed_by == editor
    event = ReviewEvent.objects.get(statement=statement)
    assert (event.action, event.user, event.before["status"], event.after["status"]) == (
        "approve",
        editor,
        "pending",
        "approved",
    )
    assert event.after["version"] == 2


def test_a_stale_version_is_refused_and_nothing_is_saved(editor):
    statement = StatementFactory()
    services.approve_statement(statement_id=statement.pk, user=editor, version=1)
    with pytest.raises(services.StaleVersion) as stale:
        services.reject_statement(statement_id=statement.pk, user=editor, version=1, reason="late")
    assert stale.value.statement.status == "approved" and stale.value.statement.version == 2
    statement.refresh_from_db()
    assert statement.status == "approved" and statement.version == 2
    assert ReviewEvent.objects.filter(statement=statement).count() == 1
    with pytest.raises(services.ReviewError):
        services.approve_statement(statement_id=statement.pk, user=editor, version=None)


def test_reject_keeps_the_reason(editor):
    statement = StatementFactory()
    services.reject_statement(statement_id=statement.pk, user=editor, version=1, reason="not a statement")
    event = ReviewEvent.objects.get(statement=statement)
    assert event.action == "reject" and event.reason == "not a statement"


def test_edit_changes_fields_and_stances_and_records_before_and_after(editor):
    statement = StatementFactory(said_on=None)
    other = ActorFactory(name="Jens Example")
    proposition = PropositionFactory()
    edited = services.edit_statement(
        statement_id=statement.pk,
        user=editor,
        version=1,
        changes={
            "speaker": other,
            "text": "talks will resume soon",
            "said_on": date(2026, 1, 5),
            "stances": {proposition.pk: "asserts"},
        },
    )
    assert edited.speaker == other and edited.text == "talks will resume soon" and edited.version == 2
    assert edited.said_on == date(2026, 1, 5) and edited.date_precision == "day"
    assert edited.status == "pending"  # editing is not deciding
    stance = Stance.objects.get(statement=statement)
    assert (stance.polarity, stance.origin, stance.is_confirmed) == ("asserts", "editor", True)
    event = ReviewEvent.objects.get(statement=statement)
    assert event.before["speaker"] != "Jens Example" and event.after["speaker"] == "Jens Example"
    assert event.after["stances"] == [[proposition.pk, "asserts"]]


def test_an_edit_that_changes_nothing_writes_nothing(editor):
    statement = StatementFactory()
    same = services.edit_statement(
        statement_id=statement.pk,
        user=editor,
        version=1,
        changes={"text": statement.text, "kind": statement.kind},
    )
    assert same.version == 1 and not ReviewEvent.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"text": "  "}, "cannot be empty"),
        ({"kind": "rumour"}, "Unknown kind"),
        ({"status": "approved"}, "cannot be edited"),
    ],
)
def test_bad_edits_are_refused(editor, changes, message):
    statement = StatementFactory()
    with pytest.raises(services.ReviewError, match=message):
        services.edit_statement(statement_id=statement.pk, user=editor, version=1, changes=changes)
    statement.refresh_from_db()
    assert statement.version == 1


def test_undo_restores_the_values_step_by_step(editor):
    first, second = StatementFactory(), StatementFactory()
    original_speaker = second.speaker
    services.approve_statement(statement_id=first.pk, user=editor, version=1)
    services.edit_statement(
        statement_id=second.pk, user=editor, version=1, changes={"speaker": ActorFactory()}
    )
    undone = services.undo_last(user=editor)
    assert undone.pk == second.pk and undone.speaker == original_speaker and undone.version == 3
    undone = services.undo_last(user=editor)
    assert undone.pk == first.pk and undone.status == "pending" and undone.reviewed_by is None
    with pytest.raises(services.ReviewError, match="Nothing to undo"):
        services.undo_last(user=editor)
    actions = list(ReviewEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["approve", "edit", "undo", "undo"]


def test_undo_refuses_when_someone_changed_it_since(editor, make_user):
    other = make_user("eve", "editor")
    statement = StatementFactory()
    services.approve_statement(statement_id=statement.pk, user=editor, version=1)
    services.reject_statement(statement_id=statement.pk, user=other, version=2)
    with pytest.raises(services.StaleVersion):
        services.undo_last(user=editor)
    statement.refresh_from_db()
    assert statement.status == "rejected"


def test_undo_is_per_editor(editor, make_user):
    other = make_user("eve", "editor")
    mine, theirs = StatementFactory(), StatementFactory()
    services.approve_statement(statement_id=mine.pk, user=editor, version=1)
    services.approve_statement(statement_id=theirs.pk, user=other, version=1)
    assert services.undo_last(user=editor).pk == mine.pk


def test_bulk_decisions_skip_stale_items(editor):
    a, b, c = StatementFactory(), StatementFactory(), StatementFactory()
    services.approve_statement(statement_id=b.pk, user=editor, version=1)
    result = services.bulk_decide(
        user=editor, action="reject", versions={a.pk: 1, b.pk: 1, c.pk: 1, 999999: 1}, reason="duplicates"
    )
    assert result.done == [a.pk, c.pk] and result.stale == [b.pk] and result.missing == [999999]
    assert set(Statement.objects.values_list("status", flat=True)) == {"rejected", "approved"}


def test_two_editors_never_hold_the_same_candidate(editor, make_user):
    other = make_user("eve", "editor")
    statement = StatementFactory()
    assert services.claim(statement_id=statement.pk, user=editor)
    assert not services.claim(statement_id=statement.pk, user=other)
    assert services.claim(statement_id=statement.pk, user=editor)  # renewing one's own claim
    services.release_claims(user=editor)
    assert services.claim(statement_id=statement.pk, user=other)


def test_review_events_cannot_be_changed(editor):
    statement = StatementFactory()
    services.approve_statement(statement_id=statement.pk, user=editor, version=1)
    event = ReviewEvent.objects.get()
    event.reason = "rewritten"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        ReviewEvent.objects.update(reason="x")
    with pytest.raises(TypeError):
        event.delete()


def test_merging_an_unconfirmed_actor_moves_statements_and_aliases(editor):
    target = ActorFactory(name="Jens Stoltenberg")
    source = ActorFactory(name="Jens Stoltenburg", is_confirmed=False)
    add_alias(actor=source, text="Stoltenburg")
    said, relayed = StatementFactory(speaker=source), StatementFactory(via=source)
    services.merge_actor(source_id=source.pk, target_id=target.pk, user=editor)
    assert not Actor.objects.filter(pk=source.pk).exists()
    said.refresh_from_db()
    relayed.refresh_from_db()
    assert said.speaker == target and relayed.via == target and said.version == 2
    assert set(Alias.objects.filter(actor=target).values_list("text", flat=True)) >= {
        "Stoltenburg",
        "Jens Stoltenburg",
    }
    assert ReviewEvent.objects.filter(action="merge").count() == 2
    with pytest.raises(services.ReviewError):
        services.merge_actor(source_id=target.pk, target_id=target.pk, user=editor)


def test_creating_an_actor_refuses_an_existing_name(editor):
    ActorFactory(name="Oana Lungescu")
    with pytest.raises(services.ReviewError, match="already exists"):
        services.create_actor(name="oana  lungescu", kind="person", user=editor)
    created = services.create_actor(name="Maria Example", kind="person", user=editor)
    assert created.is_confirmed and created.aliases.filter(text="Maria Example").exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_approvals_exactly_one_wins(make_user):
    if connection.vendor != "postgresql":
        pytest.skip("needs a server database for real concurrent transactions")
    editors = [make_user(f"ed{n}", "editor") for n in range(2)]
    statement = StatementFactory()
    barrier = threading.Barrier(2)
    outcomes = []

    def decide(user, decide_fn):
        try:
            barrier.wait()
            decide_fn(statement_id=statement.pk, user=user, version=1)
            outcomes.append("won")
        except services.StaleVersion:
            outcomes.append("stale")
        finally:
            close_old_connections()

    threads = [
        threading.Thread(target=decide, args=(editors[0], services.approve_statement)),
        threading.Thread(target=decide, args=(editors[1], services.reject_statement)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["stale", "won"]
    statement.refresh_from_db()
    assert statement.version == 2 and ReviewEvent.objects.filter(statement=statement).count() == 1
