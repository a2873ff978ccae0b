"""What the OpenAPI schema promises is what the API does: pages where it says pages, JSON bodies only,
null where a value can be missing, the media types and headers that are sent, a schema linters and
generators accept (the generated client and the linters themselves: test_generated_client.py,
test_schema_lint.py)."""

from __future__ import annotations

import json

import pytest
from django.test import RequestFactory
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from rest_framework.request import Request

from claims.models import Proposition
from tests.apiclient import api
from tests.factories import ActorFactory, ArticleFactory, PropositionFactory, StanceFactory, StatementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def openapi():
    """The schema as `/api/schema/` serves it (built once: it does not depend on the data)."""
    request = Request(RequestFactory().get("/api/schema/?format=json"))
    schema = SchemaGenerator().get_schema(request=request, public=True)
    return json.loads(OpenApiJsonRenderer().render(schema))


@pytest.fixture
def speaker():
    """An actor with positions on three propositions."""
    actor = ActorFactory(slug="ana-lyst", kind="person")
    for n in range(3):
        statement = StatementFactory(speaker=actor, status="approved")
        StanceFactory(
            statement=statement, proposition=PropositionFactory(title=f"Claim {n}"), is_confirmed=True
        )
    return actor


def _walk(client, url: str) -> list[dict]:
    pages = [client.get(url).json()]
    while pages[-1]["next"]:
        pages.append(client.get(pages[-1]["next"]).json())
    return pages


def test_an_actors_positions_come_in_cursor_pages(speaker, analyst):
    pages = _walk(api(analyst), "/api/v1/actors/ana-lyst/positions/?page_size=2")
    assert [[p["proposition"] for p in page["results"]] for page in pages] == [
        ["claim-0", "claim-1"],
        ["claim-2"],
    ]


def test_a_previous_link_leads_back_to_the_first_page_of_positions(speaker, analyst):
    client = api(analyst)
    first = client.get("/api/v1/actors/ana-lyst/positions/?page_size=2").json()
    second = client.get(first["next"]).json()
    assert client.get(second["previous"]).json()["results"] == first["results"]


def test_the_actor_list_filters_do_not_apply_to_an_actors_positions(speaker, analyst):
    response = api(analyst).get("/api/v1/actors/ana-lyst/positions/?kind=state")
    assert response.status_code == 200


def test_a_propositions_positions_come_in_cursor_pages(analyst):
    proposition = PropositionFactory(slug="bridge-toll")
    for name in ["Bo", "Al", "Cy"]:
        statement = StatementFactory(speaker=ActorFactory(name=name), status="approved")
        StanceFactory(statement=statement, proposition=proposition, is_confirmed=True)
    pages = _walk(api(analyst), "/api/v1/propositions/bridge-toll/positions/?page_size=2")
    assert [len(page["results"]) for page in pages] == [2, 1]


def test_a_forged_positions_cursor_is_404_not_500(speaker, analyst):
    response = api(analyst).get("/api/v1/actors/ana-lyst/positions/?cursor=eyJwIjpbMSwyLDMsNF19")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_a_statements_history_comes_in_cursor_pages_oldest_first(editor):
    statement = StatementFactory()
    client = api(editor)
    client.post(f"/api/v1/statements/{statement.pk}/approve/", {"version": 1}, format="json")
    client.post(f"/api/v1/statements/{statement.pk}/reject/", {"version": 2}, format="json")
    pages = _walk(client, f"/api/v1/statements/{statement.pk}/history/?page_size=1")
    assert [page["results"][0]["action"] for page in pages] == ["approve", "reject"]


@pytest.mark.parametrize("size", ["null", "0", "-1", "1.5", "²"])
def test_a_page_size_that_is_no_whole_number_from_1_is_a_400_naming_it(analyst, size):
    response = api(analyst).get(f"/api/v1/statements/?page_size={size}")
    assert response.status_code == 400 and "page_size" in response.json()["fields"]


def test_every_operation_documented_as_paginated_answers_a_page(speaker, editor, openapi):
    statement = speaker.statements.first()
    proposition = statement.stances.first().proposition
    paginated = [
        path
        for path, operations in openapi["paths"].items()
        if any(p["name"] == "cursor" for p in operations.get("get", {}).get("parameters", []))
    ]
    urls = [
        path.replace("{id}", str(statement.pk)).replace(
            "{slug}", proposition.slug if "propositions" in path else speaker.slug
        )
        for path in paginated
    ]
    assert len(urls) == 13
    assert {url: sorted(api(editor).get(url).json()) for url in urls} == {
        url: ["next", "previous", "results"] for url in urls
    }


def test_form_bodies_are_refused_with_415_and_store_nothing(editor):
    response = api(editor).post(
        "/api/v1/propositions/", {"title": "Tolls", "kind": "claim", "keywords": ["toll"]}, format="multipart"
    )
    assert response.status_code == 415 and response.json()["code"] == "unsupported_media_type"
    assert not Proposition.objects.exists()


def test_request_bodies_are_declared_as_json_only(openapi):
    media = {
        media_type
        for operations in openapi["paths"].values()
        for operation in operations.values()
        for media_type in operation.get("requestBody", {}).get("content", {})
    }
    assert media == {"application/json"}


def test_a_text_jobs_stage_and_url_are_null(editor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = api(editor).post(
            "/api/v1/ingest/", {"text": "The minister said the toll would go.", "title": "T"}, format="json"
        )
    job = api(editor).get(response["Location"]).json()
    assert (job["state"], job["stage"], job["url"]) == ("done", None, None)


def test_a_pasted_texts_article_has_no_outlet_and_the_schema_allows_that(analyst, openapi):
    ArticleFactory(outlet=None, url="")
    [article] = api(analyst).get("/api/v1/articles/").json()["results"]
    assert article["outlet"] is None
    assert "null" in openapi["components"]["schemas"]["Article"]["properties"]["outlet"]["type"]


@pytest.mark.parametrize("field", ["speaker", "via"])
def test_a_statements_actors_may_be_null_in_the_schema(openapi, field):
    assert {"type": "null"} in openapi["components"]["schemas"]["Statement"]["properties"][field]["oneOf"]


def test_the_csv_export_is_declared_as_csv(openapi):
    listing = openapi["paths"]["/api/v1/statements/"]["get"]["responses"]["200"]["content"]
    export = openapi["paths"]["/api/v1/statements/csv/"]["get"]["responses"]["200"]["content"]
    assert (sorted(listing), list(export)) == (["application/json", "text/csv"], ["text/csv"])


@pytest.mark.parametrize(
    ("url", "headers"),
    [
        ("/api/v1/statements/?format=csv", {}),
        ("/api/v1/statements/", {"HTTP_ACCEPT": "text/csv"}),
        ("/api/v1/statements/csv/?speaker=ana-lyst", {}),
    ],
)
def test_every_way_of_asking_for_csv_gets_the_csv(speaker, analyst, url, headers):
    response = api(analyst).get(url, **headers)
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert response["Content-Type"].startswith("text/csv") and len(lines) == 1 + 3


def test_a_bad_filter_on_the_csv_operation_answers_the_json_error_body(analyst):
    response = api(analyst).get("/api/v1/statements/csv/?said_after=yesterday")
    assert response.status_code == 400 and "said_after" in response.json()["fields"]


def test_an_unsupported_method_with_format_csv_is_405(analyst):
    assert api(analyst).generic("TRACE", "/api/v1/statements/?format=csv").status_code == 405


def test_201_and_202_answers_declare_their_location_header(openapi):
    answers = [
        response
        for operations in openapi["paths"].values()
        for operation in operations.values()
        for code, response in operation["responses"].items()
        if code in ("201", "202")
    ]
    assert answers and all(response["headers"]["Location"]["required"] for response in answers)


@pytest.mark.parametrize("component", ["Position", "PositionEntry"])
def test_a_positions_polarity_is_an_enum(openapi, component):
    polarity = openapi["components"]["schemas"][component]["properties"]["polarity"]
    assert polarity == {"$ref": "#/components/schemas/StancePolarityEnum"}


@pytest.mark.parametrize("name", ["article", "outlet"])
def test_id_filters_are_integers(openapi, name):
    [parameter] = [
        p for p in openapi["paths"]["/api/v1/statements/"]["get"]["parameters"] if p["name"] == name
    ]
    assert parameter["schema"]["type"] == "integer"


def test_conflict_and_error_bodies_are_described_for_what_they_are(openapi):
    schemas = openapi["components"]["schemas"]
    assert schemas["Conflict"]["description"] != schemas["Error"]["description"]


def test_no_component_description_is_a_developers_docstring(openapi):
    leaked = [
        name
        for name, schema in openapi["components"]["schemas"].items()
        if any(word in schema.get("description", "") for word in ("Serializer", "mixin", "`slug_source`"))
    ]
    assert leaked == []


def test_every_operation_has_a_summary_and_a_declared_tag(openapi):
    declared = {tag["name"] for tag in openapi["tags"]}
    operations = [op for operations in openapi["paths"].values() for op in operations.values()]
    assert [
        op["operationId"] for op in operations if not op.get("summary") or set(op["tags"]) - declared
    ] == []


def test_every_component_is_used(openapi):
    text = json.dumps({key: value for key, value in openapi.items() if key != "components"})
    text += json.dumps(openapi["components"]["schemas"])
    unused = [
        name for name in openapi["components"]["schemas"] if f'"#/components/schemas/{name}"' not in text
    ]
    assert unused == []


def test_the_schema_names_the_server_it_was_fetched_from(openapi):
    assert openapi["servers"] == [{"url": "http://testserver", "description": "this tracker"}]
