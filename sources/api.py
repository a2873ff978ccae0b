"""REST API for articles, outlets, feeds and ingestion (202 + a job to poll)."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from claims.exports import quotations_jsonld
from claims.selectors import quoted_statements
from common.api import ApiSchema, ServiceWrites
from common.permissions import IsEditor, ReadAnalystWriteAdmin, ReadEditorWriteAdmin

from . import services
from .models import Article, Feed, IngestJob, Outlet
from .serializers import (
    ArticleDetailSerializer,
    ArticleSerializer,
    FeedSerializer,
    IngestRequestSerializer,
    JobSerializer,
    OutletSerializer,
    QuotationGraphSerializer,
)


class ArticleViewSet(viewsets.ReadOnlyModelViewSet):
    """Articles (with their text on the detail). Analysts read."""

    schema = ApiSchema()
    permission_classes = [ReadAnalystWriteAdmin]
    queryset = Article.objects.select_related("outlet").defer("raw_html").order_by("id")
    filterset_fields = ["status", "outlet", "language"]

    def get_serializer_class(self):
        return ArticleDetailSerializer if self.action == "retrieve" else ArticleSerializer

    @extend_schema(
        summary="Get an article's quotations as JSON-LD",
        responses={
            (200, "application/ld+json"): OpenApiResponse(
                QuotationGraphSerializer, description="schema.org Quotation graph (JSON-LD)"
            )
        },
    )
    @action(detail=True, methods=["get"], url_path="quotations")
    def quotations(self, request, pk=None):
        """The article's approved statements as schema.org `Quotation`s, for fact-checkers' tools."""
        article = self.get_object()
        return Response(
            quotations_jsonld(article, quoted_statements(article)), content_type="application/ld+json"
        )


class OutletViewSet(ServiceWrites, viewsets.ModelViewSet):
    """Outlets that publish articles. Analysts read; administrators manage."""

    schema = ApiSchema()
    serializer_class = OutletSerializer
    permission_classes = [ReadAnalystWriteAdmin]
    queryset = Outlet.objects.order_by("id")
    filterset_fields = ["kind", "country"]

    def create_object(self, data):
        return services.create_outlet(**data)

    def update_object(self, outlet, data):
        return services.update_outlet(outlet=outlet, data=data)

    def delete_object(self, outlet):
        services.delete_outlet(outlet=outlet)


class FeedViewSet(ServiceWrites, viewsets.ModelViewSet):
    """Feeds polled for new articles. Editors read; administrators manage."""

    schema = ApiSchema()
    serializer_class = FeedSerializer
    permission_classes = [ReadEditorWriteAdmin]
    queryset = Feed.objects.select_related("outlet").order_by("id")

    def create_object(self, data):
        try:
            return services.add_feed(
                url=data["url"],
                outlet_name=data["outlet"].name if data.get("outlet") else "",
                every_minutes=data.get("poll_interval_minutes"),
            ).obj
        except DjangoValidationError as exc:
            raise ValidationError({"url": exc.messages}) from None

    def update_object(self, feed, data):
        return services.update_feed(feed=feed, data=data)

    def delete_object(self, feed):
        services.delete_feed(feed=feed)


class JobViewSet(mixins.RetrieveModelMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Ingest jobs: poll one to see it go queued → running → done (with its article) or failed (why)."""

    schema = ApiSchema()
    serializer_class = JobSerializer
    permission_classes = [IsEditor]
    queryset = IngestJob.objects.order_by("id")
    filterset_fields = ["state", "kind"]


class IngestViewSet(viewsets.GenericViewSet):
    """Queue a web page or a text for ingestion: 202 with the job and its Location."""

    schema = ApiSchema()
    serializer_class = IngestRequestSerializer
    permission_classes = [IsEditor]

    @extend_schema(
        summary="Ingest a page or a text",
        request=IngestRequestSerializer,
        responses={202: OpenApiResponse(JobSerializer, description="Queued: poll the job at `Location`")},
    )
    def create(self, request):
        """`url` alone: the page is fetched. `text` (with an optional `url` it came from): the text is the
        article, and the address is kept as its source without being fetched; the same address
        ingested again is the same article."""
        body = IngestRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        common = {
            "outlet_name": data.get("outlet", ""),
            "title": data.get("title", ""),
            "published": data.get("published"),
            "user": request.user,
        }
        url, text = data.get("url", ""), data.get("text", "")
        try:
            if text.strip():  # pasted text; a url with it is its source, never fetched
                url = services.validate_url(url) if url.strip() else ""
        except DjangoValidationError as exc:
            raise ValidationError({"url": exc.messages}) from None
        try:
            if text.strip():
                job = services.submit_text(text=text, url=url, **common)
            else:
                job = services.submit_url(url=url, **common)
        except DjangoValidationError as exc:
            raise ValidationError({"text" if text.strip() else "url": exc.messages}) from None
        job.refresh_from_db()
        location = reverse("api:job-detail", args=[job.pk])
        return Response(
            JobSerializer(job).data, status=status.HTTP_202_ACCEPTED, headers={"Location": location}
        )
