"""Positions: where each actor stands on each proposition, derived from approved, confirmed stances.

A stance counts once its statement is approved and the stance confirmed by an editor. An actor's
position at a date is its latest such stance on or before that date (by the statement's date, else the
article's); a change of polarity between consecutive stances is a position change. Members of an
organisation (a spokesperson for an alliance) are shown with it, marked as members.

The current positions and the changes are kept as data (ActorPosition, PositionChange), written by
claims.services.positions.refresh_positions in the transaction of each review decision from
`compute_positions` below, so pages read one row per actor and proposition, not every stance. Histories
(every stance of a position) are read only for the positions a page draws.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import DEFAULT_DB_ALIAS, connection
from django.db.models import F, Q, QuerySet, Window
from django.db.models.functions import Coalesce, RowNumber, TruncDate

from actors.models import Actor
from common.queries import AnyOf
from sources.models import Article

from .models import RECENT_STANCES, ActorPosition, PositionChange, Proposition, SideCount, Stance, Statement

FOR = ("supports", "asserts")
AGAINST = ("opposes", "denies")
OPPOSITE = {"supports": "opposes", "opposes": "supports", "asserts": "denies", "denies": "asserts"}
POLARITY_ORDER = ("supports", "asserts", "undecided", "neutral", "opposes", "denies")
SYMBOL = {"supports": "+", "asserts": "+", "opposes": "−", "denies": "−", "undecided": "?", "neutral": "○"}


# The stances that make positions: confirmed, on approved statements with a speaker. A stance's speaker
# is its copy of its statement's (Stance.speaker), read through the index on (speaker, proposition).
_RECORD = Q(is_confirmed=True, statement__status=Statement.Status.APPROVED, speaker__isnull=False)
# What a history entry shows: the stance's polarity, its statement's words and date.
HISTORY_FIELDS = (
    "polarity",
    "proposition_id",
    "speaker_id",
    "statement__text",
    "statement__said_on",
    "statement__speaker_id",
    "statement__article__published_at",
)


def stance_date(stance: Stance) -> date | None:
    return statement_date(stance.statement)


def statement_date(statement: Statement) -> date | None:
    """The statement's own date, else its article's publication date."""
    if statement.said_on:
        return statement.said_on
    published = statement.article.published_at
    return published.date() if published else None


@dataclass(frozen=True)
class StatementRef:
    """A statement known by its id only (a position's latest stance before `with_latest_statements`
    reads the few a page shows): a page builds hundreds of these, and a model instance costs 40 µs."""

    pk: int
    text: str = ""
    article_id: int | None = None
    outlet: str = ""  # the article's outlet's name, when read


@dataclass(frozen=True, slots=True)
class ActorRef:
    """An actor as a proposition page draws it (its name, link and organisation): the page builds up to
    240 of them, and a model instance with a deferred-field class costs a hundred times more."""

    pk: int
    name: str
    slug: str
    affiliation: ActorRef | None = None


@dataclass
class Entry:
    polarity: str
    when: date | None
    statement: Statement | StatementRef

    @property
    def symbol(self) -> str:
        return SYMBOL.get(self.polarity, "·")


@dataclass
class Position:
    actor: Actor | ActorRef  # the proposition page's sides draw plain references (see `sides`)
    proposition: Proposition
    history: list[Entry] = field(default_factory=list)  # oldest first; empty until read for a page
    current: Entry | None = None  # the latest stance, as the maintained record has it
    recorded_since: date | None = None
    recorded: bool = False  # current and recorded_since come from ActorPosition
    stance_count: int = 0  # every stance of the position, when recorded (history may hold the latest only)
    recent: list = field(default_factory=list)  # the record's latest stances: [statement id, polarity, date]

    @property
    def earlier(self) -> int:
        """Stances older than the history read (a page reads the latest few of a long record)."""
        return max(0, self.stance_count - len(self.history))

    @property
    def latest(self) -> Entry:
        if self.current is not None:
            return self.current
        return self.history[-1]

    @property
    def polarity(self) -> str:
        return self.latest.polarity

    @property
    def since(self) -> date | None:
        """When the current position began: the first stance of the latest run of the same polarity
        (opposing in January and again in March is opposing since January)."""
        if self.recorded:
            return self.recorded_since
        start = self.latest
        for entry in reversed(self.history):
            if entry.polarity != self.polarity:
                break
            start = entry
        return start.when

    @property
    def member_of(self) -> Actor | ActorRef | None:
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


def _recorded(row: ActorPosition, *, statements: bool) -> Position:
    latest = row.latest_statement if statements else StatementRef(row.latest_statement_id)
    return Position(
        row.actor,
        row.proposition,
        current=Entry(row.polarity, row.latest_on, latest),
        recorded_since=row.since,
        recorded=True,
        stance_count=row.stances,
        recent=row.recent,
    )


def positions(
    *,
    actor: Actor | None = None,
    proposition: Proposition | None = None,
    member_of: Actor | None = None,
    history: bool | int = True,
    statements: bool = True,
) -> list[Position]:
    """The one reader of positions: the maintained current positions (of an actor, on a proposition, or
    of an organisation's members), in (proposition title, actor name) order, each with its history of
    stances when `history` (one more query, for those positions only); a number reads only that many
    latest stances of each, so a page's cost does not grow with the record. Without `statements`, each
    latest stance's statement is its id only, for `with_latest_statements` to read for those shown."""
    rows = ActorPosition.objects.select_related("actor__affiliation", "proposition")
    if statements:
        rows = rows.select_related("latest_statement__article__outlet").defer(
            *Article.bodies_of("latest_statement__article__")
        )
    if actor is not None:
        rows = rows.filter(actor=actor)
    if proposition is not None:
        rows = rows.filter(proposition=proposition)
    if member_of is not None:
        rows = rows.filter(actor__affiliation=member_of)
    found = sorted(
        (_recorded(row, statements=statements) for row in rows),
        key=lambda p: (p.proposition.title, p.actor.name),
    )
    if history is False:
        return found
    return with_history(found, last=None if history is True else history)


def with_latest_statements(shown: Iterable[Position]) -> None:
    """Read the words, article and outlet name of each shown position's latest stance, in one query of
    plain values (a page lists a few hundred of a proposition's positions: model instances for each
    statement, article and outlet cost more than the query)."""
    shown = [p for p in shown if p.current is not None]
    loaded = {
        pk: StatementRef(pk, text, article_id, outlet or "")
        for pk, text, article_id, outlet in Statement.objects.filter(
            AnyOf("pk", {p.current.statement.pk for p in shown if p.current})
        )
        .order_by()
        .values_list("pk", "text", "article_id", "article__outlet__name")
    }
    for position in shown:
        if position.current and position.current.statement.pk in loaded:
            position.current.statement = loaded[position.current.statement.pk]


def with_history(found: list[Position], *, last: int | None = None) -> list[Position]:
    """`found` with each position's stances read (oldest first; only the `last` latest of each when
    given, chosen by the database), in one query."""
    if not found:
        return found
    if last is not None and last <= RECENT_STANCES and all(p.recorded for p in found):
        return _with_recent(found, last)
    actors = {p.actor.pk for p in found}
    propositions = {p.proposition.pk for p in found}
    stances = (
        Stance.objects.filter(_RECORD, speaker_id__in=actors, proposition_id__in=propositions)
        .select_related("statement__article")
        .only(*HISTORY_FIELDS)
    )
    if last is not None:
        latest_first = Window(
            RowNumber(),
            partition_by=[F("speaker_id"), F("proposition_id")],
            order_by=[
                Coalesce("statement__said_on", TruncDate("statement__article__published_at")).desc(
                    nulls_last=True
                ),
                F("statement_id").desc(),
            ],
        )
        stances = stances.annotate(rank=latest_first).filter(rank__lte=last)
    by_pair: dict[tuple[int | None, int], list[Entry]] = defaultdict(list)
    for stance in stances:
        by_pair[(stance.speaker_id, stance.proposition_id)].append(
            Entry(stance.polarity, stance_date(stance), stance.statement)
        )
    for position in found:
        position.history = sorted(
            by_pair.get((position.actor.pk, position.proposition.pk), []), key=_sort_key
        )
    return found


def _with_recent(found: list[Position], last: int) -> list[Position]:
    """Histories from the latest stances the maintained record keeps, their statements' words in one
    query (plain values: a chart draws up to 400 stances)."""
    wanted = {sid for p in found for sid, _, _ in p.recent[-last:]}
    statements = {
        pk: StatementRef(pk, text, article_id)
        for pk, text, article_id in Statement.objects.filter(AnyOf("pk", wanted))
        .order_by()
        .values_list("pk", "text", "article_id")
    }
    for position in found:
        position.history = [
            Entry(polarity, date.fromisoformat(when) if when else None, statements[sid])
            for sid, polarity, when in position.recent[-last:]
            if sid in statements
        ]
    return found


def positions_on(proposition: Proposition) -> list[Position]:
    return positions(proposition=proposition)


def positions_of(actor: Actor) -> list[Position]:
    return positions(actor=actor)


def polarities_of(actor_id: int, proposition_ids: Iterable[int]) -> dict[int, str]:
    """An actor's current polarity on some propositions (proposition id -> polarity), from the maintained
    rows by their (actor, proposition) key: what a watch event says of a position a decision left as it was."""
    return dict(
        ActorPosition.objects.filter(actor_id=actor_id, proposition_id__in=list(proposition_ids))
        .order_by()
        .values_list("proposition_id", "polarity")
    )


def holders(proposition_id: int, polarity: str, *, besides: int | None = None) -> list[str]:
    """The names of the actors whose position on a proposition is `polarity` (one side of it, read through
    the index on (proposition, polarity)), in name order, without the actor `besides`."""
    rows = ActorPosition.objects.filter(proposition_id=proposition_id, polarity=polarity).order_by()
    if besides is not None:
        rows = rows.exclude(actor_id=besides)
    return sorted(rows.values_list("actor__name", flat=True))


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
    against three is three pairs, not nine), and at most `limit` pairs in all. Only the `limit` most
    recent positions of each side are ever paired, so a caller may pass just those."""
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


def side_counts(*, proposition: Proposition | None = None) -> dict[int, Counter]:
    """For each proposition (or this one), how many actors currently stand on each side: the maintained
    counts (SideCount), a few rows per proposition however many actors and statements there are."""
    rows = SideCount.objects.filter(actors__gt=0)
    if proposition is not None:
        rows = rows.filter(proposition=proposition)
    counts: dict[int, Counter] = defaultdict(Counter)
    for proposition_id, polarity, n in rows.values_list("proposition_id", "polarity", "actors"):
        counts[proposition_id][polarity] = n
    return counts


@dataclass(frozen=True)
class Side:
    """One side of a proposition for its page: the polarity, how many actors stand there, and the
    `shown` most recently active of them (by latest stance, newest first)."""

    polarity: str
    total: int
    latest: list[Position]


SIDE_FIELDS = (
    "actor_id",
    "actor__name",
    "actor__slug",
    "actor__affiliation_id",
    "actor__affiliation__name",
    "actor__affiliation__slug",
    "polarity",
    "since",
    "latest_on",
    "latest_statement_id",
    "stances",
    "recent",
)


def side_rows(proposition: Proposition, polarity: str) -> QuerySet:
    """One side of a proposition as plain values (SIDE_FIELDS), most recently active first: the order of
    its index."""
    return (
        ActorPosition.objects.filter(proposition=proposition, polarity=polarity)
        .order_by(F("latest_on").desc(nulls_last=True), "-latest_statement_id")
        .values_list(*SIDE_FIELDS)
    )


def _side_values(proposition: Proposition, polarities: list[str], per_side: int) -> list[tuple]:
    """The `per_side` latest rows of each side in one query: one side's query, compiled once, repeated
    per side with its polarity as the parameter (each a subquery with its own ORDER BY and LIMIT, one
    short index scan) and joined by UNION ALL; the values converted as the ORM converts them (dates and
    JSON on SQLite, JSON on PostgreSQL). Compiling a query per side took longer than running them."""
    if not polarities:
        return []
    marker = "\x00side"  # stands for the polarity in the compiled query's parameters
    query = side_rows(proposition, marker)[:per_side].query
    compiler = query.get_compiler(using=DEFAULT_DB_ALIAS)
    sql, params = compiler.as_sql()
    union = " UNION ALL ".join(f"SELECT * FROM ({sql}) AS side_{n}" for n in range(len(polarities)))
    values = [polarity if p == marker else p for polarity in polarities for p in params]
    with connection.cursor() as cursor:
        cursor.execute(union, values)
        rows = cursor.fetchall()
    converters = compiler.get_converters([column for column, _, _ in compiler.select])
    return [tuple(row) for row in compiler.apply_converters(rows, converters)] if converters else rows


def sides(proposition: Proposition, *, per_side: int) -> list[Side]:
    """A proposition's sides (in POLARITY_ORDER), each with its count of actors (maintained) and its
    `per_side` most recently active positions, read by the index on (proposition, polarity, latest_on
    DESC, latest statement DESC): one short index scan per side, whatever the number of actors or
    statements, read as plain values. Each latest stance's statement is its id only (see
    `with_latest_statements`)."""
    counts = side_counts(proposition=proposition).get(proposition.pk, Counter())
    polarities = [polarity for polarity in POLARITY_ORDER if counts.get(polarity)]
    latest: dict[str, list[Position]] = defaultdict(list)
    for row in _side_values(proposition, polarities, per_side):
        (actor_id, name, slug, org_id, org_name, org_slug, polarity, since, latest_on, statement_id) = row[
            :10
        ]
        organisation = ActorRef(org_id, org_name, org_slug) if org_id else None
        latest[polarity].append(
            Position(
                ActorRef(actor_id, name, slug, organisation),
                proposition,
                current=Entry(polarity, latest_on, StatementRef(statement_id)),
                recorded_since=since,
                recorded=True,
                stance_count=row[10],
                recent=row[11],
            )
        )

    def newest_first(position: Position) -> tuple:  # the index's order; a union keeps no order of its own
        return (
            position.latest.when is not None,
            position.latest.when or date.min,
            position.latest.statement.pk,
        )

    return [
        Side(polarity, counts[polarity], sorted(latest[polarity], key=newest_first, reverse=True))
        for polarity in polarities
    ]


def recent_changes(limit: int = 10, *, proposition: Proposition | None = None) -> list[Change]:
    """The latest position changes (on one proposition, if given), newest first, from the maintained
    record: one indexed query whatever the size of the record. Each entry's statement is its id only
    (pages show who changed, from what to what and when): joining both statements with their articles
    and outlets made an eleven-table query whose planning alone took longer than the page's budget."""
    rows = PositionChange.objects.select_related("actor__affiliation", "proposition")
    if proposition is not None:
        rows = rows.filter(proposition=proposition)
    return [
        Change(
            row.actor,
            row.proposition,
            Entry(row.before_polarity, row.before_on, StatementRef(row.before_statement_id)),
            Entry(row.after_polarity, row.changed_on, StatementRef(row.after_statement_id)),
        )
        for row in rows[:limit]
    ]


# --- Computing positions from the stances (what the maintained record is written from) -------------


@dataclass(frozen=True)
class Computed:
    """One actor's position on one proposition, computed from its stances: what ActorPosition holds."""

    actor_id: int
    proposition_id: int
    polarity: str
    since: date | None
    latest_on: date | None
    latest_statement_id: int
    stances: int
    recent: tuple[tuple[int, str, str | None], ...]  # the latest stances: (statement, polarity, ISO date)
    changes: tuple[tuple[str, str, int, int, date | None, date | None], ...]
    # each change: (before polarity, after polarity, before statement, after statement, before date, after date)


def record_stance_rows(
    *,
    actor_ids: Iterable[int] | None = None,
    proposition_ids: Iterable[int] | None = None,
    from_statements: bool = False,
) -> QuerySet:
    """The stances that make positions as narrow rows: (speaker, proposition, polarity, said on,
    published at, statement), optionally for some actors and propositions only: for both, the stances of
    those pairs only, read through the index on (speaker, proposition) whatever else the actors said and
    others said on the propositions. `from_statements`: the speaker read from the statements, not from
    the stances' copies (what a check compares the maintained record with)."""
    speaker = "statement__speaker_id" if from_statements else "speaker_id"
    condition = Q(
        is_confirmed=True, statement__status=Statement.Status.APPROVED, **{f"{speaker}__isnull": False}
    )
    if actor_ids is not None:
        condition &= Q(**{f"{speaker}__in": list(actor_ids)})
    if proposition_ids is not None:
        condition &= Q(proposition_id__in=list(proposition_ids))
    return (
        Stance.objects.filter(condition)
        .order_by()
        .values_list(
            speaker,
            "proposition_id",
            "polarity",
            "statement__said_on",
            "statement__article__published_at",
            "statement_id",
        )
    )


def compute_positions(
    rows: Iterable[tuple[int, int, str, date | None, datetime | None, int]],
) -> list[Computed]:
    """Positions from stance rows (as `record_stance_rows` gives them), by the rules of `Position`:
    latest stance by date then statement, dated from the start of its run, a change per switch."""
    grouped: dict[tuple[int, int], list[tuple[date | None, int, str]]] = defaultdict(list)
    for speaker_id, proposition_id, polarity, said_on, published_at, statement_id in rows:
        when = said_on or (published_at.date() if published_at else None)
        grouped[(speaker_id, proposition_id)].append((when, statement_id, polarity))
    result = []
    for (actor_id, proposition_id), entries in grouped.items():
        entries.sort(key=lambda e: (e[0] or date.min, e[1]))
        changes = []
        since = entries[0][0]
        for (before_on, before_id, before), (after_on, after_id, after) in zip(
            entries, entries[1:], strict=False
        ):
            if before != after:
                changes.append((before, after, before_id, after_id, before_on, after_on))
                since = after_on
        latest_on, latest_id, polarity = entries[-1]
        recent = tuple(
            (sid, pol, when.isoformat() if when else None) for when, sid, pol in entries[-RECENT_STANCES:]
        )
        result.append(
            Computed(
                actor_id,
                proposition_id,
                polarity,
                since,
                latest_on,
                latest_id,
                len(entries),
                recent,
                tuple(changes),
            )
        )
    return result
