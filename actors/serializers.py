"""Actor representations for the REST API. Writes go through actors.services, never save()."""

from __future__ import annotations

from rest_framework import serializers

from claims.models import Stance
from common.api import SequenceCursor, SlugFromName

from .models import Actor, Alias


class AliasSerializer(serializers.ModelSerializer):
    """Another name the actor goes by (an abbreviation, a role, a misspelling)."""

    class Meta:
        model = Alias
        fields = ["text", "kind"]


class ActorSerializer(SlugFromName, serializers.ModelSerializer):
    """A person, organisation, state or group whose statements are tracked; `slug` names it in URLs."""

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
    """The actor that stays when this one is merged into it."""

    into = serializers.SlugRelatedField(
        slug_field="slug", queryset=Actor.objects.all(), help_text="slug of the actor that stays"
    )


class PositionEntrySerializer(serializers.Serializer):
    """One confirmed stance in a position's history: what the actor said then."""

    polarity = serializers.ChoiceField(choices=Stance.Polarity.choices)
    date = serializers.DateField(source="when", allow_null=True)
    statement = serializers.IntegerField(source="statement.pk")
    text = serializers.CharField(source="statement.text")


class PositionSerializer(serializers.Serializer):
    """Where an actor stands on a proposition now (its latest confirmed stance), since when, and the
    stances that led there."""

    actor = serializers.CharField(source="actor.slug")
    proposition = serializers.CharField(source="proposition.slug")
    polarity = serializers.ChoiceField(choices=Stance.Polarity.choices)
    since = serializers.DateField(allow_null=True)
    member_of = serializers.CharField(source="member_of.slug", allow_null=True, default=None)
    history = PositionEntrySerializer(many=True)


class PositionCursor(SequenceCursor):
    """Positions page in the order the pages list them: by proposition title, then actor name."""

    def sort_key(self, item) -> tuple:
        return (item.proposition.title, item.actor.name, item.proposition.pk, item.actor.pk)
