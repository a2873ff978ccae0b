"""The REST API: every endpoint for every role, filters, cursor pagination, errors, exports, 202/409."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from claims.models import Statement
from sources.models import IngestJob
from tests.factories import (
    ActorFactory,
    AliasFactory,
    ArticleFactory,
    OutletFactory,
    PropositionFactory,
    StanceFactory,
    StatementFactory,
)

pytestmark = pytest.mark.django_db


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get(user=user).key}")
    return client


@pytest.fixture
def record():
    actor = ActorFactory(name="Ana Lyst", slug="ana-lyst")
    AliasFactory(actor=actor, text="A. Lyst")
    proposition = PropositionFactory(slug="bridge-toll", kind="proposal")
    article = ArticleFactory(url="https://news.example.org/a")
    approved = StatementFactory(article=article, speaker=actor, status="approved", said_on=date(2026, 3, 1),
                                date_precision="day", text="the toll must go")
    StanceFactory(statement=approved, proposition=proposition, polarity="opposes", is_confirmed=True)
    pending = StatementFactory(article=article, speaker=actor, status="pending", text="a pending remark")
    return actor, proposition, article, approved, pending


READS = ["/api/v1/actors/", "/api/v1/actors/ana-lyst/", "/api/v1/actors/ana-lyst/positions/",
         "/api/v1/propositions/", "/api/v1/propositions/bridge-toll/", "/api/v1/propositions/bridge-toll/positions/",
         "/api/v1/statements/", "/api/v1/articles/", "/api/v1/outlets/"]


@pytest.mark.parametrize("url", READS)
def test_nothing_is_readable_anonymously(record, url):
    response = api().get(url)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated" and response.json()["status"] == 401


@pytest.mark.parametrize("url", READS)
def test_analysts_read_the_record(record, analyst, url):
    assert api(analyst).get(url).status_code == 200


def test_analysts_see_approved_statements_only_and_cannot_ask_for_pending(record, analyst, editor):
    _, _, _, approved, pending = record
    ids = [s["id"] for s in api(analyst).get("/api/v1/statements/").json()["results"]]
    assert ids == [approved.pk]
    assert api(analyst).get("/api/v1/statements/?status=pending").json()["results"] == []
    editor_ids = {s["id"] for s in api(editor).get("/api/v1/statements/?status=pending").json()["results"]}
    assert editor_ids == {pending.pk}


def test_operations_are_limited_by_role(record, analyst, editor, admin_user):
    assert api(analyst).get("/api/v1/jobs/").status_code == 403
    assert api(analyst).get("/api/v1/feeds/").status_code == 403
    assert api(editor).get("/api/v1/feeds/").status_code == 200
    assert api(editor).post("/api/v1/actors/", {"name": "X", "kind": "person"}, format="json").status_code == 403
    created = api(admin_user).post("/api/v1/actors/", {"name": "New Body", "slug": "new-body", "kind": "organization"},
                                   format="json")
    assert created.status_code == 201 and created["Location"] == "/api/v1/actors/new-body/"
    feed = api(admin_user).post("/api/v1/feeds/", {"url": "https://news.example.org/rss", "poll_interval_minutes": 15},
                                format="json")
    assert feed.status_code == 201 and feed.json()["poll_interval_minutes"] == 15
    assert feed["Location"] == f"/api/v1/feeds/{feed.json()['id']}/"
    assert api(editor).post("/api/v1/feeds/", {"url": "https://x.example.org/rss"}, format="json").status_code == 403


def test_actor_detail_nests_aliases_and_positions(record, analyst):
    body = api(analyst).get("/api/v1/actors/ana-lyst/").json()
    assert body["aliases"] == [{"text": "A. Lyst", "kind": "name"}]
    [position] = api(analyst).get("/api/v1/actors/ana-lyst/positions/").json()
    assert (position["proposition"], position["polarity"], position["since"]) == ("bridge-toll", "opposes", "2026-03-01")


@pytest.mark.parametrize(
    ("query", "expected"),
    [("speaker=ana-lyst", 1), ("speaker=nobody", 0), ("proposition=bridge-toll", 1), ("polarity=supports", 0),
     ("proposition=bridge-toll&polarity=opposes", 1), ("said_after=2026-02-01", 1), ("said_before=2026-02-01", 0),
     ("q=toll", 1), ("q=zebra", 0), ("kind=direct", 0)],
)
def test_statement_filters(record, analyst, query, expected):
    assert len(api(analyst).get(f"/api/v1/statements/?{query}").json()["results"]) == expected


@pytest.mark.parametrize("query", ["said_after=yesterday", "polarity=maybe", "outlet=abc", "kind=rumour"])
def test_bad_filter_values_are_400_naming_the_field(record, analyst, query):
    response = api(analyst).get(f"/api/v1/statements/?{query}")
    assert response.status_code == 400
    assert query.split("=")[0] in response.json()["fields"]


def test_cursor_pagination_is_bounded_and_query_counts_constant(analyst):
    article, speaker = ArticleFactory(), ActorFactory()
    Statement.objects.bulk_create([Statement(article=article, speaker=speaker, text=f"s{i}", kind="indirect", start=0,
                                             end=1, status="approved") for i in range(260)])
    client = api(analyst)
    first = client.get("/api/v1/statements/?page_size=1000").json()
    assert len(first["results"]) == 200 and first["next"]
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 60 and not {s["id"] for s in second["results"]} & {s["id"] for s in first["results"]}

    def count(size: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get(f"/api/v1/statements/?page_size={size}")
        return len(captured)

    assert count(5) == count(150)


def test_csv_export_of_a_filtered_list(record, analyst):
    response = api(analyst).get("/api/v1/statements/?format=csv&speaker=ana-lyst")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert response["Content-Type"].startswith("text/csv")
    assert [r["text"] for r in rows] == ["the toll must go"] and rows[0]["source_url"] == "https://news.example.org/a"


def test_json_ld_quotations_of_an_article(record, analyst):
    _, _, article, _, _ = record
    response = api(analyst).get(f"/api/v1/articles/{article.pk}/quotations/")
    body = response.json()
    assert response["Content-Type"].startswith("application/ld+json")
    [quote] = body["@graph"]
    assert quote["@type"] == "Quotation" and quote["text"] == "the toll must go"
    assert quote["creator"]["name"] == "Ana Lyst" and quote["spokenByCharacter"]["@type"] == "Person"
    assert quote["dateCreated"] == "2026-03-01" and quote["isBasedOn"]["url"] == "https://news.example.org/a"


def test_ingest_answers_202_with_a_job_to_poll(editor, analyst, django_capture_on_commit_callbacks):
    assert api(analyst).post("/api/v1/ingest/", {"text": "x"}, format="json").status_code == 403
    client = api(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/api/v1/ingest/", {
            "text": "The minister said on Monday that the harbour bridge toll would be scrapped next year.",
            "title": "Toll", "published": "2026-03-02"}, format="json")
    assert response.status_code == 202
    job_url = response["Location"]
    assert job_url == f"/api/v1/jobs/{response.json()['id']}/"
    job = client.get(job_url).json()
    assert job["state"] == "done" and job["article"] is not None
    bad = client.post("/api/v1/ingest/", {"url": "https://e.org/x", "text": "both"}, format="json")
    assert bad.status_code == 400 and "url" in bad.json()["fields"]
    assert client.post("/api/v1/ingest/", {"url": "ftp://e.org/x"}, format="json").status_code == 400
    assert IngestJob.objects.count() == 1


def test_stale_versions_are_409_with_the_current_values(record, editor):
    _, _, _, _, pending = record
    client = api(editor)
    assert client.post(f"/api/v1/statements/{pending.pk}/approve/", {"version": 1}, format="json").status_code == 200
    stale = client.post(f"/api/v1/statements/{pending.pk}/reject/", {"version": 1}, format="json")
    assert stale.status_code == 409 and stale.json()["code"] == "conflict" and stale.json()["current"]["version"] == 2


def test_throttling_answers_429_with_retry_after(record, analyst, settings):
    from rest_framework.throttling import UserRateThrottle

    original = UserRateThrottle.THROTTLE_RATES
    UserRateThrottle.THROTTLE_RATES = {**original, "user": "2/minute"}
    try:
        from django.core.cache import cache

        cache.clear()
        client = api(analyst)
        codes = [client.get("/api/v1/outlets/").status_code for _ in range(3)]
        assert codes == [200, 200, 429]
        body = client.get("/api/v1/outlets/").json()
        assert body["code"] == "throttled" and body["retry_after_seconds"] > 0
    finally:
        UserRateThrottle.THROTTLE_RATES = original
        cache.clear()


def test_schema_and_docs(analyst, client):
    client.force_login(analyst)
    schema = client.get("/api/schema/?format=json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    for path in ("/api/v1/statements/", "/api/v1/statements/{id}/approve/", "/api/v1/ingest/", "/api/v1/jobs/{id}/",
                 "/api/v1/actors/{slug}/positions/", "/api/v1/articles/{id}/quotations/"):
        assert path in paths
    assert "speaker" in {p["name"] for p in paths["/api/v1/statements/"]["get"]["parameters"]}
    docs = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in docs
    # Every asset is served by us (drf-spectacular-sidecar), none from a CDN or any other host.
    assets = re.findall(r'(?:src|href)="([^"]+)"', docs)
    assert assets and not [a for a in assets if a.startswith(("http:", "https:", "//"))]
    OutletFactory()


def test_ordering_and_compact_embedding(record, analyst):
    _, _, article, approved, _ = record
    StatementFactory(article=article, status="approved", said_on=date(2020, 1, 1), date_precision="day")
    client = api(analyst)
    by_date = [s["said_on"] for s in client.get("/api/v1/statements/?ordering=said_on").json()["results"]]
    assert by_date == sorted(by_date)
    first = client.get(f"/api/v1/statements/{approved.pk}/").json()
    assert first["article"]["url"] == "https://news.example.org/a" and first["speaker"]["slug"] == "ana-lyst"
    names = [a["name"] for a in client.get("/api/v1/actors/?ordering=name").json()["results"]]
    assert names == sorted(names)
    assert client.get("/api/v1/actors/?kind=person&q=lyst").json()["results"][0]["slug"] == "ana-lyst"


@pytest.mark.parametrize("query", ["article=9.223372036854776e%2B18", "outlet=-2e35", "article=0", "outlet=1.5"])
def test_out_of_range_ids_are_400_not_500(record, analyst, query):
    response = api(analyst).get(f"/api/v1/statements/?{query}")
    assert response.status_code == 400 and query.split("=")[0] in response.json()["fields"]
