"""The home page: what an analyst reads first in the morning."""

from __future__ import annotations

from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from actors.selectors import actor_list
from common.roles import analyst_required, is_editor
from sources.models import Article
from sources.selectors import article_list

from ..models import Statement
from ..positions import recent_changes, side_counts
from ..selectors import active_propositions, once_per_cluster


@require_GET
@analyst_required
def home(request: HttpRequest) -> HttpResponse:
    """The morning page: latest approved statements, position changes, sides per proposition, backlog."""
    latest = once_per_cluster(
        Statement.objects.filter(status=Statement.Status.APPROVED)
        .select_related("speaker", "article__outlet")
        .defer(*Article.bodies_of("article__"))
        .order_by(F("said_on").desc(nulls_last=True), "-id"),
        user_is_editor=False,
    )[:15]
    counts = side_counts()
    propositions = [(p, counts.get(p.pk, {})) for p in active_propositions()]
    editor = is_editor(request.user)
    backlog = Statement.objects.filter(status=Statement.Status.PENDING).count() if editor else None
    return render(
        request,
        "home.html",
        {
            "latest": latest,
            "changes": recent_changes(8),
            "propositions": propositions,
            "backlog": backlog,
            "articles": article_list(user_is_editor=editor)[:10],
            "actors": actor_list(user_is_editor=editor)[:40],
        },
    )
