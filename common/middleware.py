"""Query strings checked once, before any view: a parameter with a control character is refused.

PostgreSQL cannot hold a NUL in a text value, so a `?q=` with one made every search, filter and export
that passes it to the database fail (a 500, or an export cut off mid-stream). No view can do anything
useful with a control character in a parameter, so they are refused here, for every page, fragment,
export and API call, with a 400 that names the parameter (the API's JSON error body under /api/).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.html import format_html

from .params import CONTROL_CHARACTER, has_control_character


def bad_parameter(query) -> str | None:
    """The name of the first parameter (or a name) in a QueryDict holding a control character."""
    for name, values in query.lists():
        if has_control_character(name) or any(has_control_character(value) for value in values):
            return name
    return None


class QueryStringGuard:
    """Refuses a request whose query string has a control character, after the login check (so an
    anonymous visitor is still sent to log in) and before the view."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        name = bad_parameter(request.GET)
        if name is None:
            return None
        shown = CONTROL_CHARACTER.sub("?", name)[:80]
        detail = (
            f"The parameter {shown!r} holds a control character (such as NUL), which no page can use: "
            "remove it and try again."
        )
        if request.path_info.startswith("/api/"):
            return JsonResponse({"status": 400, "code": "invalid", "detail": detail}, status=400)
        if request.headers.get("HX-Request"):  # a fragment: the message alone, where the fragment goes
            return HttpResponse(format_html('<p class="error" role="alert">{}</p>', detail), status=400)
        return render(request, "400.html", {"detail": detail}, status=400)
