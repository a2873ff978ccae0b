from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.db.models import F
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from actors.selectors import actor_list
from sources.selectors import article_list

from .roles import analyst_required, is_editor


@require_GET
@analyst_required
def home(request: HttpRequest) -> HttpResponse:
    """The morning page: latest approved statements, position changes, sides per proposition, backlog."""
    from claims.models import Proposition, Statement
    from claims.positions import recent_changes, side_counts
    from claims.selectors import once_per_cluster
    from sources.models import Article

    latest = once_per_cluster(
        Statement.objects.filter(status=Statement.Status.APPROVED)
        .select_related("speaker", "article__outlet")
        .defer(*Article.bodies_of("article__"))
        .order_by(F("said_on").desc(nulls_last=True), "-id"),
        user_is_editor=False,
    )[:15]
    counts = side_counts()
    propositions = [
        (p, counts.get(p.pk, {})) for p in Proposition.objects.filter(is_active=True).order_by("title")
    ]
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


@login_not_required
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers and `make run` scripts: is the app up and can it reach its database?"""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:  # noqa: BLE001 - any database failure means "not healthy"
        return JsonResponse({"status": "error", "database": str(exc)}, status=503)
    return JsonResponse({"status": "ok"})
