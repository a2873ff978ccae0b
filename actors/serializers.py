"""Actor representations for the REST API. Writes go through actors.services, never save()."""

from __future__ import annotations

from rest_framework import serializers

from common.api import SlugFromName

from .models import Actor, Alias


class AliasSerializer(serializers.ModelSerializer):
    class Meta:
        model = Alias
        fields = ["text", "kind"]


class ActorSerializer(SlugFromName, serializers.ModelSerializer):
    aliases = AliasSerializer(many=True, read_only=True)
    affiliation = serializers.SlugRelatedField(
        slug_field="slug", queryset=Actor.objects.all(), allow_null=True, required=False
    )

    class Meta:
        model = Actor
        fields = [
            "id",
            "slug",
            "name",
            "kind",
            "role",
            "gender",
            "description",
            "affiliation",
            "external_id",
            "is_confirmed",
            "aliases",
        ]
        read_only_fields = ["id"]
        extra_kwargs = {"slug": {"required": False}}

    def validate_affiliation(self, value):
        """The database forbids it (a check constraint): say so as a 400, not a 500."""
        if value is not None and self.instance is not None and value.pk == self.instance.pk:
            raise serializers.ValidationError("An actor cannot be affiliated to itself.")
        return value


class MergeSerializer(serializers.Serializer):
    into = serializers.SlugRelatedField(
        slug_field="slug", queryset=Actor.objects.all(), help_text="slug of the actor that stays"
    )


class PositionEntrySerializer(serializers.Serializer):
    polarity = serializers.CharField()
    date = serializers.DateField(source="when", allow_null=True)
    statement = serializers.IntegerField(source="statement.pk")
    text = serializers.CharField(source="statement.text")


class PositionSerializer(serializers.Serializer):
    actor = serializers.CharField(source="actor.slug")
    proposition = serializers.CharField(source="proposition.slug")
    polarity = serializers.CharField()
    since = serializers.DateField(allow_null=True)
    member_of = serializers.CharField(source="member_of.slug", allow_null=True, default=None)
    history = PositionEntrySerializer(many=True)
