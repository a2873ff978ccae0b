"""Email through Django's SMTP backend to a real SMTP server started by the test: one per notification,
or one daily digest."""

from __future__ import annotations

import pytest
from django.urls import reverse

from claims import services as review
from watches import services
from watches.models import Delivery

from .smtp import SMTPServer, body, subject

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp(settings):
    server = SMTPServer().start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    yield server
    server.stop()


@pytest.fixture
def reader(analyst):
    analyst.email = "ann@example.org"
    analyst.save()
    return analyst


def approve(statement, editor, capture):
    statement.refresh_from_db()
    with capture(execute=True):
        review.approve_statement(statement_id=statement.pk, user=editor, version=statement.version)


def test_immediate_email_sends_one_message_per_notification(
    smtp, reader, editor, record, django_capture_on_commit_callbacks
):
    services.set_email_mode(user=reader, mode="immediate")
    services.watch(user=reader, actor=record["actor"])
    approve(record["new"], editor, django_capture_on_commit_callbacks)
    assert len(smtp.messages) == 1


def test_the_email_says_what_changed_and_links_to_the_statement(
    smtp, reader, editor, record, django_capture_on_commit_callbacks
):
    services.set_email_mode(user=reader, mode="immediate")
    services.watch(user=reader, actor=record["actor"])
    approve(record["new"], editor, django_capture_on_commit_callbacks)
    message = smtp.messages[0]
    assert subject(message).startswith("[tracker] Dana Reyes changed position")
    text = body(message)
    assert "“Scrapping the toll would be a mistake”" in text
    assert f"http://127.0.0.1:8000/articles/{record['new'].article_id}/#s{record['new'].pk}" in text


def test_a_delivery_run_twice_sends_once(smtp, reader, editor, record, django_capture_on_commit_callbacks):
    services.set_email_mode(user=reader, mode="immediate")
    services.watch(user=reader, actor=record["actor"])
    approve(record["new"], editor, django_capture_on_commit_callbacks)
    services.run_delivery(delivery_id=Delivery.objects.get().pk)  # a duplicate message from the broker
    assert len(smtp.messages) == 1


def test_a_mail_server_that_is_down_is_retried_later(
    settings, reader, editor, record, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    services.set_email_mode(user=reader, mode="immediate")
    services.watch(user=reader, actor=record["actor"])
    approve(record["new"], editor, django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.next_attempt_at is not None) == ("queued", True)


def test_the_daily_digest_gathers_the_days_notifications_in_one_email(
    smtp, reader, editor, record, django_capture_on_commit_callbacks
):
    services.set_email_mode(user=reader, mode="daily")
    services.watch(user=reader, actor=record["actor"])
    approve(record["new"], editor, django_capture_on_commit_callbacks)
    assert smtp.messages == []  # nothing until the digest
    with django_capture_on_commit_callbacks(execute=True):
        services.queue_digests()
    assert "Dana Reyes changed position" in body(smtp.messages[0])


def test_the_digest_is_sent_once_a_day(smtp, reader, editor, record, django_capture_on_commit_callbacks):
    services.set_email_mode(user=reader, mode="daily")
    services.watch(user=reader, actor=record["actor"])
    approve(record["new"], editor, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.queue_digests()
        services.queue_digests()
    assert len(smtp.messages) == 1


def test_email_needs_an_address_on_the_account(analyst):
    with pytest.raises(services.WatchError, match="no email address"):
        services.set_email_mode(user=analyst, mode="immediate")


def test_the_watches_page_sets_the_email_mode(client, reader):
    client.force_login(reader)
    client.post(reverse("watches:email"), {"email_mode": "daily"})
    assert reader.alert_settings.email_mode == "daily"


def test_an_unknown_email_mode_is_a_message(client, reader):
    client.force_login(reader)
    page = client.post(reverse("watches:email"), {"email_mode": "hourly"}, follow=True).content.decode()
    assert "Unknown email setting" in page


def test_the_digest_leaves_out_what_came_before_it_was_chosen(
    smtp, reader, editor, record, django_capture_on_commit_callbacks
):
    services.watch(user=reader, actor=record["actor"])
    approve(record["new"], editor, django_capture_on_commit_callbacks)  # email off then
    services.set_email_mode(user=reader, mode="daily")
    with django_capture_on_commit_callbacks(execute=True):
        services.queue_digests()
    assert smtp.messages == []
