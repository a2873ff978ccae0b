"""Bad input to the watches pages and API: a clear 400 or message, never a 500."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from tests.apiclient import api
from tests.factories import ActorFactory, PropositionFactory
from watches.models import Watch

pytestmark = pytest.mark.django_db

BAD_URLS = [
    "http://exa mple.org/hook",
    "http://[fe80::1%25eth0]/hook",
    "http://example.org/%zz",
    "x" * 3000,
    "",
    "http://\x00/",
]


@pytest.mark.parametrize("url", BAD_URLS)
def test_a_bad_webhook_address_is_a_400(analyst, url):
    response = api(analyst).post("/api/v1/webhooks/", {"url": url}, format="json")
    assert response.status_code == 400


@pytest.mark.parametrize("url", BAD_URLS)
def test_a_bad_webhook_address_on_the_page_is_a_message(client, analyst, url):
    client.force_login(analyst)
    response = client.post(reverse("watches:webhook"), {"action": "add", "url": url})
    assert response.status_code in (302, 400)


@pytest.mark.parametrize("value", ["abc", "-1", "99999999999999999999", "1\x00"])
def test_a_bad_subject_for_the_watch_button_is_a_404_or_400(client, analyst, value):
    client.force_login(analyst)
    for field in ("actor", "proposition"):
        assert client.post(reverse("watches:button"), {field: value}).status_code in (400, 404)


def test_kinds_that_are_not_a_list_are_a_400(analyst, record):
    response = api(analyst).post(
        "/api/v1/watches/", {"actor": record["actor"].slug, "kinds": "position"}, format="json"
    )
    assert response.status_code == 400


def test_empty_kinds_are_a_400(analyst, record):
    response = api(analyst).post(
        "/api/v1/watches/", {"actor": record["actor"].slug, "kinds": []}, format="json"
    )
    assert response.status_code == 400


def test_marking_read_with_bad_ids_is_a_400(analyst):
    response = api(analyst).post("/api/v1/notifications/read/", {"notifications": ["x", -3]}, format="json")
    assert response.status_code == 400


def test_saving_no_kinds_on_the_page_is_a_message(client, analyst, record):
    client.force_login(analyst)
    api(analyst).post("/api/v1/watches/", {"actor": record["actor"].slug}, format="json")
    watch_id = api(analyst).get("/api/v1/watches/").json()["results"][0]["id"]
    page = client.post(reverse("watches:kinds", args=[watch_id]), {}, follow=True).content.decode()
    assert "Choose at least one kind" in page


@pytest.mark.parametrize("subject", ["actor", "proposition", "pair"])
def test_the_database_keeps_one_watch_per_subject_on_every_backend(analyst, subject):
    actor, proposition = ActorFactory(), PropositionFactory()
    fields = {"actor": {"actor": actor}, "proposition": {"proposition": proposition}}.get(
        subject, {"actor": actor, "proposition": proposition}
    )
    Watch.objects.create(user=analyst, **fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        Watch.objects.create(user=analyst, **fields)
