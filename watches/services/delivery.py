"""Deliveries: a notification carried by email (at once or in a daily digest) or to a webhook.

Each is a row with a unique key (channel, target, notification), written in the transaction that made
the notification and queued once that commits, so an event is sent at most once per channel and never
lost: deliveries are jobs of common.jobs (claimed with a conditional update, a lease, attempts, the
sweeper re-queueing those a dead worker or a flushed broker lost), retried with backoff when the mail
server or the target fails for now. A delivery that a killed worker had started is sent again after
its lease runs out, with the same key (X-Tracker-Delivery), so a receiver can drop a repeat.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import smtplib
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from common.background import send_task, tasks_in_background
from common.jobs import JobQueue, SweepReport, claim, sweep, why_not_claimed
from sources.fetching import FetchError, FetchRefused, post

from ..models import AlertSettings, Delivery, DeliveryAttempt, EmailMode, Notification, Webhook

log = logging.getLogger(__name__)

RUN_DELIVERY = "watches.run_delivery"  # the task (watches.tasks) that runs one delivery
State = Delivery.State
Channel = Delivery.Channel


def _send(delivery_ids: list[int]) -> None:
    # Without a broker the web process sends them on its background thread, not inside the request.
    with tasks_in_background():
        for delivery_id in delivery_ids:
            send_task(RUN_DELIVERY, delivery_id)


DELIVERIES = JobQueue(
    model=Delivery,
    send=_send,
    label="delivery",
    lease_setting="TRACKER_DELIVERY_LEASE_SECONDS",
    attempts_setting="TRACKER_DELIVERY_MAX_ATTEMPTS",
    requeue_setting="TRACKER_DELIVERY_REQUEUE_AFTER_SECONDS",
)


def deliveries_for(notifications: list[Notification]) -> list[Delivery]:
    """The email and webhook deliveries of new notifications, queued when the transaction commits."""
    if not notifications:
        return []
    users = {n.user_id for n in notifications}
    immediate = set(
        AlertSettings.objects.filter(user_id__in=users, email_mode=EmailMode.IMMEDIATE)
        .exclude(user__email="")
        .values_list("user_id", flat=True)
    )
    hooks: dict[int, list[int]] = {}
    for hook_id, user_id in Webhook.objects.filter(user_id__in=users, is_active=True).values_list(
        "pk", "user_id"
    ):
        hooks.setdefault(user_id, []).append(hook_id)
    rows = []
    for n in notifications:
        if n.user_id in immediate:
            rows.append(
                Delivery(key=f"email:{n.pk}", channel=Channel.EMAIL, user_id=n.user_id, notification=n)
            )
        for hook_id in hooks.get(n.user_id, []):
            rows.append(
                Delivery(
                    key=f"webhook:{hook_id}:{n.pk}",
                    channel=Channel.WEBHOOK,
                    user_id=n.user_id,
                    notification=n,
                    webhook_id=hook_id,
                )
            )
    created = Delivery.objects.bulk_create(rows)
    if created:
        DELIVERIES.enqueue([d.pk for d in created])
    return created


# --- What is sent --------------------------------------------------------------------------------------


def absolute(path: str) -> str:
    return settings.TRACKER_SITE_URL.rstrip("/") + path if path.startswith("/") else path


def event_payload(notification: Notification) -> dict[str, Any]:
    """The JSON a webhook receives (and the API shows): what changed and the statement behind it."""
    event = notification.event
    details = event.details or {}
    return {
        "notification": notification.pk,
        "event": event.pk,
        "kinds": event.kinds,
        "summary": event.summary,
        "retracts": event.retracts_id,
        "actor": details.get("actor", ""),
        "proposition": details.get("proposition", ""),
        "position_before": event.position_before,
        "position_after": event.position_after,
        "statement": {
            "id": details.get("statement_id"),
            "text": details.get("text", ""),
            "speaker": details.get("speaker", ""),
            "outlet": details.get("outlet", ""),
            "date": details.get("date"),
            "url": absolute(details.get("statement_url", "")),
            "source_url": details.get("source_url", ""),
        },
        "history_url": absolute(details.get("history_url", "")),
        "created_at": event.created_at.isoformat(),
    }


def describe(notification: Notification) -> str:
    """The plain text of one notification, as emails and the feed give it."""
    data = event_payload(notification)
    statement = data["statement"]
    said = " · ".join(
        part for part in (statement["speaker"], statement["outlet"], statement["date"] or "undated") if part
    )
    return (
        f"{data['summary']}\n\n“{statement['text']}”\n— {said}\n\n"
        f"Statement: {statement['url']}\nPosition history: {data['history_url']}\n"
    )


def sign(secret: str, body: bytes) -> str:
    """The X-Tracker-Signature value: HMAC-SHA256 of the exact body with the webhook's secret."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


# --- Running one delivery ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DeliveryRun:
    delivery_id: int
    state: str
    retry_in: int | None = None  # seconds: run the task again then
    message: str = ""


class _Transient(Exception):
    def __init__(self, reason: str, status: int | None = None) -> None:
        super().__init__(reason)
        self.reason, self.status = reason, status


class _Permanent(_Transient):
    pass


def _email(delivery: Delivery) -> tuple[int | None, str]:
    notification = delivery.notification
    assert notification is not None
    message = EmailMessage(
        subject=f"[tracker] {notification.event.summary}"[:200],
        body=describe(notification),
        to=[delivery.user.email],
        headers={"X-Tracker-Delivery": delivery.key},
    )
    _send_mail([message])
    return None, f"sent to {delivery.user.email}"


def _digest(delivery: Delivery) -> tuple[int | None, str]:
    notifications = list(
        Notification.objects.filter(digest=delivery).select_related("event").order_by("created_at", "id")
    )
    if not notifications:
        return None, "nothing to send"
    body = f"{len(notifications)} changes on what you watch:\n\n" + "\n----\n\n".join(
        describe(n) for n in notifications
    )
    message = EmailMessage(
        subject=f"[tracker] {len(notifications)} changes on what you watch",
        body=body,
        to=[delivery.user.email],
        headers={"X-Tracker-Delivery": delivery.key},
    )
    _send_mail([message])
    return None, f"{len(notifications)} notifications sent to {delivery.user.email}"


def _send_mail(messages: list[EmailMessage]) -> None:
    try:
        for message in messages:
            message.send(fail_silently=False)
    except smtplib.SMTPRecipientsRefused as exc:
        raise _Permanent(f"the mail server refused the address: {exc}") from None
    except (TimeoutError, smtplib.SMTPException, OSError) as exc:
        raise _Transient(f"could not send the email: {type(exc).__name__}: {exc}") from None


def _webhook(delivery: Delivery) -> tuple[int | None, str]:
    hook, notification = delivery.webhook, delivery.notification
    assert hook is not None and notification is not None
    if not hook.is_active:
        raise _Permanent("the webhook was switched off")
    body = json.dumps({"delivery": delivery.key, **event_payload(notification)}, sort_keys=True).encode()
    headers = {
        "Content-Type": "application/json",
        "X-Tracker-Delivery": delivery.key,
        "X-Tracker-Signature": sign(hook.secret, body),
    }
    try:
        answer = post(
            hook.url,
            body,
            headers=headers,
            timeout=settings.TRACKER_WEBHOOK_TIMEOUT,
            allow_private=settings.TRACKER_WEBHOOK_ALLOW_PRIVATE,
        )
    except FetchRefused as exc:
        raise _Permanent(exc.reason) from None
    except FetchError as exc:
        if exc.transient:
            raise _Transient(exc.reason) from None
        raise _Permanent(exc.reason) from None
    status = answer.status
    if 200 <= status < 300:
        return status, f"HTTP {status}"
    if status == 429 or status >= 500:
        raise _Transient(f"HTTP {status} from the target", status)
    if 300 <= status < 400:
        raise _Permanent(
            f"HTTP {status}: webhook targets must answer themselves (redirects are not followed)", status
        )
    raise _Permanent(f"HTTP {status} from the target", status)


CARRIERS = {Channel.EMAIL: _email, Channel.DIGEST: _digest, Channel.WEBHOOK: _webhook}


def _backoff_seconds(attempts: int) -> int:
    base = settings.TRACKER_DELIVERY_RETRY_BASE_SECONDS
    return int(min(settings.TRACKER_DELIVERY_RETRY_MAX_SECONDS, base * 2 ** max(0, attempts - 1)))


def _finish(delivery: Delivery, *, state: str, status: int | None, error: str = "", note: str = "") -> bool:
    now = timezone.now()
    return bool(
        Delivery.objects.filter(pk=delivery.pk, state=State.RUNNING, attempts=delivery.attempts).update(
            state=state,
            status_code=status,
            error=error[:5000],
            note=note[:300],
            finished_at=now,
            lease_expires_at=None,
            next_attempt_at=None,
            updated_at=now,
        )
    )


def _retry_later(delivery: Delivery, reason: str, status: int | None) -> DeliveryRun:
    if delivery.attempts >= settings.TRACKER_DELIVERY_MAX_ATTEMPTS:
        error = f"gave up after {delivery.attempts} attempts: {reason}"
        _finish(delivery, state=State.FAILED, status=status, error=error)
        return DeliveryRun(delivery.pk, State.FAILED, message=error)
    delay = _backoff_seconds(delivery.attempts)
    now = timezone.now()
    Delivery.objects.filter(pk=delivery.pk, state=State.RUNNING, attempts=delivery.attempts).update(
        state=State.QUEUED,
        status_code=status,
        error=reason[:5000],
        next_attempt_at=now + timedelta(seconds=delay),
        lease_expires_at=None,
        queued_at=now,
        updated_at=now,
    )
    return DeliveryRun(delivery.pk, State.QUEUED, retry_in=delay, message=f"{reason}; retrying in {delay} s")


def run_delivery(*, delivery_id: int) -> DeliveryRun:
    """Send one delivery if it is due and nobody else holds it. Safe to call twice for the same one."""
    now = timezone.now()
    if not claim(DELIVERIES, delivery_id, now):
        refused = why_not_claimed(DELIVERIES, delivery_id, now)
        return DeliveryRun(delivery_id, refused.state, retry_in=refused.retry_in, message=refused.message)
    delivery = Delivery.objects.select_related("user", "webhook", "notification__event").get(pk=delivery_id)
    started = time.monotonic()
    status: int | None = None
    try:
        status, note = CARRIERS[Channel(delivery.channel)](delivery)
    except _Permanent as exc:
        _log_attempt(delivery, exc.status, exc.reason, started)
        _finish(delivery, state=State.FAILED, status=exc.status, error=exc.reason)
        return DeliveryRun(delivery_id, State.FAILED, message=exc.reason)
    except _Transient as exc:
        _log_attempt(delivery, exc.status, exc.reason, started)
        return _retry_later(delivery, exc.reason, exc.status)
    except Exception as exc:  # a bug must not leave the delivery running for ever; the log has the traceback
        log.exception("delivery %s failed unexpectedly", delivery_id)
        reason = f"internal error: {type(exc).__name__}: {exc}"
        _log_attempt(delivery, None, reason, started)
        return _retry_later(delivery, reason, None)
    _log_attempt(delivery, status, "", started)
    if not _finish(delivery, state=State.DONE, status=status, note=note):
        return DeliveryRun(delivery_id, State.RUNNING, message="another worker took the delivery over")
    return DeliveryRun(delivery_id, State.DONE, message=note)


def _log_attempt(delivery: Delivery, status: int | None, error: str, started: float) -> None:
    DeliveryAttempt.objects.create(
        delivery=delivery,
        status_code=status,
        error=error[:1000],
        duration_ms=int((time.monotonic() - started) * 1000),
    )


# --- Digests and the sweeper ---------------------------------------------------------------------------


def queue_digests(*, now: datetime | None = None) -> list[Delivery]:
    """One digest per user who asked for one and has notifications not yet in a digest (idempotent per
    day: the key names the date, and each notification joins one digest only)."""
    now = now or timezone.now()
    day = timezone.localdate(now).isoformat()
    created = []
    users = (
        AlertSettings.objects.filter(email_mode=EmailMode.DAILY)
        .exclude(user__email="")
        .values_list("user_id", "updated_at")
    )
    for user_id, chosen_at in users:
        with transaction.atomic():
            # Since the user chose the digest: what came before was not asked for by email.
            pending = Notification.objects.filter(
                user_id=user_id, digest__isnull=True, created_at__lte=now, created_at__gte=chosen_at
            )
            if not pending.exists():
                continue
            delivery, made = Delivery.objects.get_or_create(
                key=f"digest:{user_id}:{day}", defaults={"channel": Channel.DIGEST, "user_id": user_id}
            )
            if not made:
                continue
            pending.update(digest=delivery)
            DELIVERIES.enqueue([delivery.pk])
            created.append(delivery)
    return created


def sweep_deliveries(*, stalled_after: timedelta | None = None) -> SweepReport:
    """Queue again the deliveries a dead worker or a lost message left behind (common.jobs.sweep)."""
    return sweep(DELIVERIES, stalled_after=stalled_after)
