"""Search, exports, comparison and the highlighted article page."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import StatementCluster
from tests.factories import ActorFactory, ArticleFactory, PropositionFactory, StanceFactory, StatementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    minister = ActorFactory(name="Min Ister", slug="min-ister")
    envoy = ActorFactory(name="Eve Envoy", slug="eve-envoy")
    proposal = PropositionFactory(title="A harbour toll", kind="proposal", slug="harbour-toll")
    text = "The minister said the harbour toll was <b>unfair</b> and must go. The envoy backed the toll."
    article = ArticleFactory(title="Toll row", text=text, url="https://news.example.org/toll")
    s1 = StatementFactory(
        article=article,
        speaker=minister,
        status="approved",
        said_on=date(2026, 4, 1),
        date_precision="day",
        start=18,
        end=63,
        text=text[18:63],
    )
    s2 = StatementFactory(
        article=article,
        speaker=envoy,
        status="approved",
        said_on=date(2026, 4, 2),
        date_precision="day",
        start=69,
        end=len(text),
        text=text[69:],
    )
    StatementFactory(
        article=article, speaker=minister, status="pending", text="a pending harbour remark", start=0, end=5
    )
    StanceFactory(statement=s1, proposition=proposal, polarity="opposes", is_confirmed=True)
    StanceFactory(statement=s2, proposition=proposal, polarity="supports", is_confirmed=True)
    return minister, envoy, proposal, article, s1, s2


def test_search_finds_statements_actors_and_articles_and_highlights(client, analyst, data):
    client.force_login(analyst)
    html = client.get("/search/?q=harbour").content.decode()
    assert "<mark>harbour</mark>" in html
    assert "a pending harbour remark" not in html  # analysts search the approved record
    assert "&lt;b&gt;unfair&lt;/b&gt;" in html and "<b>unfair</b>" not in html
    assert "Toll row" in html
    assert "Min Ister" in client.get("/search/?q=ister").content.decode()
    assert "No statements match" in client.get("/search/?q=zebra").content.decode()


def test_exports_carry_source_and_offsets(client, analyst, data):
    _, _, _, article, s1, _ = data
    client.force_login(analyst)
    response = client.get("/statements/export.csv?speaker=min-ister")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [r["id"] for r in rows] == [str(s1.pk)]
    assert rows[0]["source_url"] == "https://news.example.org/toll" and rows[0]["start"] == "18"
    assert rows[0]["stances"] == "harbour-toll=opposes"
    body = json.loads(
        b"".join(client.get("/statements/export.json?proposition=harbour-toll").streaming_content)
    )
    assert body["count"] == 2 and {r["speaker"] for r in body["statements"]} == {"Min Ister", "Eve Envoy"}
    assert client.get("/statements/export.xml").status_code == 404


def test_statements_filtered_by_proposition_are_its_confirmed_ones_each_once(client, analyst, data):
    minister, _, proposal, article, s1, s2 = data
    other = PropositionFactory(title="A bridge levy", kind="proposal", slug="bridge-levy")
    StanceFactory(statement=s1, proposition=other, polarity="supports", is_confirmed=True)
    unconfirmed = StatementFactory(article=article, speaker=minister, status="approved", start=0, end=3)
    StanceFactory(statement=unconfirmed, proposition=proposal, polarity="supports", is_confirmed=False)
    client.force_login(analyst)
    rows = json.loads(
        b"".join(client.get("/statements/export.json?proposition=harbour-toll").streaming_content)
    )
    assert sorted(r["id"] for r in rows["statements"]) == sorted([s1.pk, s2.pk])
    html = client.get("/search/?proposition=bridge-levy").content.decode()
    assert html.count("harbour toll was") == 1 and "Eve Envoy" not in html
    assert "No statements match" in client.get("/search/?proposition=no-such-question").content.decode()


def test_csv_cells_cannot_become_spreadsheet_formulas(client, analyst):
    StatementFactory(status="approved", text='=HYPERLINK("http://evil")')
    client.force_login(analyst)
    content = b"".join(client.get("/statements/export.csv").streaming_content).decode()
    assert "'=HYPERLINK" in content


def test_compare_two_actors(client, analyst, data):
    client.force_login(analyst)
    html = client.get("/compare/?actors=min-ister,eve-envoy,nobody").content.decode()
    assert "Min Ister" in html and "Eve Envoy" in html and "A harbour toll" in html
    assert "opposes" in html and "supports" in html and "nobody" in html


def test_the_article_page_highlights_statements_by_speaker(client, analyst, data):
    _, _, _, article, s1, s2 = data
    other = ArticleFactory(title="Copy", outlet__name="Wire Two")
    copy = StatementFactory(article=other, speaker=s1.speaker, status="approved", text=s1.text)
    cluster = StatementCluster.objects.create(speaker=s1.speaker, text=s1.text, fingerprint="x")
    for statement in (s1, copy):
        statement.cluster = cluster
        statement.save()
    client.force_login(analyst)
    html = client.get(f"/articles/{article.pk}/").content.decode()
    assert (
        f'<a class="stmt sp-0" href="#s{s1.pk}"' in html and f'<a class="stmt sp-1" href="#s{s2.pk}"' in html
    )
    assert "&lt;b&gt;unfair&lt;/b&gt;" in html
    assert "Reported by" in html and "Wire Two" in html


def test_search_and_exports_are_bounded_in_queries(client, analyst, data):
    client.force_login(analyst)

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
        return len(captured)

    urls = ["/search/?q=harbour", "/statements/export.json", "/compare/?actors=min-ister,eve-envoy"]
    few = [count(u) for u in urls]
    for i in range(40):
        StatementFactory(speaker=data[0], status="approved", text=f"harbour remark {i}")
    assert [count(u) for u in urls] == few


def test_a_statement_reported_by_several_outlets_is_shown_once_on_the_actor_page(client, analyst, data):
    minister, _, _, _, s1, _ = data
    copies = [
        StatementFactory(
            article=ArticleFactory(outlet__name=f"Wire {n}"),
            speaker=minister,
            status="approved",
            text=s1.text,
        )
        for n in range(2)
    ]
    cluster = StatementCluster.objects.create(speaker=minister, text=s1.text, fingerprint="y")
    for statement in (s1, *copies):
        statement.cluster = cluster
        statement.save()
    client.force_login(analyst)
    html = client.get(f"/actors/{minister.slug}/").content.decode()
    assert html.count(f'id="s{s1.pk}"') == 1 and f'id="s{copies[0].pk}"' not in html
    assert "Reported by" in html and "Wire 0" in html and "Wire 1" in html
