"""Reads of actors shared by the web UI and the API."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from claims.extraction.types import ActorRecord
from common.queries import count_of

from .models import Actor, Alias


def visible_actors(*, user_is_editor: bool, actors: QuerySet[Actor] | None = None) -> QuerySet[Actor]:
    """The actors (of `actors`, default all) a user may see. Editors see all; analysts see the record:
    confirmed actors, and unconfirmed ones an editor approved a statement of (the extractor's guesses
    stay in review)."""
    actors = Actor.objects.all() if actors is None else actors
    if user_is_editor:
        return actors
    from claims.models import Statement

    approved = Statement.objects.filter(speaker=OuterRef("pk"), status=Statement.Status.APPROVED)
    return actors.filter(Q(is_confirmed=True) | Exists(approved))


def actor_list(*, user_is_editor: bool) -> QuerySet[Actor]:
    """Actors by name with affiliation and statement count (approved ones only for analysts), in one query."""
    from claims.models import Statement

    counted = Statement.objects.all() if user_is_editor else Statement.objects.filter(status="approved")
    return (
        visible_actors(user_is_editor=user_is_editor)
        .select_related("affiliation")
        .annotate(statement_count=count_of(counted, outer="speaker"))
        .order_by("name")
    )


def actor_detail(slug: str, *, user_is_editor: bool) -> Actor:
    return (
        visible_actors(user_is_editor=user_is_editor)
        .select_related("affiliation")
        .prefetch_related(
            Prefetch("aliases", queryset=Alias.objects.order_by("text")),
            Prefetch("members", queryset=visible_actors(user_is_editor=user_is_editor).order_by("name")),
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
