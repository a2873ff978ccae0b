"""The REST API: every endpoint for every role, filters, cursor pagination, errors, exports, 202/409."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actors.models import Actor, Alias
from claims.models import Statement
from sources.models import IngestJob
from tests.apiclient import api
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


@pytest.fixture
def record():
    actor = ActorFactory(name="Ana Lyst", slug="ana-lyst")
    AliasFactory(actor=actor, text="A. Lyst")
    proposition = PropositionFactory(slug="bridge-toll", kind="proposal")
    article = ArticleFactory(url="https://news.example.org/a")
    approved = StatementFactory(
        article=article,
        speaker=actor,
        status="approved",
        said_on=date(2026, 3, 1),
        date_precision="day",
        text="the toll must go",
    )
    StanceFactory(statement=approved, proposition=proposition, polarity="opposes", is_confirmed=True)
    pending = StatementFactory(article=article, speaker=actor, status="pending", text="a pending remark")
    return actor, proposition, article, approved, pending


READS = [
    "/api/v1/actors/",
    "/api/v1/actors/ana-lyst/",
    "/api/v1/actors/ana-lyst/positions/",
    "/api/v1/propositions/",
    "/api/v1/propositions/bridge-toll/",
    "/api/v1/propositions/bridge-toll/positions/",
    "/api/v1/statements/",
    "/api/v1/articles/",
    "/api/v1/outlets/",
]


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
    assert (
        api(editor).post("/api/v1/actors/", {"name": "X", "kind": "person"}, format="json").status_code == 403
    )
    created = api(admin_user).post(
        "/api/v1/actors/", {"name": "New Body", "slug": "new-body", "kind": "organization"}, format="json"
    )
    assert created.status_code == 201 and created["Location"] == "/api/v1/actors/new-body/"
    feed = api(admin_user).post(
        "/api/v1/feeds/", {"url": "https://news.example.org/rss", "poll_interval_minutes": 15}, format="json"
    )
    assert feed.status_code == 201 and feed.json()["poll_interval_minutes"] == 15
    assert feed["Location"] == f"/api/v1/feeds/{feed.json()['id']}/"
    assert (
        api(editor).post("/api/v1/feeds/", {"url": "https://x.example.org/rss"}, format="json").status_code
        == 403
    )


def test_actor_detail_nests_aliases_and_positions(record, analyst):
    body = api(analyst).get("/api/v1/actors/ana-lyst/").json()
    assert body["aliases"] == [{"text": "A. Lyst", "kind": "name"}]
    [position] = api(analyst).get("/api/v1/actors/ana-lyst/positions/").json()["results"]
    assert (position["proposition"], position["polarity"], position["since"]) == (
        "bridge-toll",
        "opposes",
        "2026-03-01",
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("speaker=ana-lyst", 1),
        ("speaker=nobody", 0),
        ("proposition=bridge-toll", 1),
        ("proposition=no-such-question", 0),
        ("polarity=supports", 0),
        ("proposition=bridge-toll&polarity=opposes", 1),
        ("said_after=2026-02-01", 1),
        ("said_before=2026-02-01", 0),
        ("q=toll", 1),
        ("q=zebra", 0),
        ("kind=direct", 0),
    ],
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
    Statement.objects.bulk_create(
        [
            Statement(
                article=article,
                speaker=speaker,
                text=f"s{i}",
                kind="indirect",
                start=0,
                end=1,
                status="approved",
            )
            for i in range(260)
        ]
    )
    client = api(analyst)
    first = client.get("/api/v1/statements/?page_size=1000").json()
    assert len(first["results"]) == 200 and first["next"]
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 60 and not {s["id"] for s in second["results"]} & {
        s["id"] for s in first["results"]
    }

    def count(size: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get(f"/api/v1/statements/?page_size={size}")
        return len(captured)

    assert count(5) == count(150)


def test_csv_export_of_a_filtered_list(record, analyst):
    response = api(analyst).get("/api/v1/statements/?format=csv&speaker=ana-lyst")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert response["Content-Type"].startswith("text/csv")
    assert [r["text"] for r in rows] == ["the toll must go"] and rows[0][
        "source_url"
    ] == "https://news.example.org/a"


def test_json_ld_quotations_of_an_article(record, analyst):
    _, _, article, _, _ = record
    response = api(analyst).get(f"/api/v1/articles/{article.pk}/quotations/")
    body = response.json()
    assert response["Content-Type"].startswith("application/ld+json")
    [quote] = body["@graph"]
    assert quote["@type"] == "Quotation" and quote["text"] == "the toll must go"
    assert quote["creator"]["name"] == "Ana Lyst" and quote["creator"]["@type"] == "Person"
    assert quote["spokenByCharacter"] == {"@id": quote["creator"]["@id"]}
    assert quote["dateCreated"] == "2026-03-01" and quote["isBasedOn"]["url"] == "https://news.example.org/a"


def test_ingest_answers_202_with_a_job_to_poll(editor, analyst, django_capture_on_commit_callbacks):
    assert api(analyst).post("/api/v1/ingest/", {"text": "x"}, format="json").status_code == 403
    client = api(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/ingest/",
            {
                "text": "The minister said on Monday that the harbour bridge toll would be scrapped next year.",
                "title": "Toll",
                "published": "2026-03-02",
            },
            format="json",
        )
    assert response.status_code == 202
    job_url = response["Location"]
    assert job_url == f"/api/v1/jobs/{response.json()['id']}/"
    job = client.get(job_url).json()
    assert job["state"] == "done" and job["article"] is not None
    neither = client.post("/api/v1/ingest/", {"url": " ", "text": ""}, format="json")
    assert neither.status_code == 400 and "url" in neither.json()["fields"]
    assert client.post("/api/v1/ingest/", {"url": "ftp://e.org/x"}, format="json").status_code == 400
    assert IngestJob.objects.count() == 1


def test_stale_versions_are_409_with_the_current_values(record, editor):
    _, _, _, _, pending = record
    client = api(editor)
    assert (
        client.post(f"/api/v1/statements/{pending.pk}/approve/", {"version": 1}, format="json").status_code
        == 200
    )
    stale = client.post(f"/api/v1/statements/{pending.pk}/reject/", {"version": 1}, format="json")
    assert (
        stale.status_code == 409
        and stale.json()["code"] == "conflict"
        and stale.json()["current"]["version"] == 2
    )


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


def test_throttling_counts_each_window_with_a_small_counter(record, analyst, monkeypatch):
    from django.core.cache import cache
    from rest_framework.throttling import UserRateThrottle

    from common.throttling import UserWindowThrottle

    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"user": "2/minute"})
    now = [600.0 + 50]  # 50 s into a window of a minute
    monkeypatch.setattr(UserWindowThrottle, "timer", lambda self: now[0])
    client = api(analyst)
    assert [client.get("/api/v1/outlets/").status_code for _ in range(3)] == [200, 200, 429]
    assert client.get("/api/v1/outlets/").json()["retry_after_seconds"] == 10
    assert cache.get(f"throttle_user_{analyst.pk}:10") == 4  # one number, not a list of request times
    now[0] = 660.0  # the next window
    assert client.get("/api/v1/outlets/").status_code == 200


def test_schema_and_docs(analyst, client):
    client.force_login(analyst)
    schema = client.get("/api/schema/?format=json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    for path in (
        "/api/v1/statements/",
        "/api/v1/statements/{id}/approve/",
        "/api/v1/ingest/",
        "/api/v1/jobs/{id}/",
        "/api/v1/actors/{slug}/positions/",
        "/api/v1/articles/{id}/quotations/",
    ):
        assert path in paths
    assert "speaker" in {p["name"] for p in paths["/api/v1/statements/"]["get"]["parameters"]}
    docs = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in docs
    # Every asset is served by us (drf-spectacular-sidecar), none from a CDN or any other host.
    assets = re.findall(r'(?:src|href)="([^"]+)"', docs)
    assert assets and not [a for a in assets if a.startswith(("http:", "https:", "//"))]


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


@pytest.mark.parametrize(
    "query", ["article=9.223372036854776e%2B18", "outlet=-2e35", "article=0", "outlet=1.5"]
)
def test_out_of_range_ids_are_400_not_500(record, analyst, query):
    response = api(analyst).get(f"/api/v1/statements/?{query}")
    assert response.status_code == 400 and query.split("=")[0] in response.json()["fields"]


# --- schema and docs: login-exempt for Django, authenticated by DRF ---


def test_a_token_client_reads_the_schema_without_a_login_redirect(analyst):
    response = api(analyst).get("/api/schema/?format=json")
    assert response.status_code == 200 and "/api/v1/statements/" in response.json()["paths"]
    assert api(analyst).get("/api/docs/").status_code == 200


@pytest.mark.parametrize("url", ["/api/schema/?format=json", "/api/schema/", "/api/docs/", "/api/redoc/"])
def test_schema_and_docs_are_not_public(url):
    response = api().get(url, HTTP_ACCEPT="application/json")
    assert response.status_code in (401, 403) and "Location" not in response
    assert response.json()["code"] in ("not_authenticated", "permission_denied")


# --- creates that derive a slug from the name ---


@pytest.mark.parametrize(
    ("url", "field", "extra", "names", "expected"),
    [
        # "A B" after "A.B" would be the same actor (refused below): accents keep these three apart
        ("/api/v1/actors/", "name", {"kind": "person"}, ("A.B", "Á B", "À-B"), ["ab", "a-b", "a-b-2"]),
        # a proposition needs words the suggester can find it by, and two never share a title
        (
            "/api/v1/propositions/",
            "title",
            {"kind": "claim"},
            ("Toll A.B", "Toll A B", "toll a-b"),
            ["toll-ab", "toll-a-b", "toll-a-b-2"],
        ),
        ("/api/v1/outlets/", "name", {}, ("A.B", "A B", "a-b"), None),
    ],
)
def test_names_sharing_a_slug_get_numbered_slugs(admin_user, url, field, extra, names, expected):
    client = api(admin_user)
    slugs = []
    for name in names:
        response = client.post(url, {field: name, **extra}, format="json")
        assert response.status_code == 201, response.json()
        slugs.append(response.json()["slug"])
    assert slugs == expected if expected else len(set(slugs)) == 3


@pytest.mark.parametrize(
    ("url", "field", "extra"),
    [
        ("/api/v1/actors/", "name", {"kind": "person"}),
        ("/api/v1/propositions/", "title", {"kind": "claim"}),
        ("/api/v1/outlets/", "name", {}),
    ],
)
def test_a_name_without_letters_or_digits_is_400_naming_the_field(admin_user, url, field, extra):
    response = api(admin_user).post(url, {field: "!!! ???", **extra}, format="json")
    assert response.status_code == 400 and field in response.json()["fields"]


def test_an_actor_created_through_the_api_goes_by_its_name(admin_user):
    response = api(admin_user).post("/api/v1/actors/", {"name": "Jane  Doe", "kind": "person"}, format="json")
    assert response.status_code == 201
    assert response.json()["aliases"] == [{"text": "Jane Doe", "kind": "name"}]


@pytest.mark.parametrize(("name", "slug"), [("Сергей Лавров", "sergey-lavrov"), ("习近平", "xi-jin-ping")])
def test_an_actor_named_in_another_script_gets_a_readable_slug_through_the_api(admin_user, name, slug):
    response = api(admin_user).post("/api/v1/actors/", {"name": name, "kind": "person"}, format="json")
    assert response.status_code == 201 and response.json()["slug"] == slug


@pytest.mark.parametrize("name", ["Jane Doe", "JANE DOE", "Jane Doe’s", "J. Doe"])
def test_an_actor_already_known_by_that_name_is_refused_through_the_api(admin_user, name):
    client = api(admin_user)
    client.post("/api/v1/actors/", {"name": "Jane Doe", "kind": "person"}, format="json")
    Alias.objects.create(actor=Actor.objects.get(slug="jane-doe"), text="J. Doe")
    response = client.post("/api/v1/actors/", {"name": name, "kind": "person"}, format="json")
    assert response.status_code == 400
    assert response.json()["fields"]["name"] == [
        "Jane Doe already exists; choose it instead of creating a new actor."
    ]
    assert Actor.objects.count() == 1


def test_numbered_slugs_stay_within_the_column(admin_user):
    client = api(admin_user)
    titles = ["x" * 499 + "a", "x" * 499 + "b"]  # different titles, the same 200-character slug
    first = client.post("/api/v1/propositions/", {"title": titles[0], "kind": "claim"}, format="json").json()[
        "slug"
    ]
    second = client.post(
        "/api/v1/propositions/", {"title": titles[1], "kind": "claim"}, format="json"
    ).json()["slug"]
    assert len(first) == len(second) == 200 and second.endswith("-2") and first != second


def test_an_actor_cannot_be_affiliated_to_itself(record, admin_user):
    response = api(admin_user).patch("/api/v1/actors/ana-lyst/", {"affiliation": "ana-lyst"}, format="json")
    assert response.status_code == 400 and "affiliation" in response.json()["fields"]


# --- cursor pagination over nullable and non-unique orderings ---


def _walk(client, url):
    """Every page forwards from `url`, then every page back from the last one."""
    pages, seen = [], set()
    while url and url not in seen:
        seen.add(url)
        body = client.get(url).json()
        pages.append(body)
        url = body["next"]
    backwards = []
    url = pages[-1]["previous"]
    while url:
        body = client.get(url).json()
        backwards.insert(0, body)
        url = body["previous"]
    return [[s["id"] for s in p["results"]] for p in pages], [
        [s["id"] for s in p["results"]] for p in backwards
    ]


@pytest.mark.parametrize(
    "ordering", ["said_on", "-said_on", "confidence", "-confidence", "said_on,-confidence"]
)
def test_cursor_pages_through_nullable_and_tied_orderings_exactly_once(analyst, ordering):
    article, speaker = ArticleFactory(), ActorFactory()
    dates = [None, date(2026, 1, 1), None, date(2026, 1, 1), date(2025, 5, 5), None, date(2026, 1, 1)] * 3
    Statement.objects.bulk_create(
        [
            Statement(
                article=article,
                speaker=speaker,
                text=f"s{i}",
                kind="indirect",
                start=0,
                end=1,
                status="approved",
                said_on=said_on,
                date_precision="day" if said_on else "unknown",
                confidence=(0.5 if i % 2 else 0.9),
            )
            for i, said_on in enumerate(dates)
        ]
    )
    forwards, backwards = _walk(api(analyst), f"/api/v1/statements/?ordering={ordering}&page_size=2")
    ids = [i for page in forwards for i in page]
    assert sorted(ids) == sorted(Statement.objects.values_list("id", flat=True))  # each exactly once
    assert [i for page in backwards for i in page] == ids[: len(ids) - len(forwards[-1])]
    rows = {s.pk: s for s in Statement.objects.all()}
    first = ordering.split(",")[0]
    values = [getattr(rows[i], first.lstrip("-")) for i in ids]
    non_null = [v for v in values if v is not None]
    assert non_null == sorted(non_null, reverse=first.startswith("-"))
    nulls_at = [n for n, v in enumerate(values) if v is None]
    if nulls_at:  # NULL sorts as the largest value: last ascending, first descending
        expected = (
            range(len(ids) - len(nulls_at), len(ids)) if not first.startswith("-") else range(len(nulls_at))
        )
        assert nulls_at == list(expected)


def test_cursor_pages_through_actors_by_a_shared_name(analyst):
    for n in range(7):
        ActorFactory(name="Same Name", slug=f"same-name-{n}")
    ActorFactory(name="Another")
    forwards, backwards = _walk(api(analyst), "/api/v1/actors/?ordering=name&page_size=3")
    ids = [i for page in forwards for i in page]
    assert len(ids) == len(set(ids)) == 8
    assert [i for page in backwards for i in page] == ids[: len(ids) - len(forwards[-1])]


def test_a_forged_cursor_is_404_not_500(analyst):
    from base64 import urlsafe_b64encode

    client = api(analyst)
    for raw in (b"not json", b'{"p": ["x", 1]}', b'{"p": [99999999999999999999999]}', b"[1]"):
        cursor = urlsafe_b64encode(raw).decode()
        response = client.get(f"/api/v1/statements/?cursor={cursor}")
        assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert client.get("/api/v1/statements/?ordering=said_on&cursor=%25%25").status_code == 404


# --- unknown API URLs ---


@pytest.mark.parametrize(
    "url", ["/api/v1/nothing-here/", "/api/v1/actors/ana-lyst/nope/", "/api/v1/x", "/api/v2/"]
)
def test_unknown_api_urls_answer_the_json_error_body(record, analyst, url):
    for client in (api(analyst), api()):
        response = client.get(url)
        assert response.status_code == 404 and response["Content-Type"].startswith("application/json")
        assert response.json() == {"status": 404, "code": "not_found", "detail": response.json()["detail"]}
    assert api(analyst).post(url, {}, format="json").status_code == 404


def test_a_missing_trailing_slash_still_redirects(analyst):
    response = api(analyst).get("/api/v1/actors")
    assert response.status_code == 301 and response["Location"].endswith("/api/v1/actors/")


# --- error responses in the OpenAPI schema ---


@pytest.fixture
def openapi(analyst):
    return api(analyst).get("/api/schema/?format=json").json()


def test_every_operation_documents_its_errors(openapi):
    error = openapi["components"]["schemas"]["Error"]
    assert {"status", "code", "detail"} <= set(error["required"]) and "fields" in error["properties"]
    for path, operations in openapi["paths"].items():
        for method, operation in operations.items():
            if method == "parameters":
                continue
            responses = operation["responses"]
            for code in ("401", "403", "429"):
                assert code in responses, (method, path, code)
            assert "Retry-After" in responses["429"]["headers"]
            if method in ("post", "put", "patch"):
                assert "400" in responses, (method, path)
            if "{" in path:
                assert "404" in responses, (method, path)
            ref = responses["403"]["content"]["application/json"]["schema"]["$ref"]
            assert ref == "#/components/schemas/Error"
    statements = openapi["paths"]["/api/v1/statements/"]["get"]["responses"]
    assert "400" in statements  # bad filter values
    approve = openapi["paths"]["/api/v1/statements/{id}/approve/"]["post"]["responses"]
    assert approve["409"]["content"]["application/json"]["schema"]["$ref"] == "#/components/schemas/Conflict"


def test_the_quotations_endpoint_has_a_response_schema_its_answers_match(record, analyst, openapi):
    import jsonschema

    ok = openapi["paths"]["/api/v1/articles/{id}/quotations/"]["get"]["responses"]["200"]
    schema = ok["content"]["application/ld+json"]["schema"]
    graph = openapi["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    assert {"@context", "@graph"} <= set(graph["properties"])
    _, _, article, _, _ = record
    article.outlet = OutletFactory()
    article.save()
    body = api(analyst).get(f"/api/v1/articles/{article.pk}/quotations/").json()
    assert body["@graph"][0]["isBasedOn"]["publisher"]["@type"] == "Organization"
    jsonschema.validate(body, {**schema, "components": openapi["components"]})
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(
            {"@graph": [{"text": "no @type"}]}, {**schema, "components": openapi["components"]}
        )


# --- roles on the write endpoints ---


def test_feeds_are_written_by_administrators_only(analyst, editor, admin_user):
    OutletFactory(name="Harbour Post")
    body = {"url": "https://harbour.example.org/rss", "outlet": "harbour-post", "poll_interval_minutes": 20}
    assert api(analyst).post("/api/v1/feeds/", body, format="json").status_code == 403
    assert api(editor).post("/api/v1/feeds/", body, format="json").status_code == 403
    created = api(admin_user).post("/api/v1/feeds/", body, format="json")
    assert created.status_code == 201 and created["Location"] == f"/api/v1/feeds/{created.json()['id']}/"
    assert created.json()["outlet"] == "harbour-post"
    feed = created["Location"]
    for user in (analyst, editor):
        assert api(user).patch(feed, {"is_active": False}, format="json").status_code == 403
        assert api(user).delete(feed).status_code == 403
    assert api(admin_user).patch(feed, {"is_active": False}, format="json").json()["is_active"] is False
    assert api(admin_user).delete(feed).status_code == 204


@pytest.mark.parametrize("url", ["ftp://harbour.example.org/rss", "harbour.example.org/rss", " "])
def test_a_feed_moved_to_an_address_that_cannot_be_fetched_is_400_and_unchanged(admin_user, url):
    client = api(admin_user)
    feed = client.post("/api/v1/feeds/", {"url": "https://harbour.example.org/rss"}, format="json")[
        "Location"
    ]
    response = client.patch(feed, {"url": url}, format="json")
    assert response.status_code == 400 and "url" in response.json()["fields"]
    assert client.get(feed).json()["url"] == "https://harbour.example.org/rss"


def test_an_outlet_changed_through_the_api_keeps_its_domain_in_the_stored_form(admin_user):
    client = api(admin_user)
    outlet = client.post("/api/v1/outlets/", {"name": "Harbour Post"}, format="json")["Location"]
    assert client.patch(outlet, {"domain": "WWW.Harbour.example"}, format="json").json()["domain"] == (
        "harbour.example"
    )


def test_an_outlet_given_a_domain_another_outlet_has_is_400(admin_user):
    client = api(admin_user)
    client.post("/api/v1/outlets/", {"name": "Harbour Post", "domain": "harbour.example"}, format="json")
    other = client.post("/api/v1/outlets/", {"name": "Harbour Times"}, format="json")["Location"]
    response = client.patch(other, {"domain": "harbour.example"}, format="json")
    assert response.status_code == 400 and response.json()["fields"]


@pytest.mark.parametrize("role", ["analyst", "editor"])
def test_only_administrators_change_or_delete_actors(record, role, request, admin_user):
    user = request.getfixturevalue(role)
    assert api(user).patch("/api/v1/actors/ana-lyst/", {"role": "Mayor"}, format="json").status_code == 403
    assert (
        api(user)
        .put("/api/v1/actors/ana-lyst/", {"name": "Ana", "kind": "person"}, format="json")
        .status_code
        == 403
    )
    assert api(user).delete("/api/v1/actors/ana-lyst/").status_code == 403
    assert (
        api(admin_user).patch("/api/v1/actors/ana-lyst/", {"role": "Mayor"}, format="json").json()["role"]
        == "Mayor"
    )


def test_editors_manage_propositions_but_not_outlets(record, editor, analyst, admin_user):
    client = api(editor)
    new = {"title": "Harbour tolls should be scrapped", "kind": "proposal"}
    assert api(analyst).post("/api/v1/propositions/", new, format="json").status_code == 403
    created = client.post("/api/v1/propositions/", new, format="json")
    assert (
        created.status_code == 201
        and created["Location"] == "/api/v1/propositions/harbour-tolls-should-be-scrapped/"
    )
    # archived, never deleted: a proposition's reviewed stances stay on record
    assert client.delete("/api/v1/propositions/bridge-toll/").status_code == 405
    assert client.post("/api/v1/outlets/", {"name": "O"}, format="json").status_code == 403
    created = api(admin_user).post("/api/v1/outlets/", {"name": "Harbour Post"}, format="json")
    assert created.status_code == 201 and created["Location"] == f"/api/v1/outlets/{created.json()['id']}/"


def test_a_bad_filter_on_the_csv_export_answers_the_json_error_body(record, analyst):
    response = api(analyst).get("/api/v1/statements/?format=csv&said_after=yesterday")
    assert response.status_code == 400 and response["Content-Type"].startswith("application/json")
    assert "said_after" in response.json()["fields"]


@pytest.mark.parametrize("keywords", [None, "toll", [{"a": 1}], [["nested"]]])
def test_proposition_keywords_are_a_list_of_words(admin_user, keywords):
    response = api(admin_user).post(
        "/api/v1/propositions/", {"title": "Tolls", "kind": "proposal", "keywords": keywords}, format="json"
    )
    assert response.status_code == 400 and "keywords" in response.json()["fields"]


def test_anonymous_browsers_get_a_401_page_from_the_docs_not_a_login_redirect():
    response = api().get("/api/docs/", HTTP_ACCEPT="text/html")
    assert response.status_code == 401 and "Location" not in response


def test_the_cursor_orders_by_model_columns_and_always_ends_with_the_id():
    from actors.models import Actor
    from common.api import Cursor

    def columns(ordering):
        return [("-" if key.descending else "") + key.field.attname for key in Cursor._keys(Actor, ordering)]

    assert columns(["-name"]) == ["-name", "-id"]
    assert columns(["aliases", "name", "name"]) == ["name", "id"]  # a reverse relation is no column
    assert columns(["pk", "name"]) == ["id"]  # nothing after a unique column matters
    assert columns(["affiliation"]) == ["affiliation_id", "id"]


def test_json_ld_links_a_wikidata_speaker_and_names_organisations_only_as_creator(record, analyst):
    _, _, article, approved, _ = record
    approved.speaker.external_id = "Q42"
    approved.speaker.save()
    StatementFactory(
        article=article, status="approved", speaker=ActorFactory(name="Port Board", kind="organization")
    )
    graph = api(analyst).get(f"/api/v1/articles/{article.pk}/quotations/").json()["@graph"]
    by_speaker = {q["creator"]["name"]: q for q in graph}
    assert by_speaker["Ana Lyst"]["creator"]["sameAs"] == "https://www.wikidata.org/wiki/Q42"
    assert by_speaker["Port Board"]["creator"]["@type"] == "Organization"
    assert "spokenByCharacter" not in by_speaker["Port Board"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/actors/",
        "/api/v1/articles/",
        "/api/v1/propositions/",
        "/api/v1/outlets/",
        "/api/v1/jobs/",
        "/api/v1/feeds/",
    ],
)
def test_other_lists_run_as_many_queries_for_150_rows_as_for_5(editor, path):
    from sources.models import Feed

    outlet, organisation = OutletFactory(), ActorFactory(kind="organization")
    for i in range(150):
        AliasFactory(actor=ActorFactory(affiliation=organisation if i % 2 else None))
        ArticleFactory(outlet=outlet)
        PropositionFactory()
        OutletFactory()
        IngestJob.objects.create(kind="text", text=f"t{i}", created_by=editor)
        Feed.objects.create(url=f"https://feeds.example.org/{i}.xml", outlet=outlet)
    client = api(editor)

    def count(size: int) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"{path}?page_size={size}").status_code == 200
        return len(captured)

    assert count(5) == count(150)


@pytest.mark.parametrize("minutes", [0, 7 * 24 * 60 + 1])
def test_a_feed_interval_out_of_range_is_a_400_naming_it(admin_user, minutes):
    from sources.models import Feed

    feed = Feed.objects.create(url="https://feeds.example.org/a.xml")
    response = api(admin_user).patch(
        f"/api/v1/feeds/{feed.pk}/", {"poll_interval_minutes": minutes}, format="json"
    )
    assert response.status_code == 400 and "poll_interval_minutes" in response.json()["fields"]


def test_ingest_takes_a_headline_and_a_date_under_the_names_clients_use(
    editor, django_capture_on_commit_callbacks
):
    # `headline` and `date` (or a full timestamp) are what many clients send; dropped silently, the
    # suggester lost the headline a statement's "the plan" refers back to, and the article its date.
    client = api(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/ingest/",
            {
                "text": "The minister said on Monday that the harbour bridge toll would be scrapped next year.",
                "url": "https://news.example.org/toll",
                "headline": "Harbour bridge toll to go",
                "date": "2026-03-02T09:30:00Z",
            },
            format="json",
        )
    assert response.status_code == 202
    job = client.get(response["Location"]).json()
    article = client.get(f"/api/v1/articles/{job['article']}/").json()
    assert article["title"] == "Harbour bridge toll to go"
    assert article["published_at"].startswith("2026-03-02")
    assert article["url"] == "https://news.example.org/toll"


def test_ingest_refuses_a_title_and_a_different_headline(editor):
    body = {"text": "The minister said the toll would go.", "title": "A", "headline": "B"}
    response = api(editor).post("/api/v1/ingest/", body, format="json")
    assert response.status_code == 400 and "headline" in response.json()["fields"]
    assert IngestJob.objects.count() == 0


def test_a_token_answers_with_its_users_roles_and_not_once_the_user_is_deactivated(record, analyst, editor):
    assert api(editor).get("/api/v1/statements/?status=pending").json()["results"] != []
    assert api(analyst).get("/api/v1/statements/?status=pending").json()["results"] == []
    analyst.is_active = False
    analyst.save(update_fields=["is_active"])
    response = api(analyst).get("/api/v1/statements/")
    assert response.status_code == 401 and response.json()["code"] == "not_authenticated"
