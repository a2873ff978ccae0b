"""Bodies no client should send answer the API's JSON error body (400/413), never HTML or a 500."""

from __future__ import annotations

import json

import pytest

from claims.models import Proposition
from sources.models import IngestJob
from tests.apiclient import api

pytestmark = pytest.mark.django_db

WRITES = ["/api/v1/ingest/", "/api/v1/propositions/"]


def post(user, url: str, body: bytes | str, content_type: str = "application/json"):
    return api(user).generic("POST", url, body, content_type=content_type)


def assert_error_body(response, status: int) -> dict:
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == status
    return body


@pytest.mark.parametrize("url", WRITES)
def test_json_nested_five_thousand_levels_deep_is_a_400_saying_so(editor, url):
    body = assert_error_body(post(editor, url, "[" * 5000 + "]" * 5000), 400)
    assert "nested" in body["detail"]
    assert not IngestJob.objects.exists() and not Proposition.objects.exists()


@pytest.mark.parametrize("url", WRITES)
@pytest.mark.parametrize("megabytes", [10, 30])
def test_an_oversized_json_body_is_a_413_naming_the_limit(editor, settings, url, megabytes):
    text = json.dumps({"text": "x" * (megabytes * 1024 * 1024), "title": "t"})
    body = assert_error_body(post(editor, url, text), 413)
    assert body["code"] == "too_large"
    assert f"{settings.DATA_UPLOAD_MAX_MEMORY_SIZE:,}" in body["detail"]
    assert not IngestJob.objects.exists() and not Proposition.objects.exists()


def test_an_oversized_form_body_is_a_415_the_api_takes_json_only(editor):
    form = "text=" + "x" * (11 * 1024 * 1024)
    assert_error_body(post(editor, "/api/v1/ingest/", form, "application/x-www-form-urlencoded"), 415)


def test_a_form_with_too_many_fields_is_a_415_too(editor, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    form = "&".join(f"f{i}=x" for i in range(50))
    body = assert_error_body(post(editor, "/api/v1/ingest/", form, "application/x-www-form-urlencoded"), 415)
    assert body["code"] == "unsupported_media_type"
