"""The search page without words (filters only, or nothing) lists statements newest first by date a keyset
page at a time, as the actor page's timeline does: every match once across pages with equal dates and
undated ones, the filters kept in its links, a count that never reads every match, exports that still
hold every match, bad cursors shown as the first page, and as many queries for many matches as for few."""

from __future__ import annotations

import csv
import html as html_lib
import io
import json
import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import search
from tests.factories import ActorFactory, ArticleFactory, PropositionFactory, StanceFactory, StatementFactory

pytestmark = pytest.mark.django_db


def main_part(html: str) -> str:
    """The page below its header (whose CSRF token could hold a marker such as "r4x")."""
    return html[html.index("<main") :]


def remark(i: int, **fields):
    """Statement number `i`, its words marked "r{i}x"; ties on three dates, every tenth undated."""
    dated = i % 10 != 9
    return StatementFactory(
        text=f"remark r{i}x",
        status=fields.pop("status", "approved"),
        said_on=date(2025, 1, 1 + i % 3) if dated else None,
        date_precision="day" if dated else "unknown",
        **fields,
    )


def newest_first(statements) -> list[int]:
    """The order the page lists them in: by date newest first, undated last, then newest id first."""
    ordered = sorted(
        statements, key=lambda s: (s.said_on is not None, s.said_on or date.min, s.pk), reverse=True
    )
    return [s.pk for s in ordered]


def shown(html: str, made) -> list[int]:
    """The ids of `made` a page shows, in its order."""
    markers = {f"r{made.index(s)}x<": s.pk for s in made}
    return [pk for _, pk in sorted((html.index(m), pk) for m, pk in markers.items() if m in html)]


def link(html: str, label: str) -> str | None:
    found = re.search(rf'href="(\?[^"]*)">{label}', html)
    return "/search/" + html_lib.unescape(found.group(1)) if found else None


def walk(client, url: str, made, *, label: str = "older →") -> tuple[list[int], list[str], list[int]]:
    """Follow "older →" (or `label`) from `url` to the last page: the ids shown (in page order), each
    page's HTML and its number of queries."""
    seen, pages, counts = [], [], []
    while url:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, url
        counts.append(len(captured))
        html = main_part(response.content.decode())
        pages.append(html)
        seen += shown(html, made)
        url = link(html, label)
    return seen, pages, counts


@pytest.fixture
def small_pages(monkeypatch):
    """Pages of 4 statements, counted exactly up to 6."""
    monkeypatch.setattr(search, "PAGE_SIZE", 4)
    monkeypatch.setattr(search, "COUNT_CAP", 6)


def test_the_page_without_words_lists_every_statement_once_newest_first_by_date(client, analyst, small_pages):
    made = [remark(i) for i in range(14)]
    StatementFactory(text="remark pending", status="pending", said_on=date(2026, 1, 1), date_precision="day")
    client.force_login(analyst)
    seen, pages, counts = walk(client, "/search/", made)
    assert seen == newest_first(made)  # each once, across equal dates and into the undated ones
    assert len(pages) == 4 and all("pending" not in page for page in pages)
    assert "← newest" not in pages[0] and all("← newest" in page for page in pages[1:])
    assert "← newer" not in pages[0] and all("← newer" in page for page in pages[1:])
    assert "older →" not in pages[-1]
    assert max(counts) <= counts[0] + 1  # one more query where the dated statements end


def test_newer_leads_back_through_the_same_pages_to_the_newest(client, analyst, small_pages):
    speaker = ActorFactory(slug="min-ister")
    made = [remark(i, speaker=speaker) for i in range(14)] + [remark(14)]  # one by another speaker
    client.force_login(analyst)
    _, forward, _ = walk(client, "/search/?speaker=min-ister", made)
    last = link(forward[-2], "older →")
    _, backward, counts = walk(client, last, made, label="← newer")
    assert [shown(page, made) for page in backward] == [shown(page, made) for page in reversed(forward)]
    assert "← newer" not in backward[-1] and "← newest" not in backward[-1]  # the newest page again
    assert all("speaker=min-ister" in (link(page, "← newer") or "") for page in backward[:-1])
    assert max(counts) <= min(counts) + 1
    # a page newer than a statement near the top is the newest page, never a short one
    second = next(s for s in made if s.pk == shown(forward[0], made)[1])
    html = main_part(
        client.get(f"/search/?speaker=min-ister&newer={second.said_on}.{second.pk}").content.decode()
    )
    assert shown(html, made) == shown(forward[0], made) and "← newer" not in html


def test_older_pages_keep_the_filters(client, analyst, small_pages):
    speaker, other = ActorFactory(name="Min Ister", slug="min-ister"), ActorFactory(name="Eve Envoy")
    made = [remark(i, speaker=speaker if i % 2 else other) for i in range(20)]
    client.force_login(analyst)
    seen, pages, _ = walk(client, "/search/?speaker=min-ister", made)
    assert seen == newest_first([s for s in made if s.speaker == speaker])
    assert len(pages) == 3 and all("speaker=min-ister" in page for page in pages[1:])
    assert all('href="?speaker=min-ister"' in page for page in pages[1:])  # "← newest" keeps it too


def test_filters_by_outlet_proposition_dates_and_status_page_through_their_matches(
    client, analyst, editor, small_pages
):
    wire = ArticleFactory(outlet__name="Wire One")
    proposal = PropositionFactory(title="A levy on freight", kind="proposal", slug="levy")
    made = [remark(i, article=wire if i % 3 else ArticleFactory()) for i in range(15)]
    for statement in made[::2]:
        StanceFactory(statement=statement, proposition=proposal, polarity="supports", is_confirmed=True)
    pending = [remark(i, status="pending") for i in range(15, 21)]
    client.force_login(analyst)
    seen, _, _ = walk(client, f"/search/?outlet={wire.outlet_id}", made)
    assert seen == newest_first([s for s in made if s.article == wire])
    seen, _, _ = walk(client, "/search/?proposition=levy", made)
    assert seen == newest_first(made[::2])
    seen, _, _ = walk(client, "/search/?since=2025-01-02&until=2025-01-02", made)
    assert seen == newest_first([s for s in made if s.said_on == date(2025, 1, 2)])
    client.force_login(editor)
    everything = made + pending
    seen, _, _ = walk(client, "/search/?status=pending", everything)
    assert seen == newest_first(pending)
    seen, _, _ = walk(client, "/search/", everything)
    assert seen == newest_first(everything)


def shown_count(html: str) -> str:
    return re.search(r'Statements <span class="small muted">([^·]*) ·', html).group(1).strip()


def test_the_count_is_exact_when_small_and_capped_or_estimated_when_large(
    client, analyst, small_pages, monkeypatch
):
    speaker = ActorFactory(slug="min-ister")
    for i in range(5):
        remark(i, speaker=speaker)
    for i in range(5, 12):
        remark(i)
    client.force_login(analyst)
    assert shown_count(client.get("/search/?speaker=min-ister").content.decode()) == "5"
    if connection.vendor == "postgresql":  # what the planner expects, when that is more than the cap
        monkeypatch.setattr(search, "estimated_rows", lambda statements: 123_456)
        assert shown_count(client.get("/search/").content.decode()) == "about 120,000"
        # a first page that holds every match is counted, whatever the estimate said
        one = client.get("/search/?speaker=min-ister&since=2025-01-02").content.decode()
        assert shown_count(one) == "3"  # of its 5, those said on 2 and 3 January
        monkeypatch.setattr(search, "estimated_rows", lambda statements: 3)  # too few: counted, capped
    assert shown_count(client.get("/search/").content.decode()) == "more than 6"
    assert shown_count(client.get("/search/?after=2025-01-01.1").content.decode()) == "more than 6"


def test_the_exports_of_a_search_without_words_hold_every_match(client, analyst, small_pages):
    speaker = ActorFactory(slug="min-ister")
    made = [remark(i, speaker=speaker) for i in range(11)]
    remark(11)  # another speaker's
    client.force_login(analyst)
    seen, pages, _ = walk(client, "/search/?speaker=min-ister", made)
    assert len(pages) == 3
    for page in pages:  # the export links keep the filters, never the page's cursor
        link = re.search(r'href="(/statements/export\.csv\?[^"]*)"', page).group(1)
        assert html_lib.unescape(link) == "/statements/export.csv?speaker=min-ister"
    rows = list(
        csv.DictReader(
            io.StringIO(
                b"".join(client.get("/statements/export.csv?speaker=min-ister").streaming_content).decode()
            )
        )
    )
    assert len(rows) == 11
    found = json.loads(b"".join(client.get("/statements/export.json?speaker=min-ister").streaming_content))
    assert sorted(r["id"] for r in found["statements"]) == sorted(s.pk for s in made)


@pytest.mark.parametrize(
    "cursor",
    [
        "2025-13-01.x",
        "undated.0",
        "yesterday.5",
        "2025-01-01.-3",
        "2025-01-01.99999999999999999999999",
        "2025-01-01",
        ".",
    ],
)
@pytest.mark.parametrize("name", ["after", "newer"])
def test_a_bad_cursor_shows_the_first_page(client, analyst, small_pages, cursor, name):
    made = [remark(i) for i in range(6)]
    client.force_login(analyst)
    first = main_part(client.get("/search/").content.decode())
    response = client.get(f"/search/?{name}={cursor}")
    assert response.status_code == 200
    html = main_part(response.content.decode())
    assert [s.pk for s in made if f"r{made.index(s)}x<" in html] == [
        s.pk for s in made if f"r{made.index(s)}x<" in first
    ]
    assert "← newest" not in html


@pytest.mark.parametrize("cursor", ["after=%00", "newer=2025-01-01.1%00"])
def test_a_cursor_with_a_control_character_is_a_clear_400(client, analyst, cursor):
    client.force_login(analyst)
    response = client.get(f"/search/?{cursor}")
    assert response.status_code == 400 and cursor.partition("=")[0].encode() in response.content


def test_a_cursor_past_the_oldest_statement_shows_none(client, analyst, small_pages):
    remark(0)
    client.force_login(analyst)
    html = client.get("/search/?after=undated.1").content.decode()
    assert "No statements match" in html and "← newest" in html


@pytest.mark.parametrize(
    "url", ["/search/", "/search/?speaker=min-ister", "/search/?outlet={outlet}", "/search/?proposition=levy"]
)
def test_a_page_without_words_runs_as_many_queries_with_many_matches_as_with_few(client, analyst, url):
    speaker = ActorFactory(slug="min-ister")
    article = ArticleFactory()
    proposal = PropositionFactory(title="A levy on freight", kind="proposal", slug="levy")

    def grow(rows: int, offset: int) -> None:
        for i in range(offset, offset + rows):
            statement = remark(i, speaker=speaker, article=article)
            StanceFactory(statement=statement, proposition=proposal, polarity="supports", is_confirmed=True)

    url = url.format(outlet=article.outlet_id)
    client.force_login(analyst)
    grow(5, 0)

    def queries(address: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(address).status_code == 200
        return len(captured)

    few = queries(url)
    grow(60, 5)
    assert queries(url) == few
    second = re.search(r'href="(\?[^"]*)">older →', client.get(url).content.decode())
    assert second and queries("/search/" + html_lib.unescape(second.group(1))) == few
