"""Shared REST API pieces: cursor pagination, one error body shape, role permissions."""

from __future__ import annotations

from django.urls import reverse
from rest_framework import status
from rest_framework.pagination import CursorPagination
from rest_framework.views import exception_handler as drf_exception_handler

from .permissions import IsAnalyst, IsEditor  # noqa: F401 - re-exported for the apps' API modules


class Cursor(CursorPagination):
    """Stable pages however fast the data grows; `page_size` up to 200."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = "-id"


CODES = {
    400: "invalid", 401: "not_authenticated", 403: "permission_denied", 404: "not_found",
    405: "method_not_allowed", 406: "not_acceptable", 409: "conflict", 415: "unsupported_media_type",
    429: "throttled",
}


def exception_handler(exc, context):
    """Every error answers {"status", "code", "detail"} (+ "fields" for invalid input)."""
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    body = {"status": response.status_code, "code": CODES.get(response.status_code, "error")}
    if isinstance(data, dict) and set(data) - {"detail"}:
        body["detail"] = data.get("detail", "Invalid input: see fields.")
        body["fields"] = {k: v for k, v in data.items() if k != "detail"}
    elif isinstance(data, dict):
        body["detail"] = data.get("detail", "")
    else:
        body["detail"] = "Invalid input."
        body["fields"] = {"non_field_errors": data}
    if response.status_code == status.HTTP_429_TOO_MANY_REQUESTS and getattr(exc, "wait", None):
        body["retry_after_seconds"] = int(exc.wait)
    response.data = body
    return response


class LocationOnCreate:
    """201 Created answers with a Location header naming the new resource."""

    def create(self, request, *args, **kwargs):
        response = super().create(request, *args, **kwargs)
        instance = getattr(self, "_created", None)
        if response.status_code == status.HTTP_201_CREATED and instance is not None:
            lookup = getattr(instance, self.lookup_field)
            response["Location"] = reverse(f"api:{self.basename}-detail", args=[lookup])
        return response

    def perform_create(self, serializer):
        super().perform_create(serializer)
        self._created = serializer.instance
