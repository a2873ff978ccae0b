"""Reads of actors shared by the web UI and the API."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet

from claims.extraction.types import ActorRecord

from .models import Actor, Alias


def actor_list() -> QuerySet[Actor]:
    """Actors by name with affiliation and statement count, in one query."""
    return (
        Actor.objects.select_related("affiliation")
        .annotate(statement_count=Count("statements", distinct=True))
        .order_by("name")
    )


def actor_detail(slug: str) -> Actor:
    return (
        Actor.objects.select_related("affiliation")
        .prefetch_related(
            Prefetch("aliases", queryset=Alias.objects.order_by("text")),
            Prefetch("members", queryset=Actor.objects.order_by("name")),
        )
        .get(slug=slug)
    )


def actor_records() -> list[ActorRecord]:
    """Every actor as plain data for the extractor, in two queries (actors, aliases)."""
    actors = Actor.objects.select_related("affiliation").prefetch_related(
        Prefetch("aliases", queryset=Alias.objects.order_by("id"))
    )
    return [
        ActorRecord(
            id=actor.pk,
            slug=actor.slug,
            name=actor.name,
            kind=actor.kind,
            aliases=tuple(alias.text for alias in actor.aliases.all()),
            alias_kinds=tuple(alias.kind for alias in actor.aliases.all()),
            gender=actor.gender,
            role=actor.role,
            affiliation=actor.affiliation.slug if actor.affiliation else None,
        )
        for actor in actors
    ]
