"""Analysts' pages about positions: propositions, who stands where, since when, who disagrees."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from common.roles import analyst_required, is_editor

from ..charts import chart_table, stance_timeline
from ..models import Proposition
from ..positions import (
    by_polarity,
    contradictions,
    most_recent,
    recent_changes,
    side_counts,
    sides,
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
    """Who stands where, drawn from each side's most recently active positions and its maintained count:
    the page reads a bounded number of rows however many actors and statements there are."""
    proposition = Proposition.objects.filter(slug=slug).first()
    if proposition is None:
        raise Http404("No such proposition")
    found = sides(proposition, per_side=max(CHART_ROWS, COLUMN_ROWS))
    recent = sorted((p for side in found for p in side.latest), key=lambda p: p.actor.name)
    actor_count = sum(side.total for side in found)
    job = proposition.resuggest_jobs.order_by("-id").first() if is_editor(request.user) else None
    charted = with_history(most_recent(recent, CHART_ROWS), last=HISTORY_ROWS)  # only the rows drawn
    totals = {side.polarity: side.total for side in found}
    columns = [
        (polarity, shown, totals[polarity], totals[polarity] - len(shown))
        for polarity, shown in by_polarity([p for side in found for p in side.latest[:COLUMN_ROWS]])
    ]
    pairs = contradictions(recent)  # each side's latest are enough: see `contradictions`
    with_latest_statements(
        [*(p for _, shown, _, _ in columns for p in shown), *(p for pair in pairs for p in pair)]
    )
    return render(
        request,
        "claims/proposition_detail.html",
        {
            "proposition": proposition,
            "columns": columns,
            "actor_count": actor_count,
            "positions": charted,
            "charted_all": len(charted) == actor_count,
            "contradictions": pairs,
            "changes": recent_changes(30, proposition=proposition),
            "chart": stance_timeline(charted, label="actor"),
            "chart_table": chart_table(charted, label="actor"),
            "job": job,
            "history_shown": HISTORY_ROWS if any(p.earlier for p in charted) else None,
        },
    )
