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
