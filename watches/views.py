"""The notifications page, the watches page (what you watch, email, feed, webhooks), the watch buttons
and the private Atom feed. Thin: reads from selectors, every write through watches.services."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from actors.selectors import actor_list
from claims.selectors import proposition_by_id
from common.params import as_id
from common.roles import analyst_required, is_editor

from . import selectors, services
from .models import EmailMode, Watch, WatchKind, Webhook

if TYPE_CHECKING:
    from actors.models import Actor
    from claims.models import Proposition


def _back(request: HttpRequest, default: str) -> HttpResponseRedirect:
    target = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = default
    return redirect(target)


@require_GET
@analyst_required
def notifications_page(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("show") == "unread"
    notifications = selectors.notifications_of(request.user, unread_only=unread_only)
    page = Paginator(notifications, 50).get_page(request.GET.get("page"))
    return render(request, "watches/notifications.html", {"page": page, "unread_only": unread_only})


@require_POST
@analyst_required
def mark_read(request: HttpRequest) -> HttpResponse:
    """One notification (`notification`) or all of them read; `unread=1` marks one unread again."""
    notification_id = as_id(request.POST.get("notification", ""))
    if request.POST.get("unread") and notification_id:
        services.mark_unread(user=request.user, notification_id=notification_id)
    elif notification_id:
        services.mark_read(user=request.user, notification_ids=[notification_id])
    elif request.POST.get("notification"):
        messages.error(request, "No such notification.")
    else:
        count = services.mark_read(user=request.user)
        messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked read.")
    return _back(request, reverse("watches:notifications"))


def _subject(request: HttpRequest) -> tuple[Actor | None, Proposition | None]:
    """The actor and proposition named by the form, as the user may see them (Http404 otherwise)."""
    actor = proposition = None
    if request.POST.get("actor"):
        actor_id = as_id(request.POST["actor"])
        actor = (
            actor_list(user_is_editor=is_editor(request.user)).filter(pk=actor_id).first()
            if actor_id
            else None
        )
        if actor is None:
            raise Http404("No such actor")
    if request.POST.get("proposition"):
        proposition = proposition_by_id(as_id(request.POST["proposition"]))
        if proposition is None:
            raise Http404("No such proposition")
    if actor is None and proposition is None:
        raise Http404("Nothing to watch")
    return actor, proposition


@require_POST
@analyst_required
def watch_button(request: HttpRequest) -> HttpResponse:
    """Watch or stop watching the subject of a button; htmx gets the new button, a form a redirect."""
    actor, proposition = _subject(request)
    existing = selectors.watch_on(
        request.user,
        actor_id=actor.pk if actor else None,
        proposition_id=proposition.pk if proposition else None,
    )
    if request.POST.get("action") == "unwatch":
        if existing is not None:
            services.unwatch(user=request.user, watch_id=existing.pk)
    else:
        try:
            services.watch(user=request.user, actor=actor, proposition=proposition)
        except services.WatchError as exc:
            messages.error(request, str(exc))
    if request.headers.get("HX-Request"):
        request._watches_by_subject = None  # the buttons read the watches again
        from_tag = render_to_string(
            "watches/_watch_button_wrapper.html",
            {"actor": actor, "proposition": proposition, "label": request.POST.get("label", "")[:60]},
            request=request,
        )
        return HttpResponse(from_tag)
    return _back(request, reverse("watches:watches"))


@require_GET
@analyst_required
def watches_page(request: HttpRequest) -> HttpResponse:
    token = selectors.current_feed_token(request.user)
    return render(
        request,
        "watches/watches.html",
        {
            "watches": selectors.watches_of(request.user),
            "kinds": WatchKind.choices,
            "email_modes": EmailMode.choices,
            "email_mode": getattr(getattr(request.user, "alert_settings", None), "email_mode", EmailMode.OFF),
            "feed_url": request.build_absolute_uri(reverse("watches:feed", args=[token.token]))
            if token
            else "",
            "webhooks": selectors.webhooks_of(request.user),
            "deliveries": selectors.deliveries_of(request.user, limit=30),
        },
    )


@require_POST
@analyst_required
def watch_kinds(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        if request.POST.get("action") == "unwatch":
            services.unwatch(user=request.user, watch_id=pk)
            messages.success(request, "You no longer watch it.")
        else:
            services.update_watch(user=request.user, watch_id=pk, kinds=request.POST.getlist("kinds"))
            messages.success(request, "Saved what counts for this watch.")
    except Watch.DoesNotExist:
        raise Http404("No such watch") from None
    except services.WatchError as exc:
        messages.error(request, str(exc))
    return redirect("watches:watches")


@require_POST
@analyst_required
def email_setting(request: HttpRequest) -> HttpResponse:
    try:
        services.set_email_mode(user=request.user, mode=request.POST.get("email_mode", ""))
        messages.success(request, "Email setting saved.")
    except services.WatchError as exc:
        messages.error(request, str(exc))
    return redirect("watches:watches")


@require_POST
@analyst_required
def feed_address(request: HttpRequest) -> HttpResponse:
    """Make the feed address, or (renew) revoke it and make a new one."""
    if request.POST.get("action") == "renew":
        services.renew_feed_token(user=request.user)
        messages.success(request, "The old feed address no longer works; here is the new one.")
    else:
        services.feed_token(user=request.user)
    return redirect(reverse("watches:watches") + "#feed")


@require_POST
@analyst_required
def webhook_action(request: HttpRequest) -> HttpResponse:
    action = request.POST.get("action", "add")
    try:
        if action == "add":
            services.add_webhook(user=request.user, url=request.POST.get("url", ""))
            messages.success(request, "Webhook added: its secret is shown below.")
        else:
            webhook_id = as_id(request.POST.get("webhook", ""))
            if webhook_id is None:
                raise Webhook.DoesNotExist
            if action == "delete":
                services.delete_webhook(user=request.user, webhook_id=webhook_id)
                messages.success(request, "Webhook removed.")
            elif action in ("pause", "resume"):
                services.update_webhook(
                    user=request.user, webhook_id=webhook_id, is_active=action == "resume"
                )
            elif action == "secret":
                services.update_webhook(user=request.user, webhook_id=webhook_id, new_secret_key=True)
                messages.success(request, "New secret made: the old one no longer signs deliveries.")
    except Webhook.DoesNotExist:
        raise Http404("No such webhook") from None
    except services.WatchError as exc:
        messages.error(request, str(exc))
    return redirect(reverse("watches:watches") + "#webhooks")
