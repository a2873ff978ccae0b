"""Every page in a real browser at 1366x900 and 390x844: a screenshot of each (test artifacts), no
horizontal scrolling at either width, no console errors, and no serious or critical accessibility
violations (axe-core, vendored from npm, injected here only). Pages come from the URLconf
(tests/e2e/pages.py), so a page another app adds is checked as soon as it lands."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from claims.models import ResuggestJob, Statement
from sources.models import Feed, IngestJob
from tests.factories import ActorFactory, ArticleFactory, OutletFactory, StatementFactory
from watches.models import Delivery, DeliveryAttempt, Event, Notification, Watch, Webhook

from .pages import fallback_arguments, page_arguments, routes
from .test_analyst_pages import seed_record
from .test_review_browser import PASSWORD, login

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
AXE = Path(settings.BASE_DIR) / "static" / "vendor" / "axe-core" / "axe.min.js"
AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.filter(v => v.impact === "serious" || v.impact === "critical").map(v =>
    `${v.impact} ${v.id}: ${v.help} (${v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | ")})`);
}"""
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return null;
  const wide = [...document.querySelectorAll("body *")].filter(el => el.getBoundingClientRect().right > width + 1);
  return `${document.documentElement.scrollWidth} px wide in ${width} px: ` +
    wide.slice(0, 4).map(el => el.tagName.toLowerCase() + (el.className && el.className.baseVal === undefined ? "." + el.className : "")).join(", ");
}"""


def make_record() -> dict:
    """A small record with one of everything a page shows: approved and pending statements, stances
    over several dates, an unconfirmed actor, outlets, a feed with an error, finished ingest jobs."""
    article = seed_record()
    outlet = article.outlet
    long_title = ArticleFactory(
        title="", text="A very long first sentence about the harbour toll " * 6, outlet=OutletFactory()
    )
    pending = StatementFactory(
        article=article, speaker=ActorFactory(name="Newly Met Person", is_confirmed=False), status="pending"
    )
    StatementFactory(article=long_title, said_on=date(2026, 1, 5), date_precision="day", status="approved")
    feed = Feed.objects.create(
        url="https://news.example.org/rss", outlet=outlet, last_error="HTTP 404 Not Found"
    )
    IngestJob.objects.create(kind="text", text="words", state="done", article=article)
    IngestJob.objects.create(
        kind="url", url="https://news.example.org/x", state="failed", error="HTTP 404 Not Found"
    )
    proposition = article.statements.first().stances.first().proposition
    resuggest_job = ResuggestJob.objects.create(
        proposition=proposition, state="done", reason="created", total=4, done=4, suggested=2
    )
    return {
        "resuggest_job": resuggest_job,
        "article": article,
        "actor": ActorFactory._meta.model.objects.get(slug="ivo-pier"),
        "proposition": proposition,
        "statement": Statement.objects.filter(status="approved").first(),
        "pending": pending,
        "outlet": outlet,
        "feed": feed,
    }


def add_notifications(user, record: dict) -> None:
    """What the notifications and watches pages show: a watch, an unread and a read notification, a
    webhook with a long address and a delivery retried after a 500 (the log's widest row)."""
    statement = record["statement"]
    watch = Watch.objects.create(user=user, actor=record["actor"], proposition=record["proposition"])
    details = {
        "text": statement.text,
        "speaker": record["actor"].name,
        "outlet": record["outlet"].name,
        "date": "2026-03-02",
        "statement_url": reverse("sources:article-detail", args=[statement.article_id]) + f"#s{statement.pk}",
        "history_url": reverse("actors:actor-detail", args=[record["actor"].slug]) + "#positions",
    }
    summary = (
        f"{record['actor'].name} changed position on “{record['proposition'].title}”: supports → opposes"
    )
    for read in (False, True):
        event = Event.objects.create(
            statement=statement,
            actor=record["actor"],
            proposition=record["proposition"],
            kinds=["position"],
            summary=summary,
            details=details,
            position_before="supports",
            position_after="opposes",
        )
        notification = Notification.objects.create(user=user, event=event, watch=watch)
        if read:
            Notification.objects.filter(pk=notification.pk).update(read_at=notification.created_at)
    hook = Webhook.objects.create(
        user=user, url="https://hooks.example.org/tracker/notifications/" + "x" * 60
    )
    delivery = Delivery.objects.create(
        key=f"webhook:{hook.pk}:{notification.pk}",
        channel="webhook",
        user=user,
        notification=notification,
        webhook=hook,
        state="done",
        status_code=200,
        attempts=2,
    )
    DeliveryAttempt.objects.create(delivery=delivery, status_code=500, error="HTTP 500 from the target")
    DeliveryAttempt.objects.create(delivery=delivery, status_code=200)


def site_pages(editor, record) -> tuple[list[tuple[str, str]], list[str]]:
    """(name, address) of every page, and the addresses that could not be checked, with why."""
    client = Client()
    client.force_login(editor)
    listed = page_arguments(record)
    pages, problems = [], []
    for route in routes():
        kwargs = listed.get(route.name)
        if route.parameters and kwargs is None:
            kwargs = fallback_arguments(route, record)
        url = reverse(route.name, kwargs=kwargs or None)
        response = client.get(url)
        is_document = (
            response.status_code == 200
            and response.get("Content-Type", "").startswith("text/html")
            and b"<html" in response.content[:300]
        )
        if is_document:
            pages.append((route.name.replace(":", "-"), url))
        elif response.status_code >= 500:
            problems.append(f"{route.name} ({url}) answers {response.status_code}")
        elif route.parameters and route.name not in listed and response.status_code == 404:
            problems.append(
                f"{route.name} ({route.pattern}): give its arguments in tests/e2e/pages.py page_arguments"
            )
    return pages, problems


def check_page(page, url: str, shot: Path, *, axe: bool, expect_status: int = 200) -> list[str]:
    errors: list[str] = []

    def on_console(message):
        if message.type != "error":
            return
        # The browser reports the page's own 403/404 status as a failed load: expected on error pages.
        if (
            expect_status != 200
            and message.text.startswith("Failed to load resource")
            and message.location.get("url") == url
        ):
            return
        errors.append(f"console: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(f"script error: {error}"))
    response = page.goto(url)
    page.wait_for_load_state("networkidle")
    if response is None or response.status != expect_status:
        errors.append(f"status {response.status if response else 'none'}, expected {expect_status}")
    overflow = page.evaluate(OVERFLOW)
    if overflow:
        errors.append(f"scrolls sideways: {overflow}")
    page.screenshot(path=str(shot), full_page=True)
    if axe:
        page.add_script_tag(path=str(AXE))
        errors.extend(f"axe: {v}" for v in page.evaluate(AXE_RUN))
    page.remove_listener("console", on_console)
    return errors


def visit(browser, live_server, username: str | None, targets, artifacts: Path) -> list[str]:
    problems = []
    for label, viewport in WIDTHS.items():
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        page.set_default_timeout(20_000)
        if username:
            login(page, live_server, username)
        for name, path, status in targets:
            shot = artifacts / f"{name}-{viewport['width']}.png"
            for error in check_page(
                page, live_server.url + path, shot, axe=label == "desktop", expect_status=status
            ):
                problems.append(f"{name} at {viewport['width']} px ({path}): {error}")
        context.close()
    return problems


def test_every_page_reads_at_both_widths_without_errors(browser, live_server, make_user, artifacts):
    editor = make_user("editor", "editor")
    analyst = make_user("ann", "analyst")
    record = make_record()
    add_notifications(editor, record)
    pages, problems = site_pages(editor, record)
    assert len(pages) >= 15, pages  # the enumeration found the site, not a stub
    shots = artifacts / "pages"
    shots.mkdir(parents=True, exist_ok=True)
    problems += visit(browser, live_server, editor.username, [(n, u, 200) for n, u in pages], shots)
    problems += visit(
        browser,
        live_server,
        analyst.username,
        [
            ("analyst-home", "/", 200),
            ("analyst-actor", reverse("actors:actor-detail", kwargs={"slug": record["actor"].slug}), 200),
            ("analyst-forbidden-403", "/review/", 403),
            ("analyst-missing-404", "/actors/no-such-actor/", 404),
        ],
        shots,
    )
    problems += visit(browser, live_server, None, [("login", "/login/", 200)], shots)
    assert not problems, "\n".join(problems)
    assert PASSWORD  # the accounts above log in with the shared test password
