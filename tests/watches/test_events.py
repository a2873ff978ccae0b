"""An editor's decision makes exactly the events the watches cover, in its own transaction."""

from __future__ import annotations

import pytest
from django.db import transaction

from claims import services as review
from claims.models import Statement
from tests.factories import ActorFactory, PropositionFactory, StanceFactory, StatementFactory
from watches import services
from watches.models import Event, Notification, Watch

pytestmark = pytest.mark.django_db


def approve(statement, editor):
    statement.refresh_from_db()
    return review.approve_statement(statement_id=statement.pk, user=editor, version=statement.version)


def test_approving_a_flip_of_a_watched_actor_makes_one_event_and_one_notification(record, analyst, editor):
    services.watch(user=analyst, actor=record["actor"], kinds=["position"])
    approve(record["new"], editor)
    assert Event.objects.count() == 1
    event = Event.objects.get()
    assert (event.position_before, event.position_after) == ("supports", "opposes")
    assert (
        event.summary
        == "Dana Reyes changed position on “The bridge toll should be scrapped”: supports → opposes"
    )
    assert Notification.objects.filter(user=analyst, event=event).count() == 1


def test_the_notification_says_the_words_speaker_outlet_date_and_links(record, analyst, editor):
    services.watch(user=analyst, actor=record["actor"])
    approve(record["new"], editor)
    details = Event.objects.get().details
    new = record["new"]
    assert details["text"] == "Scrapping the toll would be a mistake"
    assert details["speaker"] == "Dana Reyes"
    assert details["outlet"] == new.article.outlet.name
    assert details["date"] == "2026-03-02"
    assert details["statement_url"] == f"/articles/{new.article_id}/#s{new.pk}"
    assert details["history_url"].startswith(f"/actors/{record['actor'].slug}/")


def test_an_event_has_every_kind_that_happened(record, analyst, editor):
    services.watch(user=analyst, actor=record["actor"])
    approve(record["new"], editor)
    assert Event.objects.get().kinds == ["statement", "stance", "position"]


def test_a_watch_of_new_statements_only_is_not_told_of_a_pending_edit(record, analyst, editor):
    services.watch(user=analyst, actor=record["actor"], kinds=["statement"])
    new = record["new"]
    review.edit_statement(
        statement_id=new.pk, user=editor, version=new.version, changes={"text": "Edited words"}
    )
    assert Event.objects.count() == 0


def test_rejecting_a_pending_statement_tells_nobody(record, analyst, editor):
    services.watch(user=analyst, actor=record["actor"])
    new = record["new"]
    review.reject_statement(statement_id=new.pk, user=editor, version=new.version)
    assert Notification.objects.count() == 0


def test_accepting_a_stance_on_a_pending_statement_tells_nobody(record, analyst, editor):
    services.watch(user=analyst, proposition=record["proposition"])
    new = record["new"]
    review.accept_stance(
        statement_id=new.pk, proposition_id=record["proposition"].pk, user=editor, version=new.version
    )
    assert Notification.objects.count() == 0


def test_undo_records_one_no_longer_event_for_those_who_were_told(record, analyst, editor, make_user):
    services.watch(user=analyst, actor=record["actor"])
    approve(record["new"], editor)
    latecomer = make_user("late", "analyst")
    services.watch(user=latecomer, actor=record["actor"])
    review.undo_last(user=editor)
    retraction = Event.objects.exclude(retracts=None).get()
    assert retraction.summary.startswith("No longer: Dana Reyes changed position")
    assert list(retraction.notifications.values_list("user__username", flat=True)) == ["ann"]


def test_undo_makes_no_other_event(record, analyst, editor):
    services.watch(user=analyst, actor=record["actor"])
    approve(record["new"], editor)
    review.undo_last(user=editor)
    assert Event.objects.count() == 2


def test_rejecting_an_approved_statement_retracts_without_telling_anything_new(record, analyst, editor):
    services.watch(user=analyst, actor=record["actor"])
    statement = approve(record["new"], editor)
    review.reject_statement(statement_id=statement.pk, user=editor, version=statement.version)
    assert list(Event.objects.order_by("pk").values_list("summary", flat=True))[1].startswith("No longer:")


def test_a_proposition_watch_hears_of_any_actors_first_position(record, analyst, editor):
    services.watch(user=analyst, proposition=record["proposition"], kinds=["position"])
    other = record["new"]
    newcomer = ActorFactory(name="Lee Park")
    Statement.objects.filter(pk=other.pk).update(speaker=newcomer)
    approve(other, editor)
    assert (
        Event.objects.get().summary
        == "Lee Park takes a position on “The bridge toll should be scrapped”: opposes"
    )


def test_a_pair_watch_is_not_told_about_another_proposition(record, analyst, editor):
    services.watch(user=analyst, actor=record["actor"], proposition=PropositionFactory())
    approve(record["new"], editor)
    assert Notification.objects.count() == 0


def test_contradiction_names_the_actor_on_the_other_side(record, analyst, editor):
    services.watch(user=analyst, actor=record["actor"], kinds=["contradiction"])
    rival = StatementFactory(speaker=ActorFactory(name="Sam Ode"), status="approved")
    StanceFactory(statement=rival, proposition=record["proposition"], polarity="supports", is_confirmed=True)
    approve(record["new"], editor)
    assert Event.objects.get().summary.endswith("; now contradicts Sam Ode")


def test_nobody_watching_costs_no_event(record, editor):
    approve(record["new"], editor)
    assert Event.objects.count() == 0


def test_a_decision_rolled_back_leaves_no_event(record, analyst, editor):
    services.watch(user=analyst, actor=record["actor"])
    with pytest.raises(RuntimeError), transaction.atomic():
        approve(record["new"], editor)
        raise RuntimeError("the decision fails after its event was written")
    assert Event.objects.count() == 0


def test_watching_twice_is_one_watch_with_the_new_kinds(record, analyst):
    services.watch(user=analyst, actor=record["actor"], kinds=["stance"])
    services.watch(user=analyst, actor=record["actor"], kinds=["position", "stance"])
    assert list(Watch.objects.values_list("kinds", flat=True)) == [["stance", "position"]]


def test_an_unknown_kind_is_refused_with_the_choices(record, analyst):
    with pytest.raises(services.WatchError, match="Unknown kind sometimes"):
        services.watch(user=analyst, actor=record["actor"], kinds=["sometimes"])


def test_merging_an_actor_moves_its_watches(record, analyst, editor):
    duplicate = ActorFactory(name="D. Reyes", is_confirmed=False)
    services.watch(user=analyst, actor=duplicate)
    review.merge_actor(source_id=duplicate.pk, target_id=record["actor"].pk, user=editor)
    assert Watch.objects.get().actor == record["actor"]


def test_flipping_a_stance_on_an_approved_statement_is_a_position_change(record, analyst, editor):
    services.watch(user=analyst, actor=record["actor"], kinds=["position"])
    old = record["old"]
    review.flip_stance(
        statement_id=old.pk, proposition_id=record["proposition"].pk, user=editor, version=old.version
    )
    event = Event.objects.get()
    assert (event.position_before, event.position_after) == ("supports", "opposes")


def test_moving_an_approved_statement_to_another_speaker_tells_the_new_speakers_watchers(
    record, analyst, editor
):
    other = ActorFactory(name="Lee Park", is_confirmed=True)
    services.watch(user=analyst, actor=other, kinds=["position"])
    old = record["old"]
    review.edit_statement(statement_id=old.pk, user=editor, version=old.version, changes={"speaker": other})
    assert (
        Event.objects.get().summary
        == "Lee Park takes a position on “The bridge toll should be scrapped”: supports"
    )


def test_the_old_speaker_of_a_moved_statement_loses_the_position(record, analyst, editor):
    other = ActorFactory(name="Lee Park", is_confirmed=True)
    services.watch(user=analyst, actor=record["actor"], kinds=["position"])
    old = record["old"]
    review.edit_statement(statement_id=old.pk, user=editor, version=old.version, changes={"speaker": other})
    assert Event.objects.get().summary == (
        "Dana Reyes no longer has a position on “The bridge toll should be scrapped” (was supports)"
    )


def test_merging_in_an_actor_whose_statement_flips_the_position_tells_it_once(record, analyst, editor):
    from datetime import date

    duplicate = ActorFactory(name="D. Reyes", is_confirmed=False)
    for day in (3, 4):
        said = StatementFactory(
            speaker=duplicate, status="approved", said_on=date(2026, 3, day), date_precision="day"
        )
        StanceFactory(
            statement=said, proposition=record["proposition"], polarity="opposes", is_confirmed=True
        )
    services.watch(user=analyst, actor=record["actor"], kinds=["position"])
    review.merge_actor(source_id=duplicate.pk, target_id=record["actor"].pk, user=editor)
    event = Event.objects.get()
    assert (event.position_before, event.position_after) == ("supports", "opposes")
