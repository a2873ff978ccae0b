"""Reads of actors shared by the web UI and the API."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet

from .models import Actor, Alias


def actor_list() -> QuerySet[Actor]:
    """Actors by name with affiliation and statement count, in one query."""
    return (
        Actor.objects.select_related("affiliation")
        .annotate(statement_count=Count("statements", distinct=True))
        .order_by("name")
    )


def actor_detail(slug: str) -> Actor:
    return (
        Actor.objects.select_related("affiliation")
        .prefetch_related(
            Prefetch("aliases", queryset=Alias.objects.order_by("text")),
            Prefetch("members", queryset=Actor.objects.order_by("name")),
        )
        .get(slug=slug)
    )
