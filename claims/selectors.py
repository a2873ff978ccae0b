"""Reads for the review queue and statement pages."""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import (
    Case,
    Count,
    F,
    FilteredRelation,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan
from django.db.models.functions import Substr
from django.utils import timezone

from common.params import as_id
from sources.models import Article

from .models import Proposition, ResuggestJob, ReviewEvent, Stance, Statement

QUEUE_ORDER = ("article_id", "start", "id")


@dataclass(frozen=True)
class QueueFilters:
    article: int | None = None
    outlet: int | None = None
    speaker: int | None = None
    proposition: int | None = None
    min_confidence: float | None = None
    max_confidence: float | None = None

    @classmethod
    def from_query(cls, query) -> QueueFilters:
        def number(name: str, kind):
            try:
                value = kind(query.get(name, "") or "")
            except (TypeError, ValueError, OverflowError):
                return None
            if kind is float:
                return value if math.isfinite(value) else None
            return as_id(value)

        return cls(
            article=number("article", int),
            outlet=number("outlet", int),
            speaker=number("speaker", int),
            proposition=number("proposition", int),
            min_confidence=number("min_confidence", float),
            max_confidence=number("max_confidence", float),
        )

    def as_query(self) -> dict[str, str]:
        return {k: str(v) for k, v in self.__dict__.items() if v is not None}


def review_queue(*, user, filters: QueueFilters = QueueFilters()) -> QuerySet[Statement]:
    """Pending candidates without those another editor has open right now: in reading order, or, by
    proposition, those with a stance on it, unreviewed suggestions first, most confident first."""
    now = timezone.now()
    queue = Statement.objects.filter(status=Statement.Status.PENDING).exclude(
        Q(claimed_until__gt=now) & ~Q(claimed_by=user) & Q(claimed_by__isnull=False)
    )
    if filters.article is not None:
        queue = queue.filter(article_id=filters.article)
    if filters.outlet is not None:
        queue = queue.filter(article__outlet_id=filters.outlet)
    if filters.speaker is not None:
        queue = queue.filter(speaker_id=filters.speaker)
    if filters.min_confidence is not None:
        queue = queue.filter(confidence__gte=filters.min_confidence)
    if filters.max_confidence is not None:
        queue = queue.filter(confidence__lte=filters.max_confidence)
    if filters.proposition is not None:
        queue = (
            queue.annotate(
                on_topic=FilteredRelation("stances", condition=Q(stances__proposition_id=filters.proposition))
            )
            .filter(on_topic__isnull=False)
            .annotate(topic_reviewed=F("on_topic__is_confirmed"), topic_confidence=F("on_topic__confidence"))
        )
        return queue.order_by("topic_reviewed", "-topic_confidence", *QUEUE_ORDER)
    return queue.order_by(*QUEUE_ORDER)


def with_review_context(statements: QuerySet[Statement]) -> QuerySet[Statement]:
    return (
        statements.select_related("article__outlet", "speaker", "via", "claimed_by", "reviewed_by")
        .defer(
            "article__raw_html"  # the text is needed (context, titles), the page source never is
        )
        .prefetch_related(Prefetch("stances", queryset=Stance.objects.select_related("proposition")))
    )


# Enough of an untitled article's text for its headline (sources.text.headline_from_text: the first
# sentence, cut at 120 characters), so a list need not read whole texts.
ARTICLE_LEAD_CHARS = 4000


def for_statement_list(statements: QuerySet[Statement]) -> QuerySet[Statement]:
    """`with_review_context` for a list page: the articles' texts are left in the database (a page names
    50 articles; their texts were most of the bytes it read), and only an untitled article's opening,
    its headline, is read (`article_lead`). Stances are not prefetched: `StatementListSerializer` reads
    a page's in one query of plain values."""
    return (
        with_review_context(statements)
        .select_related(None)  # not the editor's claim: the JSON does not show it
        .select_related("article__outlet", "speaker", "via", "reviewed_by")
        .prefetch_related(None)  # the list's serializer reads the page's stances as values, in one query
        .defer("article__raw_html", "article__text")
        .annotate(
            article_lead=Case(
                When(article__title="", then=Substr("article__text", 1, ARTICLE_LEAD_CHARS)),
                default=Value(""),
            )
        )
    )


# What the statement list shows of each statement, in the order it shows it (these are the names of
# `StatementSerializer.Meta.fields`), and the values each is written from, read as plain values in the
# list's one query (the joins to the article, its outlet, both actors and the reviewer); a page's
# stances come in one more query (`serializers.stances_of`).
ACTOR_ROW_VALUES = ("slug", "name", "kind", "is_confirmed")
STATEMENT_FIELDS: dict[str, tuple[str, ...]] = {
    "id": ("id",),
    "article": (
        "article_id",
        "article__title",
        "article__url",
        "article__outlet__name",
        "article__published_at",
    ),
    "speaker": ("speaker_id", *(f"speaker__{name}" for name in ACTOR_ROW_VALUES)),
    "speaker_mention": ("speaker_mention",),
    "text": ("text",),
    "kind": ("kind",),
    "cue": ("cue",),
    "said_on": ("said_on",),
    "date_precision": ("date_precision",),
    "date_source": ("date_source",),
    "via": ("via_id", *(f"via__{name}" for name in ACTOR_ROW_VALUES)),
    "via_mention": ("via_mention",),
    "start": ("start",),
    "end": ("end",),
    "confidence": ("confidence",),
    "status": ("status",),
    "version": ("version",),
    "stances": (),
    "reviewed_by": ("reviewed_by__username",),
    "reviewed_at": ("reviewed_at",),
    "extractor_version": ("extractor_version",),
    "created_at": ("created_at",),
    "updated_at": ("updated_at",),
}
STATEMENT_ROW_VALUES = tuple(value for values in STATEMENT_FIELDS.values() for value in values)


@functools.cache
def _list_rows(approved_only: bool) -> QuerySet[Statement]:
    statements = for_statement_list(Statement.objects.order_by("id"))
    if approved_only:
        statements = statements.filter(status=Statement.Status.APPROVED)
    return statements.values(*STATEMENT_ROW_VALUES, "article_lead")


def statement_list_rows(*, approved_only: bool) -> QuerySet[Statement]:
    """The statements of `for_statement_list` (all, or the approved ones) as plain values:
    `STATEMENT_ROW_VALUES` and the untitled article's opening, `article_lead`, in one query with their
    article, outlet, actors and reviewer (building a model instance for each of them was most of an
    uncached API page's CPU time). Filter and order it as any queryset; it is built once per process and
    copied for each request (building a values query over five joins took 1.5 ms of CPU a request)."""
    return _list_rows(approved_only).all()


def next_in_queue(
    queue: QuerySet[Statement], after: Statement | None, filters: QueueFilters = QueueFilters()
) -> Statement | None:
    """The first candidate after `after` in the queue's order, wrapping round to the start."""
    if after is not None:
        found = queue.filter(_later_than(after, filters)).exclude(pk=after.pk).first()
        if found is not None:
            return found
    return (queue.exclude(pk=after.pk) if after is not None else queue).first()


def _later_than(after: Statement, filters: QueueFilters) -> Q:
    reading = (
        Q(article_id__gt=after.article_id)
        | Q(article_id=after.article_id, start__gt=after.start)
        | Q(article_id=after.article_id, start=after.start, id__gt=after.pk)
    )
    if filters.proposition is None:
        return reading
    stance = Stance.objects.filter(statement_id=after.pk, proposition_id=filters.proposition).first()
    if stance is None:  # the stance was dropped: go on from the start of the order
        return Q()
    reviewed, confidence = stance.is_confirmed, stance.confidence
    return (
        Q(topic_reviewed__gt=reviewed)
        | Q(topic_reviewed=reviewed, topic_confidence__lt=confidence)
        | (Q(topic_reviewed=reviewed, topic_confidence=confidence) & reading)
    )


@dataclass(frozen=True)
class Context:
    before: str
    quote: str
    after: str


def paragraph_context(text: str, start: int, end: int) -> Context:
    """The paragraph around a statement, split so the statement's own words can be highlighted."""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    para_start = text.rfind("\n\n", 0, start)
    para_start = 0 if para_start < 0 else para_start + 2
    para_end = text.find("\n\n", end)
    para_end = len(text) if para_end < 0 else para_end
    return Context(text[para_start:start], text[start:end], text[end:para_end])


EVIDENCE_ROLES = ("topic", "anaphor", "polarity", "negation", "condition", "context")


@dataclass(frozen=True)
class Run:
    """A stretch of text with the same highlighting: plain, or evidence words of these roles."""

    text: str
    roles: tuple[str, ...] = ()


@dataclass(frozen=True)
class CardText:
    """What the review card shows: the paragraphs before and after (for "the move", "it"), and the
    statement's own paragraph cut into runs before, inside and after the statement, with the stances'
    evidence words marked; evidence outside these paragraphs (the headline, the lead) is listed apart."""

    before: str
    pre: list[Run]
    quote: list[Run]
    post: list[Run]
    after: str
    elsewhere: list[dict]


def _paragraph_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    para_start = text.rfind("\n\n", 0, start)
    para_start = 0 if para_start < 0 else para_start + 2
    para_end = text.find("\n\n", end)
    return para_start, len(text) if para_end < 0 else para_end


def _neighbour(text: str, start: int, end: int, *, forward: bool) -> str:
    """The whole paragraph just before `start` (or just after `end`), "" at the edge of the article."""
    if forward:
        if end >= len(text):
            return ""
        begin = end + 2 if text.startswith("\n\n", end) else end
        stop = text.find("\n\n", begin)
        return text[begin : len(text) if stop < 0 else stop].strip()
    if start <= 0:
        return ""
    stop = start - 2 if text[:start].endswith("\n\n") else start
    begin = text.rfind("\n\n", 0, stop)
    return text[0 if begin < 0 else begin + 2 : stop].strip()


def _valid_evidence(evidence: object, length: int) -> list[dict]:
    items = []
    for item in evidence if isinstance(evidence, list) else []:
        if not isinstance(item, dict):
            continue
        start, end, role = item.get("start"), item.get("end"), item.get("role")
        if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= length:
            items.append({**item, "role": role if role in EVIDENCE_ROLES else "context"})
        elif item.get("text"):
            items.append({**item, "start": None, "role": role if role in EVIDENCE_ROLES else "context"})
    return items


def _runs(text: str, start: int, end: int, evidence: list[dict]) -> list[Run]:
    cuts = {start, end}
    for item in evidence:
        cuts |= {max(start, min(end, item["start"])), max(start, min(end, item["end"]))}
    points = sorted(cuts)
    runs = []
    for a, b in zip(points, points[1:], strict=False):
        roles = tuple(
            sorted({e["role"] for e in evidence if e["start"] < b and a < e["end"]}, key=EVIDENCE_ROLES.index)
        )
        runs.append(Run(text[a:b], roles))
    return runs


def card_text(text: str, start: int, end: int, evidence: list[object] | None = None) -> CardText:
    """The review card's text around a statement, with the evidence of its stances highlighted."""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    para_start, para_end = _paragraph_bounds(text, start, end)
    marks: list[dict[str, Any]] = []
    elsewhere: list[dict[str, Any]] = []
    for item in _valid_evidence(evidence or [], len(text)):
        inside = item["start"] is not None and para_start <= item["start"] and item["end"] <= para_end
        (marks if inside else elsewhere).append(item)
    return CardText(
        before=_neighbour(text, para_start, para_end, forward=False),
        pre=_runs(text, para_start, start, marks),
        quote=_runs(text, start, end, marks),
        post=_runs(text, end, para_end, marks),
        after=_neighbour(text, para_start, para_end, forward=True),
        elsewhere=elsewhere,
    )


def proposition_by_id(pk: int | None) -> Proposition | None:
    """The proposition with this id, archived or not, or None (no id, or no such proposition)."""
    return Proposition.objects.filter(pk=pk).first() if pk is not None else None


def proposition_id_by_slug(slug: str) -> int | None:
    """The id of the proposition with this slug (archived or not), or None."""
    return Proposition.objects.filter(slug=slug).order_by().values_list("pk", flat=True).first()


def active_propositions() -> list[Proposition]:
    """The propositions being tracked, by title: every page's list of them and the stance suggester's."""
    return list(Proposition.objects.filter(is_active=True).order_by("title"))


def propositions_with_latest_job(*, active: bool = True) -> QuerySet[Proposition]:
    """Tracked (or archived) propositions by title, each with the id of its latest re-suggestion job."""
    latest = ResuggestJob.objects.filter(proposition=OuterRef("pk")).order_by("-id").values("pk")[:1]
    return (
        Proposition.objects.filter(is_active=active)
        .annotate(latest_job_id=Subquery(latest))
        .order_by("title")
    )


def latest_jobs(propositions: list[Proposition]) -> dict[int, ResuggestJob]:
    """The propositions' latest re-suggestion jobs by id, in one query."""
    ids = [
        getattr(p, "latest_job_id", None) for p in propositions
    ]  # annotated by propositions_with_latest_job
    return ResuggestJob.objects.in_bulk([pk for pk in ids if pk])


def proposition_tab_counts() -> dict[str, int]:
    counts = dict(Proposition.objects.order_by().values_list("is_active").annotate(n=Count("pk")))
    return {"active": counts.get(True, 0), "archived": counts.get(False, 0)}


def statement_history(statement_id: int) -> QuerySet[ReviewEvent]:
    return (
        ReviewEvent.objects.filter(statement_id=statement_id)
        .select_related("user")
        .order_by("created_at", "id")
    )


REVIEW_FIELDS = ("status", "speaker", "text", "kind", "said_on", "date_precision", "via", "cue", "stances")


def event_changes(event: ReviewEvent) -> list[tuple[str, object, object]]:
    """(field, before, after) for each reviewable field a review event changed."""
    return [
        (key, event.before.get(key), event.after.get(key))
        for key in REVIEW_FIELDS
        if event.before.get(key) != event.after.get(key)
    ]


PALETTE_SIZE = 8


@dataclass(frozen=True)
class Segment:
    text: str
    statement: Statement | None = None
    colour: int = 0


@dataclass(frozen=True)
class SpeakerColour:
    """One line of the article page's legend: a speaker and the colour their statements are marked in."""

    label: str
    colour: int


def _speaker_key(statement: Statement) -> object:
    return statement.speaker_id or statement.speaker_mention


def _speaker_label(statement: Statement) -> str:
    if statement.speaker is not None:
        return statement.speaker.name
    return statement.speaker_mention or "unknown speaker"


def speaker_colours(statements: list[Statement]) -> list[SpeakerColour]:
    """Give each speaker a colour in order of first appearance (set as `statement.colour` on each
    statement) and return the legend. Past PALETTE_SIZE speakers colours repeat; the legend says so."""
    colours: dict[object, int] = {}
    legend = []
    for statement in sorted(statements, key=lambda s: (s.start, -s.end)):
        key = _speaker_key(statement)
        if key not in colours:
            colours[key] = len(colours) % PALETTE_SIZE
            legend.append(SpeakerColour(_speaker_label(statement), colours[key]))
        statement.colour = colours[key]  # type: ignore[attr-defined]  # read by the templates
    return legend


def highlighted_segments(text: str, statements: list[Statement]) -> list[Segment]:
    """The article text cut into plain runs and statement runs (coloured by speaker), in order.
    Overlapping statements are highlighted once (the earlier one); all are still listed beside."""
    if any(not hasattr(s, "colour") for s in statements):
        speaker_colours(statements)
    segments, cursor = [], 0
    for statement in sorted(statements, key=lambda s: (s.start, -s.end)):
        start, end = max(statement.start, cursor), min(statement.end, len(text))
        if start >= end or statement.start < cursor:
            continue
        if start > cursor:
            segments.append(Segment(text[cursor:start]))
        segments.append(Segment(text[start:end], statement, statement.colour))  # type: ignore[attr-defined]
        cursor = end
    if cursor < len(text):
        segments.append(Segment(text[cursor:]))
    return segments


def visible_statements(user_is_editor: bool) -> QuerySet[Statement]:
    """Editors see every statement; analysts the reviewed record (approved statements)."""
    statements = Statement.objects.all()
    return statements if user_is_editor else statements.filter(status=Statement.Status.APPROVED)


def pending_statements() -> QuerySet[Statement]:
    """Statements waiting for review."""
    return Statement.objects.filter(status=Statement.Status.PENDING)


def article_statements(article: Article, *, user_is_editor: bool) -> list[Statement]:
    """An article's statements in reading order with their speakers, their cluster's other reports and
    their stances: analysts see approved statements and confirmed stances (suggestions are not part of
    the record)."""
    stances = Stance.objects.select_related("proposition").order_by("proposition__title")
    if not user_is_editor:
        stances = stances.filter(is_confirmed=True)
    statements = (
        visible_statements(user_is_editor)
        .filter(article=article)
        .select_related("speaker", "via")
        .order_by("start")
    )
    return list(
        with_cluster_reports(statements, user_is_editor=user_is_editor).prefetch_related(
            Prefetch("stances", queryset=stances)
        )
    )


def quoted_statements(article: Article) -> QuerySet[Statement]:
    """An article's approved statements with their speakers, in reading order: what it can be quoted for."""
    return (
        visible_statements(user_is_editor=False)
        .filter(article=article)
        .select_related("speaker")
        .order_by("start")
    )


def with_cluster_reports(statements: QuerySet[Statement], *, user_is_editor: bool) -> QuerySet[Statement]:
    """Prefetch the other reports of each statement's cluster (other outlets, same words)."""
    return statements.prefetch_related(
        Prefetch(
            "cluster__statements",
            queryset=visible_statements(user_is_editor)
            .select_related("article__outlet")
            .defer(*Article.bodies_of("article__"))
            .order_by("article__published_at", "id"),
        )
    )


def latest_approved(*, limit: int) -> list[Statement]:
    """The newest approved statements by the date they were said, once per cluster (the home page)."""
    statements = (
        Statement.objects.filter(status=Statement.Status.APPROVED)
        .select_related("speaker", "article__outlet")
        .defer(*Article.bodies_of("article__"))
        .order_by(F("said_on").desc(nulls_last=True), "-id")
    )
    return list(once_per_cluster(statements, user_is_editor=False)[:limit])


def once_per_cluster(statements: QuerySet[Statement], *, user_is_editor: bool) -> QuerySet[Statement]:
    """The same statement reported by several outlets appears once (its first report among those the
    filters keep, so filtering by an outlet still shows its report), with the others prefetched for a
    "reported by" line."""
    first = statements.filter(cluster=OuterRef("cluster")).order_by("id").values("pk")[:1]
    statements = statements.filter(Q(cluster__isnull=True) | Q(pk=Subquery(first)))
    return with_cluster_reports(statements, user_is_editor=user_is_editor)


def actor_timeline(
    actor, *, user_is_editor: bool, proposition: str = "", outlet: int | None = None
) -> QuerySet[Statement]:
    """An actor's statements newest first (by statement date), once per cluster, optionally on one
    proposition (confirmed stances) or from one outlet: the actor page's timeline."""
    statements = (
        visible_statements(user_is_editor)
        .filter(speaker=actor)
        .select_related("article", "article__outlet", "via")
        .defer(*Article.bodies_of("article__"))
        .order_by(F("said_on").desc(nulls_last=True), "-id")
    )
    if proposition:
        statements = statements.filter(stances__proposition__slug=proposition, stances__is_confirmed=True)
    if outlet is not None:
        statements = statements.filter(article__outlet_id=outlet)
    return once_per_cluster(statements, user_is_editor=user_is_editor)


@dataclass(frozen=True)
class TimelineCursor:
    """Where a page of a timeline (newest first: said_on descending, undated last, then id descending)
    ends: its last statement's date and id, written "2026-01-31.417" (or "undated.417") in links."""

    said_on: date | None
    pk: int

    def __str__(self) -> str:
        return f"{self.said_on.isoformat() if self.said_on else 'undated'}.{self.pk}"

    @classmethod
    def of(cls, statement: Statement) -> TimelineCursor:
        return cls(statement.said_on, statement.pk)

    @classmethod
    def parse(cls, text: str | None) -> TimelineCursor | None:
        """The cursor a link holds, or None (no cursor, or not one: the first page is shown)."""
        day, _, pk = (text or "").partition(".")
        ident = as_id(pk)
        if ident is None:
            return None
        if day == "undated":
            return cls(None, ident)
        try:
            return cls(date.fromisoformat(day), ident)
        except ValueError:
            return None


@dataclass(frozen=True)
class TimelinePage:
    statements: list[Statement]
    older: TimelineCursor | None  # where the next (older) page starts; None on the last page
    newer: TimelineCursor | None = None  # where the previous (newer) page ends; None on the newest page


def timeline_page(
    statements: QuerySet[Statement],
    *,
    after: TimelineCursor | None,
    size: int,
    newer: TimelineCursor | None = None,
) -> TimelinePage:
    """One keyset page of a timeline ordered as `actor_timeline` orders it, after `after`: the cursor is a
    row comparison, (said_on, id) < (its date, its id), which the index on (speaker, said_on DESC, id
    DESC) serves as a range, so page 80 costs what page 1 does and nothing is counted. Undated
    statements, which the comparison leaves out, follow the dated ones by id. With `newer` instead of
    `after`, the page just before it (the `size` statements newer than that cursor, read the other way
    along the same index: "← newer"), or the newest page when fewer than a page are newer."""
    if newer is not None and after is None:
        rows = _nearest_newer(statements, newer, limit=size + 1)
        if len(rows) > size:
            shown = rows[:size][::-1]
            return TimelinePage(shown, TimelineCursor.of(shown[-1]), TimelineCursor.of(shown[0]))
    if after is None:
        rows = list(statements[: size + 1])
    elif after.said_on is None:
        rows = list(statements.filter(said_on__isnull=True, pk__lt=after.pk)[: size + 1])
    else:
        rows = list(
            statements.filter(TupleLessThan(Tuple("said_on", "id"), (after.said_on, after.pk)))[: size + 1]
        )
        if len(rows) <= size:  # the dated statements end within this page: the undated ones follow
            rows += statements.filter(said_on__isnull=True)[: size + 1 - len(rows)]
    newest = None if after is None else TimelineCursor.of(rows[0]) if rows else after
    return TimelinePage(rows[:size], TimelineCursor.of(rows[size - 1]) if len(rows) > size else None, newest)


def _nearest_newer(statements: QuerySet[Statement], cursor: TimelineCursor, *, limit: int) -> list[Statement]:
    """Up to `limit` statements of a timeline newer than `cursor`, the nearest first (oldest first: the
    timeline's order reversed, said_on ascending with undated first, then id ascending)."""
    ascending = statements.reverse()
    if cursor.said_on is not None:
        return list(
            ascending.filter(TupleGreaterThan(Tuple("said_on", "id"), (cursor.said_on, cursor.pk)))[:limit]
        )
    rows = list(ascending.filter(said_on__isnull=True, pk__gt=cursor.pk)[:limit])
    if len(rows) < limit:  # above the undated ones come the dated ones, the oldest nearest
        rows += ascending.filter(said_on__isnull=False)[: limit - len(rows)]
    return rows
