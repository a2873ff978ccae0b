"""Watching and notifications in a real browser: the watch button (htmx), the unread count in the
header, the notifications page (screenshots in the test artifacts), marking read."""

from __future__ import annotations

import pytest

from claims import services as review
from tests.watches.conftest import flip_record

from .test_review_browser import login

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_analyst_watches_an_actor_and_reads_the_notification(page, live_server, make_user, artifacts):
    analyst = make_user("ann", "analyst")
    editor = make_user("ed", "editor")
    record = flip_record()
    login(page, live_server, analyst.username)
    page.goto(f"{live_server.url}/actors/{record['actor'].slug}/")
    page.get_by_role("button", name="☆ Watch this actor").click()
    page.get_by_role("button", name="★ Watching this actor").wait_for()
    new = record["new"]
    new.refresh_from_db()
    review.approve_statement(statement_id=new.pk, user=editor, version=new.version)
    page.goto(f"{live_server.url}/")
    header_link = page.locator(".notifications-link")
    assert header_link.inner_text() == "Notifications 1"
    header_link.click()
    page.wait_for_url(f"{live_server.url}/notifications/")
    page.screenshot(path=str(artifacts / "notifications-unread.png"), full_page=True)
    item = page.locator(".notification").first
    assert "Dana Reyes changed position" in item.inner_text()
    assert "Scrapping the toll would be a mistake" in item.inner_text()
    item.get_by_role("button", name="Mark read").click()
    page.locator(".notification.read").wait_for()
    page.screenshot(path=str(artifacts / "notifications-read.png"), full_page=True)
    assert page.locator(".notifications-link").inner_text() == "Notifications"
