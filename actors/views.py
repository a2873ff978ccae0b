from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from claims.charts import chart_table, history_marks, stance_timeline
from claims.positions import positions
from claims.selectors import TimelineCursor, active_propositions, actor_timeline, timeline_page
from common.params import as_id
from common.roles import analyst_required, is_editor
from sources.selectors import outlets_by_name

from .models import Actor
from .selectors import actor_detail, actor_list, search_actors

HISTORY_ROWS = 10  # latest stances shown per position: a long record does not make the page slower
TIMELINE_ROWS = 25


@require_GET
@analyst_required
def actor_index(request: HttpRequest) -> HttpResponse:
    actors = actor_list(user_is_editor=is_editor(request.user))
    kind = request.GET.get("kind")
    if kind in Actor.Kind.values:
        actors = actors.filter(kind=kind)
    q = request.GET.get("q", "").strip()[:100]
    if q:
        actors = search_actors(q, actors=actors)
    page = Paginator(actors, 100).get_page(request.GET.get("page"))
    return render(
        request, "actors/actor_list.html", {"page": page, "kinds": Actor.Kind.choices, "kind": kind, "q": q}
    )


@require_GET
@analyst_required
def actor_page(request: HttpRequest, slug: str) -> HttpResponse:
    editor = is_editor(request.user)
    try:
        actor = actor_detail(slug, user_is_editor=editor)
    except Actor.DoesNotExist:
        raise Http404("No such actor") from None
    proposition = request.GET.get("proposition", "")
    outlet = request.GET.get("outlet", "")
    statements = actor_timeline(actor, user_is_editor=editor, proposition=proposition, outlet=as_id(outlet))
    after = TimelineCursor.parse(request.GET.get("after"))
    newer = TimelineCursor.parse(request.GET.get("newer"))
    # keyset pages both ways ("older →", "← newer"): no count of the record
    page = timeline_page(statements, after=after, newer=newer, size=TIMELINE_ROWS)
    context = {
        "actor": actor,
        "page": page,
        "after": after,
        "proposition": proposition,
        "outlet": outlet,
        "propositions": active_propositions(),
        "outlets": outlets_by_name(),
    }
    if request.headers.get("HX-Target") == "statements":
        # A filter or page change from the page itself: only the timeline is redrawn.
        response = render(request, "actors/_statements.html", context)
        patch_vary_headers(response, ["HX-Target"])  # never cache the fragment as the page
        return response
    # The page draws each position's latest stances and dates, never its latest statement's words or
    # source: statements=False spares joining four tables and building their rows.
    held = positions(actor=actor, history=HISTORY_ROWS, statements=False)
    response = render(
        request,
        "actors/actor_detail.html",
        {
            **context,
            "positions": held,
            "position_rows": [(p, history_marks(p)) for p in held],
            "chart": stance_timeline(held, label="proposition"),
            "chart_table": chart_table(held, label="proposition"),
            "history_shown": HISTORY_ROWS if any(p.earlier for p in held) else None,
            "member_positions": positions(member_of=actor, history=False, statements=False)
            if actor.members.all()  # prefetched: an actor without members asks for none of their positions
            else [],
        },
    )
    patch_vary_headers(response, ["HX-Target"])
    return response
