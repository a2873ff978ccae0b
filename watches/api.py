"""/api/v1/watches/, notifications/ and webhooks/: anyone with a role, each user their own only.
Every write goes through watches.services."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from actors.selectors import actor_list
from common.api import ApiSchema, ServiceWrites
from common.permissions import IsAnalyst
from common.roles import is_editor

from . import selectors, services
from .models import Notification, Watch, Webhook
from .serializers import (
    DeliverySerializer,
    MarkedSerializer,
    MarkReadSerializer,
    NotificationSerializer,
    WatchSerializer,
    WebhookSerializer,
)


def _refused(write):
    """A service's WatchError is a 400 with its message."""
    try:
        return write()
    except services.WatchError as exc:
        raise serializers.ValidationError({"detail": str(exc)}) from exc


class WatchViewSet(ServiceWrites, viewsets.ModelViewSet):
    """What you watch: an actor, a proposition, or an actor on a proposition, and which changes count."""

    schema = ApiSchema()
    serializer_class = WatchSerializer
    permission_classes = [IsAnalyst]
    filterset_fields = ["actor", "proposition"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    queryset = Watch.objects.none()  # the schema's model; requests get their user's own

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Watch.objects.none()
        return selectors.watches_of(self.request.user).order_by("id")

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self.request.user.is_authenticated:
            context["visible_actors"] = actor_list(user_is_editor=is_editor(self.request.user))
        return context

    def create_object(self, data):
        return _refused(
            lambda: services.watch(
                user=self.request.user,
                actor=data.get("actor"),
                proposition=data.get("proposition"),
                kinds=data.get("kinds"),
            )
        )

    def update_object(self, instance: Watch, data):
        if "kinds" not in data:
            return instance
        return _refused(
            lambda: services.update_watch(user=self.request.user, watch_id=instance.pk, kinds=data["kinds"])
        )

    def delete_object(self, instance: Watch):
        services.unwatch(user=self.request.user, watch_id=instance.pk)


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("unread", bool, description="Only the notifications not yet read")]
    )
)
class NotificationViewSet(viewsets.ReadOnlyModelViewSet):
    """Your notifications, newest first (`?unread=true` for the unread ones), and marking them read."""

    schema = ApiSchema()
    serializer_class = NotificationSerializer
    permission_classes = [IsAnalyst]
    ordering = ["-created_at", "-id"]
    ordering_fields = ["created_at", "id"]

    queryset = Notification.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Notification.objects.none()
        unread = self.request.query_params.get("unread", "").lower() in ("1", "true", "yes")
        return selectors.notifications_of(self.request.user, unread_only=unread)

    @extend_schema(request=MarkReadSerializer, responses=MarkedSerializer)
    @action(detail=False, methods=["post"])
    def read(self, request):
        """Mark notifications read: the listed ids, or every unread one."""
        body = MarkReadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        ids = body.validated_data.get("notifications")
        return Response({"marked": services.mark_read(user=request.user, notification_ids=ids)})


class WebhookViewSet(ServiceWrites, viewsets.ModelViewSet):
    """Addresses that receive your notifications as JSON signed with the webhook's `secret`
    (`X-Tracker-Signature: sha256=<HMAC-SHA256 of the body>`); `deliveries/` is each one's log."""

    schema = ApiSchema()
    serializer_class = WebhookSerializer
    permission_classes = [IsAnalyst]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    queryset = Webhook.objects.none()

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Webhook.objects.none()
        return selectors.webhooks_of(self.request.user).order_by("id")

    def create_object(self, data):
        return _refused(lambda: services.add_webhook(user=self.request.user, url=data["url"]))

    def update_object(self, instance: Webhook, data):
        return _refused(
            lambda: services.update_webhook(
                user=self.request.user,
                webhook_id=instance.pk,
                url=data.get("url"),
                is_active=data.get("is_active"),
            )
        )

    def delete_object(self, instance: Webhook):
        services.delete_webhook(user=self.request.user, webhook_id=instance.pk)

    @extend_schema(responses=DeliverySerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def deliveries(self, request, pk=None):
        """The latest 50 deliveries to this webhook, each with its attempts and their status codes."""
        hook = self.get_object()
        return Response(
            DeliverySerializer(selectors.deliveries_of(request.user, webhook=hook), many=True).data
        )
