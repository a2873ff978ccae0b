"""The statement list's versioned cache: a repeated list costs no list query, every kind of write that
changes a list is seen by the next read, ETags answer 304, and each role's list stays its own."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from actors.services import update_actor
from claims import services
from claims.listing import STATEMENTS
from claims.models import Statement
from common import listcache
from sources.services.articles import update_outlet
from tests.apiclient import api
from tests.factories import (
    ActorFactory,
    ArticleFactory,
    OutletFactory,
    PropositionFactory,
    StanceFactory,
    StatementFactory,
)

# Committed transactions, as in production: a transaction's writes bump the lists' version at commit.
pytestmark = pytest.mark.django_db(transaction=True)

LIST = "/api/v1/statements/"
LIST_TABLES = ("claims_statement", "claims_stance", "actors_actor", "sources_article", "sources_outlet")


@pytest.fixture
def record():
    outlet = OutletFactory(name="Harbour Herald")
    speaker = ActorFactory(name="Ana Lyst", slug="ana-lyst")
    proposition = PropositionFactory(slug="bridge-toll", kind="proposal")
    article = ArticleFactory(url="https://news.example.org/a", outlet=outlet, title="Toll row")
    approved = StatementFactory(
        article=article,
        speaker=speaker,
        status="approved",
        said_on=date(2026, 3, 1),
        date_precision="day",
        text="the toll must go",
    )
    StanceFactory(statement=approved, proposition=proposition, polarity="opposes", is_confirmed=True)
    pending = StatementFactory(article=article, speaker=speaker, status="pending", text="a pending remark")
    return speaker, proposition, article, approved, pending


def _results(user, url=LIST) -> list[dict]:
    response = api(user).get(url)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def _list_queries(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if any(t in q["sql"] for t in LIST_TABLES)]


def test_a_repeated_list_is_served_without_reading_the_record(record, analyst):
    client = api(analyst)
    first = client.get(LIST)
    with CaptureQueriesContext(connection) as captured:
        again = client.get(LIST)
    assert again.content == first.content
    assert _list_queries(captured) == []
    # what is left is authentication: the token with its user and roles, and the address's failed logins
    assert len(captured.captured_queries) == 2


def test_matching_etag_answers_304_and_a_changed_list_a_new_etag(record, analyst, editor):
    _, _, _, _, pending = record
    client = api(analyst)
    first = client.get(LIST)
    etag = first["ETag"]
    assert etag.startswith('"') and first["Cache-Control"] == "private, no-cache"
    unchanged = client.get(LIST, HTTP_IF_NONE_MATCH=etag)
    assert unchanged.status_code == 304 and unchanged.content == b"" and unchanged["ETag"] == etag
    assert client.get(LIST, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200
    services.approve_statement(statement_id=pending.pk, user=editor, version=pending.version)
    changed = client.get(LIST, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag
    assert pending.pk in [s["id"] for s in changed.json()["results"]]


def test_analysts_and_editors_each_get_their_own_list_of_one_address(record, analyst, editor):
    _, _, _, approved, pending = record
    assert [s["id"] for s in _results(analyst)] == [approved.pk]
    assert {s["id"] for s in _results(editor)} == {approved.pk, pending.pk}
    assert [s["id"] for s in _results(analyst)] == [approved.pk]  # not the editor's cached page


def test_approve_reject_and_undo_show_in_the_next_list(record, analyst, editor):
    _, _, _, approved, pending = record
    assert [s["id"] for s in _results(analyst)] == [approved.pk]
    decided = api(editor).post(f"{LIST}{pending.pk}/approve/", {"version": pending.version}, format="json")
    assert decided.status_code == 200
    assert {s["id"] for s in _results(analyst)} == {approved.pk, pending.pk}
    rejected = api(editor).post(
        f"{LIST}{approved.pk}/reject/", {"version": approved.version, "reason": "misquote"}, format="json"
    )
    assert rejected.status_code == 200
    assert [s["id"] for s in _results(analyst)] == [pending.pk]
    assert api(editor).post(f"{LIST}undo/").status_code == 200  # the rejection is undone
    assert {s["id"] for s in _results(analyst)} == {approved.pk, pending.pk}


def test_an_edit_and_a_bulk_decision_show_in_the_next_list(record, analyst, editor):
    _, _, _, approved, pending = record
    assert _results(analyst)[0]["text"] == "the toll must go"
    approved.refresh_from_db()
    edited = api(editor).patch(
        f"{LIST}{approved.pk}/", {"version": approved.version, "text": "the toll must end"}, format="json"
    )
    assert edited.status_code == 200
    assert _results(analyst)[0]["text"] == "the toll must end"
    bulk = api(editor).post(
        f"{LIST}bulk/",
        {"action": "approve", "statements": [{"id": pending.pk, "version": pending.version}]},
        format="json",
    )
    assert bulk.json()["done"] == [pending.pk]
    assert {s["id"] for s in _results(analyst)} == {approved.pk, pending.pk}


def test_a_stance_decision_shows_in_the_next_list_and_in_the_proposition_filter(record, analyst, editor):
    _, proposition, _, approved, _ = record
    url = f"{LIST}?proposition={proposition.slug}"
    assert [s["stances"][0]["polarity"] for s in _results(analyst, url)] == ["opposes"]
    approved.refresh_from_db()
    flipped = api(editor).post(
        f"{LIST}{approved.pk}/stance/",
        {"version": approved.version, "proposition": proposition.slug, "action": "flip"},
        format="json",
    )
    assert flipped.status_code == 200
    assert [s["stances"][0]["polarity"] for s in _results(analyst, url)] == ["supports"]
    approved.refresh_from_db()
    dropped = api(editor).post(
        f"{LIST}{approved.pk}/stance/",
        {"version": approved.version, "proposition": proposition.slug, "action": "drop"},
        format="json",
    )
    assert dropped.status_code == 200
    assert _results(analyst, url) == []


def test_renaming_or_merging_the_speaker_shows_in_the_next_list(record, analyst, admin_user):
    speaker, _, _, _, _ = record
    assert _results(analyst)[0]["speaker"]["name"] == "Ana Lyst"
    update_actor(actor=speaker, data={"name": "Ana Lyst-Berg"})
    assert _results(analyst)[0]["speaker"]["name"] == "Ana Lyst-Berg"
    other = ActorFactory(name="Bo Reed", slug="bo-reed")
    assert _results(analyst, f"{LIST}?speaker=bo-reed") == []
    services.merge_actor(source_id=speaker.pk, target_id=other.pk, user=admin_user)
    assert [s["speaker"]["slug"] for s in _results(analyst, f"{LIST}?speaker=bo-reed")] == ["bo-reed"]


def test_renaming_the_outlet_shows_in_the_next_list(record, analyst):
    _, _, article, _, _ = record
    assert _results(analyst)[0]["article"]["outlet"] == "Harbour Herald"
    update_outlet(outlet=article.outlet, data={"name": "Harbour Gazette"})
    assert _results(analyst)[0]["article"]["outlet"] == "Harbour Gazette"


def test_candidates_stored_by_extraction_show_in_the_next_list(record, editor):
    _, _, article, approved, pending = record
    assert len(_results(editor)) == 2
    fresh = ArticleFactory(url="https://news.example.org/b")
    Statement.objects.bulk_create(  # as the extraction stores an article's candidates: one insert
        [Statement(article=fresh, text=f"remark {i}", kind="direct", start=0, end=9) for i in range(3)]
    )
    assert len(_results(editor)) == 5


def test_claiming_a_statement_in_the_review_queue_keeps_the_cached_list(record, editor):
    _, _, _, _, pending = record
    client = api(editor)
    client.get(LIST)
    assert services.claim(statement_id=pending.pk, user=editor)
    with CaptureQueriesContext(connection) as captured:
        client.get(LIST)
    assert _list_queries(captured) == []  # the claim is not in the list's JSON


def test_a_transaction_bumps_the_version_once_at_commit(record):
    _, _, _, approved, _ = record
    before = listcache.version(STATEMENTS)
    with transaction.atomic():
        Statement.objects.filter(pk=approved.pk).update(text="changed once")
        Statement.objects.filter(pk=approved.pk).update(text="changed twice")
        assert listcache.version(STATEMENTS) == before  # readers elsewhere still see the committed rows
    assert listcache.version(STATEMENTS) == before + 1


def test_a_transaction_reads_its_own_writes_and_a_rollback_leaves_no_stale_list(record, analyst):
    assert _results(analyst)[0]["text"] == "the toll must go"
    with pytest.raises(RuntimeError), transaction.atomic():
        Statement.objects.update(text="never stored")
        assert _results(analyst)[0]["text"] == "never stored"  # the writer sees its own write
        raise RuntimeError
    assert _results(analyst)[0]["text"] == "the toll must go"
    with transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic():  # a savepoint rolled back
            Statement.objects.update(text="never stored")
            raise RuntimeError
        assert _results(analyst)[0]["text"] == "the toll must go"


def test_bad_filters_are_still_400_and_not_cached(record, analyst):
    client = api(analyst)
    for _ in range(2):
        response = client.get(f"{LIST}?said_after=yesterday")
        assert response.status_code == 400 and "said_after" in response.json()["fields"]


@pytest.mark.parametrize(
    ("sql", "scopes"),
    [
        ('INSERT INTO "claims_statement" ("text") VALUES (%s)', {STATEMENTS}),
        ('UPDATE "claims_stance" SET "polarity" = %s WHERE "claims_stance"."id" = %s', {STATEMENTS}),
        ('DELETE FROM "sources_outlet" WHERE "sources_outlet"."id" IN (%s)', {STATEMENTS}),
        ('UPDATE "claims_statement" SET "claimed_by_id" = %s, "claimed_until" = %s WHERE "id" = %s', set()),
        (
            'UPDATE "claims_statement" SET "claimed_by_id" = %s, "version" = ("claims_statement"."version" + %s)'
            ' WHERE "id" = %s',
            {STATEMENTS},
        ),
        ('UPDATE "auth_user" SET "last_login" = %s WHERE "auth_user"."id" = %s', set()),
        ('UPDATE "auth_user" SET "username" = %s WHERE "auth_user"."id" = %s', {STATEMENTS}),
        ('INSERT INTO "claims_statementword" ("word") VALUES (%s)', set()),
        ('SELECT "claims_statement"."id" FROM "claims_statement"', set()),
    ],
)
def test_which_writes_change_the_statement_lists(sql, scopes):
    assert listcache.scopes_written(sql) == scopes


def test_a_write_under_manual_transaction_management_still_bumps(record):
    before = listcache.version(STATEMENTS)
    transaction.set_autocommit(False)
    try:
        Statement.objects.update(text="by hand")
        transaction.commit()
    finally:
        transaction.set_autocommit(True)
    assert listcache.version(STATEMENTS) > before
