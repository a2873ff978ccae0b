"""Keeping positions as data: ActorPosition (where each actor stands on each proposition now) and
PositionChange (every switch of polarity), rewritten for the actors and propositions a decision touched,
inside that decision's transaction, so pages never derive positions from every stance and never show a
position the record no longer supports.

`refresh_positions` is the only writer (with `take_off_sides` for an actor being deleted, whose
positions go by cascade); it keeps SideCount (actors per side of each proposition) in step. Review decisions call it through `claims.services.review`
(approve, reject, edit, undo, stance decisions, bulk decisions) and `merge_actor`; `manage.py positions
--check / --fix` compares the whole record with a computation from scratch and repairs it.

A refresh reads the stances of the pairs it touches through their copy of the statement's speaker
(Stance.speaker, indexed with the proposition), so a decision costs what those pairs hold, not what the
speaker said elsewhere or others said on the proposition. The copy is kept right here: `follow_speaker`
in a review decision that finds it stale (before its refresh), `move_speaker` in a merge,
`follow_speakers` for the whole record in a full rebuild; new stances take it on insert (Stance.save,
the bulk inserts of extraction and re-suggestion).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Count

from actors.models import Actor

from ..models import ActorPosition, PositionChange, SideCount, Stance, Statement
from ..positions import Computed, compute_positions, record_stance_rows

BATCH = 5000


@dataclass(frozen=True)
class Move:
    """An actor's position on a proposition that a refresh changed: `before` or `after` is None when
    the actor had no position (a first position) or no longer has one (its last stance undone)."""

    actor_id: int
    proposition_id: int
    before: str | None
    after: str | None


@dataclass(frozen=True)
class Discrepancy:
    """A pair whose stored position differs from the computation from scratch (actor_id None: the
    stored count of actors on one side of the proposition differs from a count of its positions;
    `stance` given: that stance's copy of its statement's speaker differs from it, actor_id the
    statement's speaker)."""

    actor_id: int | None
    proposition_id: int
    stored: str
    computed: str
    stance: int | None = None


def _clean_ids(ids: Iterable[int | None] | None) -> list[int] | None:
    return None if ids is None else sorted({i for i in ids if i is not None})


def _stored(
    actor_ids: list[int] | None, proposition_ids: list[int] | None
) -> dict[tuple[int, int], ActorPosition]:
    rows = ActorPosition.objects.all()
    if actor_ids is not None:
        rows = rows.filter(actor_id__in=actor_ids)
    if proposition_ids is not None:
        rows = rows.filter(proposition_id__in=proposition_ids)
    return {(row.actor_id, row.proposition_id): row for row in rows}


def _scope(model, actor_ids: list[int] | None, proposition_ids: list[int] | None):
    rows = model.objects.all()
    if actor_ids is not None:
        rows = rows.filter(actor_id__in=actor_ids)
    if proposition_ids is not None:
        rows = rows.filter(proposition_id__in=proposition_ids)
    return rows


def _position_row(c: Computed) -> ActorPosition:
    return ActorPosition(
        actor_id=c.actor_id,
        proposition_id=c.proposition_id,
        polarity=c.polarity,
        since=c.since,
        latest_on=c.latest_on,
        latest_statement_id=c.latest_statement_id,
        stances=c.stances,
        changes=len(c.changes),
        recent=[list(entry) for entry in c.recent],
    )


def _change_rows(c: Computed) -> list[PositionChange]:
    return [
        PositionChange(
            actor_id=c.actor_id,
            proposition_id=c.proposition_id,
            before_polarity=before,
            after_polarity=after,
            before_statement_id=before_id,
            after_statement_id=after_id,
            before_on=before_on,
            changed_on=after_on,
        )
        for before, after, before_id, after_id, before_on, after_on in c.changes
    ]


@transaction.atomic
def refresh_positions(
    *, actor_ids: Iterable[int | None] | None = None, proposition_ids: Iterable[int | None] | None = None
) -> list[Move]:
    """Recompute the positions of `actor_ids` on `proposition_ids` (None: all of them) from their stances
    and store them; returns the positions that moved. Called inside the decision's transaction. The
    actors' rows are locked first, so two decisions on one actor's statements refresh one after the
    other and the second reads the first's stances (no lost update)."""
    actors, propositions = _clean_ids(actor_ids), _clean_ids(proposition_ids)
    if actors == [] or propositions == []:
        return []
    if actors is None and propositions is None:
        follow_speakers()  # the whole record rebuilt: first repair any speaker copy written behind our back
    if actors is not None:
        list(
            Actor.objects.select_for_update()
            .filter(pk__in=actors)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
    computed = compute_positions(record_stance_rows(actor_ids=actors, proposition_ids=propositions))
    stored = _stored(actors, propositions)
    moves = [
        Move(c.actor_id, c.proposition_id, stored[key].polarity if key in stored else None, c.polarity)
        for c in computed
        if (key := (c.actor_id, c.proposition_id)) not in stored or stored[key].polarity != c.polarity
    ]
    kept = {(c.actor_id, c.proposition_id) for c in computed}
    moves += [Move(a, p, row.polarity, None) for (a, p), row in stored.items() if (a, p) not in kept]
    _scope(ActorPosition, actors, propositions).delete()
    _scope(PositionChange, actors, propositions).delete()
    ActorPosition.objects.bulk_create([_position_row(c) for c in computed], batch_size=BATCH)
    PositionChange.objects.bulk_create([row for c in computed for row in _change_rows(c)], batch_size=BATCH)
    if actors is None and propositions is None:
        _recount_sides()  # the whole record rebuilt: counts from scratch too (repairs any drift)
    else:
        _add_to_sides(moves)
    return sorted(moves, key=lambda m: (m.actor_id, m.proposition_id))


def follow_speaker(*, statement_id: int, speaker_id: int | None) -> int:
    """The statement's stances take its speaker (their copy, which the refresh reads by): called by a
    review decision, before its refresh, when the stances it read hold another speaker (an edit or undo
    of the speaker, or a speaker set outside review), so they count for the right actor. One UPDATE by
    the statement's stances' index; returns the stances changed."""
    return (
        Stance.objects.filter(statement_id=statement_id)
        .exclude(speaker_id=speaker_id)  # NULLs included: a copy missing counts as different
        .update(speaker_id=speaker_id)
    )


def move_speaker(*, source_id: int, target_id: int) -> int:
    """An actor merged into another: the source's stances are the target's (as its statements are),
    before the target's positions are refreshed. Returns the stances moved."""
    return Stance.objects.filter(speaker_id=source_id).update(speaker_id=target_id)


def _copy_differs() -> str:
    """SQL: a stance's speaker copy is not its statement's speaker (NULLs compared as values)."""
    distinct = "IS DISTINCT FROM" if connection.vendor == "postgresql" else "IS NOT"
    stance, statement = Stance._meta.db_table, Statement._meta.db_table
    return f"{statement}.id = {stance}.statement_id AND {stance}.speaker_id {distinct} {statement}.speaker_id"


def follow_speakers() -> int:
    """Every stance whose speaker copy differs from its statement's speaker takes it (rows written behind
    the services' back, by a COPY or the admin): one UPDATE ... FROM. Returns the stances changed."""
    stance, statement = Stance._meta.db_table, Statement._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {stance} SET speaker_id = {statement}.speaker_id "  # noqa: S608 - no user text
            f"FROM {statement} WHERE {_copy_differs()}"
        )
        return cursor.rowcount


def drifted_speakers() -> list[tuple[int, int, int | None, int | None]]:
    """Stances whose speaker copy differs from their statement's: (stance, proposition, copy, speaker)."""
    stance, statement = Stance._meta.db_table, Statement._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {stance}.id, {stance}.proposition_id, {stance}.speaker_id, {statement}.speaker_id "  # noqa: S608
            f"FROM {stance}, {statement} WHERE {_copy_differs()} ORDER BY {stance}.id"
        )
        return [(row[0], row[1], row[2], row[3]) for row in cursor.fetchall()]


def _add_to_sides(moves: Iterable[Move]) -> None:
    """Each move takes one actor off its old side and puts it on the new one: one upsert that adds the
    differences (row locks make concurrent decisions add up; sorted, so they lock in one order)."""
    deltas: Counter[tuple[int, str]] = Counter()
    for move in moves:
        if move.before:
            deltas[(move.proposition_id, move.before)] -= 1
        if move.after:
            deltas[(move.proposition_id, move.after)] += 1
    changed = sorted((key, n) for key, n in deltas.items() if n)
    if not changed:
        return
    table = SideCount._meta.db_table
    values = ", ".join(["(%s, %s, %s)"] * len(changed))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (proposition_id, polarity, actors) VALUES {values} "  # noqa: S608 - no user text
            f"ON CONFLICT (proposition_id, polarity) DO UPDATE SET actors = {table}.actors + excluded.actors",
            [v for (proposition_id, polarity), n in changed for v in (proposition_id, polarity, n)],
        )


def counted_sides() -> dict[tuple[int, str], int]:
    """Actors per (proposition, side), counted from the maintained positions (what SideCount must hold)."""
    rows = ActorPosition.objects.order_by().values_list("proposition_id", "polarity").annotate(n=Count("id"))
    return {(proposition_id, polarity): n for proposition_id, polarity, n in rows}


def _recount_sides() -> None:
    SideCount.objects.all().delete()
    SideCount.objects.bulk_create(
        [
            SideCount(proposition_id=p, polarity=polarity, actors=n)
            for (p, polarity), n in counted_sides().items()
        ],
        batch_size=BATCH,
    )


def take_off_sides(*, actor_ids: Iterable[int]) -> None:
    """Before actors are deleted (their positions go with them by cascade): take them off the sides
    they stand on, in the deleting transaction. Connected to Actor's pre_delete by claims.apps."""
    rows = ActorPosition.objects.filter(actor_id__in=list(actor_ids)).values_list(
        "actor_id", "proposition_id", "polarity"
    )
    _add_to_sides(Move(a, p, polarity, None) for a, p, polarity in rows)


def actor_deleted(sender, instance: Actor, **kwargs) -> None:
    """pre_delete receiver for Actor (see `take_off_sides`)."""
    take_off_sides(actor_ids=[instance.pk])


def check_positions() -> list[Discrepancy]:
    """Every pair whose stored position (polarity, dates, latest statement, counts, changes) differs
    from the computation from scratch, and every side whose stored count of actors differs from the
    count of the computed positions (actor None), and every stance whose copy of its statement's speaker
    differs from it (`stance`); empty when the maintained record is right. Positions are computed with
    the statements' own speakers, so a stale copy shows in the positions it got wrong too."""
    found = [
        Discrepancy(speaker, proposition_id, f"speaker #{copy}", f"speaker #{speaker}", stance=stance)
        for stance, proposition_id, copy, speaker in drifted_speakers()
    ]
    computed = {
        (c.actor_id, c.proposition_id): c for c in compute_positions(record_stance_rows(from_statements=True))
    }
    stored = _stored(None, None)
    changes: dict[tuple[int, int], list[tuple]] = {}
    for row in PositionChange.objects.order_by("changed_on", "after_statement_id").values_list(
        "actor_id",
        "proposition_id",
        "before_polarity",
        "after_polarity",
        "before_statement_id",
        "after_statement_id",
        "before_on",
        "changed_on",
    ):
        changes.setdefault((row[0], row[1]), []).append(row[2:])
    for key in sorted(set(computed) | set(stored)):
        c, kept = computed.get(key), stored.get(key)
        want = _summary(c, sorted(c.changes, key=_change_order)) if c else "none"
        have = _stored_summary(kept, sorted(changes.get(key, []), key=_change_order)) if kept else "none"
        if want != have:
            found.append(Discrepancy(key[0], key[1], have, want))
    stored_sides = {(r.proposition_id, r.polarity): r.actors for r in SideCount.objects.all() if r.actors}
    counted = Counter((c.proposition_id, c.polarity) for c in computed.values())
    for proposition_id, polarity in sorted(set(stored_sides) | set(counted)):
        have_n, want_n = (
            stored_sides.get((proposition_id, polarity), 0),
            counted.get((proposition_id, polarity), 0),
        )
        if have_n != want_n:
            found.append(
                Discrepancy(
                    None, proposition_id, f"{have_n} actors {polarity}", f"{want_n} actors {polarity}"
                )
            )
    return found


def _change_order(change: tuple) -> tuple:
    return (str(change[5] or ""), change[3])


def _summary(c: Computed, changes: list[tuple]) -> str:
    recent = [list(entry) for entry in c.recent]
    return (
        f"{c.polarity} since {c.since} latest {c.latest_on} #{c.latest_statement_id} ({c.stances} stances) "
        f"{recent} {changes}"
    )


def _stored_summary(row: ActorPosition, changes: list[tuple]) -> str:
    return (
        f"{row.polarity} since {row.since} latest {row.latest_on} #{row.latest_statement_id} "
        f"({row.stances} stances) {row.recent} {changes}"
    )
