"""The statement list's page query compiled once per shape (claims.compiled_lists) answers exactly what
the query built for each request answers: the same bytes, for every shape it takes, and the same
queries; the shapes it does not take go the ordinary way."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

import claims.compiled_lists as compiled_lists
from tests.apiclient import api
from tests.factories import (
    ActorFactory,
    ArticleFactory,
    OutletFactory,
    PropositionFactory,
    StanceFactory,
    StatementFactory,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="compiled for PostgreSQL only"),
]


@pytest.fixture
def record():
    ann = ActorFactory(slug="ann", is_confirmed=True)
    bob = ActorFactory(slug="bob", is_confirmed=True)
    wire = ActorFactory(slug="wire", kind="organization", is_confirmed=True)
    outlet = OutletFactory()
    article = ArticleFactory(outlet=outlet)
    proposition, other = PropositionFactory(slug="moratorium"), PropositionFactory(slug="treaty")
    for i in range(14):
        statement = StatementFactory(
            speaker=(ann, bob)[i % 2],
            via=wire if i % 3 == 0 else None,
            article=article if i % 4 == 0 else ArticleFactory(),
            said_on=date(2026, 1, 1 + i) if i % 5 else None,
            date_precision="day" if i % 5 else "unknown",
            kind=("direct", "indirect")[i % 2],
            status=("approved", "approved", "pending")[i % 3],
        )
        if i % 2 == 0 or i % 3 == 0:
            StanceFactory(
                statement=statement,
                proposition=proposition,
                polarity=("supports", "opposes")[i % 4 // 2],
                is_confirmed=i % 5 != 1,
            )
        if i % 3 == 0:
            StanceFactory(statement=statement, proposition=other, polarity="opposes", is_confirmed=True)
    return {"outlet": outlet.pk, "article": article.pk}


def _answers(client, url: str, *, compiled: bool, monkeypatch) -> tuple[int, bytes, int]:
    if not compiled:
        monkeypatch.setattr(compiled_lists, "KNOWN", frozenset())  # every page the ordinary way
    try:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
    finally:
        monkeypatch.undo()
    return response.status_code, response.content, len(queries.captured_queries)


def _both(client, url: str, monkeypatch):
    return _answers(client, url, compiled=True, monkeypatch=monkeypatch), _answers(
        client, url, compiled=False, monkeypatch=monkeypatch
    )


QUERIES = [
    "",
    "speaker=ann",
    "speaker=nobody",
    "speaker=bob&via=wire",
    "outlet={outlet}",
    "article={article}&kind=direct",
    "said_after=2026-01-03&said_before=2026-01-10",
    "kind=indirect&page_size=2",
    "speaker=ann&page_size=3&format=json",
    "status=pending",
    "proposition=moratorium",
    "proposition=moratorium&polarity=supports&page_size=2",
    "polarity=opposes",
    "proposition=nothing-here",
    "proposition=treaty&speaker=ann",
]


@pytest.mark.parametrize("role", ["analyst", "editor"])
def test_every_compiled_shape_answers_what_the_built_query_answers(record, role, request, monkeypatch):
    client = api(request.getfixturevalue(role))
    compiled_lists._shapes.clear()
    for query in QUERIES:
        url = "/api/v1/statements/?" + query.format(**record)
        ours, theirs = _both(client, url, monkeypatch)
        assert ours == theirs, url
        assert ours[0] == 200
        # and the pages after it and back, by their cursors
        page = client.get(url).json()
        for link in itertools.islice((page["next"], page["previous"]), 2):
            if link:
                assert _both(client, link, monkeypatch)[0] == _both(client, link, monkeypatch)[1], link
        if page["next"]:
            second = client.get(page["next"]).json()
            assert second["previous"]
            ours, theirs = _both(client, second["previous"], monkeypatch)
            assert ours == theirs
    shapes = compiled_lists._shapes
    assert shapes and all(query is not None for query in shapes.values())  # all compiled, none fell back
    assert {(after, backwards) for *_, backwards, after, _ in shapes} == {
        (False, False),
        (True, False),
        (True, True),
    }  # first pages, and pages after and before a cursor


def test_a_shape_is_compiled_once_and_serves_other_values(analyst, record, monkeypatch):
    client = api(analyst)
    compiled_lists._shapes.clear()
    built = []
    real = compiled_lists._compiled
    monkeypatch.setattr(compiled_lists, "_compiled", lambda *shape: built.append(shape) or real(*shape))
    first = client.get("/api/v1/statements/?speaker=ann").json()["results"]
    second = client.get("/api/v1/statements/?speaker=bob").json()["results"]
    assert len(built) == 1
    assert {row["speaker"]["slug"] for row in first} == {"ann"}
    assert {row["speaker"]["slug"] for row in second} == {"bob"}


@pytest.mark.parametrize(
    "query",
    [
        "q=words",
        "polarity=sideways",
        "ordering=said_on",
        "unknown=1",
        "outlet=abc",
        "page_size=0",
        "cursor=forged",
    ],
)
def test_other_pages_and_bad_values_answer_as_before(analyst, record, query, monkeypatch):
    client = api(analyst)
    ours, theirs = _both(client, "/api/v1/statements/?" + query, monkeypatch)
    assert ours == theirs


def _page_queries(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in queries.captured_queries if '"sources_article"' in query["sql"]]


STANCES_FIRST = 'FROM (SELECT "claims_statement".* FROM "claims_stance" INNER JOIN "claims_statement"'


@pytest.mark.parametrize(
    "query",
    ["proposition=moratorium", "proposition=moratorium&polarity=supports", "proposition=treaty&speaker=ann"],
)
def test_a_page_by_proposition_is_read_from_its_stances_first(analyst, record, query):
    compiled_lists._shapes.clear()
    (page,) = _page_queries(api(analyst), "/api/v1/statements/?" + query)
    assert STANCES_FIRST in page


@pytest.mark.parametrize(
    "query", ["polarity=opposes", "proposition=moratorium&outlet={outlet}", "speaker=ann"]
)
def test_other_pages_join_as_the_orm_wrote_them(analyst, record, query):
    compiled_lists._shapes.clear()
    (page,) = _page_queries(api(analyst), "/api/v1/statements/?" + query.format(**record))
    assert STANCES_FIRST not in page


def test_a_page_after_a_cursor_reads_the_stances_from_the_cursor_on(analyst, record):
    client = api(analyst)
    compiled_lists._shapes.clear()
    first = client.get("/api/v1/statements/?proposition=moratorium&page_size=2").json()
    (page,) = _page_queries(client, first["next"])
    assert '"claims_stance"."statement_id" < ' in page
