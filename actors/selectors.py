"""Reads of actors shared by the web UI and the API."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import connections, router
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Prefetch, Q, QuerySet

from claims.extraction.types import ActorRecord
from claims.models import Statement
from claims.selectors import visible_statements
from common.params import has_control_character
from common.queries import CompiledQuery, count_of

from .models import Actor, Alias
from .names import normalize_name

_WORD = re.compile(r"\w+")


def actor_by_name(name: str) -> Actor | None:
    """The actor called `name` or known by it as an alias (case, spacing and punctuation aside): the
    one lookup behind every name an editor types, the extractor's new speakers and the duplicate check.
    Confirmed actors come before the extractor's guesses, then the oldest."""
    name = " ".join(name.split())
    if not name or has_control_character(name):  # no actor has one; PostgreSQL cannot compare a NUL
        return None
    condition = Q(name__iexact=name)
    normalized = normalize_name(name)
    if normalized:
        condition |= Q(aliases__normalized=normalized)
    return Actor.objects.filter(condition).order_by("-is_confirmed", "id").first()


def actor_by_name_or_slug(name: str, slug: str) -> Actor | None:
    """actor_by_name(name), else the actor with this slug: the extractor's check before it makes an actor
    for a new speaker, in one query instead of two (a name's match is taken before a slug's). On
    PostgreSQL the query is compiled once (`common.queries.CompiledQuery`): building it took more CPU
    than a new speaker's other work (three of them an article)."""
    name = " ".join(name.split())
    if not name or has_control_character(name):
        return Actor.objects.filter(slug=slug).first() if slug else None
    normalized = normalize_name(name)
    using = router.db_for_read(Actor)
    if connections[using].vendor != "postgresql":
        return _named_or_slugged(name=name, normalized=normalized, slug=slug).first()
    if normalized:
        rows = _NAMED_OR_SLUGGED.rows(using, name=name, normalized=normalized, slug=slug)
    else:
        rows = _NAMED_OR_SLUGGED_NO_ALIAS.rows(using, name=name, slug=slug)
    return (
        Actor.from_db(using, _ACTOR_COLUMNS, [rows[0][column] for column in _ACTOR_COLUMNS]) if rows else None
    )


def _named_or_slugged(*, name: str, normalized: str, slug: str) -> QuerySet[Actor]:
    named = Q(name__iexact=name)
    if normalized:
        named |= Q(Exists(Alias.objects.filter(actor=OuterRef("pk"), normalized=normalized)))
    return (
        Actor.objects.filter(named | Q(slug=slug))
        .annotate(named=ExpressionWrapper(named, output_field=BooleanField()))
        .order_by("-named", "-is_confirmed", "id")
    )


_ACTOR_COLUMNS = [field.attname for field in Actor._meta.concrete_fields]
_NAMED_OR_SLUGGED = CompiledQuery(
    lambda **values: _named_or_slugged(**values).values(*_ACTOR_COLUMNS)[:1],
    repeats=True,  # the name and its normalized form are in the condition and in the order
    name="<a name: a stand-in>",
    normalized="<a normalized name: a stand-in>",
    slug="<a slug: a stand-in>",
)
_NAMED_OR_SLUGGED_NO_ALIAS = CompiledQuery(
    lambda **values: _named_or_slugged(normalized="", **values).values(*_ACTOR_COLUMNS)[:1],
    repeats=True,
    name="<a name: a stand-in>",
    slug="<a slug: a stand-in>",
)


def person_by_surname(surname: str) -> Actor | None:
    """The one person whose name or name alias ends with this one word ("Vossberg" -> "Clara Vossberg"),
    or None when nobody or more than one person does: a later article's surname-only speaker."""
    key = normalize_name(surname)
    if not key or " " in key:
        return None
    written = " ".join(surname.split())
    named = Q(name__iendswith=f" {written}") | Q(
        aliases__kind=Alias.Kind.NAME, aliases__normalized__endswith=f" {key}"
    )
    found = list(
        Actor.objects.filter(named, kind=Actor.Kind.PERSON).distinct().order_by("-is_confirmed", "id")[:2]
    )
    return found[0] if len(found) == 1 else None


def actor_by_id(pk: int | None) -> Actor | None:
    """The actor with this id, or None (no id, or no such actor)."""
    return Actor.objects.filter(pk=pk).first() if pk is not None else None


def actors_awaiting_confirmation() -> QuerySet[Actor]:
    """The extractor's new actors awaiting an editor, those with the most statements first."""
    return (
        Actor.objects.filter(is_confirmed=False)
        .annotate(statement_count=Count("statements", distinct=True))
        .order_by("-statement_count", "name")
    )


def speakers_of(statements: QuerySet[Statement]) -> QuerySet[Actor]:
    """The actors who said `statements`, by name (a filter's choices)."""
    return Actor.objects.filter(statements__in=statements).distinct().order_by("name")


def search_actors(q: str, *, actors: QuerySet[Actor] | None = None) -> QuerySet[Actor]:
    """The actors (of `actors`, default all) whose name, an alias or role contains every word of `q`,
    case aside; a query of one-letter words is taken whole. Unordered: callers order and cut."""
    actors = Actor.objects.all() if actors is None else actors
    q = q.strip()
    words = [word for word in _WORD.findall(q) if len(word) > 1] or ([q] if q else [])
    if not words:
        return actors.none()
    condition = Q()
    for word in words:
        term = Q(name__icontains=word) | Q(aliases__text__icontains=word) | Q(role__icontains=word)
        normalized = normalize_name(word)
        if normalized:  # SQLite's icontains folds ASCII case only; the stored key folds every script
            term |= Q(aliases__normalized__contains=normalized)
        condition &= term
    return actors.filter(pk__in=Actor.objects.filter(condition).values("pk"))


def actor_ids_by_slug(slug: str) -> QuerySet[Actor, Any]:
    """The id of the actor with this slug, unordered: for a subquery the speaker index then serves."""
    return Actor.objects.filter(slug=slug).order_by().values("pk")


def visible_actors(*, user_is_editor: bool, actors: QuerySet[Actor] | None = None) -> QuerySet[Actor]:
    """The actors (of `actors`, default all) a user may see. Editors see all; analysts see the record:
    confirmed actors, and unconfirmed ones an editor approved a statement of (the extractor's guesses
    stay in review)."""
    actors = Actor.objects.all() if actors is None else actors
    if user_is_editor:
        return actors
    approved = visible_statements(user_is_editor=False).filter(speaker=OuterRef("pk"))
    return actors.filter(Q(is_confirmed=True) | Exists(approved))


def actor_names(*, user_is_editor: bool) -> QuerySet[Actor]:
    """The actors a user may see, by name, without their counts (a list of links)."""
    return visible_actors(user_is_editor=user_is_editor).order_by("name")


def actor_list(*, user_is_editor: bool) -> QuerySet[Actor]:
    """Actors by name with affiliation and statement count (approved ones only for analysts), in one query."""
    return (
        visible_actors(user_is_editor=user_is_editor)
        .select_related("affiliation")
        .annotate(statement_count=count_of(visible_statements(user_is_editor), outer="speaker"))
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
    """Every actor as plain data for the extractor, oldest first, in two queries (actors, aliases)."""
    return [row.record for row in actor_rows()]


@dataclass(frozen=True)
class ActorRow:
    """An actor as the extractor reads it, with what tells a kept copy it is out of date."""

    record: ActorRecord
    updated_at: datetime
    alias_ids: tuple[int, ...]


def actor_rows(actors: QuerySet[Actor] | None = None) -> list[ActorRow]:
    """The actors (default all) as the extractor reads them, oldest first (by id: the order a kept
    index can add new actors to), in two queries (actors, aliases)."""
    actors = Actor.objects.all() if actors is None else actors
    actors = (
        actors.select_related("affiliation")
        .prefetch_related(Prefetch("aliases", queryset=Alias.objects.order_by("id")))
        .order_by("id")
    )
    rows = []
    for actor in actors:
        aliases = list(actor.aliases.all())
        record = ActorRecord(
            id=actor.pk,
            slug=actor.slug,
            name=actor.name,
            kind=actor.kind,
            aliases=tuple(alias.text for alias in aliases),
            alias_kinds=tuple(alias.kind for alias in aliases),
            gender=actor.gender,
            role=actor.role,
            affiliation=actor.affiliation.slug if actor.affiliation else None,
            confirmed=actor.is_confirmed,
        )
        rows.append(ActorRow(record, actor.updated_at, tuple(alias.pk for alias in aliases)))
    return rows
