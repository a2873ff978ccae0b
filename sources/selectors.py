"""Reads of articles shared by the web UI and the API."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from .models import Article


def article_list() -> QuerySet[Article]:
    """Articles newest first, with their outlet and statement counts in the same query."""
    return (
        Article.objects.select_related("outlet")
        .annotate(
            statement_count=Count("statements", distinct=True),
            pending_count=Count("statements", filter=Q(statements__status="pending"), distinct=True),
        )
        .order_by("-published_at", "-id")
    )


def article_detail(pk: int) -> Article:
    return Article.objects.select_related("outlet").get(pk=pk)
