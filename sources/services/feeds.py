"""RSS and Atom feeds: each new item becomes an ingest job, a bounded number per poll."""

from __future__ import annotations

import calendar
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urljoin

import feedparser
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from common.background import send_task
from common.upsert import Upserted, save_changes

from ..fetching import FEED_TYPES, FetchError, fetch
from ..models import Article, Feed, IngestJob
from .articles import find_or_create_outlet
from .jobs import _enqueue, validate_url

log = logging.getLogger(__name__)
POLL_FEED = "sources.poll_feed"  # the task (sources.tasks) that polls one feed

_LOOKUP_CHUNK = 500


@transaction.atomic
def add_feed(*, url: str, outlet_name: str = "", every_minutes: int | None = None) -> Upserted:
    """Register a feed (or update its outlet and interval); it is due for polling at once when new."""
    url = validate_url(url)
    if every_minutes is not None and every_minutes < 1:
        raise ValidationError("The polling interval must be at least one minute.")
    values: dict = {}
    if outlet_name.strip():
        values["outlet"] = find_or_create_outlet(name=outlet_name)
    if every_minutes is not None:
        values["poll_interval_minutes"] = every_minutes
    feed = Feed.objects.filter(url=url).first()
    if feed is None:
        values.setdefault("poll_interval_minutes", settings.TRACKER_FEED_DEFAULT_INTERVAL_MINUTES)
        return Upserted(Feed.objects.create(url=url, **values), created=True)
    changed = save_changes(feed, values)
    return Upserted(feed, created=False, changed=changed)


@transaction.atomic
def update_feed(*, feed: Feed, data: dict[str, Any]) -> Feed:
    """Change the given fields of a feed; a new URL is checked as add_feed checks it (ValidationError)."""
    values = dict(data)
    if "url" in values:
        try:
            values["url"] = validate_url(values["url"])
        except ValidationError as exc:
            raise ValidationError({"url": exc.messages}) from exc
    save_changes(feed, values)
    return feed


@transaction.atomic
def delete_feed(*, feed: Feed) -> None:
    """Stop polling a feed and forget it; the articles it brought stay."""
    feed.delete()


@transaction.atomic
def set_feed_active(*, feed_id: int, active: bool) -> Feed:
    """Pause a feed (it is not polled until resumed) or resume it (due at once)."""
    feed = Feed.objects.select_for_update().get(pk=feed_id)
    if feed.is_active != active:
        feed.is_active = active
        if active:
            feed.next_poll_at = None
        feed.save(update_fields=["is_active", "next_poll_at"])
    return feed


def request_poll(*, feed_id: int) -> None:
    """Poll a feed now, out of its schedule: queued for a worker, or done before returning when there is none."""
    if not Feed.objects.filter(pk=feed_id).exists():
        raise Feed.DoesNotExist(f"No feed {feed_id}.")
    send_task(POLL_FEED, feed_id, force=True)


def due_feed_ids(*, now: datetime | None = None) -> list[int]:
    now = now or timezone.now()
    return list(
        Feed.objects.filter(is_active=True)
        .filter(Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now))
        .order_by("next_poll_at", "id")
        .values_list("pk", flat=True)
    )


@dataclass
class FeedPoll:
    feed_id: int
    polled: bool = True  # False: not due (another poll got there first)
    not_modified: bool = False
    items: int = 0
    new_jobs: list[int] = field(default_factory=list)
    more_waiting: bool = False  # new items beyond this poll's bound wait for the next poll
    error: str = ""


def _claim_poll(feed_id: int, now: datetime, force: bool) -> Feed | None:
    """Move the feed's next poll forward atomically, so two pollers never poll it at the same time."""
    feed = Feed.objects.filter(pk=feed_id).first()
    if feed is None:
        return None
    due = Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now)
    claim = Feed.objects.filter(pk=feed_id) if force else Feed.objects.filter(due, pk=feed_id)
    next_poll = now + timedelta(minutes=feed.poll_interval_minutes)
    if not claim.update(next_poll_at=next_poll, last_polled_at=now):
        return None
    feed.next_poll_at, feed.last_polled_at = next_poll, now
    return feed


def _entry_date(entry) -> str:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return ""
    try:
        when = datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)
    except (OverflowError, ValueError, TypeError):
        return ""
    return when.date().isoformat() if when <= timezone.now() + timedelta(days=1) else ""


def _entries(feed: Feed, parsed) -> list[tuple[str, dict]]:
    """(absolute link, options) per item with a usable http(s) link, newest first, each link once."""
    items: dict[str, dict] = {}
    for entry in parsed.entries:
        link = (entry.get("link") or "").strip()
        if not link:
            continue
        link = urljoin(feed.url, link)
        try:
            link = validate_url(link)
        except ValidationError:
            continue
        options = {"feed_title": (entry.get("title") or "").strip()[:500]}
        if published := _entry_date(entry):
            options["feed_published"] = published
        items.setdefault(link, options)
    return sorted(items.items(), key=lambda item: item[1].get("feed_published", ""), reverse=True)


def _new_items(
    feed: Feed, entries: list[tuple[str, dict]], limit: int
) -> tuple[list[tuple[str, dict]], bool]:
    """Items with no job from this feed and no stored article yet; at most `limit`, and whether more wait."""
    new: list[tuple[str, dict]] = []
    for start in range(0, len(entries), _LOOKUP_CHUNK):
        chunk = entries[start : start + _LOOKUP_CHUNK]
        urls = [url for url, _ in chunk]
        known = set(IngestJob.objects.filter(feed=feed, url__in=urls).values_list("url", flat=True))
        known |= set(Article.objects.filter(url__in=urls).values_list("url", flat=True))
        known |= set(Article.objects.filter(canonical_url__in=urls).values_list("canonical_url", flat=True))
        for url, options in chunk:
            if url in known:
                continue
            if len(new) == limit:
                return new, True
            new.append((url, options))
    return new, False


def _record(feed: Feed, **values) -> None:
    Feed.objects.filter(pk=feed.pk).update(**values)


def poll_feed(*, feed_id: int, force: bool = False) -> FeedPoll:
    """Fetch a feed (conditionally, with its ETag and Last-Modified) and queue a job per new item."""
    now = timezone.now()
    feed = _claim_poll(feed_id, now, force)
    if feed is None:
        return FeedPoll(feed_id, polled=False)
    headers = {}
    if feed.etag:
        headers["If-None-Match"] = feed.etag
    if feed.last_modified:
        headers["If-Modified-Since"] = feed.last_modified
    try:
        response = fetch(feed.url, accept=FEED_TYPES, extra_headers=headers)
    except FetchError as exc:
        _record(feed, last_error=exc.reason, last_status="fetch failed")
        return FeedPoll(feed_id, error=exc.reason)
    if response.status == 304:
        _record(feed, last_error="", last_status="not modified since the last poll")
        return FeedPoll(feed_id, not_modified=True)
    parsed = feedparser.parse(
        response.body, response_headers={"content-type": response.headers.get("content-type", "")}
    )
    if not parsed.entries and (parsed.bozo or not parsed.get("version")):
        problem = getattr(parsed, "bozo_exception", None) or "no RSS or Atom structure found"
        error = f"not a valid RSS or Atom feed: {problem}"
        _record(feed, last_error=error, last_status="invalid feed")
        return FeedPoll(feed_id, error=error)
    entries = _entries(feed, parsed)
    limit = settings.TRACKER_FEED_MAX_ITEMS_PER_POLL
    with transaction.atomic():
        new, more = _new_items(feed, entries, limit)
        jobs = IngestJob.objects.bulk_create(
            [
                IngestJob(kind=IngestJob.Kind.FEED, feed=feed, url=url, options=options)
                for url, options in new
            ],
            ignore_conflicts=True,
        )
        job_ids = (
            list(
                IngestJob.objects.filter(
                    feed=feed,
                    url__in=[url for url, _ in new],
                    queued_at__isnull=True,
                    state=IngestJob.State.QUEUED,
                ).values_list("pk", flat=True)
            )
            if jobs
            else []
        )
        status = f"{len(entries)} items, {len(job_ids)} new" + (
            f" (more than {limit} new: the rest next poll)" if more else ""
        )
        # While a backlog remains, keep no validators: the next poll would get a 304 and never queue the rest.
        etag, last_modified = (
            ("", "")
            if more
            else (response.headers.get("etag", "")[:300], response.headers.get("last-modified", "")[:100])
        )
        values: dict[str, Any] = {
            "etag": etag,
            "last_modified": last_modified,
            "last_error": "",
            "last_status": status[:200],
        }
        title = (parsed.feed.get("title") or "").strip()[:300]
        if title and not feed.title:
            values["title"] = title
        if more:
            values["next_poll_at"] = now  # work through a backlog without waiting a whole interval
        _record(feed, **values)
        if job_ids:
            _enqueue(job_ids)
    log.info("feed %s: %s", feed.url, status)
    return FeedPoll(feed_id, items=len(entries), new_jobs=job_ids, more_waiting=more)
