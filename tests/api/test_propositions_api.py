"""The API side of propositions, stances and pasted text with its source address."""

from __future__ import annotations

import pytest

from claims.models import Proposition, ReviewEvent, Stance
from sources.models import Article, IngestJob
from tests.apiclient import api
from tests.factories import PropositionFactory, StanceFactory, StatementFactory

pytestmark = pytest.mark.django_db
TOLL = {
    "title": "The city should scrap the harbour bridge toll",
    "kind": "proposal",
    "keywords": ["bridge toll"],
    "aliases": ["the toll"],
    "entities": ["Harbour Authority"],
}


def test_editors_create_propositions_with_phrases_and_see_the_resuggestion(
    editor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api(editor).post("/api/v1/propositions/", TOLL, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["aliases"], body["entities"], body["keywords"]) == (
        ["the toll"],
        ["Harbour Authority"],
        ["bridge toll"],
    )
    assert body["resuggestion"]["state"] == "queued" and body["resuggestion"]["reason"] == "created"
    detail = api(editor).get(response["Location"]).json()
    assert detail["resuggestion"]["state"] == "done"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"title": "the CITY should scrap  the harbour bridge toll"},
            "title",
            "A proposition already asks this",
        ),
        ({"keywords": ["a" * 10_000]}, "keywords", "A phrase is at most 200 characters"),
        (
            {"title": "Is it so?", "keywords": [], "aliases": [], "entities": []},
            "keywords",
            "no distinctive words",
        ),
        ({"aliases": "the toll"}, "aliases", "Expected a list"),
        ({"entities": ["x\x00"]}, "entities", "Null characters are not allowed."),
    ],
)
def test_bad_propositions_are_400_naming_the_field(editor, changes, field, message):
    PropositionFactory(title=TOLL["title"])
    response = api(editor).post("/api/v1/propositions/", {**TOLL, **changes}, format="json")
    assert response.status_code == 400
    assert message in str(response.json()["fields"][field])
    assert Proposition.objects.count() == 1


def test_archiving_and_editing_through_patch(editor):
    proposition = PropositionFactory(title="Bridge tolls should go", kind="proposal")
    client, url = api(editor), f"/api/v1/propositions/{proposition.slug}/"
    assert client.patch(url, {"is_active": False}, format="json").json()["is_active"] is False
    refused = client.patch(url, {"description": "New"}, format="json")
    assert refused.status_code == 400 and "unarchive it" in refused.json()["fields"]["non_field_errors"][0]
    both = client.patch(url, {"is_active": True, "description": "New"}, format="json")
    assert both.status_code == 200 and both.json()["description"] == "New" and both.json()["is_active"]
    moved = client.patch(url, {"slug": "elsewhere"}, format="json")
    assert moved.status_code == 400 and "cannot be changed" in moved.json()["fields"]["slug"][0]
    assert client.delete(url).status_code == 405


def test_embedded_stances_carry_confidence_evidence_and_reason(editor):
    stance = StanceFactory(
        polarity="opposes",
        confidence=0.73,
        evidence=[{"start": 4, "end": 12, "text": "minister", "role": "topic"}],
        reason="calls it 'a mistake'",
    )
    body = api(editor).get(f"/api/v1/statements/{stance.statement_id}/").json()
    assert body["stances"] == [
        {
            "proposition": stance.proposition.slug,
            "polarity": "opposes",
            "origin": "extractor",
            "confidence": 0.73,
            "is_confirmed": False,
            "evidence": [{"start": 4, "end": 12, "text": "minister", "role": "topic"}],
            "reason": "calls it 'a mistake'",
        }
    ]


def test_the_schema_documents_the_stance_fields_and_the_stance_action(analyst):
    schema = api(analyst).get("/api/schema/?format=json").json()
    stance = schema["components"]["schemas"]["Stance"]["properties"]
    assert {"confidence", "evidence", "reason"} <= set(stance)
    assert stance["evidence"]["items"]["$ref"] == "#/components/schemas/Evidence"
    assert "/api/v1/statements/{id}/stance/" in schema["paths"]
    assert "resuggestion" in schema["components"]["schemas"]["Proposition"]["properties"]


def test_the_stance_action_accepts_flips_and_drops_at_a_version(editor):
    stance = StanceFactory(polarity="supports")
    client, url = api(editor), f"/api/v1/statements/{stance.statement_id}/stance/"
    slug = stance.proposition.slug
    flipped = client.post(url, {"version": 1, "proposition": slug, "action": "flip"}, format="json")
    assert flipped.status_code == 200 and flipped.json()["stances"][0]["polarity"] == "opposes"
    stale = client.post(url, {"version": 1, "proposition": slug, "action": "drop"}, format="json")
    assert stale.status_code == 409 and stale.json()["current"]["version"] == 2
    unknown = client.post(url, {"version": 2, "proposition": "nope", "action": "drop"}, format="json")
    assert unknown.status_code == 400 and "proposition" in unknown.json()["fields"]
    dropped = client.post(url, {"version": 2, "proposition": slug, "action": "drop"}, format="json")
    assert dropped.status_code == 200 and dropped.json()["stances"] == []
    assert ReviewEvent.objects.filter(action="stance").count() == 2 and not Stance.objects.exists()


def test_analysts_cannot_decide_stances(analyst):
    stance = StanceFactory()
    response = api(analyst).post(
        f"/api/v1/statements/{stance.statement_id}/stance/",
        {"version": 1, "proposition": stance.proposition.slug, "action": "accept"},
        format="json",
    )
    assert response.status_code == 403


def test_bulk_approval_answers_how_many_stances_it_confirmed(editor):
    statement = StatementFactory()
    StanceFactory(statement=statement)
    StanceFactory(statement=statement)
    response = api(editor).post(
        "/api/v1/statements/bulk/",
        {"action": "approve", "statements": [{"id": statement.pk, "version": 1}]},
        format="json",
    )
    assert response.json()["stances_confirmed"] == 2


# --- pasted text with its source address ------------------------------------------------------------

TEXT = "The harbour master said on Monday that the bridge toll would be scrapped next year, a move traders welcomed."


def test_pasted_text_keeps_its_address_without_fetching_it(editor, django_capture_on_commit_callbacks):
    # A private address the fetcher would refuse: storing it proves it was never fetched.
    url = "http://127.0.0.1:9/news/toll.html"
    with django_capture_on_commit_callbacks(execute=True):
        response = api(editor).post(
            "/api/v1/ingest/", {"text": TEXT, "url": url, "title": "Toll"}, format="json"
        )
    assert response.status_code == 202
    job = IngestJob.objects.get()
    assert job.state == "done" and job.kind == "text" and job.url == url
    assert Article.objects.get().url == url


def test_the_same_address_pasted_again_is_the_same_article(editor, django_capture_on_commit_callbacks):
    url = "https://news.example.org/toll"
    for text in (TEXT, TEXT + " Drivers were less pleased about the rest of the plan."):
        with django_capture_on_commit_callbacks(execute=True):
            api(editor).post("/api/v1/ingest/", {"text": text, "url": url}, format="json")
    first, second = IngestJob.objects.order_by("id")
    assert first.article_id == second.article_id and "same address" in second.note
    assert Article.objects.count() == 1


@pytest.mark.parametrize(
    "url", ["ftp://e.org/x", "javascript:alert(1)", "not a url", "https://" + "a" * 2100]
)
def test_a_bad_source_address_with_text_is_400_naming_the_url(editor, url):
    response = api(editor).post("/api/v1/ingest/", {"text": TEXT, "url": url}, format="json")
    assert response.status_code == 400 and "url" in response.json()["fields"]
    assert not IngestJob.objects.exists()
