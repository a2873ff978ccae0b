"""/sources/: editors list, add, edit and deactivate outlets; add, pause, resume, edit and poll feeds."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sources.models import Article, Feed, IngestJob, Outlet
from tests.factories import ArticleFactory

from .test_feeds import rss

pytestmark = pytest.mark.django_db


def test_analysts_cannot_manage_sources(client, analyst):
    client.force_login(analyst)
    assert client.get("/sources/outlets/").status_code == 403
    assert client.post("/sources/outlets/", {"name": "Sneaky", "kind": "other"}).status_code == 403
    assert not Outlet.objects.filter(name="Sneaky").exists()


def test_the_header_links_editors_to_sources(client, editor, analyst):
    client.force_login(editor)
    assert 'href="/sources/outlets/"' in client.get("/").content.decode()
    client.force_login(analyst)
    assert 'href="/sources/outlets/"' not in client.get("/").content.decode()


def test_editor_adds_an_outlet(client, editor):
    client.force_login(editor)
    response = client.post(
        "/sources/outlets/",
        {"name": " Harbour Gazette ", "domain": "WWW.Gazette.example", "kind": "newspaper"},
    )
    assert response.status_code == 302
    outlet = Outlet.objects.get(name="Harbour Gazette")
    assert outlet.domain == "gazette.example"
    assert "Harbour Gazette" in client.get("/sources/outlets/").content.decode()


def test_a_clashing_outlet_is_refused_on_the_form(client, editor):
    Outlet.objects.create(name="Harbour Gazette", slug="harbour-gazette", domain="gazette.example")
    client.force_login(editor)
    response = client.post(
        "/sources/outlets/", {"name": "Other", "domain": "gazette.example", "kind": "other"}
    )
    assert response.status_code == 400
    assert "Another outlet already has this domain." in response.content.decode()
    assert Outlet.objects.count() == 1


def test_markup_in_an_outlet_name_stays_text(client, editor):
    client.force_login(editor)
    client.post("/sources/outlets/", {"name": "<script>alert(1)</script>", "kind": "other"})
    page = client.get("/sources/outlets/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_editor_edits_an_outlet(client, editor):
    outlet = Outlet.objects.create(name="Gazette", slug="gazette")
    client.force_login(editor)
    assert 'value="Gazette"' in client.get(f"/sources/outlets/{outlet.pk}/").content.decode()
    response = client.post(
        f"/sources/outlets/{outlet.pk}/", {"name": "Gazette", "country": "fr", "kind": "magazine"}
    )
    assert response.status_code == 302
    outlet.refresh_from_db()
    assert (outlet.country, outlet.kind) == ("FR", "magazine")


def test_deactivating_an_outlet_keeps_its_articles_and_pauses_its_feeds(client, editor):
    outlet = Outlet.objects.create(name="Gazette", slug="gazette")
    article = ArticleFactory(outlet=outlet)
    feed = Feed.objects.create(url="https://gazette.example/rss", outlet=outlet)
    client.force_login(editor)
    assert client.post(f"/sources/outlets/{outlet.pk}/active/", {"active": "0"}).status_code == 302
    outlet.refresh_from_db()
    feed.refresh_from_db()
    assert not outlet.is_active
    assert not feed.is_active
    assert Article.objects.get(pk=article.pk).outlet == outlet
    assert "Reactivate" in client.get("/sources/outlets/").content.decode()


def test_the_outlet_list_is_a_fixed_number_of_queries(client, editor):
    client.force_login(editor)
    for n in range(3):
        ArticleFactory(outlet=Outlet.objects.create(name=f"Outlet {n}", slug=f"outlet-{n}"))
    with CaptureQueriesContext(connection) as few:
        client.get("/sources/outlets/")
    for n in range(3, 9):
        ArticleFactory(outlet=Outlet.objects.create(name=f"Outlet {n}", slug=f"outlet-{n}"))
    with CaptureQueriesContext(connection) as many:
        assert "Outlet 8" in client.get("/sources/outlets/").content.decode()
    assert len(many) == len(few)


def test_editor_adds_a_feed_and_a_bad_address_is_refused(client, editor):
    client.force_login(editor)
    response = client.post(
        "/sources/feeds/", {"url": "ftp://gazette.example/rss", "poll_interval_minutes": "15"}
    )
    assert response.status_code == 400
    assert "http" in response.content.decode()
    assert not Feed.objects.exists()
    response = client.post(
        "/sources/feeds/", {"url": "https://gazette.example/rss", "poll_interval_minutes": "15"}
    )
    assert response.status_code == 302
    assert Feed.objects.get().poll_interval_minutes == 15


def test_pausing_and_resuming_a_feed(client, editor):
    feed = Feed.objects.create(url="https://gazette.example/rss")
    client.force_login(editor)
    client.post(f"/sources/feeds/{feed.pk}/active/", {"active": "0"})
    feed.refresh_from_db()
    assert not feed.is_active
    assert "Resume" in client.get("/sources/feeds/").content.decode()
    client.post(f"/sources/feeds/{feed.pk}/active/", {"active": "1"})
    feed.refresh_from_db()
    assert feed.is_active and feed.next_poll_at is None


def test_editing_a_feed_keeps_a_valid_interval(client, editor):
    feed = Feed.objects.create(url="https://gazette.example/rss", poll_interval_minutes=30)
    client.force_login(editor)
    response = client.post(f"/sources/feeds/{feed.pk}/", {"url": feed.url, "poll_interval_minutes": "0"})
    assert response.status_code == 400
    response = client.post(
        f"/sources/feeds/{feed.pk}/", {"url": feed.url, "poll_interval_minutes": "45", "title": "Wire"}
    )
    assert response.status_code == 302
    feed.refresh_from_db()
    assert (feed.poll_interval_minutes, feed.title) == (45, "Wire")


def test_poll_now_queues_the_feeds_new_items_and_shows_when_it_was_polled(
    client, editor, site, allow_local_fetch, django_capture_on_commit_callbacks
):
    site.add("/feed", rss(site, 2), content_type="application/rss+xml")
    feed = Feed.objects.create(url=site.url("/feed"))
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=False):
        assert client.post(f"/sources/feeds/{feed.pk}/poll/").status_code == 302
    feed.refresh_from_db()
    assert feed.last_polled_at is not None
    assert IngestJob.objects.filter(feed=feed).count() == 2
    page = client.get("/sources/feeds/").content.decode()
    assert "2 new" in page and "ago" in page


def test_a_failing_feed_shows_its_error(client, editor, site, allow_local_fetch):
    feed = Feed.objects.create(url=site.url("/missing"))
    client.force_login(editor)
    client.post(f"/sources/feeds/{feed.pk}/poll/")
    feed.refresh_from_db()
    assert feed.last_error
    assert feed.last_error[:40] in client.get("/sources/feeds/").content.decode()
