"""Schema-driven fuzzing: schemathesis loads the OpenAPI schema from the running app's own
`/api/schema/` (so the fuzzed schema is the one clients get) and sends generated requests to the
app, as an editor and, for the write endpoints administrators own, as an administrator. No request
may cause a server error, and documented responses must match the schema. Ingestion is left out: it
would fetch generated URLs from the internet."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.factories import ActorFactory, OutletFactory, PropositionFactory, StanceFactory, StatementFactory

APP = get_wsgi_application()
CHECKS = [not_a_server_error, response_schema_conformance]
# derandomize: CI runs the same examples every time (a red build always means a real regression)
FUZZ = settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


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
def record(keep_test_connection):
    """Something for the generated slugs and ids to find; a fresh throttle so no run ends in 429s."""
    cache.clear()
    actor = ActorFactory(slug="fuzz-actor")
    statement = StatementFactory(speaker=actor, status="approved")
    StanceFactory(statement=statement, proposition=PropositionFactory(slug="fuzz-prop"), is_confirmed=True)
    OutletFactory()


@pytest.fixture
def editor_token(editor, record):
    return Token.objects.get(user=editor).key


@pytest.fixture
def admin_token(admin_user, record):
    return Token.objects.get(user=admin_user).key


@pytest.fixture
def app_schema(editor_token):
    """The schema as the app serves it, fetched with the editor's token (it is not public)."""
    return schemathesis.openapi.from_wsgi(
        "/api/schema/?format=json", APP, headers={"Authorization": f"Token {editor_token}"}
    )


schema = schemathesis.pytest.from_fixture("app_schema")


@schema.exclude(path_regex=r"^/api/v1/ingest/").parametrize()
@FUZZ
def test_no_request_causes_a_server_error(case, editor_token):
    case.call_and_validate(headers={"Authorization": f"Token {editor_token}"}, checks=CHECKS)


@schema.include(
    path_regex=r"^/api/v1/(actors|propositions|outlets|feeds)/", method=["POST", "PUT", "PATCH", "DELETE"]
).parametrize()
@FUZZ
def test_no_administrator_write_causes_a_server_error(case, admin_token):
    case.call_and_validate(headers={"Authorization": f"Token {admin_token}"}, checks=CHECKS)
