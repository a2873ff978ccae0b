"""REST API for statements: read, and the editors' review actions with optimistic locking (409)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Prefetch, Subquery
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import BaseRenderer, BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response

from actors import selectors as actor_selectors
from actors.serializers import PositionCursor, PositionSerializer
from common import listcache
from common.api import ApiSchema, Chronological, ServiceWrites
from common.background import tasks_in_background
from common.filters import LightFilterSet
from common.permissions import IsAnalyst, IsEditor, ReadAnalystWriteEditor
from common.roles import is_editor

from . import services
from .compiled_lists import compiled_page
from .exports import csv_response
from .listing import STATEMENTS, statement_variant
from .models import Proposition, ResuggestJob, Stance, Statement
from .positions import positions_on
from .search import statements_matching
from .selectors import (
    for_statement_list,
    proposition_id_by_slug,
    statement_history,
    statement_list_rows,
    with_review_context,
)
from .serializers import (
    BulkDecisionSerializer,
    BulkResultSerializer,
    ConflictSerializer,
    ErrorSerializer,
    PropositionSerializer,
    ReviewEventSerializer,
    StanceDecisionSerializer,
    StatementEditSerializer,
    StatementSerializer,
    VersionSerializer,
    statement_rows_representation,
)

CONFLICT = OpenApiResponse(
    ConflictSerializer, description="Stale version: nothing saved; `current` holds the values now"
)
CSV_EXPORT = OpenApiResponse(
    OpenApiTypes.STR,
    description="CSV with a header row, one statement a line (as `Content-Disposition: attachment`)",
)
INVALID = OpenApiResponse(ErrorSerializer, description="Invalid input; `fields` names the fields")


def _conflict(exc: services.StaleVersion) -> Response:
    current = with_review_context(Statement.objects.filter(pk=exc.statement.pk)).get()
    return Response(
        {"status": 409, "code": "conflict", "detail": str(exc), "current": StatementSerializer(current).data},
        status=status.HTTP_409_CONFLICT,
    )


def _invalid(exc: services.ReviewError) -> Response:
    return Response(
        {"status": 400, "code": "invalid", "detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST
    )


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": 2**31 - 1})
class IdFilter(django_filters.NumberFilter):
    """A database id: a whole number in the range of an integer column (anything else is a 400)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**31 - 1)
        super().__init__(*args, **kwargs)


class StatementFilter(LightFilterSet):
    speaker = django_filters.CharFilter(method="actor", label="speaker's actor slug")
    via = django_filters.CharFilter(method="actor", label="via actor slug")
    proposition = django_filters.CharFilter(
        method="stance", label="proposition slug (with a confirmed stance)"
    )
    polarity = django_filters.ChoiceFilter(choices=Stance.Polarity.choices, method="stance")
    kind = django_filters.ChoiceFilter(choices=Statement.Kind.choices)
    status = django_filters.ChoiceFilter(
        choices=Statement.Status.choices, label="editors only: pending, rejected"
    )
    outlet = IdFilter(field_name="article__outlet_id")
    article = IdFilter(field_name="article_id")
    said_after = django_filters.DateFilter(field_name="said_on", lookup_expr="gte")
    said_before = django_filters.DateFilter(field_name="said_on", lookup_expr="lte")
    q = django_filters.CharFilter(method="full_text", label="full-text search of the words")

    class Meta:
        model = Statement
        fields = ["kind", "status"]

    def actor(self, queryset, name, value):
        # The actor's id as a subquery (one value), not a join on its slug: the database then reads the
        # index on (speaker, id DESC) newest first and stops after a page (with the join, at 1,000,000
        # statements it walked the primary key backwards through 24,000 rows).
        return queryset.filter(**{f"{name}_id": Subquery(actor_selectors.actor_ids_by_slug(value)[:1])})

    def stance(self, queryset, name, value):
        return queryset  # applied together in filter_queryset, so both conditions hit the same stance

    def full_text(self, queryset, name, value):
        return statements_matching(queryset, value).order_by()

    def proposition_id(self, slug: str) -> int | None:
        return proposition_id_by_slug(slug)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        stance = {}
        if self.form.cleaned_data.get("proposition"):
            # The proposition's id read first and given as a value, not a join on its slug nor a subquery:
            # not knowing the value, the planner assumed every proposition holds a twentieth of the
            # stances and walked all stances by statement, newest first, testing each (373 ms at
            # 1,000,000 statements for a proposition with three stances). Given the value, it reads the
            # stance index (proposition, statement DESC) newest first and stops after a page.
            proposition_id = self.proposition_id(self.form.cleaned_data["proposition"])
            if proposition_id is None:
                return queryset.none()
            stance["stances__proposition_id"] = proposition_id
        if self.form.cleaned_data.get("polarity"):
            stance["stances__polarity"] = self.form.cleaned_data["polarity"]
        if stance:
            queryset = queryset.filter(stances__is_confirmed=True, **stance)
            if "stances__proposition_id" not in stance:
                # By polarity alone a statement can match through several stances; with a proposition it
                # is one stance at most (one per statement and proposition), so no DISTINCT is needed
                # and the database reads the newest first from the stance index (0010), then stops.
                queryset = queryset.distinct()
        return queryset


class CSVRenderer(BaseRenderer):
    """Lets `?format=csv` through content negotiation; the list view streams the CSV itself."""

    media_type = "text/csv"
    format = "csv"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data if isinstance(data, bytes | str) else b""


class StatementViewSet(mixins.RetrieveModelMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Statements. Analysts see approved ones; editors see all and decide them."""

    schema = ApiSchema()
    serializer_class = StatementSerializer
    filterset_class = StatementFilter
    ordering_fields = ["id", "said_on", "created_at", "confidence"]
    ordering = ["-id"]
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer]
    filtered_actions = ("csv",)  # the CSV export takes the list's filters (in the schema too)

    def get_renderers(self):
        """CSV for the list (`?format=csv`, `Accept: text/csv`) and the export; with no action (a
        method the address does not take), still known, so `?format=csv` answers 405, not 404."""
        if self.action == "csv":
            return [CSVRenderer()]  # errors still answer JSON (handle_exception)
        renderers = super().get_renderers()
        return [*renderers, CSVRenderer()] if self.action in ("list", None) else renderers

    def handle_exception(self, exc):
        """Errors answer the JSON error body even for `?format=csv` (the CSV renderer would send nothing),
        and when no renderer was agreed on (a 406)."""
        renderer = getattr(self.request, "accepted_renderer", None)
        if renderer is None or isinstance(renderer, CSVRenderer):
            self.request.accepted_renderer, self.request.accepted_media_type = (
                JSONRenderer(),
                "application/json",
            )
        return super().handle_exception(exc)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "format",
                str,
                enum=["json", "csv"],
                description="csv: every matching statement, streamed (as `statements/csv/`)",
            )
        ],
        responses={
            (200, "application/json"): StatementSerializer(many=True),
            (200, "text/csv"): CSV_EXPORT,
        },
    )
    def list(self, request, *args, **kwargs):
        if isinstance(request.accepted_renderer, CSVRenderer):  # ?format=csv or Accept: text/csv
            return self.csv(request)
        if type(request.accepted_renderer) is not JSONRenderer:  # the browsable API's HTML
            return super().list(request, *args, **kwargs)
        # The busiest answer: the same page is asked for again and again until something changes it.
        return listcache.cached_response(
            request,
            scope=STATEMENTS,
            variant=statement_variant(request.user),
            build=lambda: self._rendered_list(request),
        )

    def _rendered_list(self, request) -> bytes:
        """The list page's JSON (invalid filters or cursors raise their 400 or 404 here): its statements
        read as plain values and written as `StatementSerializer` writes them, no model instances."""
        approved_only = self._approved_only()
        page = compiled_page(self, request, approved_only=approved_only)  # SQL compiled for its shape
        if page is None:
            rows = statement_list_rows(approved_only=approved_only)
            page = self.paginate_queryset(self.filter_queryset(rows))
        response = self.get_paginated_response(statement_rows_representation(page))
        return request.accepted_renderer.render(
            response.data, request.accepted_media_type, self.get_renderer_context()
        )

    @extend_schema(summary="Download statements as CSV", responses={(200, "text/csv"): CSV_EXPORT})
    @action(detail=False, methods=["get"], pagination_class=None)
    def csv(self, request):
        """Every statement the list's filters match, as one CSV file (not paginated): `?format=csv` on
        the list, as an operation of its own for clients that expect one media type per answer."""
        statements = self.filter_queryset(self.get_queryset()).prefetch_related("stances__proposition")
        return csv_response(statements)

    def get_permissions(self):
        if self.action in ("list", "retrieve", "csv", None):  # None: a method not taken here (405)
            return [IsAnalyst()]
        return [IsEditor()]

    def get_queryset(self):
        paged = self.action == "list" and not isinstance(
            getattr(self.request, "accepted_renderer", None), CSVRenderer
        )  # the CSV export writes each article's whole title from its text
        statements = (for_statement_list if paged else with_review_context)(Statement.objects.all())
        statements = statements.order_by("id")
        if self._approved_only():
            statements = statements.filter(status=Statement.Status.APPROVED)
        return statements

    def _approved_only(self) -> bool:
        """Analysts see the approved statements; editors see all."""
        return not is_editor(self.request.user)

    def _decide(self, request, pk, decide):
        body = VersionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        self.get_object()  # 404 before anything else
        try:
            statement = decide(statement_id=int(pk), user=request.user, **body.validated_data)
        except services.StaleVersion as exc:
            return _conflict(exc)
        except services.ReviewError as exc:
            return _invalid(exc)
        return Response(
            StatementSerializer(with_review_context(Statement.objects.filter(pk=statement.pk)).get()).data
        )

    @extend_schema(
        summary="Approve a statement",
        request=VersionSerializer,
        responses={200: StatementSerializer, 400: INVALID, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        def decide(*, statement_id, user, version, reason=""):
            return services.approve_statement(statement_id=statement_id, user=user, version=version)

        return self._decide(request, pk, decide)

    @extend_schema(
        summary="Reject a statement",
        request=VersionSerializer,
        responses={200: StatementSerializer, 400: INVALID, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._decide(request, pk, services.reject_statement)

    @extend_schema(
        summary="Edit a statement",
        request=StatementEditSerializer,
        responses={200: StatementSerializer, 400: INVALID, 409: CONFLICT},
    )
    def partial_update(self, request, pk=None):
        self.get_object()
        body = StatementEditSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            statement = services.edit_statement(
                statement_id=int(pk),
                user=request.user,
                version=body.validated_data["version"],
                changes=body.changes(),
            )
        except services.StaleVersion as exc:
            return _conflict(exc)
        except services.ReviewError as exc:
            return _invalid(exc)
        return Response(
            StatementSerializer(with_review_context(Statement.objects.filter(pk=statement.pk)).get()).data
        )

    @extend_schema(
        summary="Decide one stance of a statement",
        request=StanceDecisionSerializer,
        responses={200: StatementSerializer, 400: INVALID, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def stance(self, request, pk=None):
        """Accept, flip or drop one of the statement's stances, at the statement's version (the review
        queue's c, f, d keys): a new version and a review event, undone by `undo`."""
        body = StanceDecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        self.get_object()
        data = body.validated_data
        proposition = (
            Proposition.objects.filter(slug=data["proposition"]).values_list("pk", flat=True).first()
        )
        if proposition is None:
            raise ValidationError({"proposition": [f"No proposition {data['proposition']!r}."]})
        decide = {
            "accept": services.accept_stance,
            "flip": services.flip_stance,
            "drop": services.drop_stance,
        }[data["action"]]
        try:
            statement = decide(
                statement_id=int(pk), proposition_id=proposition, user=request.user, version=data["version"]
            )
        except services.StaleVersion as exc:
            return _conflict(exc)
        except services.ReviewError as exc:
            return _invalid(exc)
        return Response(
            StatementSerializer(with_review_context(Statement.objects.filter(pk=statement.pk)).get()).data
        )

    @extend_schema(summary="List a statement's review history", responses=ReviewEventSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=Chronological, filter_backends=[])
    def history(self, request, pk=None):
        """Every review decision on the statement, oldest first (cursor pages; no filters)."""
        self.get_object()
        page = self.paginate_queryset(statement_history(int(pk)))
        return self.get_paginated_response(ReviewEventSerializer(page, many=True).data)

    @extend_schema(
        summary="Approve or reject statements in bulk",
        request=BulkDecisionSerializer,
        responses={200: BulkResultSerializer, 400: INVALID},
    )
    @action(detail=False, methods=["post"])
    def bulk(self, request):
        """Approve or reject up to 500 statements, each at its own version: the stale ones are listed,
        not saved, and the rest are decided."""
        body = BulkDecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        result = services.bulk_decide(
            user=request.user,
            action=data["action"],
            reason=data.get("reason", ""),
            versions={item["id"]: item["version"] for item in data["statements"]},
        )
        return Response(BulkResultSerializer(result).data)

    @extend_schema(
        summary="Undo your last decision",
        request=None,
        responses={200: StatementSerializer, 400: INVALID, 409: CONFLICT},
    )
    @action(detail=False, methods=["post"])
    def undo(self, request):
        """Undo your own latest decision not yet undone. If someone changed that statement since, their
        change stands (409, once) and the next undo goes on to your decision before it."""
        try:
            statement = services.undo_last(user=request.user)
        except services.StaleVersion as exc:
            return _conflict(exc)
        except services.ReviewError as exc:
            return _invalid(exc)
        return Response(
            StatementSerializer(with_review_context(Statement.objects.filter(pk=statement.pk)).get()).data
        )


def _proposition_invalid(exc: services.PropositionError) -> ValidationError:
    return ValidationError({field or "non_field_errors": problems for field, problems in exc.errors.items()})


class PropositionViewSet(
    ServiceWrites,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.ListModelMixin,
    viewsets.GenericViewSet,
):
    """Tracked propositions. Analysts read; editors and administrators manage them. Creating one, or
    changing what it says or the phrases that name it, re-suggests its stances on the statements already
    stored (see `resuggestion`). Propositions are archived (`is_active: false`), never deleted, so no
    reviewed stance is lost."""

    schema = ApiSchema()
    serializer_class = PropositionSerializer
    permission_classes = [ReadAnalystWriteEditor]
    lookup_field = "slug"
    queryset = Proposition.objects.prefetch_related(
        Prefetch("resuggest_jobs", queryset=ResuggestJob.objects.order_by("-id"), to_attr="jobs_newest_first")
    ).order_by("id")
    filterset_fields = ["kind", "is_active"]

    @tasks_in_background()  # no broker: re-suggesting stored statements must not hold up the answer
    def create_object(self, data):
        active, user = data.pop("is_active", True), self.request.user
        try:
            saved = services.create_proposition(**data, user=user)
            if not active:
                services.archive_proposition(proposition_id=saved.proposition.pk, user=user)
        except services.PropositionError as exc:
            raise _proposition_invalid(exc) from None
        return Proposition.objects.get(pk=saved.proposition.pk)

    @tasks_in_background()
    def update_object(self, proposition, data):
        if data.pop("slug", proposition.slug) != proposition.slug:
            raise ValidationError({"slug": ["A slug cannot be changed: links to the proposition use it."]})
        active, user = data.pop("is_active", proposition.is_active), self.request.user
        try:
            if active and not proposition.is_active:
                services.unarchive_proposition(proposition_id=proposition.pk, user=user)
            if data:
                services.edit_proposition(proposition_id=proposition.pk, user=user, **data)
            if not active and proposition.is_active:
                services.archive_proposition(proposition_id=proposition.pk, user=user)
        except services.PropositionError as exc:
            raise _proposition_invalid(exc) from None
        return Proposition.objects.get(pk=proposition.pk)

    @extend_schema(summary="List the positions on a proposition", responses=PositionSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=PositionCursor, filter_backends=[])
    def positions(self, request, slug=None):
        """Every actor's current position on the proposition (cursor pages by actor name; no filters)."""
        page = self.paginate_queryset(positions_on(self.get_object()))
        return self.get_paginated_response(PositionSerializer(page, many=True).data)
