"""Full-text search over statements, actors and articles, and the statement filters shared by exports.

On PostgreSQL: full-text search (websearch syntax, English stemming) with ranking. Elsewhere (the
embedded SQLite default): case-insensitive containment, newest first, with the match highlighted in
Python. Snippets are escaped before the highlight marks are added, so text is never markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.contrib.postgres.search import SearchVectorField
from django.db import connection
from django.db.models import F, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from actors import selectors as actor_selectors
from actors.models import Actor
from common.params import as_id
from sources.models import Article

from .models import Statement

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
    snippet = text[begin : begin + SNIPPET_CHARS]
    marked = pattern.sub(lambda m: f"{START}{m.group(0)}{STOP}", snippet)
    return highlight(("…" if begin else "") + marked + ("…" if begin + SNIPPET_CHARS < len(text) else ""))


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
        statements = statements.filter(speaker__slug=filters.speaker)
    if filters.proposition:
        statements = statements.filter(
            stances__proposition__slug=filters.proposition, stances__is_confirmed=True
        ).distinct()
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
    words = [w for w in re.findall(r"\w+", q) if len(w) > 1] or [q]
    condition = Q()
    for word in words:
        condition &= (
            Q(text__icontains=word) | Q(speaker_mention__icontains=word) | Q(speaker__name__icontains=word)
        )
    return statements.filter(condition).order_by(F("said_on").desc(nulls_last=True), "-id")


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


def search_articles(q: str, limit: int = 20) -> list[tuple[Article, SafeString]]:
    if _postgres():
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        query = SearchQuery(q, search_type="websearch", config="english")
        vector = SearchVector("text", config="english")  # the expression of the GIN index (migration 0003)
        found = (
            Article.objects.select_related("outlet")
            .annotate(document=vector)
            .filter(document=query)
            .annotate(rank=SearchRank(vector, query))
            .order_by("-rank", "-id")[:limit]
        )
        return [(a, _python_snippet(a.text, q)) for a in found]
    words = [w for w in re.findall(r"\w+", q) if len(w) > 1] or [q]
    condition = Q()
    for word in words:
        condition &= Q(title__icontains=word) | Q(text__icontains=word)
    found = (
        Article.objects.select_related("outlet").filter(condition).order_by("-published_at", "-id")[:limit]
    )
    return [(a, _python_snippet(a.text, q)) for a in found]
