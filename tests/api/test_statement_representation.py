"""The statement list's JSON is written directly (the API's busiest answer); it must stay exactly what
the serializer's declared fields (the schema) give."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest

from claims.api import StatementViewSet
from claims.models import Statement
from claims.selectors import with_review_context
from tests.apiclient import api
from tests.factories import ActorFactory, ArticleFactory, PropositionFactory, StanceFactory, StatementFactory

pytestmark = pytest.mark.django_db


def test_the_direct_representation_is_the_declared_one(editor):
    bare = ArticleFactory(title="", outlet=None, published_at=None, text="Untitled words. More text.")
    StatementFactory(article=bare, speaker=None, speaker_mention="a source", said_on=None)
    relayed = StatementFactory(
        via=ActorFactory(name="Wire Agency", kind="organization", is_confirmed=True),
        said_on=date(2026, 3, 1),
        date_precision="day",
        status="approved",
        reviewed_by=editor,
        reviewed_at=datetime(2026, 3, 2, 9, 30, tzinfo=UTC),
        confidence=0.25,
    )
    StanceFactory(
        statement=relayed,
        proposition=PropositionFactory(kind="proposal"),
        polarity="opposes",
        confidence=0.5,
        evidence=[{"start": 3, "end": 9, "text": "reject", "role": "polarity", "extra": "not shown"}],
        reason="rejects it",
    )
    StanceFactory(statement=relayed, is_confirmed=True)
    statements = list(with_review_context(Statement.objects.order_by("-id")))
    serializer = StatementViewSet.serializer_class()
    for statement in statements:
        assert serializer.to_representation(statement) == serializer.generic_representation(statement)
    listed = api(editor).get("/api/v1/statements/").json()["results"]
    assert listed == [serializer.generic_representation(s) for s in statements]


def test_a_list_page_reads_no_article_text_but_still_titles_untitled_articles(editor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sources.text import headline_from_text

    opening = "Harbour dues rise again. The board met on Monday to set them for the winter months ahead."
    texts = [f"\n\n{opening} {'More words. ' * 500}{i}" for i in range(3)]
    for text in texts:
        StatementFactory(article=ArticleFactory(title="", text=text))
    StatementFactory(article=ArticleFactory(title="Toll row", text="Body text " * 500))
    with CaptureQueriesContext(connection) as captured:
        listed = api(editor).get("/api/v1/statements/").json()["results"]
    assert [s["article"]["title"] for s in listed] == ["Toll row"] + [
        headline_from_text(t) for t in texts[::-1]
    ]
    assert listed[1]["article"]["title"].startswith("Harbour dues rise again. The board met")
    statement_query = next(
        q["sql"] for q in captured.captured_queries if 'FROM "claims_statement"' in q["sql"]
    )
    columns = re.sub(r'SUBSTR(?:ING)?\(\s*"sources_article"\."text"', "", statement_query.split(" FROM ")[0])
    assert '"sources_article"."text"' not in columns  # only the opening of untitled ones
    assert len(captured.captured_queries) <= 6  # auth (3), the page, its stances: no query per article


def test_a_list_page_reads_its_stances_in_one_query_however_many_statements(editor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def listed_queries() -> tuple[int, list]:
        with CaptureQueriesContext(connection) as captured:
            results = api(editor).get("/api/v1/statements/").json()["results"]
        return len(captured.captured_queries), results

    zebra, aardvark = (
        PropositionFactory(title="Zebras are striped"),
        PropositionFactory(title="Aardvarks dig"),
    )
    for _ in range(2):
        statement = StatementFactory()
        StanceFactory(statement=statement, proposition=zebra)
        StanceFactory(statement=statement, proposition=aardvark)
    few, results = listed_queries()
    assert [s["proposition"] for s in results[0]["stances"]] == [aardvark.slug, zebra.slug]  # by title
    for _ in range(20):
        StanceFactory(statement=StatementFactory(), proposition=zebra)
    many, results = listed_queries()
    assert many == few and len(results) == 22
    assert all(len(s["stances"]) == 1 for s in results[:20])


@pytest.mark.parametrize("zone", ["UTC", "Asia/Tokyo", "America/St_Johns"])
def test_datetimes_are_written_as_drf_writes_them_in_the_current_time_zone(zone):
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    from claims.serializers import _DATETIME, _datetime

    values = [
        datetime(2026, 3, 2, 9, 30, tzinfo=UTC),
        datetime(2026, 7, 1, 23, 59, 59, 123456, tzinfo=ZoneInfo("Europe/Berlin")),
    ]
    with timezone.override(zone):
        for value in values:
            assert _datetime(value) == _DATETIME.to_representation(value)
    assert _datetime(None) is None
