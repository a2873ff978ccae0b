"""Feeds: RSS and Atom items become ingest jobs once, a bounded number per poll."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from sources.models import Feed, IngestJob
from sources.services import add_feed, due_feed_ids, poll_feed

pytestmark = pytest.mark.django_db


def rss(site, count: int, *, prefix: str = "/item/") -> str:
    items = "".join(
        f"<item><title>Item {n}</title><link>{site.url(prefix + str(n))}</link>"
        f"<pubDate>Mon, 0{1 + n % 9} Jun 2026 10:00:00 GMT</pubDate></item>"
        for n in range(count)
    )
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Wire</title>{items}</channel></rss>'


def test_add_feed_creates_then_updates():
    created = add_feed(url="https://news.example.org/rss", outlet_name="Example News", every_minutes=10)
    assert (
        created.created
        and created.obj.poll_interval_minutes == 10
        and created.obj.outlet.name == "Example News"
    )
    again = add_feed(url="https://news.example.org/rss", every_minutes=10)
    assert not again.created and again.changed == ()
    with pytest.raises(ValidationError):
        add_feed(url="https://news.example.org/rss", every_minutes=0)
    with pytest.raises(ValidationError):
        add_feed(url="file:///etc/passwd")


def test_a_feed_poll_queues_each_new_item_once(site, allow_local_fetch, run_jobs):
    site.add("/feed", rss(site, 3), content_type="application/rss+xml")
    feed = add_feed(url=site.url("/feed")).obj
    poll = run_jobs(poll_feed, feed_id=feed.pk)
    assert poll.items == 3 and len(poll.new_jobs) == 3 and not poll.error
    jobs = IngestJob.objects.filter(feed=feed)
    assert {j.url for j in jobs} == {site.url(f"/item/{n}") for n in range(3)}
    assert all(j.kind == IngestJob.Kind.FEED and j.options["feed_title"].startswith("Item") for j in jobs)
    feed.refresh_from_db()
    assert feed.title == "Wire" and feed.last_error == "" and feed.next_poll_at > timezone.now()
    assert due_feed_ids() == []
    again = run_jobs(poll_feed, feed_id=feed.pk, force=True)
    assert again.new_jobs == [] and IngestJob.objects.filter(feed=feed).count() == 3


def test_conditional_requests_use_etag(site, allow_local_fetch, run_jobs):
    site.add("/feed", rss(site, 1), content_type="application/rss+xml", headers={"ETag": '"abc"'})
    feed = add_feed(url=site.url("/feed")).obj
    run_jobs(poll_feed, feed_id=feed.pk)
    second = run_jobs(poll_feed, feed_id=feed.pk, force=True)
    assert second.not_modified
    assert site.request_headers["/feed"][-1]["If-None-Match"] == '"abc"'
    assert Feed.objects.get(pk=feed.pk).last_status == "not modified since the last poll"


def test_a_backlog_is_not_cut_off_by_a_304(site, allow_local_fetch, settings):
    """Validators are stored only once every item is queued: before that the next poll would get a 304."""
    settings.TRACKER_FEED_MAX_ITEMS_PER_POLL = 2
    modified = "Mon, 01 Jun 2026 10:00:00 GMT"
    site.add(
        "/feed",
        rss(site, 5),
        content_type="application/rss+xml",
        headers={"ETag": '"v1"', "Last-Modified": modified},
    )  # the site answers If-None-Match with 304
    feed = add_feed(url=site.url("/feed")).obj
    polls = [poll_feed(feed_id=feed.pk) for _ in range(3)]  # each is due at once while more items wait
    assert [(len(p.new_jobs), p.more_waiting, p.not_modified) for p in polls] == [
        (2, True, False),
        (2, True, False),
        (1, False, False),
    ]
    assert ["If-None-Match" in h for h in site.request_headers["/feed"]] == [False, False, False]
    assert IngestJob.objects.filter(feed=feed).values("url").distinct().count() == 5
    feed.refresh_from_db()
    assert (feed.etag, feed.last_modified) == ('"v1"', modified)
    assert poll_feed(feed_id=feed.pk, force=True).not_modified  # all queued: now a 304 is right


def test_an_atom_feed_with_relative_links(site, allow_local_fetch, run_jobs):
    site.add(
        "/atom",
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom news</title>'
        '<entry><title>One</title><link href="/a/1"/><updated>2026-05-01T10:00:00Z</updated></entry>'
        '<entry><title>Two</title><link href="/a/2"/><updated>2026-05-02T10:00:00Z</updated></entry></feed>',
        content_type="application/atom+xml",
    )
    feed = add_feed(url=site.url("/atom")).obj
    poll = run_jobs(poll_feed, feed_id=feed.pk)
    assert len(poll.new_jobs) == 2
    assert set(IngestJob.objects.values_list("url", flat=True)) == {site.url("/a/1"), site.url("/a/2")}
    assert IngestJob.objects.get(url=site.url("/a/2")).options["feed_published"] == "2026-05-02"


def test_a_feed_that_is_not_xml_is_reported(site, allow_local_fetch, run_jobs):
    site.add("/feed", "this is { not xml at all", content_type="application/xml")
    feed = add_feed(url=site.url("/feed")).obj
    poll = run_jobs(poll_feed, feed_id=feed.pk)
    assert poll.error.startswith("not a valid RSS or Atom feed")
    feed.refresh_from_db()
    assert feed.last_error == poll.error and not IngestJob.objects.exists()


def test_a_huge_feed_is_worked_through_in_bounded_polls(site, allow_local_fetch, run_jobs, settings):
    settings.TRACKER_FEED_MAX_ITEMS_PER_POLL = 40
    site.add("/feed", rss(site, 5000), content_type="application/rss+xml")
    feed = add_feed(url=site.url("/feed")).obj
    first = run_jobs(poll_feed, feed_id=feed.pk)
    assert first.items == 5000 and len(first.new_jobs) == 40 and first.more_waiting
    assert feed.pk in due_feed_ids()  # the backlog is due again at once
    second = run_jobs(poll_feed, feed_id=feed.pk)
    assert len(second.new_jobs) == 40
    assert IngestJob.objects.filter(feed=feed).values("url").distinct().count() == 80
    # Items whose pages are missing fail with the reason; nothing else is lost.
    assert set(IngestJob.objects.values_list("state", flat=True)) == {"failed"}


def test_a_feed_poll_is_claimed_once(site, allow_local_fetch):
    site.add("/feed", rss(site, 1), content_type="application/rss+xml")
    feed = add_feed(url=site.url("/feed")).obj
    Feed.objects.filter(pk=feed.pk).update(next_poll_at=timezone.now() + timezone.timedelta(minutes=5))
    assert not poll_feed(feed_id=feed.pk).polled
    assert site.hits.get("/feed") is None


def test_commands_add_and_poll_feeds(site, allow_local_fetch, capsys, django_capture_on_commit_callbacks):
    site.add("/feed", rss(site, 2), content_type="application/rss+xml")
    call_command("add_feed", site.url("/feed"), "--outlet", "Wire Service", "--every", "5")
    assert "Added feed" in capsys.readouterr().out
    with django_capture_on_commit_callbacks(execute=True):
        call_command("poll_feeds")
    out = capsys.readouterr().out
    assert "2 items, 2 new" in out and "2 job(s) ingested" in out
    call_command("poll_feeds")
    assert "No feed is due." in capsys.readouterr().out
