"""The private Atom feed: the token in the address is the credential; revoking it ends the address."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from claims import services as review
from watches import services

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def told(record, analyst, editor):
    services.watch(user=analyst, actor=record["actor"])
    new = record["new"]
    new.refresh_from_db()
    review.approve_statement(statement_id=new.pk, user=editor, version=new.version)
    return analyst


def entries(response) -> list:
    return ET.fromstring(response.content).findall(f"{ATOM}entry")


def test_the_feed_has_one_entry_per_notification_without_logging_in(client, told):
    token = services.feed_token(user=told).token
    response = client.get(reverse("watches:feed", args=[token]))
    assert response["Content-Type"].startswith("application/atom+xml")
    assert len(entries(response)) == 1


def test_the_entry_says_what_changed_with_the_words(client, told):
    token = services.feed_token(user=told).token
    entry = entries(client.get(reverse("watches:feed", args=[token])))[0]
    assert entry.find(f"{ATOM}title").text.startswith("Dana Reyes changed position")
    assert "Scrapping the toll would be a mistake" in entry.find(f"{ATOM}summary").text


def test_a_revoked_token_is_a_404(client, told):
    old = services.feed_token(user=told).token
    services.renew_feed_token(user=told)
    assert client.get(reverse("watches:feed", args=[old])).status_code == 404


def test_the_new_token_works_after_renewal(client, told):
    services.feed_token(user=told)
    new = services.renew_feed_token(user=told).token
    assert client.get(reverse("watches:feed", args=[new])).status_code == 200


def test_a_made_up_token_is_a_404(client, db):
    assert client.get(reverse("watches:feed", args=["guess"])).status_code == 404


def test_the_feed_has_only_its_owners_notifications(client, told, make_user):
    other = make_user("olga", "analyst")
    token = services.feed_token(user=other).token
    assert entries(client.get(reverse("watches:feed", args=[token]))) == []


def test_the_watches_page_makes_and_renews_the_address(client, told):
    client.force_login(told)
    client.post(reverse("watches:feed-address"))
    first = services.feed_token(user=told).token
    client.post(reverse("watches:feed-address"), {"action": "renew"})
    assert services.feed_token(user=told).token != first
