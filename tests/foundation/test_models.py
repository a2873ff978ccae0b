"""The data model's invariants hold in the database itself, not only in forms."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from actors.models import Alias
from claims.models import ReviewEvent, Statement
from sources.models import Article, IngestJob
from tests.factories import (
    ActorFactory,
    AliasFactory,
    ArticleFactory,
    PropositionFactory,
    StanceFactory,
    StatementFactory,
)

pytestmark = pytest.mark.django_db


def test_slugs_come_from_names():
    assert ActorFactory(name="Oana Lungescu").slug == "oana-lungescu"
    assert PropositionFactory(title="Tariffs raise prices").slug == "tariffs-raise-prices"


def test_actor_slug_is_unique():
    ActorFactory(name="Jane Roe")
    with pytest.raises(IntegrityError), transaction.atomic():
        ActorFactory(name="Jane  Roe", slug="jane-roe")


def test_one_alias_text_per_actor_after_normalisation():
    actor = ActorFactory()
    AliasFactory(actor=actor, text="The Ministry")
    with pytest.raises(IntegrityError), transaction.atomic():
        AliasFactory(actor=actor, text="ministry")
    # The same alias on another actor is allowed: ambiguity is resolved by the extractor.
    AliasFactory(actor=ActorFactory(), text="The Ministry")
    assert Alias.objects.filter(normalized="ministry").count() == 2


def test_article_content_hash_and_urls_are_unique():
    first = ArticleFactory(url="https://news.example/a", canonical_url="https://news.example/a")
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(text=first.text)
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(url="https://news.example/a")
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleFactory(canonical_url="https://news.example/a")
    # Articles without a URL (pasted text, files) do not collide with each other.
    ArticleFactory(url="")
    ArticleFactory(url="")
    assert Article.objects.filter(url="").count() == 2


@pytest.mark.parametrize(
    "field,value",
    [("status", "maybe"), ("kind", "rumour"), ("date_precision", "week")],
)
def test_statement_choices_are_enforced_by_the_database(field, value):
    statement = StatementFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Statement.objects.filter(pk=statement.pk).update(**{field: value})


def test_statement_offsets_version_and_confidence_are_checked():
    statement = StatementFactory(start=10, end=20)
    for values in ({"end": 5}, {"version": 0}, {"confidence": 1.5}, {"confidence": -0.1}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Statement.objects.filter(pk=statement.pk).update(**values)
    with pytest.raises(IntegrityError), transaction.atomic():
        Statement.objects.filter(pk=statement.pk).update(start=-1)


def test_statement_status_defaults_to_pending_with_version_one():
    statement = StatementFactory()
    assert (statement.status, statement.version) == ("pending", 1)


def test_stance_polarity_is_checked_and_one_per_statement_and_proposition():
    stance = StanceFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        StanceFactory(statement=stance.statement, proposition=stance.proposition)
    from claims.models import Stance

    with pytest.raises(IntegrityError), transaction.atomic():
        Stance.objects.filter(pk=stance.pk).update(polarity="loves")


def test_review_events_cannot_be_changed_or_deleted(editor):
    statement = StatementFactory()
    event = ReviewEvent.objects.create(
        statement=statement, user=editor, action="approve", after={"status": "approved"}
    )
    event.reason = "rewritten history"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        ReviewEvent.objects.filter(pk=event.pk).update(reason="x")
    with pytest.raises(TypeError):
        ReviewEvent.objects.all().delete()
    assert ReviewEvent.objects.get(pk=event.pk).reason == ""


def test_a_finished_ingest_job_must_point_at_its_article():
    with pytest.raises(IntegrityError), transaction.atomic():
        IngestJob.objects.create(kind="text", text="hello", state="done")
    with pytest.raises(IntegrityError), transaction.atomic():
        IngestJob.objects.create(kind="url", url="", state="queued")
    article = ArticleFactory()
    job = IngestJob.objects.create(kind="text", text="hello", state="done", article=article)
    assert job.article == article


def test_an_actor_cannot_be_affiliated_to_itself():
    actor = ActorFactory()
    from actors.models import Actor

    with pytest.raises(IntegrityError), transaction.atomic():
        Actor.objects.filter(pk=actor.pk).update(affiliation=actor)
