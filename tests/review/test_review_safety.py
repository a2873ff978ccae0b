"""Review safety: who changed what stays on record, stale writes leave nothing behind, undo never blocks."""

from __future__ import annotations

import logging

import pytest
from django.db.models import ProtectedError

from actors.models import Actor
from claims import services
from claims.models import ReviewEvent, Stance, Statement
from claims.services.actors import MergeNotAllowed
from claims.services.review import NewActor, UndoRefused
from tests.factories import ActorFactory, PropositionFactory, StanceFactory, StatementFactory

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


# 1. A stance an editor changes is the editor's, not the extractor's.


def test_a_stance_changed_by_an_editor_records_origin_editor(editor):
    stance = StanceFactory(polarity="asserts", origin="extractor")
    services.edit_statement(
        statement_id=stance.statement_id,
        user=editor,
        version=1,
        changes={"stances": {stance.proposition_id: "denies"}},
    )
    stance.refresh_from_db()
    assert (stance.polarity, stance.origin, stance.is_confirmed, stance.confirmed_by) == (
        "denies",
        "editor",
        True,
        editor,
    )


def test_confirming_a_suggested_stance_keeps_origin_extractor(editor):
    stance = StanceFactory(polarity="asserts", origin="extractor")
    services.approve_statement(statement_id=stance.statement_id, user=editor, version=1)
    stance.refresh_from_db()
    assert (stance.origin, stance.is_confirmed) == ("extractor", True)


# 2. Deleting a reviewer would erase "who" from the audit trail: it is refused.


def test_a_user_who_reviewed_cannot_be_deleted(editor):
    statement = StatementFactory()
    services.approve_statement(statement_id=statement.pk, user=editor, version=1)
    with pytest.raises(ProtectedError):
        editor.delete()
    assert ReviewEvent.objects.get(statement=statement).user_id == editor.pk


# 3. Editors merge only unconfirmed actors; a confirmed one takes a superuser.


def test_an_editor_cannot_merge_away_a_confirmed_actor(editor):
    source, target = ActorFactory(name="Jens Stoltenberg"), ActorFactory(name="Jens Example")
    said = StatementFactory(speaker=source)
    with pytest.raises(MergeNotAllowed, match="only an administrator"):
        services.merge_actor(source_id=source.pk, target_id=target.pk, user=editor)
    said.refresh_from_db()
    assert Actor.objects.filter(pk=source.pk).exists() and said.speaker == source and said.version == 1
    assert not ReviewEvent.objects.exists()


def test_a_superuser_may_merge_a_confirmed_actor(admin_user):
    source, target = ActorFactory(name="Jens Stoltenberg"), ActorFactory(name="Jens Example")
    said = StatementFactory(speaker=source)
    services.merge_actor(source_id=source.pk, target_id=target.pk, user=admin_user)
    said.refresh_from_db()
    assert not Actor.objects.filter(pk=source.pk).exists() and said.speaker == target


def test_the_merge_page_says_why_a_confirmed_actor_was_not_merged(client, editor):
    source, target = ActorFactory(name="Jens Stoltenberg"), ActorFactory(name="Jens Example")
    client.force_login(editor)
    response = client.post(f"/review/actors/{source.pk}/merge/", {"target_id": target.pk}, follow=True)
    html = response.content.decode()
    assert "Jens Stoltenberg is a confirmed actor" in html and "Merged" not in html
    assert Actor.objects.filter(pk=source.pk).exists()


# 4. Who confirmed or merged an actor is on record.


def test_a_merge_records_who_moved_each_statement(editor):
    source = ActorFactory(name="Stoltenburg", is_confirmed=False)
    target = ActorFactory(name="Jens Stoltenberg")
    said, relayed = StatementFactory(speaker=source), StatementFactory(via=source)
    services.merge_actor(source_id=source.pk, target_id=target.pk, user=editor)
    events = {e.statement_id: e for e in ReviewEvent.objects.filter(action="merge")}
    assert set(events) == {said.pk, relayed.pk} and {e.user for e in events.values()} == {editor}
    assert (events[said.pk].before["speaker"], events[said.pk].after["speaker"]) == (
        "Stoltenburg",
        "Jens Stoltenberg",
    )
    assert (events[relayed.pk].before["via"], events[relayed.pk].after["via"]) == (
        "Stoltenburg",
        "Jens Stoltenberg",
    )
    assert (
        events[said.pk].after["version"] == 2
        and "merged Stoltenburg into Jens Stoltenberg" in events[said.pk].reason
    )


def test_confirming_and_merging_actors_are_logged_with_who(editor, caplog):
    new = ActorFactory(name="New Person", is_confirmed=False)
    lonely = ActorFactory(
        name="Typo Person", is_confirmed=False
    )  # no statements: no review event to carry it
    with caplog.at_level(logging.INFO, logger="claims.services.actors"):
        services.confirm_actor(actor_id=new.pk, user=editor)
        services.merge_actor(source_id=lonely.pk, target_id=new.pk, user=editor)
    messages = [r.getMessage() for r in caplog.records if r.name == "claims.services.actors"]
    assert any("ed confirmed actor" in m and f"#{new.pk}" in m and "New Person" in m for m in messages)
    assert any("ed merged actor" in m and f"#{lonely.pk}" in m and f"#{new.pk}" in m for m in messages)
    records = [r for r in caplog.records if r.name == "claims.services.actors"]
    assert {r.user_id for r in records} == {editor.pk}


# 5. An actor typed in the edit form exists only if the edit is saved.


def test_a_stale_edit_with_a_new_actor_creates_no_actor(client, editor, make_user):
    statement = StatementFactory()
    services.approve_statement(statement_id=statement.pk, user=make_user("eve", "editor"), version=1)
    client.force_login(editor)
    data = {
        "version": 1,
        "speaker": "Nobody Known",
        "speaker_id": "",
        "create_speaker": "on",
        "new_speaker_kind": "person",
        "text": statement.text,
        "kind": statement.kind,
        "cue": statement.cue,
    }
    response = client.post(f"/review/{statement.pk}/edit/", data, **HX)
    assert response.status_code == 409
    assert not Actor.objects.filter(name="Nobody Known").exists()


def test_an_edit_refused_after_creating_the_actor_leaves_no_actor(editor):
    statement = StatementFactory()
    with pytest.raises(services.ReviewError, match="Unknown stance"):
        services.edit_statement(
            statement_id=statement.pk,
            user=editor,
            version=1,
            changes={"stances": {PropositionFactory().pk: "shrugs"}},
            new_speaker=NewActor(name="Nobody Known", kind="person"),
        )
    assert not Actor.objects.filter(name="Nobody Known").exists()
    statement.refresh_from_db()
    assert statement.version == 1


def test_a_new_actor_is_created_with_the_edit(editor):
    statement = StatementFactory()
    edited = services.edit_statement(
        statement_id=statement.pk,
        user=editor,
        version=1,
        changes={},
        new_speaker=NewActor(name="Nobody Known", kind="person"),
    )
    assert edited.speaker.name == "Nobody Known" and edited.speaker.is_confirmed and edited.version == 2
    assert ReviewEvent.objects.get(statement=statement).after["speaker"] == "Nobody Known"


# 6. A stale write shows everything that changed since the version it was based on.


def test_a_conflict_lists_every_change_since_the_version_seen(client, editor, make_user):
    eve, bob = make_user("eve", "editor"), make_user("bob", "editor")
    statement = StatementFactory(text="talks would resume")
    services.edit_statement(
        statement_id=statement.pk, user=eve, version=1, changes={"text": "talks resume soon"}
    )
    services.approve_statement(statement_id=statement.pk, user=bob, version=2)
    client.force_login(editor)
    response = client.post(f"/review/{statement.pk}/reject/", {"version": 1}, **HX)
    html = response.content.decode()
    assert response.status_code == 409
    assert "eve edited it" in html and "talks would resume → talks resume soon" in html
    assert "bob approved it" in html and "pending → approved" in html
    assert html.index("eve edited it") < html.index("bob approved it")


def test_a_conflict_leaves_out_changes_the_editor_had_seen(client, editor, make_user):
    eve, bob = make_user("eve", "editor"), make_user("bob", "editor")
    statement = StatementFactory(text="talks would resume")
    services.edit_statement(
        statement_id=statement.pk, user=eve, version=1, changes={"text": "talks resume soon"}
    )
    services.approve_statement(statement_id=statement.pk, user=bob, version=2)
    with pytest.raises(services.StaleVersion) as stale:
        services.reject_statement(statement_id=statement.pk, user=editor, version=2)
    assert [e.user for e in stale.value.events_since] == [bob]


# 7. Undo refuses to overwrite someone else's change, once, then moves on.


def test_undo_skips_a_decision_someone_else_overrode_after_saying_so(editor, make_user):
    eve = make_user("eve", "editor")
    earlier, overridden = StatementFactory(), StatementFactory()
    services.approve_statement(statement_id=earlier.pk, user=editor, version=1)
    services.approve_statement(statement_id=overridden.pk, user=editor, version=1)
    services.reject_statement(statement_id=overridden.pk, user=eve, version=2)
    with pytest.raises(UndoRefused, match="eve rejected it since") as refused:
        services.undo_last(user=editor)
    assert refused.value.decision.statement_id == overridden.pk
    overridden.refresh_from_db()
    assert overridden.status == "rejected" and overridden.version == 3  # eve's decision stands
    assert services.last_undoable(editor).statement_id == earlier.pk
    undone = services.undo_last(user=editor)  # the next press undoes the decision before
    assert undone.pk == earlier.pk and undone.status == "pending"
    with pytest.raises(services.ReviewError, match="Nothing to undo"):
        services.undo_last(user=editor)
    overridden.refresh_from_db()
    assert overridden.status == "rejected"


def test_undo_twice_on_one_statement_undoes_both_decisions(editor):
    statement = StatementFactory(text="talks would resume")
    services.approve_statement(statement_id=statement.pk, user=editor, version=1)
    services.edit_statement(
        statement_id=statement.pk, user=editor, version=2, changes={"text": "talks resume"}
    )
    assert services.undo_last(user=editor).text == "talks would resume"
    undone = services.undo_last(user=editor)
    assert undone.status == "pending" and undone.text == "talks would resume"


def test_the_undo_page_explains_and_then_moves_on(client, editor, make_user):
    eve = make_user("eve", "editor")
    earlier, overridden, shown = StatementFactory(), StatementFactory(), StatementFactory()
    services.approve_statement(statement_id=earlier.pk, user=editor, version=1)
    services.approve_statement(statement_id=overridden.pk, user=editor, version=1)
    services.reject_statement(statement_id=overridden.pk, user=eve, version=2)
    client.force_login(editor)
    response = client.post("/review/undo/", {"current": shown.pk}, **HX)
    html = response.content.decode()
    assert response.status_code == 409
    assert "can no longer be undone" in html and "eve rejected it since" in html
    assert f'data-statement="{shown.pk}"' in html
    response = client.post("/review/undo/", {"current": shown.pk}, **HX)
    assert response.status_code == 200 and "Undone:" in response.content.decode()
    assert Statement.objects.get(pk=earlier.pk).status == "pending"
    assert Statement.objects.get(pk=overridden.pk).status == "rejected"


def test_stances_origin_is_not_touched_by_a_refused_undo(editor, make_user):
    eve = make_user("eve", "editor")
    stance = StanceFactory()
    services.approve_statement(statement_id=stance.statement_id, user=editor, version=1)
    services.edit_statement(
        statement_id=stance.statement_id,
        user=eve,
        version=2,
        changes={"stances": {stance.proposition_id: "denies"}},
    )
    with pytest.raises(UndoRefused):
        services.undo_last(user=editor)
    assert Stance.objects.get(pk=stance.pk).polarity == "denies"


def test_undo_still_works_after_a_proposition_it_touched_was_deleted(editor):
    proposition = PropositionFactory(slug="gone-soon")
    statement = StatementFactory()
    StanceFactory(statement=statement, proposition=proposition, polarity="supports")
    services.edit_statement(
        statement_id=statement.pk,
        user=editor,
        version=1,
        changes={"stances": {proposition.pk: "opposes"}, "text": "edited words"},
    )
    proposition.delete()  # an administrator stops tracking it; its stances go with it
    undone = services.undo_last(user=editor)
    assert undone.text == "talks would resume" and not undone.stances.exists()
