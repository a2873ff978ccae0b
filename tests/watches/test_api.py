"""/api/v1/watches/, notifications/ and webhooks/: any user with a role, each sees only their own."""

from __future__ import annotations

import pytest

from claims import services as review
from tests.apiclient import api
from tests.factories import ActorFactory
from watches import services
from watches.models import Notification, Watch

pytestmark = pytest.mark.django_db


def test_an_analyst_watches_an_actor_by_slug(analyst, record):
    response = api(analyst).post(
        "/api/v1/watches/", {"actor": record["actor"].slug, "kinds": ["position"]}, format="json"
    )
    assert (response.status_code, response.json()["kinds"]) == (201, ["position"])


def test_a_watch_of_a_pair(analyst, record):
    body = {"actor": record["actor"].slug, "proposition": record["proposition"].slug}
    api(analyst).post("/api/v1/watches/", body, format="json")
    assert Watch.objects.get().proposition == record["proposition"]


def test_a_watch_of_nothing_is_a_400_saying_why(analyst):
    response = api(analyst).post("/api/v1/watches/", {"kinds": ["position"]}, format="json")
    assert (response.status_code, "Name an actor" in str(response.json())) == (400, True)


def test_an_unknown_kind_is_a_400(analyst, record):
    response = api(analyst).post(
        "/api/v1/watches/", {"actor": record["actor"].slug, "kinds": ["rumours"]}, format="json"
    )
    assert response.status_code == 400


def test_an_analyst_cannot_watch_an_actor_they_cannot_see(analyst):
    hidden = ActorFactory(is_confirmed=False)
    response = api(analyst).post("/api/v1/watches/", {"actor": hidden.slug}, format="json")
    assert response.status_code == 400


def test_users_see_only_their_own_watches(analyst, make_user, record):
    services.watch(user=make_user("olga", "analyst"), actor=record["actor"])
    assert api(analyst).get("/api/v1/watches/").json()["results"] == []


def test_another_users_watch_is_a_404(analyst, make_user, record):
    theirs = services.watch(user=make_user("olga", "analyst"), actor=record["actor"])
    assert api(analyst).delete(f"/api/v1/watches/{theirs.pk}/").status_code == 404


def test_patch_changes_what_counts(analyst, record):
    mine = services.watch(user=analyst, actor=record["actor"])
    api(analyst).patch(f"/api/v1/watches/{mine.pk}/", {"kinds": ["stance"]}, format="json")
    mine.refresh_from_db()
    assert mine.kinds == ["stance"]


def test_delete_stops_watching(analyst, record):
    mine = services.watch(user=analyst, actor=record["actor"])
    assert api(analyst).delete(f"/api/v1/watches/{mine.pk}/").status_code == 204


def test_anonymous_is_401(db):
    assert api().get("/api/v1/watches/").status_code == 401


def test_a_user_without_a_role_is_403(make_user):
    nobody = make_user("nobody", role="analyst")
    nobody.groups.clear()
    assert api(nobody).get("/api/v1/notifications/").status_code == 403


@pytest.fixture
def told(record, analyst, editor):
    services.watch(user=analyst, actor=record["actor"])
    new = record["new"]
    new.refresh_from_db()
    review.approve_statement(statement_id=new.pk, user=editor, version=new.version)
    return analyst


def test_notifications_list_what_changed(told):
    item = api(told).get("/api/v1/notifications/").json()["results"][0]
    assert item["event"]["summary"].startswith("Dana Reyes changed position")


def test_the_unread_filter(told):
    Notification.objects.update(read_at="2026-03-03T00:00:00Z")
    assert api(told).get("/api/v1/notifications/?unread=true").json()["results"] == []


def test_marking_read_says_how_many(told):
    response = api(told).post("/api/v1/notifications/read/", {}, format="json")
    assert response.json() == {"marked": 1}


def test_a_webhook_shows_its_secret_and_refuses_private_targets(analyst):
    response = api(analyst).post("/api/v1/webhooks/", {"url": "http://192.168.1.5/hook"}, format="json")
    assert (response.status_code, "refused: 192.168.1.5 is a private address" in str(response.json())) == (
        400,
        True,
    )


def test_the_webhook_delivery_log_is_readable(settings, analyst):
    settings.TRACKER_WEBHOOK_ALLOW_PRIVATE = True
    hook = api(analyst).post("/api/v1/webhooks/", {"url": "http://127.0.0.1:9/hook"}, format="json").json()
    assert len(hook["secret"]) == 64
    assert api(analyst).get(f"/api/v1/webhooks/{hook['id']}/deliveries/").json() == []


def test_the_schema_documents_the_watches_api(analyst):
    schema = api(analyst).get("/api/schema/?format=json").json()
    assert {"/api/v1/watches/", "/api/v1/notifications/read/", "/api/v1/webhooks/{id}/deliveries/"} <= set(
        schema["paths"]
    )
