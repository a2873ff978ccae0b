"""Positions: where each actor stands on each proposition, derived from approved, confirmed stances.

A stance counts once its statement is approved and the stance confirmed by an editor. An actor's
position at a date is its latest such stance on or before that date (by the statement's date, else the
article's); a change of polarity between consecutive stances is a position change. Members of an
organisation (a spokesperson for an alliance) are shown with it, marked as members. Everything here is
built from one query per page, whatever the number of statements.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import F, QuerySet, Window
from django.db.models.functions import Coalesce, Lag, Lead, TruncDate

from actors.models import Actor
from sources.models import Article

from .models import Proposition, Stance, Statement

FOR = ("supports", "asserts")
AGAINST = ("opposes", "denies")
OPPOSITE = {"supports": "opposes", "opposes": "supports", "asserts": "denies", "denies": "asserts"}
POLARITY_ORDER = ("supports", "asserts", "undecided", "neutral", "opposes", "denies")
SYMBOL = {"supports": "+", "asserts": "+", "opposes": "−", "denies": "−", "undecided": "?", "neutral": "○"}


def record_stances() -> QuerySet[Stance]:
    """The stances that make positions: confirmed, on approved statements with a speaker."""
    return (
        Stance.objects.filter(
            is_confirmed=True, statement__status=Statement.Status.APPROVED, statement__speaker__isnull=False
        )
        .select_related("proposition", "statement__speaker__affiliation", "statement__article__outlet")
        .defer(*Article.bodies_of("statement__article__"))
    )


def stance_date(stance: Stance) -> date | None:
    return statement_date(stance.statement)


def statement_date(statement: Statement) -> date | None:
    """The statement's own date, else its article's publication date."""
    if statement.said_on:
        return statement.said_on
    published = statement.article.published_at
    return published.date() if published else None


@dataclass
class Entry:
    polarity: str
    when: date | None
    statement: Statement

    @property
    def symbol(self) -> str:
        return SYMBOL.get(self.polarity, "·")


@dataclass
class Position:
    actor: Actor
    proposition: Proposition
    history: list[Entry] = field(default_factory=list)  # oldest first

    @property
    def latest(self) -> Entry:
        return self.history[-1]

    @property
    def polarity(self) -> str:
        return self.latest.polarity

    @property
    def since(self) -> date | None:
        """When the current position began: the first stance of the latest run of the same polarity
        (opposing in January and again in March is opposing since January)."""
        start = self.latest
        for entry in reversed(self.history):
            if entry.polarity != self.polarity:
                break
            start = entry
        return start.when

    @property
    def member_of(self) -> Actor | None:
        return self.actor.affiliation

    def at(self, when: date) -> str | None:
        """The polarity on a date: the latest stance on or before it."""
        current = None
        for entry in self.history:
            if entry.when is None or entry.when <= when:
                current = entry.polarity
        return current


@dataclass(frozen=True)
class Change:
    actor: Actor
    proposition: Proposition
    before: Entry
    after: Entry


def _sort_key(entry: Entry) -> tuple:
    return (entry.when or date.min, entry.statement.pk)


def build_positions(stances) -> list[Position]:
    grouped: dict[tuple[int, int], Position] = {}
    for stance in stances:
        key = (stance.statement.speaker_id, stance.proposition_id)
        position = grouped.get(key)
        if position is None:
            position = grouped[key] = Position(stance.statement.speaker, stance.proposition)
        position.history.append(Entry(stance.polarity, stance_date(stance), stance.statement))
    for position in grouped.values():
        position.history.sort(key=_sort_key)
    return sorted(grouped.values(), key=lambda p: (p.proposition.title, p.actor.name))


def positions_on(proposition: Proposition) -> list[Position]:
    return build_positions(record_stances().filter(proposition=proposition))


def positions_of(actor: Actor) -> list[Position]:
    return build_positions(record_stances().filter(statement__speaker=actor))


def changes_in(positions: list[Position]) -> list[Change]:
    """Every switch of polarity between consecutive stances, newest first."""
    changes = []
    for position in positions:
        for before, after in zip(position.history, position.history[1:], strict=False):
            if before.polarity != after.polarity:
                changes.append(Change(position.actor, position.proposition, before, after))
    return sorted(changes, key=lambda c: _sort_key(c.after), reverse=True)


def by_polarity(positions: list[Position]) -> list[tuple[str, list[Position]]]:
    """Columns for a proposition page: each polarity with the actors whose latest stance it is, in name
    order except that an organisation's members follow it (a spokesperson is shown with the alliance)."""
    columns: dict[str, list[Position]] = defaultdict(list)
    for position in positions:
        columns[position.polarity].append(position)

    def with_organisation(position: Position) -> tuple:
        organisation = position.member_of
        return (
            (organisation or position.actor).name.casefold(),
            organisation is not None,
            position.actor.name.casefold(),
        )

    return [
        (polarity, sorted(columns[polarity], key=with_organisation))
        for polarity in POLARITY_ORDER
        if columns.get(polarity)
    ]


def contradictions(positions: list[Position], limit: int = 30) -> list[tuple[Position, Position]]:
    """Pairs of actors whose latest stances are opposite (A asserts what B denies), most recent first.
    Every actor on either side appears in at least one pair, in as few pairs as that takes (three
    against three is three pairs, not nine), and at most `limit` pairs in all."""
    by_side: dict[tuple[int, str], list[Position]] = defaultdict(list)
    for position in sorted(positions, key=lambda p: _sort_key(p.latest), reverse=True):
        by_side[(position.proposition.pk, position.polarity)].append(position)
    pairs = []
    for (proposition_id, polarity), pros in by_side.items():
        cons = by_side.get((proposition_id, OPPOSITE.get(polarity, "")), []) if polarity in FOR else []
        for i in range(max(len(pros), len(cons)) if cons else 0):
            pairs.append((pros[i % len(pros)], cons[i % len(cons)]))
            if len(pairs) >= limit:
                return pairs
    return pairs


def most_recent(positions: list[Position], limit: int) -> list[Position]:
    """The positions whose latest stance is newest, kept in their usual (alphabetical) order."""
    keep = {id(p) for p in sorted(positions, key=lambda p: _sort_key(p.latest), reverse=True)[:limit]}
    return [p for p in positions if id(p) in keep]


def _stance_when():
    """The same date `stance_date` gives, as a database expression."""
    return Coalesce("statement__said_on", TruncDate("statement__article__published_at"))


def _ordered_window(expression):
    """`expression` over each (speaker, proposition)'s stances in date order, computed by the database."""
    return Window(
        expression=expression,
        partition_by=[F("statement__speaker_id"), F("proposition_id")],
        order_by=[_stance_when().asc(nulls_first=True), F("statement_id").asc()],
    )


def side_counts() -> dict[int, Counter]:
    """For each proposition, how many actors currently stand on each side. The database picks each
    actor's latest stance (a window function), so this reads one row per actor and proposition."""
    latest = (
        _record_stance_rows()
        .annotate(
            next_polarity=_ordered_window(Lead("polarity")), next_id=_ordered_window(Lead("statement_id"))
        )
        .filter(next_id__isnull=True)
        .values_list("proposition_id", "polarity")
    )
    counts: dict[int, Counter] = defaultdict(Counter)
    for proposition_id, polarity in latest:
        counts[proposition_id][polarity] += 1
    return counts


def _record_stance_rows() -> QuerySet[Stance]:
    """`record_stances` without the joined rows: what the window queries scan, kept narrow."""
    return Stance.objects.filter(
        is_confirmed=True, statement__status=Statement.Status.APPROVED, statement__speaker__isnull=False
    ).order_by()


def recent_changes(limit: int = 10) -> list[Change]:
    """The latest position changes, found by the database (each stance against the one before it).
    The window runs over narrow rows (ids and polarities); only the changes shown are then loaded."""
    found = list(
        _record_stance_rows()
        .annotate(
            previous=_ordered_window(Lag("polarity")),
            previous_id=_ordered_window(Lag("statement_id")),
            when=_stance_when(),
        )
        .filter(previous__isnull=False)
        .exclude(previous=F("polarity"))
        .order_by(F("when").desc(nulls_last=True), "-statement_id")
        .values_list("pk", "previous", "previous_id")[:limit]
    )
    stances = record_stances().in_bulk([pk for pk, _, _ in found])
    before = (
        Statement.objects.select_related("article")
        .defer(*Article.bodies_of("article__"))
        .in_bulk([previous_id for _, _, previous_id in found])
    )
    result = []
    for pk, previous, previous_id in found:
        stance, earlier = stances.get(pk), before.get(previous_id)
        if stance is None or earlier is None:
            continue
        result.append(
            Change(
                stance.statement.speaker,
                stance.proposition,
                Entry(previous, statement_date(earlier), earlier),
                Entry(stance.polarity, stance_date(stance), stance.statement),
            )
        )
    return result
