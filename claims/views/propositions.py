"""Analysts' pages about positions: propositions, who stands where, since when, who disagrees."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from common.roles import analyst_required, is_editor

from ..charts import stance_timeline
from ..models import Proposition
from ..positions import (
    by_polarity,
    contradictions,
    most_recent,
    positions,
    recent_changes,
    side_counts,
    with_history,
    with_latest_statements,
)
from ..selectors import latest_jobs, proposition_tab_counts, propositions_with_latest_job

CHART_ROWS = 40  # actors drawn in the timeline: the most recently active
COLUMN_ROWS = 30  # actors listed per side; the rest are counted
HISTORY_ROWS = 10  # latest stances drawn per actor: a long record does not make the page slower


@require_GET
@analyst_required
def proposition_index(request: HttpRequest) -> HttpResponse:
    """Tracked propositions with who stands where (archived ones on their own tab); editors also see
    each one's latest re-suggestion of stances."""
    archived = request.GET.get("archived") == "1"
    counts = side_counts()
    propositions = list(propositions_with_latest_job(active=not archived))
    jobs = latest_jobs(propositions) if is_editor(request.user) else {}
    rows = [(p, counts.get(p.pk, {}), jobs.get(p.latest_job_id)) for p in propositions]
    context = {"rows": rows, "archived": archived, "tab_counts": proposition_tab_counts()}
    return render(request, "claims/proposition_list.html", context)


@require_GET
@analyst_required
def proposition_page(request: HttpRequest, slug: str) -> HttpResponse:
    proposition = Proposition.objects.filter(slug=slug).first()
    if proposition is None:
        raise Http404("No such proposition")
    standing = positions(proposition=proposition, history=False, statements=False)
    job = proposition.resuggest_jobs.order_by("-id").first() if is_editor(request.user) else None
    charted = with_history(most_recent(standing, CHART_ROWS), last=HISTORY_ROWS)  # only the rows drawn
    columns = []
    for polarity, column in by_polarity(standing):
        shown = most_recent(column, COLUMN_ROWS)
        columns.append((polarity, shown, len(column), len(column) - len(shown)))
    pairs = contradictions(standing)
    with_latest_statements(
        [*(p for _, shown, _, _ in columns for p in shown), *(p for pair in pairs for p in pair)]
    )
    return render(
        request,
        "claims/proposition_detail.html",
        {
            "proposition": proposition,
            "columns": columns,
            "actor_count": len(standing),
            "positions": charted,
            "charted_all": len(charted) == len(standing),
            "contradictions": pairs,
            "changes": recent_changes(30, proposition=proposition),
            "chart": stance_timeline(charted, label="actor"),
            "job": job,
            "history_shown": HISTORY_ROWS if any(p.earlier for p in charted) else None,
        },
    )
