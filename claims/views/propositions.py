"""Analysts' pages about positions: propositions, who stands where, since when, who disagrees."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from common.roles import analyst_required

from ..charts import stance_timeline
from ..models import Proposition
from ..positions import by_polarity, changes_in, contradictions, most_recent, positions_on, side_counts
from ..selectors import active_propositions

CHART_ROWS = 40  # actors drawn in the timeline: the most recently active
COLUMN_ROWS = 30  # actors listed per side; the rest are counted


@require_GET
@analyst_required
def proposition_index(request: HttpRequest) -> HttpResponse:
    counts = side_counts()
    rows = [(p, counts.get(p.pk, {})) for p in active_propositions()]
    return render(request, "claims/proposition_list.html", {"rows": rows})


@require_GET
@analyst_required
def proposition_page(request: HttpRequest, slug: str) -> HttpResponse:
    proposition = Proposition.objects.filter(slug=slug).first()
    if proposition is None:
        raise Http404("No such proposition")
    positions = positions_on(proposition)
    charted = most_recent(positions, CHART_ROWS)
    columns = []
    for polarity, column in by_polarity(positions):
        shown = most_recent(column, COLUMN_ROWS)
        columns.append((polarity, shown, len(column), len(column) - len(shown)))
    return render(
        request,
        "claims/proposition_detail.html",
        {
            "proposition": proposition,
            "columns": columns,
            "actor_count": len(positions),
            "positions": charted,
            "charted_all": len(charted) == len(positions),
            "contradictions": contradictions(positions),
            "changes": changes_in(positions)[:30],
            "chart": stance_timeline(charted, label="actor"),
        },
    )
