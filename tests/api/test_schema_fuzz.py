"""Schema-driven fuzzing: schemathesis generates requests from our OpenAPI schema and sends them, with an
editor's token, to the app. No request may cause a server error, and documented responses must match
the schema. Ingestion is left out: it would fetch generated URLs from the internet."""

from __future__ import annotations

import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.factories import ActorFactory, PropositionFactory, StanceFactory, StatementFactory

RAW = json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))
schema = schemathesis.openapi.from_dict(RAW).exclude(path_regex=r"^/api/v1/ingest/")
schema.app = get_wsgi_application()

pytestmark = pytest.mark.slow


@pytest.fixture
def keep_test_connection():
    """Like Django's test client: the request must not close the connection that holds the test's
    transaction (the WSGI app would otherwise close it when each request finishes)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def editor_token(editor, keep_test_connection):
    actor = ActorFactory(slug="fuzz-actor")
    statement = StatementFactory(speaker=actor, status="approved")
    StanceFactory(statement=statement, proposition=PropositionFactory(slug="fuzz-prop"), is_confirmed=True)
    return Token.objects.get(user=editor).key


@pytest.mark.django_db
@schema.parametrize()
# derandomize: CI runs the same examples every time (a red build always means a real regression)
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_no_request_causes_a_server_error(case, editor_token):
    case.call_and_validate(
        headers={"Authorization": f"Token {editor_token}"},
        checks=[not_a_server_error, response_schema_conformance],
    )
