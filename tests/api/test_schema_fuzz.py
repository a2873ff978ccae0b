"""Schema-driven fuzzing: schemathesis loads the OpenAPI schema from the running app's own
`/api/schema/` (so the fuzzed schema is the one clients get) and sends generated requests to every
operation, as an editor and as an administrator, with all of schemathesis' checks: no server error,
only documented status codes, content types and headers, and every answer matching its documented
schema. Ingestion is fuzzed too, with host name resolution failing (no request leaves the machine)."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from sources import fetching
from tests.factories import ActorFactory, OutletFactory, PropositionFactory, StanceFactory, StatementFactory

APP = get_wsgi_application()
# Every check but two that judge the data rather than the contract: positive_data_acceptance wants
# every schema-valid request to succeed (no rule beyond the schema: nothing to undo, an archived
# proposition, an actor already known by that name), negative_data_rejection wants each request the
# schema does not describe refused, where DRF reads `0` as false and "2" as 2 on purpose.
NOT_CONTRACT = [positive_data_acceptance, negative_data_rejection]
# derandomize: CI runs the same examples every time (a red build always means a real regression)
FUZZ = settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)

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
def no_network(monkeypatch):
    """Every host name fails to resolve: URLs given to ingest or feeds are refused, never fetched."""

    def unresolvable(host, port):
        raise fetching.FetchError(f"could not resolve host {host} (no network in this test)")

    monkeypatch.setattr(fetching, "_resolve", unresolvable)


@pytest.fixture
def record(keep_test_connection, no_network):
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


@schema.parametrize()
@FUZZ
def test_every_operation_holds_its_contract_for_an_editor(case, editor_token):
    case.call_and_validate(headers={"Authorization": f"Token {editor_token}"}, excluded_checks=NOT_CONTRACT)


@schema.parametrize()
@FUZZ
def test_every_operation_holds_its_contract_for_an_administrator(case, admin_token):
    case.call_and_validate(headers={"Authorization": f"Token {admin_token}"}, excluded_checks=NOT_CONTRACT)
