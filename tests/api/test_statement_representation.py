"""The statement list's JSON is written directly (the API's busiest answer); it must stay exactly what
the serializer's declared fields (the schema) give."""

from __future__ import annotations

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
