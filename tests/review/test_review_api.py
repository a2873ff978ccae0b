"""The statement review API: token auth, roles, 409 on stale versions, history."""

from __future__ import annotations

import pytest

from claims.models import ReviewEvent, Statement
from tests.apiclient import api
from tests.factories import ActorFactory, PropositionFactory, StatementFactory

pytestmark = pytest.mark.django_db


def test_anonymous_and_analysts_cannot_decide(analyst):
    statement = StatementFactory()
    assert (
        api().post(f"/api/v1/statements/{statement.pk}/approve/", {"version": 1}, format="json").status_code
        == 401
    )
    response = api(analyst).post(f"/api/v1/statements/{statement.pk}/approve/", {"version": 1}, format="json")
    assert response.status_code == 403
    assert (
        api(analyst)
        .patch(f"/api/v1/statements/{statement.pk}/", {"version": 1, "text": "x"}, format="json")
        .status_code
        == 403
    )
    assert api(analyst).get(f"/api/v1/statements/{statement.pk}/history/").status_code == 403
    assert (
        api(analyst).get(f"/api/v1/statements/{statement.pk}/").status_code == 404
    )  # pending: not theirs to see
    statement.refresh_from_db()
    assert statement.status == "pending"


def test_approve_reject_and_conflict(editor):
    statement = StatementFactory()
    client = api(editor)
    response = client.post(f"/api/v1/statements/{statement.pk}/approve/", {"version": 1}, format="json")
    assert (
        response.status_code == 200
        and response.json()["status"] == "approved"
        and response.json()["version"] == 2
    )
    stale = client.post(
        f"/api/v1/statements/{statement.pk}/reject/", {"version": 1, "reason": "no"}, format="json"
    )
    assert stale.status_code == 409
    assert stale.json()["current"]["status"] == "approved" and stale.json()["current"]["version"] == 2
    assert client.post(f"/api/v1/statements/{statement.pk}/reject/", {}, format="json").status_code == 400
    assert client.post("/api/v1/statements/999999/approve/", {"version": 1}, format="json").status_code == 404
    ok = client.post(
        f"/api/v1/statements/{statement.pk}/reject/", {"version": 2, "reason": "wrong speaker"}, format="json"
    )
    assert ok.status_code == 200 and Statement.objects.get().status == "rejected"


def test_patch_edits_with_version_and_validates(editor):
    statement = StatementFactory()
    speaker = ActorFactory()
    proposition = PropositionFactory(slug="talks-resume")
    client = api(editor)
    response = client.patch(
        f"/api/v1/statements/{statement.pk}/",
        {
            "version": 1,
            "speaker": speaker.pk,
            "said_on": "2026-03-01",
            "stances": {"talks-resume": "supports"},
        },
        format="json",
    )
    body = response.json()
    assert response.status_code == 200, body
    assert body["speaker"]["id"] == speaker.pk and body["said_on"] == "2026-03-01" and body["version"] == 2
    assert body["stances"] == [
        {
            "proposition": "talks-resume",
            "polarity": "supports",
            "origin": "editor",
            "confidence": 1.0,
            "is_confirmed": True,
            "evidence": [],  # set by an editor: no suggester's evidence
            "reason": "",
        }
    ]
    assert proposition.stances.count() == 1
    stale = client.patch(
        f"/api/v1/statements/{statement.pk}/", {"version": 1, "text": "other"}, format="json"
    )
    assert stale.status_code == 409 and Statement.objects.get().text == statement.text
    bad = client.patch(f"/api/v1/statements/{statement.pk}/", {"version": 2, "kind": "rumour"}, format="json")
    assert bad.status_code == 400
    unknown = client.patch(
        f"/api/v1/statements/{statement.pk}/", {"version": 2, "stances": {"nope": "supports"}}, format="json"
    )
    assert unknown.status_code == 400 and "nope" in str(unknown.json())


def test_history_lists_events_in_order(editor):
    statement = StatementFactory()
    client = api(editor)
    client.post(f"/api/v1/statements/{statement.pk}/approve/", {"version": 1}, format="json")
    client.post(
        f"/api/v1/statements/{statement.pk}/reject/",
        {"version": 2, "reason": "second thoughts"},
        format="json",
    )
    history = client.get(f"/api/v1/statements/{statement.pk}/history/").json()["results"]
    assert [e["action"] for e in history] == ["approve", "reject"]
    assert history[1]["reason"] == "second thoughts" and history[1]["user"] == editor.username
    assert history[1]["before"]["status"] == "approved" and history[1]["after"]["status"] == "rejected"
    assert ReviewEvent.objects.count() == 2


def test_bulk_decisions_report_stale_and_missing_items_and_save_the_rest(editor, analyst):
    fresh, changed = StatementFactory(), StatementFactory()
    Statement.objects.filter(pk=changed.pk).update(version=2)  # someone edited it after the list was loaded
    body = {
        "action": "reject",
        "reason": "duplicate",
        "statements": [
            {"id": fresh.pk, "version": 1},
            {"id": changed.pk, "version": 1},
            {"id": 999999, "version": 1},
        ],
    }
    assert api(analyst).post("/api/v1/statements/bulk/", body, format="json").status_code == 403
    response = api(editor).post("/api/v1/statements/bulk/", body, format="json")
    assert response.status_code == 200
    assert response.json() == {
        "done": [fresh.pk],
        "stale": [changed.pk],
        "missing": [999999],
        "stances_confirmed": 0,  # the approved one had no suggested stance
    }
    assert dict(Statement.objects.values_list("pk", "status")) == {
        fresh.pk: "rejected",
        changed.pk: "pending",
    }
    assert ReviewEvent.objects.get(statement=fresh).reason == "duplicate"
    twice = {
        "action": "approve",
        "statements": [{"id": fresh.pk, "version": 2}, {"id": fresh.pk, "version": 2}],
    }
    assert "statements" in api(editor).post("/api/v1/statements/bulk/", twice, format="json").json()["fields"]
    bad = api(editor).post("/api/v1/statements/bulk/", {"action": "delete", "statements": []}, format="json")
    assert bad.status_code == 400 and {"action", "statements"} <= set(bad.json()["fields"])


def test_undo_through_the_api(editor):
    statement = StatementFactory()
    client = api(editor)
    assert client.post("/api/v1/statements/undo/").status_code == 400  # nothing to undo yet
    client.post(f"/api/v1/statements/{statement.pk}/approve/", {"version": 1}, format="json")
    response = client.post("/api/v1/statements/undo/")
    assert response.status_code == 200 and response.json()["status"] == "pending"
    statement.refresh_from_db()
    assert statement.status == "pending" and statement.version == 3


def test_editors_confirm_and_merge_new_actors_through_the_api(editor, analyst, admin_user):
    guess = ActorFactory(name="Jon Smiht", slug="jon-smiht", is_confirmed=False)
    known = ActorFactory(name="Jon Smith", slug="jon-smith", is_confirmed=True)
    ActorFactory(name="Ann Other", slug="ann-other", is_confirmed=False)
    said = StatementFactory(speaker=guess)
    assert api(analyst).post("/api/v1/actors/ann-other/confirm/").status_code in (403, 404)
    confirmed = api(editor).post("/api/v1/actors/ann-other/confirm/")
    assert confirmed.status_code == 200 and confirmed.json()["is_confirmed"] is True

    merged = api(editor).post("/api/v1/actors/jon-smiht/merge/", {"into": "jon-smith"}, format="json")
    assert merged.status_code == 200 and "Jon Smiht" in [a["text"] for a in merged.json()["aliases"]]
    said.refresh_from_db()
    assert said.speaker_id == known.pk and not type(guess).objects.filter(pk=guess.pk).exists()

    refused = api(editor).post("/api/v1/actors/ann-other/merge/", {"into": "jon-smith"}, format="json")
    assert refused.status_code == 403 and "administrator" in refused.json()["detail"]
    assert (
        api(editor).post("/api/v1/actors/jon-smith/merge/", {"into": "nobody"}, format="json").status_code
        == 400
    )
    assert (
        api(admin_user)
        .post("/api/v1/actors/ann-other/merge/", {"into": "jon-smith"}, format="json")
        .status_code
        == 200
    )
