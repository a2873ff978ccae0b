"""Search, exports and side-by-side comparison of actors."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from actors.selectors import visible_actors
from common.params import as_id
from common.roles import analyst_required, is_editor
from sources.selectors import outlets_by_name

from ..exports import csv_response, json_response
from ..models import Proposition
from ..positions import positions
from ..search import (
    StatementFilters,
    filtered_statements,
    search_actors,
    search_articles,
    search_statements,
    statement_snippet,
)
from ..selectors import TimelineCursor, active_propositions

MAX_COMPARED = 6


@require_GET
@analyst_required
def search_page(request: HttpRequest) -> HttpResponse:
    editor = is_editor(request.user)
    filters = StatementFilters.from_query(request.GET, editor=editor)
    kind = request.GET.get("type", "statements")
    context = {
        "filters": filters,
        "type": kind,
        "q": filters.q,
        "propositions": active_propositions(),
        "outlets": outlets_by_name(),
        "export_query": urlencode(
            {k: v for k, v in request.GET.items() if k not in ("page", "type", "before", "after", "newer")}
        ),
    }
    if filters.q or kind == "statements":
        found = search_statements(
            filters,
            editor=editor,
            page=request.GET.get("page"),
            before=as_id(request.GET.get("before")),
            after=TimelineCursor.parse(request.GET.get("after")),  # not a cursor: the first page
            newer=TimelineCursor.parse(request.GET.get("newer")),
        )
        context["page"], context["match_count"], context["found"] = found.page, found.count, found
        context["results"] = [(s, statement_snippet(s, filters.q) if filters.q else None) for s in found.page]
    if filters.q:
        context["actors"] = search_actors(filters.q, user_is_editor=is_editor(request.user))
        context["articles"] = search_articles(filters.q)
    return render(request, "claims/search.html", context)


@require_GET
@analyst_required
def export_statements(request: HttpRequest, fmt: str) -> HttpResponse:
    """Every statement matching the filters (not just one page), streamed, with source URL and offsets."""
    if fmt not in ("csv", "json"):
        raise Http404("Exports are .csv or .json")
    editor = is_editor(request.user)
    statements = filtered_statements(StatementFilters.from_query(request.GET, editor=editor), editor=editor)
    statements = statements.prefetch_related("stances__proposition")
    return json_response(statements) if fmt == "json" else csv_response(statements)


def _added_slug(request: HttpRequest, visible) -> str | None:
    """The slug of the actor the picker adds (chosen from the list by id, or typed as a name), if any."""
    chosen = as_id(request.GET.get("add_id"))
    if chosen is not None:
        actor = visible.filter(pk=chosen).only("slug").first()
        return actor.slug if actor else None
    typed = (request.GET.get("add") or "").strip()
    if not typed:
        return None
    found = search_actors(typed, user_is_editor=is_editor(request.user), limit=1)
    return found[0].slug if found else None


@require_GET
@analyst_required
def compare_actor_options(request: HttpRequest) -> HttpResponse:
    """The compare picker's autocomplete (htmx): actors the user may see, by name, alias or role."""
    q = (request.GET.get("q") or request.GET.get("add") or "").strip()
    actors = search_actors(q, user_is_editor=is_editor(request.user), limit=10) if q else []
    return render(request, "claims/_actor_options.html", {"actors": actors, "q": q, "target": "compare"})


@require_GET
@analyst_required
def compare_page(request: HttpRequest) -> HttpResponse:
    slugs = list(dict.fromkeys(s.strip() for s in request.GET.get("actors", "").split(",") if s.strip()))
    editor = is_editor(request.user)
    visible = visible_actors(user_is_editor=editor)
    if "add" in request.GET or "add_id" in request.GET:
        added = _added_slug(request, visible)
        if added is None:
            messages.error(request, f"No actor matches “{request.GET.get('add', '').strip()[:80]}”.")
        elif added not in slugs:
            slugs.append(added)
        return redirect(f"{reverse('explore:compare')}?{urlencode({'actors': ','.join(slugs)})}")
    slugs = slugs[:MAX_COMPARED]
    actors = {a.slug: a for a in visible.filter(slug__in=slugs).select_related("affiliation")}
    chosen = [actors[s] for s in slugs if s in actors]
    missing = [s for s in slugs if s not in actors]
    by_actor = {a.pk: {p.proposition.pk: p for p in positions(actor=a, history=False)} for a in chosen}
    proposition_ids = {pid for positions in by_actor.values() for pid in positions}
    propositions = list(Proposition.objects.filter(pk__in=proposition_ids).order_by("title"))
    rows = [(p, [by_actor[a.pk].get(p.pk) for a in chosen]) for p in propositions]
    latest = [
        (a, list(filtered_statements(StatementFilters(speaker=a.slug), editor=editor)[:5])) for a in chosen
    ]
    chips = [(a, ",".join(c.slug for c in chosen if c != a)) for a in chosen]  # each with its "remove" query
    return render(
        request,
        "claims/compare.html",
        {
            "actors": chosen,
            "chips": chips,
            "missing": missing,
            "rows": rows,
            "latest": latest,
            "slugs": ",".join(a.slug for a in chosen),
            "full": len(chosen) >= MAX_COMPARED,
            "max_compared": MAX_COMPARED,
        },
    )
