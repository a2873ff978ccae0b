"""Query helpers shared by the apps' selectors."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce


def count_of(rows: QuerySet, *, outer: str) -> Coalesce:
    """How many of `rows` point at the outer row through their field `outer`, as a scalar subquery.
    Unlike a JOIN with GROUP BY, the database computes it only for the rows a page actually shows."""
    counted = (
        rows.filter(**{outer: OuterRef("pk")}).order_by().values(outer).annotate(n=Count("pk")).values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)
