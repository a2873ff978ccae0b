"""factory_boy factories for the core models."""

from __future__ import annotations

import factory
from django.utils import timezone

from actors.models import Actor, Alias
from claims.models import Proposition, Stance, Statement
from claims.services.positions import refresh_positions
from sources.models import Article, Outlet
from sources.text import content_hash


class OutletFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outlet

    name = factory.Sequence(lambda n: f"Outlet {n}")
    domain = factory.Sequence(lambda n: f"outlet{n}.example")
    kind = Outlet.Kind.NEWSPAPER


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    outlet = factory.SubFactory(OutletFactory)
    title = factory.Sequence(lambda n: f"Headline {n}")
    text = factory.Sequence(lambda n: f"The minister said on Monday that talks would resume. Story {n}.")
    content_hash = factory.LazyAttribute(lambda a: content_hash(a.text))
    published_at = factory.LazyFunction(timezone.now)
    published_source = Article.DateSource.METADATA


class ActorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Actor

    name = factory.Sequence(lambda n: f"Person {n}")
    kind = Actor.Kind.PERSON


class AliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Alias

    actor = factory.SubFactory(ActorFactory)
    text = factory.Sequence(lambda n: f"Alias {n}")


class PropositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposition

    title = factory.Sequence(lambda n: f"Proposition {n} is true")
    kind = Proposition.Kind.CLAIM


class StatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Statement

    article = factory.SubFactory(ArticleFactory)
    speaker = factory.SubFactory(ActorFactory)
    text = "talks would resume"
    kind = Statement.Kind.INDIRECT
    cue = "said"
    start = 22
    end = 40


class StanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stance

    statement = factory.SubFactory(StatementFactory)
    proposition = factory.SubFactory(PropositionFactory)
    polarity = Stance.Polarity.ASSERTS

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        """A stance made here is part of the stored record, as if reviewed: the maintained positions
        include it (review services do this in each decision's transaction)."""
        if create:
            refresh_positions(
                actor_ids=[instance.statement.speaker_id], proposition_ids=[instance.proposition_id]
            )
