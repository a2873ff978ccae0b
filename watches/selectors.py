"""Reads of watches and notifications: each user sees only their own."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from .models import Delivery, FeedToken, Notification, Watch, Webhook


def watches_of(user) -> QuerySet[Watch]:
    return Watch.objects.filter(user=user).select_related("actor", "proposition")


def watch_on(user, *, actor_id: int | None = None, proposition_id: int | None = None) -> Watch | None:
    """The user's watch of exactly this subject (an actor, a proposition or the pair), if any."""
    if not user.is_authenticated:
        return None
    subject = Q(actor__isnull=True) if actor_id is None else Q(actor_id=actor_id)
    subject &= Q(proposition__isnull=True) if proposition_id is None else Q(proposition_id=proposition_id)
    return Watch.objects.filter(subject, user=user).first()


def notifications_of(user, *, unread_only: bool = False) -> QuerySet[Notification]:
    notifications = Notification.objects.filter(user=user).select_related("event")
    if unread_only:
        notifications = notifications.filter(read_at__isnull=True)
    return notifications.order_by("-created_at", "-id")


def unread_count(user) -> int:
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def webhooks_of(user) -> QuerySet[Webhook]:
    return Webhook.objects.filter(user=user)


def deliveries_of(user, *, webhook: Webhook | None = None, limit: int = 50) -> list[Delivery]:
    """The latest deliveries (newest first) with their attempts: the delivery log."""
    deliveries = Delivery.objects.filter(user=user).select_related("notification__event", "webhook")
    if webhook is not None:
        deliveries = deliveries.filter(webhook=webhook)
    return list(deliveries.prefetch_related("attempt_log").order_by("-created_at", "-id")[:limit])


def feed_owner(token: str):
    """The user whose current (not revoked) feed token this is, or None."""
    found = (
        FeedToken.objects.filter(token=token, revoked_at__isnull=True, user__is_active=True)
        .select_related("user")
        .first()
    )
    return found.user if found else None


def current_feed_token(user) -> FeedToken | None:
    return FeedToken.objects.filter(user=user, revoked_at__isnull=True).first()
