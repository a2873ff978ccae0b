"""Operations on tracked propositions."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from common.slugs import unique_slug
from common.upsert import Upserted, apply_changes

from ..models import Proposition


@transaction.atomic
def upsert_proposition(
    *, slug: str, title: str, kind: str, description: str = "", keywords: list[str] | None = None
) -> Upserted:
    values = {"title": title, "kind": kind, "description": description, "keywords": list(keywords or [])}
    proposition = Proposition.objects.filter(slug=slug).first()
    if proposition is None:
        proposition = Proposition(slug=slug, **values)
        proposition.full_clean(validate_unique=False)
        proposition.save()
        return Upserted(proposition, created=True)
    changed = apply_changes(proposition, values)
    if changed:
        proposition.full_clean(validate_unique=False)
        proposition.save(update_fields=list(changed))
    return Upserted(proposition, created=False, changed=changed)


@transaction.atomic
def create_proposition(
    *,
    title: str,
    kind: str,
    description: str = "",
    keywords: list[str] | None = None,
    is_active: bool = True,
    slug: str | None = None,
) -> Proposition:
    """A new proposition to track; without a slug, one is made from the title (numbered when taken)."""
    proposition = Proposition(
        slug=slug or unique_slug(Proposition, title),
        title=title,
        kind=kind,
        description=description,
        keywords=list(keywords or []),
        is_active=is_active,
    )
    proposition.full_clean(validate_unique=False)
    proposition.save()
    return proposition


@transaction.atomic
def update_proposition(*, proposition: Proposition, data: dict[str, Any]) -> Proposition:
    """Change the given fields of a proposition (its keywords take effect at the next extraction)."""
    changed = apply_changes(proposition, data)
    if changed:
        proposition.full_clean(validate_unique=False)
        proposition.save(update_fields=list(changed))
    return proposition


@transaction.atomic
def delete_proposition(*, proposition: Proposition) -> None:
    """Stop tracking a proposition; the stances on it go with it."""
    proposition.delete()
