"""Operations on tracked propositions."""

from __future__ import annotations

from django.db import transaction

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
