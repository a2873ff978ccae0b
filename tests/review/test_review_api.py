"""The statement review API: token auth, roles, 409 on stale versions, history."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from claims.models import ReviewEvent, Statement
from tests.factories import ActorFactory, PropositionFactory, StatementFactory

pytestmark = pytest.mark.django_db


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get(user=user).key}")
    return client


def test_anonymous_and_analysts_cannot_decide(analyst):
    statement = StatementFactory()
    assert api().post(f"/api/v1/statements/{statement.pk}/approve/", {"version": 1}, format="json").status_code == 401
    response = api(analyst).post(f"/api/v1/statements/{statement.pk}/approve/", {"version": 1}, format="json")
    assert response.status_code == 403
    assert api(analyst).patch(f"/api/v1/statements/{statement.pk}/", {"version": 1, "text": "x"}, format="json").status_code == 403
    assert api(analyst).get(f"/api/v1/statements/{statement.pk}/history/").status_code == 403
    assert api(analyst).get(f"/api/v1/statements/{statement.pk}/").status_code == 404  # pending: not theirs to see
    statement.refresh_from_db()
    assert statement.status == "pending"


def test_approve_reject_and_conflict(editor):
    statement = StatementFactory()
    client = api(editor)
    response = client.post(f"/api/v1/statements/{statement.pk}/approve/", {"version": 1}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "approved" and response.json()["version"] == 2
    stale = client.post(f"/api/v1/statements/{statement.pk}/reject/", {"version": 1, "reason": "no"}, format="json")
    assert stale.status_code == 409
    assert stale.json()["current"]["status"] == "approved" and stale.json()["current"]["version"] == 2
    assert client.post(f"/api/v1/statements/{statement.pk}/reject/", {}, format="json").status_code == 400
    assert client.post("/api/v1/statements/999999/approve/", {"version": 1}, format="json").status_code == 404
    ok = client.post(f"/api/v1/statements/{statement.pk}/reject/", {"version": 2, "reason": "wrong speaker"}, format="json")
    assert ok.status_code == 200 and Statement.objects.get().status == "rejected"


def test_patch_edits_with_version_and_validates(editor):
    statement = StatementFactory()
    speaker = ActorFactory()
    proposition = PropositionFactory(slug="talks-resume")
    client = api(editor)
    response = client.patch(
        f"/api/v1/statements/{statement.pk}/",
        {"version": 1, "speaker": speaker.pk, "said_on": "2026-03-01", "stances": {"talks-resume": "supports"}},
        format="json",
    )
    body = response.json()
    assert response.status_code == 200, body
    assert body["speaker"]["id"] == speaker.pk and body["said_on"] == "2026-03-01" and body["version"] == 2
    assert body["stances"] == [{"proposition": "talks-resume", "polarity": "supports", "origin": "editor",
                                "confidence": 1.0, "is_confirmed": True}]
    assert proposition.stances.count() == 1
    stale = client.patch(f"/api/v1/statements/{statement.pk}/", {"version": 1, "text": "other"}, format="json")
    assert stale.status_code == 409 and Statement.objects.get().text == statement.text
    bad = client.patch(f"/api/v1/statements/{statement.pk}/", {"version": 2, "kind": "rumour"}, format="json")
    assert bad.status_code == 400
    unknown = client.patch(f"/api/v1/statements/{statement.pk}/", {"version": 2, "stances": {"nope": "supports"}},
                           format="json")
    assert unknown.status_code == 400 and "nope" in str(unknown.json())


def test_history_lists_events_in_order(editor):
    statement = StatementFactory()
    client = api(editor)
    client.post(f"/api/v1/statements/{statement.pk}/approve/", {"version": 1}, format="json")
    client.post(f"/api/v1/statements/{statement.pk}/reject/", {"version": 2, "reason": "second thoughts"}, format="json")
    history = client.get(f"/api/v1/statements/{statement.pk}/history/").json()
    assert [e["action"] for e in history] == ["approve", "reject"]
    assert history[1]["reason"] == "second thoughts" and history[1]["user"] == editor.username
    assert history[1]["before"]["status"] == "approved" and history[1]["after"]["status"] == "rejected"
    assert ReviewEvent.objects.count() == 2
