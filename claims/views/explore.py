"""Search, exports and side-by-side comparison of actors."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from actors.selectors import visible_actors
from common.roles import analyst_required, is_editor
from sources.models import Outlet

from ..exports import csv_response, json_response
from ..models import Proposition
from ..positions import positions_of
from ..search import StatementFilters, filtered_statements, search_actors, search_articles, statement_snippet
from ..selectors import active_propositions, once_per_cluster

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
        "outlets": Outlet.objects.order_by("name"),
        "export_query": urlencode({k: v for k, v in request.GET.items() if k not in ("page", "type")}),
    }
    if filters.q or kind == "statements":
        statements = once_per_cluster(filtered_statements(filters, editor=editor), user_is_editor=editor)
        page = Paginator(statements, 25).get_page(request.GET.get("page"))
        context["page"] = page
        context["results"] = [(s, statement_snippet(s, filters.q) if filters.q else None) for s in page]
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


@require_GET
@analyst_required
def compare_page(request: HttpRequest) -> HttpResponse:
    slugs = [s.strip() for s in request.GET.get("actors", "").split(",") if s.strip()][:MAX_COMPARED]
    editor = is_editor(request.user)
    visible = visible_actors(user_is_editor=editor)
    actors = {a.slug: a for a in visible.filter(slug__in=slugs).select_related("affiliation")}
    chosen = [actors[s] for s in slugs if s in actors]
    missing = [s for s in slugs if s not in actors]
    by_actor = {a.pk: {p.proposition.pk: p for p in positions_of(a)} for a in chosen}
    proposition_ids = {pid for positions in by_actor.values() for pid in positions}
    propositions = list(Proposition.objects.filter(pk__in=proposition_ids).order_by("title"))
    rows = [(p, [by_actor[a.pk].get(p.pk) for a in chosen]) for p in propositions]
    latest = [
        (a, list(filtered_statements(StatementFilters(speaker=a.slug), editor=editor)[:5])) for a in chosen
    ]
    return render(
        request,
        "claims/compare.html",
        {
            "actors": chosen,
            "missing": missing,
            "rows": rows,
            "latest": latest,
            "slugs": ",".join(slugs),
            "all_actors": visible.order_by("name").only("slug", "name"),
        },
    )
