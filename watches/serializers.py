"""The watches API's shapes: a watch names its actor and proposition by slug."""

from __future__ import annotations

from rest_framework import serializers

from actors.models import Actor
from claims.models import Proposition

from .models import Delivery, DeliveryAttempt, Notification, Watch, WatchKind, Webhook
from .services import event_payload


class WatchSerializer(serializers.ModelSerializer):
    actor = serializers.SlugRelatedField(
        slug_field="slug", queryset=Actor.objects.all(), required=False, allow_null=True
    )
    proposition = serializers.SlugRelatedField(
        slug_field="slug", queryset=Proposition.objects.all(), required=False, allow_null=True
    )
    kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=WatchKind.choices),
        required=False,
        allow_empty=False,
        help_text="What counts (all of them when left out): " + ", ".join(WatchKind.values),
    )

    class Meta:
        model = Watch
        fields = ["id", "actor", "proposition", "kinds", "created_at", "updated_at"]
        read_only_fields = ["id", "created_at", "updated_at"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        actors = self.context.get("visible_actors")
        if actors is not None:
            self.fields["actor"].queryset = actors  # analysts cannot watch actors they cannot see

    def validate(self, data):
        data = super().validate(data)
        if self.instance is None and not data.get("actor") and not data.get("proposition"):
            raise serializers.ValidationError("Name an actor, a proposition, or both.")
        if self.instance is not None and ({"actor", "proposition"} & set(self.initial_data or {})):
            raise serializers.ValidationError("A watch's subject cannot change: watch the other one instead.")
        return data


class NotificationSerializer(serializers.ModelSerializer):
    event = serializers.SerializerMethodField()
    is_read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "created_at", "read_at", "is_read", "event"]
        read_only_fields = fields

    def get_is_read(self, notification: Notification) -> bool:
        return notification.read_at is not None

    def get_event(self, notification: Notification) -> dict:
        """What changed: summary, kinds, positions before and after, the statement and the links."""
        return event_payload(notification)


class MarkReadSerializer(serializers.Serializer):
    notifications = serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        required=False,
        max_length=1000,
        help_text="Ids to mark read; all unread ones when left out",
    )


class MarkedSerializer(serializers.Serializer):
    marked = serializers.IntegerField()


class WebhookSerializer(serializers.ModelSerializer):
    class Meta:
        model = Webhook
        fields = ["id", "url", "secret", "is_active", "created_at", "updated_at"]
        read_only_fields = ["id", "secret", "created_at", "updated_at"]


class AttemptSerializer(serializers.ModelSerializer):
    class Meta:
        model = DeliveryAttempt
        fields = ["at", "status_code", "error", "duration_ms"]


class DeliverySerializer(serializers.ModelSerializer):
    attempt_log = AttemptSerializer(many=True, read_only=True)

    class Meta:
        model = Delivery
        fields = [
            "id",
            "key",
            "channel",
            "notification",
            "webhook",
            "state",
            "status_code",
            "attempts",
            "error",
            "created_at",
            "finished_at",
            "attempt_log",
        ]
        read_only_fields = fields
