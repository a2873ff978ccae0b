"""An integrator's view of the API: the app runs on a real server, `openapi-python-client` generates a
Python client from the schema that server serves, and a scripted session uses that typed client
only (no hand-written HTTP), as a tool built on the schema would. Generation runs offline, into a
temporary directory, on every run."""

from __future__ import annotations

import csv
import importlib
import io
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token

from claims.models import Statement
from tests.factories import ActorFactory, PropositionFactory, StanceFactory, StatementFactory

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PACKAGE = "tracker_client"
GENERATOR = Path(sys.executable).with_name("openapi-python-client")
CONFIG = f"package_name_override: {PACKAGE}\nproject_name_override: tracker-client\npost_hooks: []\n"


@pytest.fixture
def record():
    """A speaker with three approved statements (two pages of two), positions on two propositions, and
    three pending statements by someone else to review."""
    cache.clear()  # a fresh throttle
    speaker = ActorFactory(slug="ana-lyst", name="Ana Lyst")
    toll, tax = PropositionFactory(slug="bridge-toll"), PropositionFactory(slug="harbour-tax")
    approved = [StatementFactory(speaker=speaker, status="approved") for _ in range(3)]
    StanceFactory(statement=approved[0], proposition=toll, polarity="opposes", is_confirmed=True)
    StanceFactory(statement=approved[1], proposition=tax, polarity="supports", is_confirmed=True)
    pending = [StatementFactory(speaker=ActorFactory()) for _ in range(3)]
    return {"speaker": speaker, "approved": approved, "pending": pending}


@pytest.fixture
def generated(live_server, editor, tmp_path, monkeypatch):
    """The client package generated from the schema the running server serves, imported."""
    token = Token.objects.get(user=editor).key
    schema = httpx.get(
        f"{live_server.url}/api/schema/?format=json", headers={"Authorization": f"Token {token}"}, timeout=30
    )
    assert schema.status_code == 200
    (tmp_path / "schema.json").write_bytes(schema.content)
    (tmp_path / "config.yaml").write_text(CONFIG)
    result = subprocess.run(
        [GENERATOR, "generate", "--path", "schema.json", "--config", "config.yaml", "--meta", "none"]
        + ["--output-path", PACKAGE],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Warning" not in result.stdout + result.stderr, result.stdout + result.stderr  # nothing skipped
    monkeypatch.syspath_prepend(str(tmp_path))
    yield importlib.import_module(PACKAGE)
    for name in [name for name in sys.modules if name == PACKAGE or name.startswith(f"{PACKAGE}.")]:
        del sys.modules[name]


def _module(package, dotted: str):
    return importlib.import_module(f"{package.__name__}.{dotted}")


def _client(package, live_server, user):
    return package.AuthenticatedClient(
        base_url=live_server.url, token=Token.objects.get(user=user).key, prefix="Token", timeout=60
    )


def _cursor(link: str | None) -> str | None:
    return parse_qs(urlsplit(link).query)["cursor"][0] if link else None


def test_every_operation_of_the_schema_imports_from_the_generated_client(generated, live_server, editor):
    schema = httpx.get(
        f"{live_server.url}/api/schema/?format=json",
        headers={"Authorization": f"Token {Token.objects.get(user=editor).key}"},
    ).json()
    operations = sorted(
        f"api.{operation['tags'][0]}.{operation['operationId']}"
        for path in schema["paths"].values()
        for operation in path.values()
    )
    importable = [name for name in operations if hasattr(_module(generated, name), "sync_detailed")]
    assert importable == operations


def test_an_integration_through_the_typed_client_only(generated, live_server, record, editor, admin_user):
    models = _module(generated, "models")
    client = _client(generated, live_server, editor)
    speaker = record["speaker"].slug

    # statements by speaker, two cursor pages of two
    listing = _module(generated, "api.statements.statements_list")
    first = listing.sync(client=client, speaker=speaker, page_size=2)
    assert isinstance(first, models.PaginatedStatementList) and len(first.results) == 2
    second = listing.sync(client=client, speaker=speaker, page_size=2, cursor=_cursor(first.next_))
    assert len(second.results) == 1 and second.next_ is None
    seen = [s.id for s in first.results + second.results]
    assert sorted(seen) == sorted(s.pk for s in record["approved"])

    # one statement: the nested speaker, and no `via` (null)
    one = _module(generated, "api.statements.statements_retrieve").sync(client=client, id=seen[0])
    assert (one.speaker.slug, one.via) == (speaker, None)

    # an actor's and a proposition's positions, paginated
    by_actor = _module(generated, "api.actors.actors_positions_list")
    page = by_actor.sync(client=client, slug=speaker, page_size=1)
    rest = by_actor.sync(client=client, slug=speaker, page_size=1, cursor=_cursor(page.next_))
    assert sorted(p.proposition for p in page.results + rest.results) == ["bridge-toll", "harbour-tax"]
    assert rest.next_ is None
    on_toll = _module(generated, "api.propositions.propositions_positions_list").sync(
        client=client, slug="bridge-toll"
    )
    assert [(p.actor, p.polarity.value) for p in on_toll.results] == [(speaker, "opposes")]

    # approve; a stale approve answers the typed 409 body with the current values
    approve = _module(generated, "api.statements.statements_approve_create")
    target, other, third = record["pending"]
    approved = approve.sync(client=client, id=target.pk, body=models.VersionRequest(version=1))
    assert approved.status.value == "approved" and approved.version == 2
    stale = approve.sync_detailed(client=client, id=target.pk, body=models.VersionRequest(version=1))
    assert stale.status_code == 409 and isinstance(stale.parsed, models.Conflict)
    assert stale.parsed.current.version == 2
    history = _module(generated, "api.statements.statements_history_list").sync(client=client, id=target.pk)
    assert [event.action.value for event in history.results] == ["approve"]

    # bulk approve, then undo the last decision
    bulk = _module(generated, "api.statements.statements_bulk_create").sync(
        client=client,
        body=models.BulkDecisionRequest(
            action=models.BulkDecisionActionEnum.APPROVE,
            statements=[
                models.BulkItemRequest(id=other.pk, version=1),
                models.BulkItemRequest(id=third.pk, version=1),
            ],
        ),
    )
    assert sorted(bulk.done) == sorted([other.pk, third.pk]) and bulk.stale == []
    undone = _module(generated, "api.statements.statements_undo_create").sync(client=client)
    assert undone.status.value == "pending"
    assert Statement.objects.filter(status="approved", pk__in=[other.pk, third.pk]).count() == 1

    # ingest a text and poll its job until it is done
    ingest = _module(generated, "api.ingest.ingest_create").sync_detailed(
        client=client,
        body=models.IngestRequestRequest(
            text="The minister said on Monday that the harbour bridge toll would be scrapped next year.",
            title="Toll",
        ),
    )
    assert ingest.status_code == 202 and ingest.headers["Location"] == f"/api/v1/jobs/{ingest.parsed.id}/"
    poll, deadline = _module(generated, "api.jobs.jobs_retrieve"), time.monotonic() + 60
    job = poll.sync(client=client, id=ingest.parsed.id)
    while job.state.value in ("queued", "running") and time.monotonic() < deadline:
        time.sleep(0.2)
        job = poll.sync(client=client, id=job.id)
    assert (job.state.value, job.url, job.stage) == ("done", None, None)
    assert isinstance(job.article, int)

    # an administrator creates a proposition and reads back exactly what was sent
    admin = _client(generated, live_server, admin_user)
    sent = models.PropositionRequest(
        title="The harbour toll should be scrapped",
        kind=models.PropositionKindEnum.PROPOSAL,
        description="Tolls on the harbour bridge",
        keywords=["toll", "harbour bridge"],
        aliases=["the toll plan"],
        entities=["harbour bridge"],
        is_active=True,
    )
    created = _module(generated, "api.propositions.propositions_create").sync_detailed(
        client=admin, body=sent
    )
    assert (
        created.status_code == 201
        and created.headers["Location"] == f"/api/v1/propositions/{created.parsed.slug}/"
    )
    back = _module(generated, "api.propositions.propositions_retrieve").sync(
        client=admin, slug=created.parsed.slug
    )
    assert {key: value for key, value in back.to_dict().items() if key in sent.to_dict()} == sent.to_dict()

    # the CSV of the speaker's statements
    text = _module(generated, "api.statements.statements_csv_retrieve").sync(client=client, speaker=speaker)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert sorted(int(row["id"]) for row in rows) == sorted(seen)
