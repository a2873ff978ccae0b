from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from claims.models import Statement
from tracker.roles import analyst_required, is_editor

from .models import Actor
from .selectors import actor_detail, actor_list


@require_GET
@analyst_required
def actor_index(request: HttpRequest) -> HttpResponse:
    actors = actor_list()
    kind = request.GET.get("kind")
    if kind in Actor.Kind.values:
        actors = actors.filter(kind=kind)
    page = Paginator(actors, 100).get_page(request.GET.get("page"))
    return render(request, "actors/actor_list.html", {"page": page, "kinds": Actor.Kind.choices, "kind": kind})


@require_GET
@analyst_required
def actor_page(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        actor = actor_detail(slug)
    except Actor.DoesNotExist:
        raise Http404("No such actor") from None
    statements = actor.statements.select_related("article", "article__outlet", "via").order_by("-said_on", "-id")
    if not is_editor(request.user):
        statements = statements.filter(status=Statement.Status.APPROVED)
    statements = statements[:200]
    return render(request, "actors/actor_detail.html", {"actor": actor, "statements": statements})
