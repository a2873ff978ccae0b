"""Queries compiled once and run again with other values (common.queries.CompiledQuery): the same rows
the ORM gives, and a token's user and roles read afresh on every request."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Stance
from claims.serializers import STANCE_VALUES, _stances_of, stances_of
from common.queries import AnyOf, CompiledQuery
from tests.apiclient import api
from tests.factories import StanceFactory, StatementFactory

pytestmark = pytest.mark.django_db

# The page queries compile `AnyOf` to one array parameter, which only PostgreSQL takes: elsewhere
# (SQLite) their callers run the ORM's query instead (claims.serializers.stances_of), so these tests of
# a list stand-in are PostgreSQL's.
array_parameter = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a list stand-in is one array parameter on PostgreSQL only"
)


@array_parameter
def test_a_compiled_query_gives_the_rows_the_orm_gives_for_each_value():
    statements = [StatementFactory() for _ in range(3)]
    StanceFactory(statement=statements[0], evidence=[{"start": 1, "end": 4, "text": "tax", "role": "topic"}])
    StanceFactory(statement=statements[0])
    StanceFactory(statement=statements[2], confidence=0.25)
    compiled = CompiledQuery(_stances_of, statement_ids=[-1, -2, -3])
    for ids in ([statements[0].pk], [s.pk for s in statements], [10**9]):
        with CaptureQueriesContext(connection) as captured:
            rows = compiled.rows(statement_ids=ids)
        assert rows == list(_stances_of(statement_ids=ids)) and len(captured) == 1
    assert compiled.rows(statement_ids=[statements[0].pk])[0]["evidence"][0]["text"] == "tax"  # JSON read
    listed = stances_of([s.pk for s in statements])
    assert [len(listed[s.pk]) for s in statements] == [2, 0, 1] and listed[statements[2].pk][0][
        "confidence"
    ] == 0.25


@array_parameter
def test_a_stand_in_must_be_one_of_the_parameters_exactly_once():
    def same_twice(*, ids):
        return Stance.objects.filter(AnyOf("statement_id", ids) | AnyOf("id", ids)).values(*STANCE_VALUES)

    with pytest.raises(ImproperlyConfigured):
        CompiledQuery(same_twice, ids=[-1]).rows(ids=[1])
    with pytest.raises(ImproperlyConfigured):  # not a .values() query: no dicts to give
        CompiledQuery(lambda *, ids: Stance.objects.filter(AnyOf("id", ids)), ids=[-1]).rows(ids=[1])
    with pytest.raises(TypeError):
        CompiledQuery(_stances_of, statement_ids=[-1]).rows(ids=[1])


def test_a_tokens_roles_are_read_on_every_request(analyst, editor):
    client = api(analyst)
    assert client.get("/api/v1/statements/").status_code == 200
    analyst.groups.remove(Group.objects.get(name="analyst"))
    assert client.get("/api/v1/statements/").status_code == 403
    pending = StatementFactory(status="pending")
    as_editor = api(editor).get("/api/v1/statements/").json()["results"]
    assert [s["id"] for s in as_editor] == [pending.pk]  # an editor sees pending statements
    editor.is_active = False
    editor.save()
    refused = api(editor).get("/api/v1/statements/")
    assert refused.status_code == 401 and refused.json()["detail"] == "User inactive or deleted."
    assert api().get("/api/v1/statements/", HTTP_AUTHORIZATION="Token nope").status_code == 401


@array_parameter
def test_a_stand_in_that_repeats_is_allowed_when_asked_for_and_fills_every_place():
    statements = [StatementFactory() for _ in range(3)]
    StanceFactory(statement=statements[1])

    def same_twice(*, ids):
        return Stance.objects.filter(AnyOf("statement_id", ids) | AnyOf("id", ids)).values(*STANCE_VALUES)

    compiled = CompiledQuery(same_twice, repeats=True, ids=[-1])
    ids = [statements[1].pk, 10**9]
    assert compiled.rows(ids=ids) == list(same_twice(ids=ids))
    assert compiled.rows(ids=[10**9]) == []


@array_parameter
def test_a_rewrite_runs_instead_of_the_compiled_sql_and_must_keep_its_placeholders():
    statements = [StatementFactory() for _ in range(2)]
    StanceFactory(statement=statements[1])
    rewritten = CompiledQuery(_stances_of, rewrite=lambda sql: "/* rewritten */ " + sql, statement_ids=[-1])
    with CaptureQueriesContext(connection) as captured:
        rows = rewritten.rows(statement_ids=[s.pk for s in statements])
    assert rows == list(_stances_of(statement_ids=[s.pk for s in statements]))
    assert captured[0]["sql"].startswith("/* rewritten */ SELECT ")
    dropped = CompiledQuery(_stances_of, rewrite=lambda sql: sql.split(" WHERE ")[0], statement_ids=[-1])
    with pytest.raises(ImproperlyConfigured):
        dropped.rows(statement_ids=[1])
