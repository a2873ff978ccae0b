"""The issue's whole path at once: an editor approves a statement that flips a watched actor's position
-> exactly one event, one notification, one email, one Atom entry, one signed webhook delivery; undo
-> one "no longer" event, told the same ways."""

from __future__ import annotations

import hashlib
import hmac
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from claims import services as review
from watches import services
from watches.models import Event, Notification

from .smtp import SMTPServer, subject

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def channels(settings, receiver, analyst, record):
    server = SMTPServer().start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.TRACKER_WEBHOOK_ALLOW_PRIVATE = True
    analyst.email = "ann@example.org"
    analyst.save()
    target = receiver()
    hook = services.add_webhook(user=analyst, url=target.url)
    services.set_email_mode(user=analyst, mode="immediate")
    services.watch(user=analyst, actor=record["actor"], kinds=["position"])
    yield {"smtp": server, "target": target, "hook": hook, "token": services.feed_token(user=analyst).token}
    server.stop()


@pytest.fixture
def flipped(channels, editor, record, django_capture_on_commit_callbacks):
    new = record["new"]
    new.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        review.approve_statement(statement_id=new.pk, user=editor, version=new.version)
    return channels


def feed_titles(client, token) -> list[str]:
    feed = ET.fromstring(client.get(reverse("watches:feed", args=[token])).content)
    return [entry.find(f"{ATOM}title").text for entry in feed.findall(f"{ATOM}entry")]


def test_one_event(flipped):
    assert Event.objects.count() == 1


def test_one_notification(flipped):
    assert Notification.objects.count() == 1


def test_one_email(flipped):
    assert [subject(m)[:37] for m in flipped["smtp"].messages] == ["[tracker] Dana Reyes changed position"]


def test_one_atom_entry(client, flipped):
    assert len(feed_titles(client, flipped["token"])) == 1


def test_one_signed_webhook_delivery(flipped):
    (request,) = flipped["target"].answered(200)
    signature = (
        "sha256=" + hmac.new(flipped["hook"].secret.encode(), request.body, hashlib.sha256).hexdigest()
    )
    assert request.headers["x-tracker-signature"] == signature


def test_undo_is_one_no_longer_event_told_the_same_ways(
    client, flipped, editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        review.undo_last(user=editor)
    assert (
        Event.objects.filter(summary__startswith="No longer:").count(),
        len(flipped["smtp"].messages),
        len(flipped["target"].answered(200)),
        feed_titles(client, flipped["token"])[0][:10],
    ) == (1, 2, 2, "No longer:")
