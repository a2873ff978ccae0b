"""Editors manage outlets and feeds: list, create, edit, deactivate; feeds also pause and poll now."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.background import tasks_in_background
from common.roles import editor_required

from .. import services
from ..forms import FeedForm, OutletForm
from ..models import Feed, Outlet
from ..selectors import feed_list, outlet_list


def _add_errors(form, exc: ValidationError) -> None:
    """A service's refusal shown on the form: per field when it names one, else above the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _outlets_page(request: HttpRequest, form: OutletForm | None = None, status: int = 200) -> HttpResponse:
    context = {"outlets": outlet_list(), "form": form or OutletForm(), "tab": "outlets"}
    return render(request, "sources/outlets.html", context, status=status)


@require_http_methods(["GET", "POST"])
@editor_required
def outlets(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _outlets_page(request)
    form = OutletForm(request.POST)
    if form.is_valid():
        try:
            outlet = services.create_outlet(**form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, f"Outlet “{outlet.name}” added.")
            return redirect("manage:outlets")
    return _outlets_page(request, form, status=400)


@require_http_methods(["GET", "POST"])
@editor_required
def outlet_edit(request: HttpRequest, pk: int) -> HttpResponse:
    outlet = get_object_or_404(Outlet, pk=pk)
    if request.method == "GET":
        form = OutletForm(initial={f: getattr(outlet, f) for f in OutletForm.base_fields})
        return render(request, "sources/outlet_edit.html", {"outlet": outlet, "form": form, "tab": "outlets"})
    form = OutletForm(request.POST)
    if form.is_valid():
        try:
            services.update_outlet(outlet=outlet, data=form.cleaned_data)
        except ValidationError as exc:
            outlet.refresh_from_db()
            _add_errors(form, exc)
        else:
            messages.success(request, f"Outlet “{outlet.name}” saved.")
            return redirect("manage:outlets")
    context = {"outlet": outlet, "form": form, "tab": "outlets"}
    return render(request, "sources/outlet_edit.html", context, status=400)


@require_POST
@editor_required
def outlet_active(request: HttpRequest, pk: int) -> HttpResponse:
    active = request.POST.get("active") == "1"
    outlet = services.set_outlet_active(outlet_id=get_object_or_404(Outlet, pk=pk).pk, active=active)
    if active:
        messages.success(request, f"Outlet “{outlet.name}” is active again (its feeds stay paused).")
    else:
        messages.success(request, f"Outlet “{outlet.name}” deactivated; its feeds are paused.")
    return redirect("manage:outlets")


def _feeds_page(request: HttpRequest, form: FeedForm | None = None, status: int = 200) -> HttpResponse:
    context = {"feeds": feed_list(), "form": form or FeedForm(), "tab": "feeds"}
    return render(request, "sources/feeds.html", context, status=status)


@require_http_methods(["GET", "POST"])
@editor_required
def feeds(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _feeds_page(request)
    form = FeedForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            added = services.add_feed(
                url=data["url"],
                outlet_name=data["outlet"].name if data["outlet"] else "",
                every_minutes=data["poll_interval_minutes"],
            )
            if data["title"]:
                services.update_feed(feed=added.obj, data={"title": data["title"]})
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            verb = (
                "added; it is polled within a minute by beat, or now with “Poll now”"
                if added.created
                else "was already registered; updated"
            )
            messages.success(request, f"Feed {added.obj.url} {verb}.")
            return redirect("manage:feeds")
    return _feeds_page(request, form, status=400)


@require_http_methods(["GET", "POST"])
@editor_required
def feed_edit(request: HttpRequest, pk: int) -> HttpResponse:
    feed = get_object_or_404(Feed.objects.select_related("outlet"), pk=pk)
    if request.method == "GET":
        initial = {"url": feed.url, "outlet": feed.outlet_id, "title": feed.title}
        initial["poll_interval_minutes"] = feed.poll_interval_minutes
        context = {"feed": feed, "form": FeedForm(initial=initial), "tab": "feeds"}
        return render(request, "sources/feed_edit.html", context)
    form = FeedForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        if data["poll_interval_minutes"] is None:
            data.pop("poll_interval_minutes")
        try:
            services.update_feed(feed=feed, data=data)
        except ValidationError as exc:
            feed.refresh_from_db()
            _add_errors(form, exc)
        else:
            messages.success(request, f"Feed {feed.url} saved.")
            return redirect("manage:feeds")
    return render(request, "sources/feed_edit.html", {"feed": feed, "form": form, "tab": "feeds"}, status=400)


@require_POST
@editor_required
def feed_active(request: HttpRequest, pk: int) -> HttpResponse:
    active = request.POST.get("active") == "1"
    feed = services.set_feed_active(feed_id=get_object_or_404(Feed, pk=pk).pk, active=active)
    messages.success(request, f"Feed {feed.url} {'resumed: due now' if active else 'paused'}.")
    return redirect("manage:feeds")


@require_POST
@editor_required
def feed_poll(request: HttpRequest, pk: int) -> HttpResponse:
    feed = get_object_or_404(Feed, pk=pk)
    with tasks_in_background():
        services.request_poll(feed_id=feed.pk)
    messages.success(
        request, f"Polling {feed.url} now: its new items appear on the ingest page as they are read."
    )
    return redirect("manage:feeds")


@require_GET
@editor_required
def index(request: HttpRequest) -> HttpResponse:
    return redirect("manage:outlets")
