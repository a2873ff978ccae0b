"""Watches (what a user wants to hear about), the events the record's changes make, and their delivery.

An Event is a fact about the record ("X now opposes P"), written in the same transaction as the editor's
decision that made it; a Notification is that event for one user whose watch covers it; a Delivery is
one notification (or one day's digest) carried over one channel, a background job with the ingest jobs'
guarantees (common.jobs).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q

from common import jobs


class WatchKind(models.TextChoices):
    STATEMENT = "statement", "A new approved statement"
    STANCE = "stance", "A new stance"
    POSITION = "position", "A change of position"
    CONTRADICTION = "contradiction", "A contradiction with another actor"


def all_kinds() -> list[str]:
    return list(WatchKind.values)


class Watch(models.Model):
    """One user's interest in an actor, a proposition, or an actor on a proposition."""

    Kind = WatchKind

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="watches")
    actor = models.ForeignKey(
        "actors.Actor", null=True, blank=True, on_delete=models.CASCADE, related_name="watches"
    )
    proposition = models.ForeignKey(
        "claims.Proposition", null=True, blank=True, on_delete=models.CASCADE, related_name="watches"
    )
    kinds = models.JSONField(default=all_kinds, help_text="Which changes count: statement, stance, …")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(actor__isnull=False) | Q(proposition__isnull=False), name="watch_has_a_subject"
            ),
            # One watch per subject. Three partial constraints rather than one with nulls_distinct=False,
            # which SQLite (the embedded default) cannot enforce.
            models.UniqueConstraint(
                fields=["user", "actor", "proposition"],
                condition=Q(actor__isnull=False, proposition__isnull=False),
                name="watch_once_per_pair",
            ),
            models.UniqueConstraint(
                fields=["user", "actor"], condition=Q(proposition__isnull=True), name="watch_once_per_actor"
            ),
            models.UniqueConstraint(
                fields=["user", "proposition"],
                condition=Q(actor__isnull=True),
                name="watch_once_per_proposition",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} watches {self.subject}"

    @property
    def subject(self) -> str:
        parts = [str(x) for x in (self.actor, self.proposition) if x is not None]
        return " on ".join(parts)


class Event(models.Model):
    """What one decision changed for one actor (and proposition): the words of the statement are in it."""

    review_event = models.ForeignKey(
        "claims.ReviewEvent", null=True, blank=True, on_delete=models.SET_NULL, related_name="watch_events"
    )
    statement = models.ForeignKey("claims.Statement", on_delete=models.CASCADE, related_name="watch_events")
    actor = models.ForeignKey(
        "actors.Actor", null=True, blank=True, on_delete=models.SET_NULL, related_name="watch_events"
    )
    proposition = models.ForeignKey(
        "claims.Proposition", null=True, blank=True, on_delete=models.SET_NULL, related_name="watch_events"
    )
    kinds = models.JSONField(default=list, help_text="What it is: statement, stance, position, contradiction")
    position_before = models.CharField(max_length=20, blank=True)
    position_after = models.CharField(max_length=20, blank=True)
    summary = models.CharField(max_length=500)
    details = models.JSONField(default=dict, help_text="words, speaker, outlet, date, links")
    retracts = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="retractions"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.summary

    @property
    def is_retraction(self) -> bool:
        return self.retracts_id is not None


class Notification(models.Model):
    """An event for one user: what the notifications page, the feed, email and webhooks show."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="notifications")
    watch = models.ForeignKey(
        Watch, null=True, blank=True, on_delete=models.SET_NULL, related_name="notifications"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    digest = models.ForeignKey(
        "Delivery", null=True, blank=True, on_delete=models.SET_NULL, related_name="digest_notifications"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "event"], name="notification_once_per_user")]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return f"{self.user}: {self.event_id}"


class EmailMode(models.TextChoices):
    OFF = "off", "No email"
    IMMEDIATE = "immediate", "One email per notification"
    DAILY = "daily", "A daily digest"


class AlertSettings(models.Model):
    """How a user wants their notifications by email."""

    Mode = EmailMode

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_settings"
    )
    email_mode = models.CharField(max_length=10, choices=EmailMode.choices, default=EmailMode.OFF)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(email_mode__in=EmailMode.values), name="alertsettings_mode_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user}: email {self.email_mode}"


def new_token() -> str:
    return secrets.token_urlsafe(32)


class FeedToken(models.Model):
    """The secret in a user's private Atom feed address; revoking it makes the address stop working."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feed_tokens")
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"feed token of {self.user}"


def new_secret() -> str:
    return secrets.token_hex(32)


class Webhook(models.Model):
    """Another tool's address that receives a user's notifications as signed JSON."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="webhooks")
    url = models.URLField(max_length=2000)
    secret = models.CharField(max_length=128, default=new_secret, help_text="HMAC-SHA256 key of the body")
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.url


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    DIGEST = "digest", "Daily digest"
    WEBHOOK = "webhook", "Webhook"


class DeliveryState(models.TextChoices):
    QUEUED = jobs.QUEUED, "Queued"
    RUNNING = jobs.RUNNING, "Sending"
    DONE = jobs.DONE, "Delivered"
    FAILED = jobs.FAILED, "Failed"


class Delivery(models.Model):
    """One notification (or digest) over one channel: a job (common.jobs) whose `key` makes it unique,
    so an event is never sent twice over the same channel, whatever the retries or crashes."""

    Channel = Channel
    State = DeliveryState

    key = models.CharField(max_length=200, unique=True, help_text="channel:target:notification")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deliveries")
    notification = models.ForeignKey(
        Notification, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries"
    )
    webhook = models.ForeignKey(
        Webhook, null=True, blank=True, on_delete=models.CASCADE, related_name="deliveries"
    )
    state = models.CharField(
        max_length=10, choices=DeliveryState.choices, default=DeliveryState.QUEUED, db_index=True
    )
    status_code = models.PositiveIntegerField(null=True, blank=True, help_text="The target's last answer")
    attempts = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    note = models.CharField(max_length=300, blank=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "deliveries"
        constraints = [
            models.CheckConstraint(condition=Q(state__in=DeliveryState.values), name="delivery_state_valid"),
            models.CheckConstraint(condition=Q(channel__in=Channel.values), name="delivery_channel_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.state})"


class DeliveryAttempt(models.Model):
    """One try of a delivery: the webhook log shows each with its status code."""

    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempt_log")
    at = models.DateTimeField(auto_now_add=True)
    status_code = models.PositiveIntegerField(null=True, blank=True)
    error = models.CharField(max_length=1000, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.delivery_id} at {self.at}: {self.status_code or self.error}"
