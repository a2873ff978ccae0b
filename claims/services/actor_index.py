"""The extractor's actor index, kept in each worker process between jobs instead of being rebuilt from the
whole actor table for every article (it grows with the record).

Each job reads what the kept copy was made from in two aggregate queries (the actors' count, largest id
and latest `updated_at`; the aliases' count and largest id) and compares it with the same figures of the
kept rows. Equal: the kept index is used. Only new actors (larger ids, with their new aliases): they are
read and appended to the index (extend_actor_index gives what a rebuild would). Anything else (an actor
saved, renamed, confirmed, deleted or merged away; an alias added to an older actor or removed): the
index is rebuilt. Writes that move none of these figures (a queryset update of an actor that leaves
`updated_at`, an alias's kind changed in place: add_alias touches its actor for that), or an actor
saved before, and committed after, a later one was read, are caught by the next rebuild: the kept copy
is rebuilt at least every MAX_AGE_SECONDS. Inside a transaction nothing is kept (what it sees may be
rolled back).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django.db.models import Count, Max, Q

from actors.models import Actor, Alias
from actors.selectors import ActorRow, actor_rows

from ..extraction import ActorIndex, build_actor_index
from ..extraction.speakers import extend_actor_index

MAX_AGE_SECONDS = 300


@dataclass(frozen=True)
class _Figures:
    actors: int
    last_actor: int
    updated_at: datetime | None
    aliases: int
    last_alias: int


@dataclass
class _Kept:
    figures: _Figures
    index: ActorIndex
    made: float  # time.monotonic() of the last full build


_kept: _Kept | None = None


def actor_index() -> ActorIndex:
    """The index of every actor for the extractor, as the database holds them now (see the module)."""
    global _kept
    if connection.in_atomic_block:
        return build_actor_index([row.record for row in actor_rows()])
    now = _figures()
    kept = _kept
    if kept is not None and time.monotonic() - kept.made < MAX_AGE_SECONDS:
        if now == kept.figures:
            return kept.index
        added = _added(kept.figures, now)
        if added is not None:
            extend_actor_index(kept.index, [row.record for row in added])
            kept.figures = _figures_of(kept.figures, added)
            return kept.index
    rows = actor_rows()
    _kept = _Kept(_figures_of(None, rows), build_actor_index([row.record for row in rows]), time.monotonic())
    return _kept.index


def forget() -> None:
    """Drop the kept index (tests, and a process that wants the next job to read every actor)."""
    global _kept
    _kept = None


def _figures() -> _Figures:
    actors = Actor.objects.aggregate(n=Count("id"), last=Max("id"), updated=Max("updated_at"))
    aliases = Alias.objects.aggregate(n=Count("id"), last=Max("id"))
    return _Figures(actors["n"], actors["last"] or 0, actors["updated"], aliases["n"], aliases["last"] or 0)


def _figures_of(before: _Figures | None, rows: list[ActorRow]) -> _Figures:
    """The figures of `before`'s rows with `rows` added (of `rows` alone without `before`): those of the
    rows actually read, which may be newer than a count taken a moment earlier."""
    base = before or _Figures(0, 0, None, 0, 0)
    updated = [row.updated_at for row in rows] + ([base.updated_at] if base.updated_at else [])
    return _Figures(
        actors=base.actors + len(rows),
        last_actor=max([base.last_actor, *(row.record.id or 0 for row in rows)]),
        updated_at=max(updated) if updated else None,
        aliases=base.aliases + sum(len(row.alias_ids) for row in rows),
        last_alias=max([base.last_alias, *(i for row in rows for i in row.alias_ids)]),
    )


def _added(kept: _Figures, now: _Figures) -> list[ActorRow] | None:
    """The actors added since `kept` when that is all that changed (with their own aliases), else None."""
    if now.actors <= kept.actors or now.aliases < kept.aliases:
        return None  # nothing added: something changed or went
    if Alias.objects.filter(id__gt=kept.last_alias, actor_id__lte=kept.last_actor).exists():
        return None  # an older actor has a new alias
    changed = Q(id__gt=kept.last_actor)
    if kept.updated_at is not None:
        changed |= Q(updated_at__gt=kept.updated_at)
    rows = actor_rows(Actor.objects.filter(changed))
    if any((row.record.id or 0) <= kept.last_actor for row in rows):
        return None  # an older actor was saved
    after = _figures_of(kept, rows)
    if (after.actors, after.aliases) != (now.actors, now.aliases):
        return None  # something went, or came late (or after `now` was read): rebuild
    return rows
