"""The actor page's statement timeline pages both ways: "older →" to the end and "← newer" back through
the same pages to the newest, with the filters kept and a bounded number of queries per page."""

from __future__ import annotations

import html as html_lib
import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actors import views
from tests.factories import ActorFactory, StatementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def minister(monkeypatch):
    monkeypatch.setattr(views, "TIMELINE_ROWS", 4)
    speaker = ActorFactory(name="Min Ister", slug="min-ister")
    for i in range(14):  # ties on three dates, every fifth undated
        dated = i % 5 != 4
        StatementFactory(
            speaker=speaker,
            status="approved",
            text=f"remark r{i}x",
            said_on=date(2025, 1, 1 + i % 3) if dated else None,
            date_precision="day" if dated else "unknown",
        )
    return speaker


def statements_part(html: str) -> str:
    return html[html.index('<section id="statements"') :]


def shown(html: str) -> list[int]:
    return [int(n) for n in re.findall(r"remark r(\d+)x", statements_part(html))]


def link(html: str, label: str) -> str | None:
    found = re.search(rf'href="(\?[^"]*)">{label}', statements_part(html))
    return "/actors/min-ister/" + html_lib.unescape(found.group(1)) if found else None


def walk(client, url: str | None, label: str) -> tuple[list[str], list[int]]:
    pages, counts = [], []
    while url:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, url
        counts.append(len(captured))
        pages.append(response.content.decode())
        url = link(pages[-1], label)
    return pages, counts


def test_older_pages_show_every_statement_once(client, analyst, minister):
    client.force_login(analyst)
    forward, _ = walk(client, "/actors/min-ister/", "older →")
    seen = [n for page in forward for n in shown(page)]
    assert sorted(seen) == list(range(14))


def test_the_newest_page_has_no_way_to_newer_ones(client, analyst, minister):
    client.force_login(analyst)
    first = client.get("/actors/min-ister/").content.decode()
    assert "← newer" not in first and "← newest" not in first


def test_newer_leads_back_through_the_same_pages(client, analyst, minister):
    client.force_login(analyst)
    forward, _ = walk(client, "/actors/min-ister/", "older →")
    backward, counts = walk(client, link(forward[-1], "← newer"), "← newer")
    assert [shown(page) for page in backward] == [shown(page) for page in reversed(forward[:-1])]
    assert max(counts) <= min(counts) + 1
