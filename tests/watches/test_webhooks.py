"""Webhooks: signed JSON to a local HTTP server started by the test, retried with backoff, a delivery
log with status codes, private addresses refused unless allowed."""

from __future__ import annotations

import hashlib
import hmac
import json

import pytest
from django.urls import reverse

from claims import services as review
from watches import services
from watches.models import Delivery, DeliveryAttempt

pytestmark = pytest.mark.django_db


@pytest.fixture
def private_allowed(settings):
    settings.TRACKER_WEBHOOK_ALLOW_PRIVATE = True
    settings.TRACKER_DELIVERY_RETRY_BASE_SECONDS = 0
    return settings


def approve(statement, editor, capture):
    statement.refresh_from_db()
    with capture(execute=True):
        review.approve_statement(statement_id=statement.pk, user=editor, version=statement.version)


def run_until_settled(delivery: Delivery) -> Delivery:
    """What the worker's retries do, without waiting: run the delivery again while it is queued."""
    for _ in range(20):
        delivery.refresh_from_db()
        if delivery.state != "queued":
            break
        services.run_delivery(delivery_id=delivery.pk)
    delivery.refresh_from_db()
    return delivery


@pytest.fixture
def hooked(private_allowed, receiver, analyst, record):
    def make(**options):
        target = receiver(**options)
        hook = services.add_webhook(user=analyst, url=target.url)
        services.watch(user=analyst, actor=record["actor"])
        return target, hook

    return make


def test_a_flip_is_one_signed_post(hooked, editor, record, django_capture_on_commit_callbacks):
    target, hook = hooked()
    approve(record["new"], editor, django_capture_on_commit_callbacks)
    assert len(target.answered(200)) == 1
    request = target.received[0]
    expected = "sha256=" + hmac.new(hook.secret.encode(), request.body, hashlib.sha256).hexdigest()
    assert request.headers["x-tracker-signature"] == expected


def test_the_body_says_what_changed_with_the_statement(
    hooked, editor, record, django_capture_on_commit_callbacks
):
    target, _ = hooked()
    approve(record["new"], editor, django_capture_on_commit_callbacks)
    payload = json.loads(target.received[0].body)
    assert (payload["position_before"], payload["position_after"], payload["statement"]["text"]) == (
        "supports",
        "opposes",
        "Scrapping the toll would be a mistake",
    )


def test_three_500s_then_200_is_one_success_after_retries(
    hooked, editor, record, django_capture_on_commit_callbacks
):
    target, _ = hooked(script=[500, 500, 500])
    approve(record["new"], editor, django_capture_on_commit_callbacks)
    delivery = run_until_settled(Delivery.objects.get())
    assert (delivery.state, delivery.status_code, len(target.answered(200))) == ("done", 200, 1)


def test_the_delivery_log_has_each_attempts_status_code(
    hooked, editor, record, django_capture_on_commit_callbacks
):
    hooked(script=[500, 500, 500])
    approve(record["new"], editor, django_capture_on_commit_callbacks)
    run_until_settled(Delivery.objects.get())
    assert list(DeliveryAttempt.objects.values_list("status_code", flat=True)) == [500, 500, 500, 200]


def test_retries_wait_longer_each_time(settings, hooked, editor, record, django_capture_on_commit_callbacks):
    hooked(script=[503, 503])
    settings.TRACKER_DELIVERY_RETRY_BASE_SECONDS = 30
    approve(record["new"], editor, django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get()
    first = delivery.next_attempt_at - delivery.updated_at
    Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=None)
    run = services.run_delivery(delivery_id=delivery.pk)
    assert (round(first.total_seconds()), run.retry_in) == (30, 60)


def test_a_404_is_not_retried(hooked, editor, record, django_capture_on_commit_callbacks):
    hooked(script=[404])
    approve(record["new"], editor, django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.error) == ("failed", "HTTP 404 from the target")


def test_the_same_delivery_twice_posts_once(hooked, editor, record, django_capture_on_commit_callbacks):
    target, _ = hooked()
    approve(record["new"], editor, django_capture_on_commit_callbacks)
    services.run_delivery(delivery_id=Delivery.objects.get().pk)
    assert len(target.received) == 1


def test_a_private_target_is_refused_with_the_reason(analyst):
    with pytest.raises(services.WatchError, match="refused: 127.0.0.1 is a loopback address"):
        services.add_webhook(user=analyst, url="http://127.0.0.1:8080/hook")


def test_a_target_that_became_private_is_refused_at_delivery(
    settings, hooked, editor, record, django_capture_on_commit_callbacks
):
    target, _ = hooked()
    settings.TRACKER_WEBHOOK_ALLOW_PRIVATE = False  # allowed when added, not any more
    approve(record["new"], editor, django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.error, target.received) == (
        "failed",
        "refused: 127.0.0.1 is a loopback address",
        [],
    )


def test_a_non_http_address_is_refused(analyst):
    with pytest.raises(services.WatchError, match="is not an http"):
        services.add_webhook(user=analyst, url="ftp://example.org/hook")


def test_the_page_adds_a_webhook_and_shows_the_refusal(client, analyst):
    client.force_login(analyst)
    page = client.post(
        reverse("watches:webhook"), {"action": "add", "url": "http://10.0.0.8/hook"}, follow=True
    ).content.decode()
    assert "refused: 10.0.0.8 is a private address" in page


def test_the_watches_page_shows_the_delivery_log(
    client, hooked, analyst, editor, record, django_capture_on_commit_callbacks
):
    hooked(script=[500])
    approve(record["new"], editor, django_capture_on_commit_callbacks)
    run_until_settled(Delivery.objects.get())
    client.force_login(analyst)
    page = client.get(reverse("watches:watches")).content.decode()
    assert ">500</span>, <span" in page
