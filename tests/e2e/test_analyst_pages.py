"""Analyst pages in a real browser: they render without console errors, charts draw, search highlights,
and text containing markup stays text everywhere (including chart tooltips)."""

from __future__ import annotations

from datetime import date

import pytest

from tests.factories import ActorFactory, ArticleFactory, PropositionFactory, StanceFactory, StatementFactory

from .test_review_browser import login

pytestmark = pytest.mark.django_db(transaction=True)


def seed_record():
    proposal = PropositionFactory(title="A toll on the harbour bridge", kind="proposal", slug="bridge-toll")
    alliance = ActorFactory(name="Port Alliance", kind="organization", slug="port-alliance")
    speakers = [
        ActorFactory(name="Mara Quay", slug="mara-quay", affiliation=alliance),
        ActorFactory(name="Ivo Pier", slug="ivo-pier"),
    ]
    text = (
        "Mara Quay said the bridge toll would <script>window.pwned=1</script> fund repairs. "
        "Ivo Pier said the bridge toll was unfair. Later Ivo Pier said he could live with the toll."
    )
    article = ArticleFactory(title="Bridge toll row", text=text)
    first, second, third = (
        text.index(s) for s in ("the bridge toll would", "the bridge toll was", "he could")
    )
    spans = [
        (first, text.index(" fund") + 13, speakers[0], "supports", date(2026, 1, 10)),
        (second, text.index("unfair") + 6, speakers[1], "opposes", date(2026, 2, 1)),
        (third, len(text) - 1, speakers[1], "supports", date(2026, 3, 1)),
    ]
    for start, end, speaker, polarity, when in spans:
        statement = StatementFactory(
            article=article,
            speaker=speaker,
            status="approved",
            start=start,
            end=end,
            text=text[start:end],
            said_on=when,
            date_precision="day",
        )
        StanceFactory(statement=statement, proposition=proposal, polarity=polarity, is_confirmed=True)
    return article


def test_analyst_pages_render_chart_and_search(page, live_server, make_user, artifacts):
    analyst = make_user("reader", "analyst")
    article = seed_record()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    login(page, live_server, analyst.username)
    assert "Position changes" in page.inner_text("main")
    assert "Ivo Pier" in page.inner_text("main")
    page.screenshot(path=str(artifacts / "dashboard.png"), full_page=True)

    page.goto(f"{live_server.url}/propositions/bridge-toll/")
    assert page.locator("svg.chart g.mark").count() == 3
    assert "member of Port Alliance" in page.inner_text("main")
    tooltips = page.locator("svg.chart g.mark title").all_text_contents()
    assert any("<script>window.pwned=1</script>" in t for t in tooltips)  # the literal words, not run
    page.screenshot(path=str(artifacts / "proposition.png"), full_page=True)

    StatementFactory(
        speaker=ActorFactory._meta.model.objects.get(slug="ivo-pier"),
        status="approved",
        text="the weather held",
        said_on=date(2026, 3, 2),
        date_precision="day",
    )
    page.goto(f"{live_server.url}/actors/ivo-pier/")
    assert page.locator("svg.chart g.mark").count() == 2 and "since 2026-03-01" in page.inner_text("main")
    assert page.locator("#statements .statement").count() == 3
    page.evaluate("window.stillTheSamePage = true")
    page.select_option("#statements select[name=proposition]", "bridge-toll")
    page.wait_for_url("**/actors/ivo-pier/?proposition=bridge-toll**")
    page.wait_for_function("document.querySelectorAll('#statements .statement').length === 2")
    assert "the weather held" not in page.inner_text("#statements")
    assert page.evaluate("window.stillTheSamePage === true")  # htmx redrew the timeline, no page load

    page.goto(f"{live_server.url}/articles/{article.pk}/")
    assert page.locator("a.stmt").count() == 3
    page.screenshot(path=str(artifacts / "article.png"), full_page=True)

    page.fill("header input[name=q]", "unfair")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=unfair")
    assert page.locator(".result mark").first.inner_text().lower() == "unfair"
    page.screenshot(path=str(artifacts / "search.png"), full_page=True)

    page.goto(f"{live_server.url}/compare/?actors=mara-quay,ivo-pier")
    assert page.locator("table.compare tbody tr").count() == 1

    assert page.evaluate("window.pwned === undefined")
    assert errors == [], errors


def test_an_actor_is_added_to_a_comparison_with_the_keyboard(page, live_server, make_user):
    seed_record()
    login(page, live_server, make_user("reader", "analyst").username)
    page.goto(f"{live_server.url}/compare/?actors=mara-quay")
    page.fill("#compare-add", "Ivo")
    page.locator("#compare-options .option").first.wait_for()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url("**/compare/?actors=mara-quay%2Civo-pier")
    assert page.locator("table.compare thead th").all_text_contents() == [
        "Proposition",
        "Mara Quay",
        "Ivo Pier",
    ]
