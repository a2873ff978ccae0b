"""The home page: what an analyst reads first in the morning."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from actors.selectors import actor_names
from common.roles import analyst_required, is_editor
from sources.selectors import latest_articles

from ..positions import recent_changes, side_counts
from ..selectors import active_propositions, latest_approved, pending_statements


@require_GET
@analyst_required
def home(request: HttpRequest) -> HttpResponse:
    """The morning page: latest approved statements, position changes, sides per proposition, backlog."""
    latest = latest_approved(limit=15)
    counts = side_counts()
    propositions = [(p, counts.get(p.pk, {})) for p in active_propositions()]
    editor = is_editor(request.user)
    backlog = pending_statements().count() if editor else None
    return render(
        request,
        "home.html",
        {
            "latest": latest,
            "changes": recent_changes(8),
            "propositions": propositions,
            "backlog": backlog,
            "articles": latest_articles(10),
            "actors": actor_names(user_is_editor=editor).only("name", "slug", "is_confirmed")[:40],
        },
    )
