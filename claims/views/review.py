"""The review queue: one candidate at a time (or a list), decided by keyboard, with htmx partials.

Without JavaScript every action is a plain form post that redirects to the next candidate; with htmx
the card is swapped in place. All writes go through claims.services with the version the editor saw.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from actors.selectors import (
    actor_by_id,
    actor_by_name,
    actors_awaiting_confirmation,
    search_actors,
    speakers_of,
)
from common.params import as_id
from common.roles import editor_required
from sources.selectors import article_title_of, articles_by_title, outlets_by_name

from .. import services
from ..forms import EditStatementForm
from ..models import Proposition, Statement
from ..selectors import (
    QueueFilters,
    active_propositions,
    card_text,
    event_changes,
    next_in_queue,
    paragraph_context,
    pending_statements,
    review_queue,
    statement_history,
    with_review_context,
)
from ..services.review import UndoRefused

if TYPE_CHECKING:
    from actors.models import Actor

TRAIL_KEY = "review_trail"
STANCE_BUTTONS = (("accept", "Accept", "c"), ("flip", "Flip", "f"), ("drop", "Drop", "d"))


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _filters(request: HttpRequest) -> QueueFilters:
    return QueueFilters.from_query(request.POST if request.method == "POST" else request.GET)


def _queue_url(filters: QueueFilters, **extra) -> str:
    query = {**filters.as_query(), **{k: v for k, v in extra.items() if v not in (None, "")}}
    return reverse("review:queue") + (f"?{urlencode(query)}" if query else "")


def _remember(request: HttpRequest, statement_id: int) -> int | None:
    """Keep the ids the editor has seen, so `k` goes back; returns the one seen before this."""
    trail = [i for i in request.session.get(TRAIL_KEY, []) if i != statement_id]
    previous = trail[-1] if trail else None
    request.session[TRAIL_KEY] = (trail + [statement_id])[-50:]
    return previous


def _selected_stance(stances: list, filters: QueueFilters, wanted: int | None) -> int | None:
    """The stance the keys c/f/d act on: the one just acted on while unreviewed, else the first
    unreviewed (the filtered proposition's first), else the one asked for, else the first."""
    unreviewed = [s.proposition_id for s in stances if not s.is_confirmed]
    if wanted in unreviewed:
        return wanted
    if filters.proposition in unreviewed:
        return filters.proposition
    if unreviewed:
        return unreviewed[0]
    ids = [s.proposition_id for s in stances]
    if wanted in ids:
        return wanted
    return filters.proposition if filters.proposition in ids else (ids[0] if ids else None)


def _card_context(request: HttpRequest, statement: Statement | None, filters: QueueFilters, **extra) -> dict:
    queue = review_queue(user=request.user, filters=filters)
    selected = extra.pop("selected", None)
    context = {
        "statement": statement,
        "filters": filters,
        "filter_query": urlencode(filters.as_query()),
        "remaining": queue.count(),
        "undoable": services.last_undoable(request.user),
        **extra,
    }
    if statement is not None:
        stances = sorted(
            statement.stances.all(), key=lambda s: (s.is_confirmed, -s.confidence, s.proposition_id)
        )
        evidence = [item for stance in stances for item in (stance.evidence or [])]
        context["text"] = card_text(statement.article.text, statement.start, statement.end, evidence)
        context["previous_id"] = _remember(request, statement.pk)
        context["stances"] = stances
        context["selected_stance"] = _selected_stance(stances, filters, selected)
        context["stance_buttons"] = STANCE_BUTTONS
        context["has_evidence"] = bool(evidence)
    return context


def _render_card(
    request: HttpRequest, statement: Statement | None, filters: QueueFilters, *, status: int = 200, **extra
) -> HttpResponse:
    if statement is not None and statement.status == Statement.Status.PENDING:
        services.claim(statement_id=statement.pk, user=request.user)
    context = _card_context(request, statement, filters, **extra)
    if _is_htmx(request):
        return render(request, "claims/_review_card.html", {**context, "oob": True}, status=status)
    context.update(_page_context(filters))
    return render(request, "claims/review.html", context, status=status)


def _page_context(filters: QueueFilters) -> dict:
    """The filters' choices: outlets, speakers with pending candidates, tracked propositions, and the
    chosen article's title for its picker."""
    article = article_title_of(filters.article)
    return {
        "outlets": outlets_by_name(),
        "speakers": speakers_of(pending_statements()),
        "propositions": active_propositions(),
        "filter_article": article,
    }


def _load(pk: int) -> Statement:
    try:
        return with_review_context(Statement.objects.filter(pk=pk)).get()
    except Statement.DoesNotExist:
        raise Http404("No such statement") from None


def _next_after(request: HttpRequest, statement: Statement | None, filters: QueueFilters) -> Statement | None:
    queue = review_queue(user=request.user, filters=filters)
    for _ in range(5):  # another editor may grab the one we pick; try a few
        candidate = next_in_queue(queue, statement, filters)
        if candidate is None:
            return None
        if services.claim(statement_id=candidate.pk, user=request.user):
            return _load(candidate.pk)
        queue = queue.exclude(pk=candidate.pk)
    return None


@require_GET
@editor_required
def queue_page(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    if request.GET.get("view") == "list":
        return _list_page(request, filters)
    item = as_id(request.GET.get("item"))
    if item is not None:
        statement = _load(item)
        if statement.status == Statement.Status.PENDING and not services.claim(
            statement_id=statement.pk, user=request.user
        ):
            messages.warning(
                request,
                f"{statement.claimed_by} has this candidate open; you can read it, but "
                "your decision may conflict with theirs.",
            )
    else:
        services.release_claims(user=request.user)
        statement = _next_after(request, None, filters)
    return _render_card(request, statement, filters)


def _list_page(request: HttpRequest, filters: QueueFilters) -> HttpResponse:
    queue = with_review_context(review_queue(user=request.user, filters=filters))
    page = Paginator(queue, 50).get_page(request.GET.get("page"))
    for statement in page:  # what "Approve selected" will confirm with each (stances are prefetched)
        statement.unconfirmed_stances = sum(not s.is_confirmed for s in statement.stances.all())
    context = {
        "page": page,
        "filters": filters,
        "filter_query": urlencode(filters.as_query()),
        "remaining": page.paginator.count,
        **_page_context(filters),
    }
    return render(request, "claims/review_list.html", context)


def _version(request: HttpRequest) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


def _after_decision(
    request: HttpRequest, statement: Statement, filters: QueueFilters, note: str
) -> HttpResponse:
    nxt = _next_after(request, statement, filters)
    if _is_htmx(request):
        return _render_card(request, nxt, filters, flash=note)
    messages.success(request, note)
    return redirect(_queue_url(filters, item=nxt.pk if nxt else None))


def _conflict(request: HttpRequest, exc: services.StaleVersion, filters: QueueFilters) -> HttpResponse:
    """The current values and every change since the version the editor saw, not just the last one."""
    statement = _load(exc.statement.pk)
    conflict = {"events": [(event, event_changes(event)) for event in exc.events_since]}
    return _render_card(request, statement, filters, conflict=conflict, status=409)


@require_POST
@editor_required
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    filters = _filters(request)
    statement = _load(pk)
    try:
        statement = services.approve_statement(statement_id=pk, user=request.user, version=_version(request))
    except services.StaleVersion as exc:
        return _conflict(request, exc, filters)
    except services.ReviewError as exc:
        return _render_card(request, statement, filters, error=str(exc), status=400)
    return _after_decision(request, statement, filters, f"Approved: {_who(statement)}.")


@require_POST
@editor_required
def reject(request: HttpRequest, pk: int) -> HttpResponse:
    filters = _filters(request)
    statement = _load(pk)
    try:
        statement = services.reject_statement(
            statement_id=pk,
            user=request.user,
            version=_version(request),
            reason=request.POST.get("reason", ""),
        )
    except services.StaleVersion as exc:
        return _conflict(request, exc, filters)
    except services.ReviewError as exc:
        return _render_card(request, statement, filters, error=str(exc), status=400)
    return _after_decision(request, statement, filters, f"Rejected: {_who(statement)}.")


def _who(statement: Statement) -> str:
    name = (
        statement.speaker.name if statement.speaker_id else (statement.speaker_mention or "unknown speaker")
    )
    words = statement.text if len(statement.text) <= 60 else statement.text[:59] + "…"
    return f"{name} — “{words}”"


@require_POST
@editor_required
def skip(request: HttpRequest, pk: int) -> HttpResponse:
    filters = _filters(request)
    statement = _load(pk)
    services.release_claims(user=request.user)
    nxt = _next_after(request, statement, filters)
    if _is_htmx(request):
        return _render_card(request, nxt, filters)
    return redirect(_queue_url(filters, item=nxt.pk if nxt else None))


@require_POST
@editor_required
def undo(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    try:
        statement = services.undo_last(user=request.user)
    except (services.ReviewError, UndoRefused) as exc:
        # Someone else's later change stands; say so on the card the editor is on, and the next undo moves on.
        status = 409 if isinstance(exc, UndoRefused) else 200
        if _is_htmx(request):
            current = as_id(request.POST.get("current"))
            return _render_card(
                request,
                _load(current) if current is not None else None,
                filters,
                error=str(exc),
                status=status,
            )
        messages.error(request, str(exc))
        return redirect(_queue_url(filters))
    except services.StaleVersion as exc:
        return _conflict(request, exc, filters)
    note = f"Undone: {_who(statement)} is {statement.get_status_display().lower()} again."
    if _is_htmx(request):
        return _render_card(request, _load(statement.pk), filters, flash=note)
    messages.success(request, note)
    return redirect(_queue_url(filters, item=statement.pk))


@editor_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    filters = _filters(request)
    statement = _load(pk)
    propositions = active_propositions()
    if request.method == "POST":
        form = EditStatementForm(request.POST, statement=statement, propositions=propositions)
        if form.is_valid():
            try:
                statement = services.edit_statement(
                    statement_id=pk,
                    user=request.user,
                    version=_version(request),
                    changes=form.changes(),
                    new_speaker=form.new_speaker(),
                )
            except services.StaleVersion as exc:
                return _conflict(request, exc, filters)
            except services.ReviewError as exc:
                form.add_error(None, str(exc))
            else:
                if request.POST.get("then") == "approve":
                    try:
                        statement = services.approve_statement(
                            statement_id=pk, user=request.user, version=statement.version
                        )
                    except services.StaleVersion as exc:
                        return _conflict(request, exc, filters)
                    return _after_decision(
                        request, statement, filters, f"Edited and approved: {_who(statement)}."
                    )
                if _is_htmx(request):
                    return _render_card(request, _load(pk), filters, flash="Saved.")
                messages.success(request, "Saved.")
                return redirect(_queue_url(filters, item=pk))
        status = 400
    else:
        form = EditStatementForm(statement=statement, propositions=propositions)
        status = 200
    context = {
        "statement": statement,
        "form": form,
        "filters": filters,
        "filter_query": urlencode(filters.as_query()),
        "context": paragraph_context(statement.article.text, statement.start, statement.end),
    }
    template = "claims/_review_edit.html" if _is_htmx(request) else "claims/review_edit.html"
    return render(request, template, context, status=status)


@require_POST
@editor_required
def bulk(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    action = request.POST.get("action")
    versions = {}
    for value in request.POST.getlist("selected"):
        sid, _, version = value.partition(":")
        if as_id(sid) is not None and as_id(version) is not None:
            versions[as_id(sid)] = as_id(version)
    if not versions:
        messages.error(request, "Select at least one candidate.")
    else:
        try:
            result = services.bulk_decide(
                user=request.user, action=action, versions=versions, reason=request.POST.get("reason", "")
            )
        except services.ReviewError as exc:
            messages.error(request, str(exc))
        else:
            if action == "approve":
                messages.success(
                    request,
                    f"Approved {len(result.done)} candidate(s) and confirmed their "
                    f"{result.stances_confirmed} suggested stance(s).",
                )
            else:
                messages.success(request, f"Rejected {len(result.done)} candidate(s).")
            if result.stale:
                messages.warning(
                    request,
                    f"{len(result.stale)} candidate(s) changed since you loaded the list and "
                    "were left alone: " + ", ".join(f"#{i}" for i in result.stale),
                )
    return redirect(_queue_url(filters, view="list"))


STANCE_ACTIONS = {
    "accept": services.accept_stance,
    "flip": services.flip_stance,
    "drop": services.drop_stance,
}


@require_POST
@editor_required
def stance(request: HttpRequest, pk: int, proposition_id: int, action: str) -> HttpResponse:
    """Accept, flip or drop one stance of the statement (keys c, f, d); the card stays on the statement."""
    decide = STANCE_ACTIONS.get(action)
    if decide is None:
        raise Http404("No such stance action")
    filters = _filters(request)
    statement = _load(pk)
    try:
        statement = decide(
            statement_id=pk, proposition_id=proposition_id, user=request.user, version=_version(request)
        )
    except services.StaleVersion as exc:
        return _conflict(request, exc, filters)
    except services.ReviewError as exc:
        return _render_card(request, statement, filters, error=str(exc), status=400, selected=proposition_id)
    note = _stance_note(statement, proposition_id, action)
    if _is_htmx(request):
        return _render_card(request, _load(pk), filters, flash=note, selected=proposition_id)
    messages.success(request, note)
    return redirect(_queue_url(filters, item=pk))


def _stance_note(statement: Statement, proposition_id: int, action: str) -> str:
    title = Proposition.objects.filter(pk=proposition_id).values_list("title", flat=True).first() or "?"
    if action == "drop":
        return f"Dropped the stance on “{title}”."
    polarity = (
        statement.stances.filter(proposition_id=proposition_id).values_list("polarity", flat=True).first()
    )
    verb = "Accepted" if action == "accept" else "Flipped to"
    return f"{verb} “{polarity}” on “{title}”. Press a to approve the statement."


@require_GET
@editor_required
def article_search(request: HttpRequest) -> HttpResponse:
    """The queue filter's article picker (htmx): articles with pending candidates, by title."""
    q = " ".join((request.GET.get("q") or request.GET.get("article_title") or "").split())[:200]
    articles = articles_by_title(q, statements=pending_statements()) if q else []
    return render(request, "claims/_article_options.html", {"articles": articles, "q": q})


@require_GET
@editor_required
def history(request: HttpRequest, pk: int) -> HttpResponse:
    statement = _load(pk)
    rows = [(event, event_changes(event)) for event in statement_history(pk)]
    return render(request, "claims/review_history.html", {"statement": statement, "rows": rows})


# --- Actors ----------------------------------------------------------------------------------------------


@require_GET
@editor_required
def actor_search(request: HttpRequest) -> HttpResponse:
    """Autocomplete over actors' names and aliases (htmx), confirmed actors first."""
    target = request.GET.get("target", "speaker")
    target = target if target in ("speaker", "via", "merge") else "speaker"
    q = (request.GET.get("q") or request.GET.get(target) or "").strip()
    actors = list(search_actors(q).order_by("-is_confirmed", "name")[:10]) if q else []
    return render(request, "claims/_actor_options.html", {"actors": actors, "q": q, "target": target})


@require_GET
@editor_required
def unconfirmed_actors(request: HttpRequest) -> HttpResponse:
    return render(request, "claims/unconfirmed_actors.html", {"actors": actors_awaiting_confirmation()})


@require_POST
@editor_required
def confirm_actor(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor_or_404(pk)
    services.confirm_actor(actor_id=actor.pk, user=request.user)
    messages.success(request, f"{actor.name} is confirmed.")
    return redirect("review:actors")


@require_POST
@editor_required
def merge_actor(request: HttpRequest, pk: int) -> HttpResponse:
    source = _actor_or_404(pk)
    target = _resolve_actor(request.POST.get("target_id", ""), request.POST.get("merge", ""))
    if target is None:
        messages.error(request, f"Choose the existing actor to merge {source.name} into.")
        return redirect("review:actors")
    try:
        services.merge_actor(source_id=source.pk, target_id=target.pk, user=request.user)
    except services.ReviewError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, f"Merged {source.name} into {target.name}; “{source.name}” now resolves to them."
        )
    return redirect("review:actors")


def _actor_or_404(pk: int) -> Actor:
    actor = actor_by_id(pk)
    if actor is None:
        raise Http404("No such actor.")
    return actor


def _resolve_actor(actor_id: str, text: str) -> Actor | None:
    return actor_by_id(as_id(actor_id)) or actor_by_name(text)
