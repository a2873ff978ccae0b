"""What users do with watches: watch and unwatch, choose what counts, read notifications, manage their
feed address, email setting and webhooks. Every write of the pages and the API comes through here."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone

from actors.models import Actor
from claims.models import Proposition
from sources.fetching import FetchError, check_url

from ..models import AlertSettings, EmailMode, FeedToken, Notification, Watch, WatchKind, Webhook, new_secret

MAX_WATCHES = 1000  # per user: far more than anyone reads, few enough to match at every decision
MAX_WEBHOOKS = 10


class WatchError(ValueError):
    """A request that cannot be applied as asked; the message says why."""


def clean_kinds(kinds: list[str] | None) -> list[str]:
    if kinds is None:
        return list(WatchKind.values)
    if not isinstance(kinds, list | tuple) or not all(isinstance(k, str) for k in kinds):
        raise WatchError("kinds must be a list of: " + ", ".join(WatchKind.values) + ".")
    unknown = sorted(set(kinds) - set(WatchKind.values))
    if unknown:
        raise WatchError(f"Unknown kind {', '.join(unknown)}; use {', '.join(WatchKind.values)}.")
    if not kinds:
        raise WatchError("Choose at least one kind of change to watch.")
    return [k for k in WatchKind.values if k in kinds]


@transaction.atomic
def watch(
    *,
    user,
    actor: Actor | None = None,
    proposition: Proposition | None = None,
    kinds: list[str] | None = None,
) -> Watch:
    """Watch an actor, a proposition or the pair; watching it again updates what counts."""
    if actor is None and proposition is None:
        raise WatchError("Watch an actor, a proposition, or an actor on a proposition.")
    chosen = clean_kinds(kinds)
    existing = Watch.objects.filter(user=user, actor=actor, proposition=proposition).first()
    if existing is not None:
        if existing.kinds != chosen:
            existing.kinds = chosen
            existing.save(update_fields=["kinds", "updated_at"])
        return existing
    if Watch.objects.filter(user=user).count() >= MAX_WATCHES:
        raise WatchError(f"You already watch {MAX_WATCHES} things: stop watching some first.")
    try:
        with transaction.atomic():
            return Watch.objects.create(user=user, actor=actor, proposition=proposition, kinds=chosen)
    except IntegrityError:  # the same watch made at the same moment by another request
        return Watch.objects.get(user=user, actor=actor, proposition=proposition)


@transaction.atomic
def update_watch(*, user, watch_id: int, kinds: list[str]) -> Watch:
    found = Watch.objects.select_for_update().filter(user=user, pk=watch_id).first()
    if found is None:
        raise Watch.DoesNotExist(f"No watch {watch_id}.")
    found.kinds = clean_kinds(kinds)
    found.save(update_fields=["kinds", "updated_at"])
    return found


def unwatch(*, user, watch_id: int) -> None:
    """Stop watching (notifications already made stay)."""
    deleted, _ = Watch.objects.filter(user=user, pk=watch_id).delete()
    if not deleted:
        raise Watch.DoesNotExist(f"No watch {watch_id}.")


def mark_read(*, user, notification_ids: list[int] | None = None) -> int:
    """Mark the user's notifications read (all unread ones when no ids are given); how many changed."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    return unread.update(read_at=timezone.now())


def mark_unread(*, user, notification_id: int) -> int:
    return Notification.objects.filter(user=user, pk=notification_id).update(read_at=None)


@transaction.atomic
def feed_token(*, user) -> FeedToken:
    """The user's current feed token, made on first use."""
    token = FeedToken.objects.filter(user=user, revoked_at__isnull=True).first()
    return token or FeedToken.objects.create(user=user)


@transaction.atomic
def renew_feed_token(*, user) -> FeedToken:
    """Revoke the feed address (anyone who had it loses it) and make a new one."""
    FeedToken.objects.filter(user=user, revoked_at__isnull=True).update(revoked_at=timezone.now())
    return FeedToken.objects.create(user=user)


def set_email_mode(*, user, mode: str) -> AlertSettings:
    if mode not in EmailMode.values:
        raise WatchError(f"Unknown email setting {mode!r}; use {', '.join(EmailMode.values)}.")
    if mode != EmailMode.OFF and not user.email:
        raise WatchError("Your account has no email address: ask an administrator to add one.")
    alert = AlertSettings.objects.filter(user=user).first()
    if alert is not None and alert.email_mode == mode:
        return alert  # unchanged: the digest keeps counting from when it was chosen
    alert, _ = AlertSettings.objects.update_or_create(user=user, defaults={"email_mode": mode})
    return alert


def check_webhook_url(url: str) -> str:
    """A webhook target we will post to: http(s), and not a private address unless allowed."""
    url = (url or "").strip()
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise WatchError(f"{url[:100]!r} is not an http(s) address.") from None
    try:
        check_url(url, allow_private=settings.TRACKER_WEBHOOK_ALLOW_PRIVATE)
    except FetchError as exc:
        if not exc.transient:
            raise WatchError(f"Webhook target {exc.reason}.") from None
    return url


@transaction.atomic
def add_webhook(*, user, url: str) -> Webhook:
    url = check_webhook_url(url)
    if Webhook.objects.filter(user=user).count() >= MAX_WEBHOOKS:
        raise WatchError(f"At most {MAX_WEBHOOKS} webhooks per user.")
    return Webhook.objects.create(user=user, url=url)


@transaction.atomic
def update_webhook(
    *,
    user,
    webhook_id: int,
    url: str | None = None,
    is_active: bool | None = None,
    new_secret_key: bool = False,
) -> Webhook:
    hook = Webhook.objects.select_for_update().filter(user=user, pk=webhook_id).first()
    if hook is None:
        raise Webhook.DoesNotExist(f"No webhook {webhook_id}.")
    if url is not None:
        hook.url = check_webhook_url(url)
    if is_active is not None:
        hook.is_active = bool(is_active)
    if new_secret_key:
        hook.secret = new_secret()
    hook.save()
    return hook


def delete_webhook(*, user, webhook_id: int) -> None:
    deleted, _ = Webhook.objects.filter(user=user, pk=webhook_id).delete()
    if not deleted:
        raise Webhook.DoesNotExist(f"No webhook {webhook_id}.")


def actor_merged(*, source: Actor, target: Actor) -> int:
    """Watches on an actor merged away now watch the actor it became (one per user and subject)."""
    moved = 0
    for found in Watch.objects.filter(actor=source):
        twin = Watch.objects.filter(user_id=found.user_id, actor=target, proposition=found.proposition)
        if twin.exists():
            found.delete()
            continue
        found.actor = target
        found.save(update_fields=["actor", "updated_at"])
        moved += 1
    return moved
