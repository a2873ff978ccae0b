"""Full-text search over statements, actors and articles, and the statement filters shared by exports.

On PostgreSQL: full-text search (websearch syntax, English stemming). The search page's plan depends on
how many statements the words match, as the planner's statistics estimate it (`estimated_rows`): words
in many statements are listed newest first, one keyset page at a time, by walking the newest statements
and testing each (a page of a word in 5% of the record is ~500 rows read, however large the record);
rarer words are found through the GIN index and the newest CANDIDATES matches ranked, most relevant
first (see `newest_ranked`), with "more than CANDIDATES" when there are more. Elsewhere (the embedded
SQLite default): case-insensitive containment, newest first, with the match highlighted in Python.
Without words (filters only, or nothing), and on SQLite, the statements are listed newest first by date a
keyset page at a time, as the actor page's timeline, and counted only up to COUNT_CAP (then estimated).
Snippets are escaped before the highlight marks are added, so text is never markup.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchVectorField
from django.core.paginator import Page, Paginator
from django.db import connection, transaction
from django.db.models import F, Max, Q, QuerySet, Subquery
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from actors import selectors as actor_selectors
from actors.models import Actor
from common.params import as_id
from sources.models import Article

from .models import Statement
from .selectors import TimelineCursor, once_per_cluster, proposition_id_by_slug, timeline_page

CANDIDATES = 500  # matches the search page ranks on PostgreSQL: the newest ones
FIRST_WINDOW = 10_000  # ids searched first (the newest); each further window is WINDOW_GROWTH times wider
WINDOW_GROWTH = 8
ARTICLE_FIRST_WINDOW = 100  # the least window of article ids searched first (articles are 1/20 of statements)
# Testing one article's stored vector (a few kB, toasted) costs about this many GIN posting entries read
# into a bitmap (measured at 1,000,000 statements: 145 articles in 0.34 ms, 10,600 entries in 1.2 ms):
# an article window narrower than the matches expected over this is read by its ids (`newest_ranked`).
ARTICLE_ROW_COST = 20
# Reading one GIN posting entry into a bitmap costs about this many times testing one statement row of
# an index walk (measured at 1,000,000: 0.5-0.6 us against 0.3 us, with the matches' heap reads on top):
# a word is walked newest first when a page of its matches takes fewer row tests (see `walks`).
GIN_ENTRY_COST = 2.0
# Only a word whose share of the record the statistics know is walked: PostgreSQL gives a lexeme missing
# from the tsvector's most common ones at most half a percent (DEFAULT_TS_MATCH_SEL), whatever it is.
WALK_MIN_SHARE = 0.006
# A walk reads at most this many times the rows its expected share needs, then the GIN index takes over
# (a word common in old statements but rare among the newest costs a bounded walk, not the table).
WALK_SLACK = 4
PAGE_SIZE = 25
# The statements listed by date (no words, or SQLite) are counted exactly up to this many (a count that
# stops there reads at most this many matches); beyond it, PostgreSQL's estimate is shown ("about").
COUNT_CAP = 1_000
START, STOP = "\x02", "\x03"  # markers ts_headline puts around matches; never present in stored text
SNIPPET_CHARS = 240


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def highlight(snippet: str) -> SafeString:
    """Escape a snippet, then turn the match markers into <mark>."""
    return mark_safe(escape(snippet).replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308


def _python_snippet(text: str, q: str) -> SafeString:
    words = [w for w in re.findall(r"\w+", q) if len(w) > 1] or [q]
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    match = pattern.search(text)
    begin = max(0, (match.start() if match else 0) - SNIPPET_CHARS // 3)
    end = begin + SNIPPET_CHARS
    begin, end = _word_edge(text, begin, forward=True), _word_edge(text, end, forward=False)
    marked = pattern.sub(lambda m: f"{START}{m.group(0)}{STOP}", text[begin:end].strip())
    return highlight(("…" if begin else "") + marked + ("…" if end < len(text) else ""))


def _word_edge(text: str, i: int, *, forward: bool) -> int:
    """Move a cut at `i` off the middle of a word ("…ho said" for "who said", "…'s offer" for "Moscow's
    offer"): forward to the next word's start, or back to the end of the previous one; a cut in one very
    long word stays where it was."""
    if i <= 0 or i >= len(text) or not (_in_word(text[i - 1]) and _in_word(text[i])):
        return max(0, min(i, len(text)))
    j = i
    step = 1 if forward else -1
    while 0 < j < len(text) and _in_word(text[j - 1]) and _in_word(text[j]) and abs(j - i) < 30:
        j += step
    return j if abs(j - i) < 30 else i


def _in_word(char: str) -> bool:
    return char.isalnum() or char in "'\u2019-"


@dataclass(frozen=True)
class StatementFilters:
    q: str = ""
    speaker: str = ""  # actor slug
    proposition: str = ""  # proposition slug
    outlet: int | None = None
    since: date | None = None
    until: date | None = None
    status: str = ""  # editors only

    @classmethod
    def from_query(cls, query, *, editor: bool) -> StatementFilters:
        def day(name: str) -> date | None:
            try:
                return date.fromisoformat(query.get(name, ""))
            except ValueError:
                return None

        outlet = query.get("outlet", "")
        status = query.get("status", "") if editor else ""
        return cls(
            q=query.get("q", "").strip()[:200],
            speaker=query.get("speaker", "").strip(),
            proposition=query.get("proposition", "").strip(),
            outlet=as_id(outlet),
            since=day("since"),
            until=day("until"),
            status=status if status in Statement.Status.values else "",
        )


def filtered_statements(filters: StatementFilters, *, editor: bool) -> QuerySet[Statement]:
    """Statements matching the filters; analysts get approved ones only."""
    statements = Statement.objects.select_related("speaker", "via", "article__outlet").defer(
        "article__raw_html"
    )
    if not editor:
        statements = statements.filter(status=Statement.Status.APPROVED)
    elif filters.status:
        statements = statements.filter(status=filters.status)
    if filters.speaker:
        # The actor's id as a subquery (one value), as the API's filter: the index on (speaker, said_on
        # DESC, id DESC) then serves a page by date; a join on the slug sorted every statement of theirs.
        statements = statements.filter(
            speaker_id=Subquery(actor_selectors.actor_ids_by_slug(filters.speaker)[:1])
        )
    if filters.proposition:
        # The proposition's id as a value (see claims.api.StatementFilter): the planner then reads the
        # stance index (proposition, statement DESC) instead of walking every stance; one stance per
        # statement and proposition, so no DISTINCT (which sorted every match before the first page).
        statements = statements.filter(
            stances__proposition_id=proposition_id_by_slug(filters.proposition), stances__is_confirmed=True
        )
    if filters.outlet is not None:
        statements = statements.filter(article__outlet_id=filters.outlet)
    if filters.since:
        statements = statements.filter(said_on__gte=filters.since)
    if filters.until:
        statements = statements.filter(said_on__lte=filters.until)
    if filters.q:
        statements = match_statements(statements, filters.q)
    else:
        statements = statements.order_by(F("said_on").desc(nulls_last=True), "-id")
    return statements


def _stored_document() -> RawSQL:
    """The statement's stored tsvector (generated column with its GIN index, migration 0011; PostgreSQL
    only, so not a model field): ranking reads it instead of parsing each match's text again."""
    return RawSQL(f'"{Statement._meta.db_table}"."search_document"', [], output_field=SearchVectorField())


def match_statements(statements: QuerySet[Statement], q: str) -> QuerySet[Statement]:
    if _postgres():
        from django.contrib.postgres.search import SearchQuery, SearchRank

        query = SearchQuery(q, search_type="websearch", config="english")
        vector = _stored_document()
        return (
            statements.annotate(document=vector)
            .filter(document=query)
            .annotate(rank=SearchRank(vector, query))
            .order_by("-rank", "-id")
        )
    return statements.filter(_containing(q)).order_by(F("said_on").desc(nulls_last=True), "-id")


def statements_matching(statements: QuerySet[Statement], q: str) -> QuerySet[Statement]:
    """The statements `match_statements` finds, neither ranked nor ordered, and with no column added to
    what `statements` select (the API's list reads its page as plain values, `.values()`, first)."""
    if _postgres():
        query = SearchQuery(q, search_type="websearch", config="english")
        return statements.alias(document=_stored_document()).filter(document=query)
    return statements.filter(_containing(q))


def _containing(q: str) -> Q:
    """Without PostgreSQL: every word of `q` (of two letters or more) in the words or the speaker."""
    words = [w for w in re.findall(r"\w+", q) if len(w) > 1] or [q]
    condition = Q()
    for word in words:
        condition &= (
            Q(text__icontains=word) | Q(speaker_mention__icontains=word) | Q(speaker__name__icontains=word)
        )
    return condition


def _settings(kinds: tuple[str, ...], value: str, *, local: bool) -> str:
    scope = "LOCAL " if local else ""
    return "; ".join(f"SET {scope}enable_{kind} = {value}" for kind in kinds)


@contextmanager
def _scans_off(*kinds: str) -> Iterator[None]:
    """Queries inside plan without these kinds of scan. Outside a transaction the settings are the
    session's, set in one statement and reset in one after (no BEGIN and COMMIT: on a busy machine each
    round trip costs more than planning); inside one, local to a savepoint and set back when it ends."""
    if connection.in_atomic_block:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(_settings(kinds, "off", local=True))
            yield
            cursor.execute(_settings(kinds, "on", local=True))
        return
    with connection.cursor() as cursor:
        cursor.execute(_settings(kinds, "off", local=False))
        try:
            yield
        finally:
            cursor.execute("; ".join(f"RESET enable_{kind}" for kind in kinds))


def bitmap_scans_only() -> AbstractContextManager[None]:
    """Queries inside plan with bitmap scans only (see `newest_ranked`)."""
    return _scans_off("indexscan", "seqscan")


def index_walks_only() -> AbstractContextManager[None]:
    """Queries inside walk an index in its order (see `newest_first`): never a bitmap of a word's whole
    GIN posting list sorted afterwards, nor a scan of the whole table."""
    return _scans_off("bitmapscan", "seqscan")


def estimated_rows(queryset: QuerySet) -> float:
    """How many rows the planner expects `queryset` to give (EXPLAIN, not run): for a full-text match it
    is computed from the statistics of the stored tsvector (its most common lexemes and their shares),
    so it tells a word in 5% of the record from one in 0.01% for the cost of planning the query."""
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return float(plan[0]["Plan"]["Plan Rows"])


def walks(expected: float, top: int) -> bool:
    """Whether matches expected to number `expected` among ids up to `top` are read faster newest first
    (a page takes about PAGE_SIZE * top / expected row tests) than through the GIN index (whose posting
    list of about `expected` entries is read whole, whatever part of it is needed), and the share is
    one the statistics know (see WALK_MIN_SHARE): a word they do not know is never walked."""
    if expected <= 0 or expected < WALK_MIN_SHARE * top:
        return False
    return (PAGE_SIZE + 1) * top / expected < expected * GIN_ENTRY_COST


def first_window(expected: float, top: int, limit: int, *, least: int | None = None) -> int:
    """The first window of ids `newest_ranked` reads: wide enough that it holds about 1.5 times `limit`
    matches when the matches are spread evenly over the ids (so one window is usually all it takes), and
    at least `least` ids (FIRST_WINDOW unless given)."""
    if expected <= limit:
        return top + 1
    least = FIRST_WINDOW if least is None else least
    return min(top + 1, max(least, int(top * 1.5 * (limit + 1) / expected)))


def window_of(matches: QuerySet, low: int, high: int) -> QuerySet:
    """The matches with ids in [low, high), unordered: one window of `newest_ranked`."""
    return matches.filter(pk__gte=low, pk__lt=high).order_by()


def newest_ranked(
    matches: QuerySet,
    *,
    limit: int,
    first_window: int | None = FIRST_WINDOW,
    ranked: bool = True,
    top: int | None = None,
    walk_below: int = 0,
) -> tuple[list[int], bool]:
    """The ids of the newest `limit` rows of `matches` (a full-text match, annotated with `rank` when
    `ranked`), most relevant first (then newest; newest first when not `ranked`), and whether more rows
    match. PostgreSQL only.

    The rows are read through the GIN index in windows of ids, newest first (the newest `first_window`
    ids, which the search page sizes from the matches expected, then 8 times wider each time), each
    window one bitmap scan (the index's matches ANDed with the id range), so only
    the matches in the windows read are fetched and ranked. Index and sequential scans are turned off
    for these queries: with a LIMIT the planner otherwise walks the primary key backwards testing every
    row, which for a word that matches nothing reads the whole table. Windows narrower than `walk_below`
    ids are read by their ids instead, each row's stored vector tested (cheaper than reading a long
    posting list into a bitmap, and the same at any size). Without `first_window`, one query reads every
    match through the index. `top` is the highest id, when the caller has read it."""
    if top is None and first_window:
        top = matches.model.objects.aggregate(top=Max("pk"))["top"]
    found: list[tuple[int, float]] = []
    columns = ("pk", "rank") if ranked else ("pk", "pk")
    high, window = ((top or 0) + 1, first_window) if first_window else (0, 0)
    if high > 0 and window < walk_below:
        with index_walks_only():
            while high > 0 and len(found) <= limit and window < walk_below:
                low = max(0, high - window)
                found += window_of(matches, low, high).values_list(*columns)
                high, window = low, window * WINDOW_GROWTH
    if first_window is None or (high > 0 and len(found) <= limit):
        with bitmap_scans_only():
            if first_window is None:
                found += matches.order_by("-pk").values_list(*columns)[: limit + 1]
            while high > 0 and len(found) <= limit:
                low = max(0, high - window)
                found += window_of(matches, low, high).values_list(*columns)
                high, window = low, window * WINDOW_GROWTH
    newest = sorted(found, key=lambda row: row[0], reverse=True)[:limit]
    return [pk for pk, _ in sorted(newest, key=lambda row: (row[1], row[0]), reverse=True)], len(
        found
    ) > limit


@dataclass(frozen=True)
class StatementPage:
    """One page of the search page's statements and what to say of their number ("more than 500");
    when they are listed newest first a page at a time, where the next (older) page starts, if anywhere:
    an id (`before`, a match of common words walked by id) or a date and id (`after`, `by_date`)."""

    page: Page
    count: str
    older: int | TimelineCursor | None = None
    newer: TimelineCursor | None = None  # `by_date`: where the page before this one (newer) ends
    newest_first: bool = False
    by_date: bool = False


def _rounded(n: float) -> str:
    """An estimate in two significant figures: 49,802.3 -> "50,000"."""
    n = int(n)
    digits = max(0, len(str(n)) - 2)
    return f"{round(n, -digits):,}"


def newest_first(
    statements: QuerySet[Statement], *, before: int | None, expected: float, top: int
) -> StatementPage:
    """One page of `statements` (a match of common words) newest first, older than the id `before`: the
    primary key walked newest first, each row tested against the words until the page is full, so the
    cost is the page's share of the record, not the word's every match. The walk stops after WALK_SLACK
    times the ids its expected share needs; if the page is not full by then (the word is rarer among
    the newest statements than in the record), the rest comes through the GIN index."""
    high = min(before or top + 1, top + 1)
    low = max(0, high - int(WALK_SLACK * (PAGE_SIZE + 1) * top / expected))
    with index_walks_only():
        rows = list(statements.filter(pk__gte=low, pk__lt=high).order_by("-pk")[: PAGE_SIZE + 1])
    if len(rows) <= PAGE_SIZE and low > 0:
        rest = statements.filter(pk__lt=low)
        ids, _ = newest_ranked(rest, limit=PAGE_SIZE + 1 - len(rows), ranked=False, top=low - 1)
        found = rest.order_by().in_bulk(ids)
        rows += [found[pk] for pk in ids if pk in found]
    shown = Paginator(rows[:PAGE_SIZE], PAGE_SIZE).get_page(1)
    older = rows[PAGE_SIZE - 1].pk if len(rows) > PAGE_SIZE else None
    return StatementPage(shown, f"about {_rounded(expected)}", older=older, newest_first=True)


def by_date(
    statements: QuerySet[Statement], *, after: TimelineCursor | None, newer: TimelineCursor | None = None
) -> StatementPage:
    """One keyset page of `statements` newest first by date (`timeline_page`, as the actor page's
    timeline: page 1,000 costs what page 1 does), with their number, never a count of every match: on
    PostgreSQL the planner's estimate ("about 50,000") when it expects more than COUNT_CAP, otherwise
    (and on SQLite) a count that stops after COUNT_CAP + 1 rows, exact up to COUNT_CAP ("more than
    1,000" beyond). As many queries for 5 matches as for 5,000."""
    listed = timeline_page(statements, after=after, newer=newer, size=PAGE_SIZE)
    shown = Paginator(listed.statements, PAGE_SIZE).get_page(1)
    expected = estimated_rows(statements) if _postgres() else 0.0
    if expected > COUNT_CAP:  # unless this first page holds them all (the estimate was far off)
        alone = listed.newer is None and listed.older is None
        count = f"{len(listed.statements):,}" if alone else f"about {_rounded(expected)}"
    else:
        n = statements.order_by()[: COUNT_CAP + 1].count()
        count = f"{n:,}" if n <= COUNT_CAP else f"more than {COUNT_CAP:,}"
    return StatementPage(shown, count, older=listed.older, newer=listed.newer, by_date=True)


def search_statements(
    filters: StatementFilters,
    *,
    editor: bool,
    page: str | None,
    before: int | None = None,
    after: TimelineCursor | None = None,
    newer: TimelineCursor | None = None,
) -> StatementPage:
    """The search page's statements, once per cluster. With words on PostgreSQL: common words newest
    first (`newest_first`, a keyset page older than the id `before`), others the newest CANDIDATES
    matches ranked (see `newest_ranked`), one page of them read with their speakers, outlets and other
    reports; otherwise (no words, or SQLite) the filtered statements newest first by date, a keyset page
    after `after` or just newer than `newer` (`by_date`)."""
    statements = once_per_cluster(filtered_statements(filters, editor=editor), user_is_editor=editor)
    if not (filters.q and _postgres()):
        return by_date(statements, after=after, newer=newer)
    top = Statement.objects.aggregate(top=Max("pk"))["top"] or 0
    expected = estimated_rows(statements)
    if walks(expected, top):
        return newest_first(statements, before=before, expected=expected, top=top)
    ids, more = newest_ranked(
        statements, limit=CANDIDATES, first_window=first_window(expected, top, CANDIDATES), top=top
    )
    ranked: Page[Any] = Paginator(ids, PAGE_SIZE).get_page(page)  # ids, then their statements
    rows = statements.order_by().in_bulk(list(ranked.object_list))
    ranked.object_list = [rows[pk] for pk in ranked.object_list if pk in rows]
    return StatementPage(
        ranked,
        f"more than {CANDIDATES:,} (the newest {CANDIDATES:,} are ranked)" if more else f"{len(ids):,}",
    )


def statement_snippet(statement: Statement, q: str) -> SafeString:
    # Snippets are cut in Python even on PostgreSQL: ts_headline drops anything that looks like a tag,
    # and the record must show text exactly as printed.
    return _python_snippet(statement.text, q)


def search_actors(q: str, *, user_is_editor: bool, limit: int = 20) -> list[Actor]:
    """The search page's actors: those the user may see that match `q`, by name."""
    actors = actor_selectors.search_actors(
        q, actors=actor_selectors.visible_actors(user_is_editor=user_is_editor)
    )
    return list(actors.select_related("affiliation").order_by("name")[:limit])


def article_document() -> RawSQL:
    """The article's stored tsvector (generated column with its GIN index, sources migration 0005;
    PostgreSQL only, so not a model field)."""
    return RawSQL(f'"{Article._meta.db_table}"."search_document"', [], output_field=SearchVectorField())


def search_articles(q: str, limit: int = 20) -> list[tuple[Article, SafeString]]:
    """The newest `limit` articles matching `q`, newest first. On PostgreSQL they are read in windows of
    ids, newest first (`newest_ranked`), the first sized from the matches the statistics expect: a word
    in a fifth of the articles reads about 150 of them, however many match in all, where one query of
    every match fetched all of them to keep the newest 20. A window narrower than its posting list is
    long (in ARTICLE_ROW_COST) is read by its ids, so a common word's first window costs the same at any
    size."""
    if _postgres():
        from django.contrib.postgres.search import SearchQuery

        query = SearchQuery(q, search_type="websearch", config="english")
        # Newest first, not ranked: the page lists the newest articles that mention the words.
        matches = (
            Article.objects.select_related("outlet")
            .defer("raw_html")  # the snippet needs the text, never the page's source
            .alias(document=article_document())
            .filter(document=query)
        )
        top = Article.objects.aggregate(top=Max("pk"))["top"] or 0
        expected = estimated_rows(matches)
        ids, _ = newest_ranked(
            matches,
            limit=limit,
            first_window=first_window(expected, top, limit, least=ARTICLE_FIRST_WINDOW),
            ranked=False,
            top=top,
            walk_below=int(expected / ARTICLE_ROW_COST),
        )
        rows = matches.order_by().in_bulk(ids)
        return [(rows[pk], _python_snippet(rows[pk].text, q)) for pk in ids if pk in rows]
    words = [w for w in re.findall(r"\w+", q) if len(w) > 1] or [q]
    condition = Q()
    for word in words:
        condition &= Q(title__icontains=word) | Q(text__icontains=word)
    found = (
        Article.objects.select_related("outlet").filter(condition).order_by("-published_at", "-id")[:limit]
    )
    return [(a, _python_snippet(a.text, q)) for a in found]
