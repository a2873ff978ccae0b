"""Shared REST API pieces: keyset cursor pagination, one error body shape (also in the OpenAPI schema),
role permissions, slugs made from names."""

from __future__ import annotations

import binascii
import json
import re
from base64 import urlsafe_b64decode, urlsafe_b64encode
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import (
    FieldDoesNotExist,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.db.models import F, Q
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, resolve, reverse
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers, status
from rest_framework.exceptions import APIException, NotFound, ParseError, ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.utils.urls import remove_query_param, replace_query_param
from rest_framework.views import exception_handler as drf_exception_handler

from .slugs import has_letter_or_digit

if (
    TYPE_CHECKING
):  # DRF's viewsets import this module's Cursor (DEFAULT_PAGINATION_CLASS): no import at run time
    from rest_framework.viewsets import ModelViewSet as _ModelViewSet
else:
    _ModelViewSet = object

NOTHING = Q(pk__in=[])
EXAMPLE_SERVER = "https://tracker.example.org"
NON_FIELD_ERRORS = api_settings.NON_FIELD_ERRORS_KEY


@dataclass(frozen=True)
class _Key:
    """One column of a keyset ordering. NULL sorts as larger than any value (as in PostgreSQL):
    last when ascending, first when descending."""

    field: models.Field
    descending: bool

    def flipped(self) -> _Key:
        return _Key(self.field, not self.descending)

    def order_by(self):
        column = F(self.field.attname)
        if not self.field.null:
            return column.desc() if self.descending else column.asc()
        return column.desc(nulls_first=True) if self.descending else column.asc(nulls_last=True)

    def after(self, value) -> Q:
        name = self.field.attname
        if self.descending:
            return Q(**{f"{name}__isnull": False}) if value is None else Q(**{f"{name}__lt": value})
        if value is None:
            return NOTHING
        later = Q(**{f"{name}__gt": value})
        return later | Q(**{f"{name}__isnull": True}) if self.field.null else later

    def equal(self, value) -> Q:
        name = self.field.attname
        return Q(**{f"{name}__isnull": True}) if value is None else Q(**{name: value})

    def encode(self, instance) -> str | None:
        """The column's value in a cursor, from a model instance or a row read as values (a dict)."""
        if isinstance(instance, dict):
            instance = SimpleNamespace(**{self.field.attname: instance[self.field.attname]})
        return None if getattr(instance, self.field.attname) is None else self.field.value_to_string(instance)

    def decode(self, raw):
        if raw is None:
            if not self.field.null:
                raise ValueError("NULL for a column that has none")
            return None
        if not isinstance(raw, str) or "\x00" in raw:
            raise ValueError("not a string")
        value = self.field.to_python(raw)
        self.field.run_validators(value)
        if isinstance(value, int) and not -(2**63) <= value < 2**63:
            raise ValueError("out of range")
        return value


class Cursor(CursorPagination):
    """Keyset pages that stay stable however fast the data grows; `page_size` up to 200.

    DRF's cursor keeps only the first ordering column (plus an offset), so nullable or tied columns
    (`said_on`, `confidence`, `name`) repeat or skip rows. This cursor holds every ordering column's
    value and always ends the ordering with the unique id."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering: str | tuple[str, ...] = "-id"

    def get_page_size(self, request) -> int:
        """`page_size` is a whole number from 1 (more than 200 sends 200); anything else is a 400 naming
        it, not a page of the default size the client did not ask for."""
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not re.fullmatch(r"[0-9]{1,9}", raw) or int(raw) < 1:
            raise ValidationError(
                {self.page_size_query_param: ["A whole number from 1 (at most 200 are sent)."]}
            )
        return min(int(raw), self.max_page_size)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1}
                parameter["description"] = (
                    f"Results per page (default {self.page_size}, at most {self.max_page_size})"
                )
        return parameters

    def get_paginated_response_schema(self, schema):
        """The page as it is sent: `next` and `previous` are always there, null at either end (DRF's own
        schema has an example URL ending in a stray quote and 3.0's `nullable`)."""
        link = {
            "type": ["string", "null"],
            "format": "uri",
            "examples": [f"{EXAMPLE_SERVER}/api/v1/actors/?cursor=eyJwIjpbNDg2XX0%3D"],
        }
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {
                "next": {**link, "description": "the next page; null on the last"},
                "previous": {**link, "description": "the page before; null on the first"},
                "results": schema,
            },
        }

    def paginate_queryset(self, queryset, request, view=None):
        reverse_, position = self.start(queryset, request, view)
        return self.finish(list(self.page_query(queryset, reverse_, position)), reverse_, position)

    def start(self, queryset, request, view=None) -> tuple[bool, list | None]:
        """Read the request's page size and cursor (400 or 404 when they are bad): (backwards?, the
        position the page continues from, None for the first page)."""
        self.request = request
        self.page_size = self.get_page_size(request)
        self.base_url = request.build_absolute_uri()
        self.keys = self._keys(queryset.model, self.get_ordering(request, queryset, view))
        return self._decode(request)

    def page_query(self, queryset, reverse_: bool, position: list | None):
        """`queryset` in the page's order, after `position`, one row more than a page (is there more?)."""
        keys = [key.flipped() for key in self.keys] if reverse_ else self.keys
        queryset = queryset.order_by(*(key.order_by() for key in keys))
        if position is not None:
            queryset = queryset.filter(self._after(keys, position))
        return queryset[: self.page_size + 1]

    def finish(self, rows: list, reverse_: bool, position: list | None) -> list:
        """The page of `rows` (what `page_query` read) and its links."""
        more = len(rows) > self.page_size
        self.page = rows[: self.page_size]
        if reverse_:
            self.page.reverse()
            self.has_next, self.has_previous = position is not None, more
        else:
            self.has_next, self.has_previous = more, position is not None
        self.display_page_controls = bool(self.has_next or self.has_previous) and self.template is not None
        return self.page

    @staticmethod
    def _keys(model, ordering) -> list[_Key]:
        """The ordering's columns up to the first unique one, then the id. Terms that are not a column
        of the model (a reverse relation such as `aliases`) are left out rather than answering 500."""
        keys, seen = [], set()
        for term in ordering:
            name = term.lstrip("-")
            try:
                field = model._meta.pk if name == "pk" else model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if not getattr(field, "concrete", False) or field.many_to_many or field.attname in seen:
                continue
            seen.add(field.attname)
            keys.append(_Key(field, term.startswith("-")))
            if field.primary_key:
                return keys
        return [*keys, _Key(model._meta.pk, keys[-1].descending if keys else True)]

    @staticmethod
    def _after(keys, position) -> Q:
        """Rows after `position` in this order: equal on the leading columns, later on the next."""
        condition, equal = NOTHING, Q()
        for key, value in zip(keys, position, strict=True):
            condition |= equal & key.after(value)
            equal &= key.equal(value)
        return condition

    def _read_cursor(self, request) -> tuple[bool, list] | None:
        """(backwards?, the values it holds) of the request's cursor; None without one; 404 if forged."""
        encoded = request.query_params.get(self.cursor_query_param)
        if encoded is None:
            return None
        try:
            data = json.loads(urlsafe_b64decode(encoded.encode("ascii")))
            raw, reverse_ = data["p"], bool(data.get("r", False))
        except (TypeError, ValueError, KeyError, AttributeError, binascii.Error):
            raise NotFound(self.invalid_cursor_message) from None
        if not isinstance(raw, list):
            raise NotFound(self.invalid_cursor_message)
        return reverse_, raw

    def _decode(self, request):
        cursor = self._read_cursor(request)
        if cursor is None:
            return False, None
        reverse_, raw = cursor
        try:
            if len(raw) != len(self.keys):
                raise ValueError("wrong length")
            return reverse_, [key.decode(value) for key, value in zip(self.keys, raw, strict=True)]
        except (TypeError, ValueError, DjangoValidationError):
            raise NotFound(self.invalid_cursor_message) from None

    def _position(self, instance) -> list:
        """What a cursor holds for a row: its value in each ordering column."""
        return [key.encode(instance) for key in self.keys]

    def _link(self, instance, reverse_: bool) -> str:
        data = {"p": self._position(instance), **({"r": 1} if reverse_ else {})}
        encoded = urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode()).decode("ascii")
        return replace_query_param(self.base_url or "", self.cursor_query_param, encoded)

    def get_next_link(self):
        if not self.has_next:
            return None
        if not self.page:  # everything before a stale cursor is gone: start again
            return remove_query_param(self.base_url or "", self.cursor_query_param)
        return self._link(self.page[-1], reverse_=False)

    def get_previous_link(self):
        if not self.has_previous:
            return None
        if not self.page:
            return remove_query_param(self.base_url or "", self.cursor_query_param)
        return self._link(self.page[0], reverse_=True)


class SequenceCursor(Cursor):
    """The same pages and links as `Cursor`, over a list computed in Python (an actor's positions):
    the list is sorted by `sort_key` (JSON scalars, unique per item) and a cursor holds the key of the
    item it continues after (or before)."""

    def sort_key(self, item: Any) -> tuple:
        raise NotImplementedError

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.page_size = self.get_page_size(request)
        self.base_url = request.build_absolute_uri()
        items = sorted(queryset, key=self.sort_key)
        keys = [list(self.sort_key(item)) for item in items]
        reverse_, position = self._decode_key(request, keys[0] if keys else None)
        if position is None:
            start = 0
        elif reverse_:
            start = max(0, bisect_left(keys, position) - self.page_size)
        else:
            start = bisect_right(keys, position)
        end = bisect_left(keys, position) if reverse_ and position is not None else start + self.page_size
        self.page = items[start:end]
        self.has_previous, self.has_next = start > 0, end < len(items)
        self.display_page_controls = False
        return self.page

    def _decode_key(self, request, sample: list | None) -> tuple[bool, list | None]:
        """The cursor's key, if it can be compared with the items' keys (`sample`), else 404."""
        cursor = self._read_cursor(request)
        if cursor is None:
            return False, None
        reverse_, raw = cursor
        if sample is not None and (
            len(raw) != len(sample) or any(type(a) is not type(b) for a, b in zip(raw, sample, strict=True))
        ):
            raise NotFound(self.invalid_cursor_message)
        return reverse_, raw

    def _position(self, instance) -> list:
        return list(self.sort_key(instance))


class Chronological(Cursor):
    """Pages oldest first (a statement's review history)."""

    ordering = ("created_at", "id")


CODES = {
    400: "invalid",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    429: "throttled",
}


class PayloadTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"


def _body_error(exc: Exception) -> APIException | None:
    """Django's refusals of a body (raised when a view reads request.data) as API errors; they would
    otherwise reach Django's handler and answer its HTML 400 page."""
    if isinstance(exc, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        return PayloadTooLarge(f"The request body is larger than the limit of {limit:,} bytes.")
    if isinstance(exc, TooManyFieldsSent):
        limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        return ParseError(f"The form has more than {limit:,} fields.")
    if isinstance(exc, TooManyFilesSent):
        return ParseError(f"The form has more than {settings.DATA_UPLOAD_MAX_NUMBER_FILES:,} files.")
    return None


def exception_handler(exc, context):
    """Every error answers {"status", "code", "detail"} (+ "fields" for invalid input)."""
    exc = _body_error(exc) or exc
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


@csrf_exempt
@login_not_required
def not_found(request, *args, **kwargs):
    """Unknown URLs under /api/v1/ answer the API's error body, not Django's HTML page. A missing
    trailing slash still redirects (GET/HEAD) as CommonMiddleware would, were this catch-all not here."""
    path = request.path_info
    if not path.endswith("/"):
        try:
            found = resolve(path + "/")
        except Resolver404:
            found = None
        if found is not None and found.func is not not_found:
            if request.method in ("GET", "HEAD"):
                return HttpResponsePermanentRedirect(request.get_full_path(force_append_slash=True))
            detail = f"Not found. Did you mean {path}/ (with the trailing slash)?"
            return JsonResponse({"status": 404, "code": "not_found", "detail": detail}, status=404)
    return JsonResponse({"status": 404, "code": "not_found", "detail": "Not found."}, status=404)


class ErrorSerializer(serializers.Serializer):
    """An error: the HTTP status again, a machine-readable `code` and a sentence for people."""

    status = serializers.IntegerField()
    code = serializers.CharField()
    detail = serializers.CharField()
    # DRF takes declared fields off the class, so this does not shadow Serializer.fields at run time
    fields = serializers.DictField(  # type: ignore[assignment]
        required=False, help_text="invalid input, by field (400 only)"
    )
    retry_after_seconds = serializers.IntegerField(required=False, help_text="429 only: when to try again")


SUMMARIES = {
    "list": "List {many}",
    "retrieve": "Get {one}",
    "create": "Create {one}",
    "update": "Replace {one}",
    "partial_update": "Change {one}",
    "destroy": "Delete {one}",
}


def postprocess_schema(result, generator, request, public):
    """drf-spectacular hook: the server the schema was fetched from (a relative one for `manage.py
    spectacular`), and no component that no operation uses (COMPONENT_SPLIT_REQUEST makes request
    variants of read-only nested serializers, e.g. `AliasRequest`)."""
    origin = request.build_absolute_uri("/").rstrip("/") if request is not None else ""
    result["servers"] = [{"url": origin or "/", "description": "this tracker"}]
    schemas = result.get("components", {}).get("schemas", {})
    while True:
        rest = {key: value for key, value in result.items() if key != "components"}
        text = json.dumps([rest, schemas], default=str)  # default: lazy translations
        unused = [name for name in schemas if f'"#/components/schemas/{name}"' not in text]
        if not unused:
            return result
        for name in unused:
            del schemas[name]


def _api_schema_class():
    from drf_spectacular.openapi import AutoSchema

    class ApiSchema(AutoSchema):
        """Documents the error answers every operation can give, all with the shared `Error` body; an
        operation's own `responses` (e.g. 409 with `Conflict`) take precedence."""

        def _get_response_bodies(self, direction="response"):
            responses = super()._get_response_bodies(direction)
            for code, description in self._errors():
                if code not in responses:
                    responses[code] = self._get_response_for_code(
                        OpenApiResponse(ErrorSerializer, description=description),
                        code,
                        ["application/json"],
                        direction,
                    )
            return responses

        def _errors(self):
            view, method = self.view, self.method
            filtered = getattr(view, "filterset_class", None) or getattr(view, "filterset_fields", None)
            action = getattr(view, "action", None)
            listing = method == "GET" and (
                action == "list" or action in getattr(view, "filtered_actions", ())
            )
            paginated = method == "GET" and self._is_list_view() and self._get_paginator() is not None
            if method in ("POST", "PUT", "PATCH") or (listing and filtered) or paginated:
                yield "400", "Invalid input: `fields` names each field and what is wrong with it"
            if method in ("POST", "PUT", "PATCH"):
                yield "413", "The body is larger than the server accepts (`detail` gives the limit)"
            if not all(isinstance(p, AllowAny) for p in view.get_permissions()):
                yield "401", "No credentials, or bad ones: send `Authorization: Token …` or a session cookie"
                yield "403", "Your role may not do this (or, with a session, the CSRF token is missing)"
            if method in ("POST", "PUT", "PATCH"):
                yield "415", "The body must be JSON (`Content-Type: application/json`)"
            if "{" in self.path:
                yield "404", "No such object (or one your role may not see)"
            elif listing and action == "list" and getattr(view, "pagination_class", None):
                yield "404", "Invalid cursor"
            if view.get_throttles():
                yield "429", "Too many requests: wait `Retry-After` seconds"

        def get_filter_backends(self):
            """Actions that filter like the list (`statements/csv/`) document the list's filters."""
            if getattr(self.view, "action", None) in getattr(self.view, "filtered_actions", ()):
                return getattr(self.view, "filter_backends", [])
            return super().get_filter_backends()

        def get_summary(self):
            """A short title for every operation (docs and linters list operations by it): the one
            `extend_schema` gives, else what the standard action does to the model, else the first
            sentence of the action's docstring."""
            summary = super().get_summary()
            if summary:
                return summary
            action = getattr(self.view, "action", None)
            serializer = getattr(self.view, "get_serializer_class", lambda: None)()
            model = getattr(getattr(serializer, "Meta", None), "model", None)
            if action in SUMMARIES and model is not None:
                one, many = str(model._meta.verbose_name), str(model._meta.verbose_name_plural)
                return SUMMARIES[action].format(one=f"{'an' if one[0] in 'aeiou' else 'a'} {one}", many=many)
            method = getattr(self.view, action or "", None)
            doc = (getattr(method, "__doc__", None) or "").strip()
            return doc.split(". ")[0].split("\n\n")[0].replace("\n", " ").rstrip(".") or str(action)

        def _get_response_headers_for_code(self, status_code, direction="response"):
            headers = super()._get_response_headers_for_code(status_code, direction)
            if status_code in ("201", "202"):
                headers["Location"] = {
                    "schema": {"type": "string"},
                    "required": True,
                    "description": "The address of what was created (201) or of the job to poll (202)",
                }
            elif status_code == "429":
                headers["Retry-After"] = {"schema": {"type": "integer"}, "description": "Seconds to wait"}
            elif status_code == "401":
                headers["WWW-Authenticate"] = {"schema": {"type": "string"}, "description": "`Token`"}
            return headers

    return ApiSchema


def __getattr__(name: str):
    """`ApiSchema` is built on first use: drf-spectacular's AutoSchema imports DRF's generics, which
    import this module's Cursor (DEFAULT_PAGINATION_CLASS), so importing it up here would be a cycle."""
    if name == "ApiSchema":
        globals()["ApiSchema"] = schema_class = _api_schema_class()
        return schema_class
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class SlugFromName(serializers.ModelSerializer):
    """ModelSerializer mixin for models whose create service makes the slug from `slug_source` (numbered
    when taken: "A.B" and "A B" are "ab" and "a-b", then "a-b-2"): a name without a letter or digit to
    make it from is a 400 naming that field."""

    slug_source = "name"

    def validate(self, data):
        data = super().validate(data)
        if (
            self.instance is None
            and not data.get("slug")
            and not has_letter_or_digit(data.get(self.slug_source, ""))
        ):
            raise serializers.ValidationError(
                {self.slug_source: "Needs at least one letter or digit: the slug is made from it."}
            )
        return data


class NullIfBlank(serializers.Field):
    """Mixin for a read-only field whose column stores "" for none (a job's stage, a text job's URL):
    the API sends null, so a client sees no value rather than an empty string that is no valid choice
    or address."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, allow_null=True, **kwargs)

    def get_attribute(self, instance):
        value = super().get_attribute(instance)
        return None if value == "" else value


class ServiceWrites(_ModelViewSet):
    """ModelViewSet writes in the Styleguide's UserCreateApi shape: the serializer validates, the app's
    service writes (keyword arguments), the serializer renders what the service returned. Subclasses say
    which services in create_object / update_object / delete_object; a service's ValidationError is a
    400 with its fields. A create answers 201 with a Location header naming the new resource."""

    def create_object(self, data: dict[str, Any]) -> models.Model:
        raise NotImplementedError

    def update_object(self, instance: models.Model, data: dict[str, Any]) -> models.Model:
        raise NotImplementedError

    def delete_object(self, instance: models.Model) -> None:
        raise NotImplementedError

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        instance = _through_service(self.create_object, dict(serializer.validated_data))
        location = reverse(f"api:{self.basename}-detail", args=[getattr(instance, self.lookup_field)])
        return Response(
            self.get_serializer(instance).data, status=status.HTTP_201_CREATED, headers={"Location": location}
        )

    def perform_update(self, serializer):
        serializer.instance = _through_service(
            self.update_object, serializer.instance, dict(serializer.validated_data)
        )

    def perform_destroy(self, instance):
        self.delete_object(instance)


def _through_service(write: Callable[..., models.Model], *args: Any) -> models.Model:
    """Call a service; its ValidationError (a field's, or the whole input's) answers 400 with the fields."""
    try:
        return write(*args)
    except DjangoValidationError as exc:
        fields = exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.messages}
        raise serializers.ValidationError(fields) from exc
