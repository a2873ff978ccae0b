"""REST API for actors: read by analysts, managed by administrators; positions per actor."""

from __future__ import annotations

import django_filters
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from claims.positions import positions_of
from claims.services import ReviewError, confirm_actor, merge_actor
from claims.services.actors import MergeNotAllowed
from common.api import ApiSchema, ServiceWrites
from common.permissions import IsEditor, ReadAnalystWriteAdmin
from common.roles import is_editor

from . import services
from .models import Actor, Alias
from .selectors import search_actors, visible_actors
from .serializers import ActorSerializer, MergeSerializer, PositionCursor, PositionSerializer


class ActorFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="name, alias or role contains")
    kind = django_filters.ChoiceFilter(choices=Actor.Kind.choices)
    is_confirmed = django_filters.BooleanFilter()

    class Meta:
        model = Actor
        fields = ["kind", "is_confirmed"]

    def search(self, queryset, name, value):
        return search_actors(value, actors=queryset)


class ActorViewSet(ServiceWrites, viewsets.ModelViewSet):
    """Actors with their aliases. Analysts read; administrators create, change and delete."""

    schema = ApiSchema()
    serializer_class = ActorSerializer
    permission_classes = [ReadAnalystWriteAdmin]
    lookup_field = "slug"
    filterset_class = ActorFilter
    ordering_fields = ["id", "name", "slug"]
    ordering = ["-id"]
    queryset = (
        Actor.objects.select_related("affiliation")
        .prefetch_related(Prefetch("aliases", queryset=Alias.objects.order_by("text")))
        .order_by("id")
    )

    def get_queryset(self):
        """Analysts see the record's actors, not the extractor's unconfirmed guesses (as in the web UI)."""
        return visible_actors(user_is_editor=is_editor(self.request.user), actors=super().get_queryset())

    def create_object(self, data):
        """create_actor's duplicate check and alias, as for an actor an editor types in."""
        return services.create_actor(**data)

    def update_object(self, actor, data):
        return services.update_actor(actor=actor, data=data)

    def delete_object(self, actor):
        services.delete_actor(actor=actor)

    def get_permissions(self):
        if self.action in ("confirm", "merge"):
            return [IsEditor()]  # editors curate the extractor's new actors
        return super().get_permissions()

    @extend_schema(summary="Confirm an actor", request=None, responses={200: ActorSerializer})
    @action(detail=True, methods=["post"])
    def confirm(self, request, slug=None):
        """Confirm an actor the extractor created (editors)."""
        actor = confirm_actor(actor_id=self.get_object().pk, user=request.user)
        return Response(ActorSerializer(self.get_queryset().get(pk=actor.pk)).data)

    @extend_schema(
        summary="Merge an actor into another", request=MergeSerializer, responses={200: ActorSerializer}
    )
    @action(detail=True, methods=["post"])
    def merge(self, request, slug=None):
        """Merge this actor into `into`: its statements and aliases move, its name becomes an alias there.
        Editors merge unconfirmed actors; a confirmed one takes an administrator (403)."""
        source = self.get_object()
        body = MergeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            target = merge_actor(
                source_id=source.pk, target_id=body.validated_data["into"].pk, user=request.user
            )
        except MergeNotAllowed as exc:
            raise PermissionDenied(str(exc)) from exc
        except ReviewError as exc:
            raise ValidationError({"into": [str(exc)]}) from exc
        return Response(ActorSerializer(self.get_queryset().get(pk=target.pk)).data)

    @extend_schema(summary="List an actor's positions", responses=PositionSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=PositionCursor, filter_backends=[])
    def positions(self, request, slug=None):
        """The actor's current position on each proposition, with the stances that led there (cursor
        pages by proposition title; no filters)."""
        page = self.paginate_queryset(positions_of(self.get_object()))
        return self.get_paginated_response(PositionSerializer(page, many=True).data)
