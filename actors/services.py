"""Operations that change actors and aliases. One function per use case, transactional."""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from common.slugs import has_letter_or_digit, slug_for, unique_slug
from common.upsert import Upserted, save_changes

from .models import Actor, Alias
from .names import normalize_name
from .selectors import actor_by_name

_ABBREVIATION = re.compile(r"^(?:[A-Z]\.?){2,6}$")


def guess_alias_kind(text: str) -> str:
    """A best guess when the data does not say: 'U.S.' is an abbreviation, 'the embassy' a role noun."""
    if _ABBREVIATION.match(text.replace(" ", "")):
        return Alias.Kind.ABBREVIATION
    words = text.split()
    if words and words[0].lower() == "the" and all(w.islower() for w in words[1:]):
        return Alias.Kind.ROLE
    return Alias.Kind.NAME


@transaction.atomic
def upsert_actor(
    *,
    name: str,
    kind: str,
    role: str = "",
    gender: str = "",
    description: str = "",
    affiliation: Actor | None = None,
    is_confirmed: bool = True,
    slug: str | None = None,
) -> Upserted:
    """Create the actor with this slug, or bring an existing one up to date."""
    slug = slug or slug_for(name)
    values = {
        "name": name,
        "kind": kind,
        "role": role,
        "gender": gender,
        "description": description,
        "affiliation": affiliation,
        "is_confirmed": is_confirmed,
    }
    actor = Actor.objects.filter(slug=slug).first()
    if actor is None:
        actor = Actor(slug=slug, **values)
        # The fields' own checks (choices, not blank) say all that the table's check constraints do for a
        # new actor without an external id; checking each constraint again took a query (and a savepoint)
        # apiece, 18 per actor the extractor makes. The database still enforces them.
        actor.full_clean(validate_unique=False, validate_constraints=False)
        actor.save()
        return Upserted(actor, created=True)
    changed = save_changes(actor, values, validate=True, also_update=["updated_at"])
    return Upserted(actor, created=False, changed=changed)


def create_guessed_actor(*, name: str, kind: str, role: str = "") -> Actor:
    """An unconfirmed actor for a speaker the extractor found no actor for (the caller looked for one of
    this name, alias and slug), its name its first alias, in two inserts: upsert_actor and add_alias
    would look for the actor and the alias again, and add_alias takes a savepoint, 4 queries more."""
    name = name.strip()
    if not normalize_name(name):
        raise ValueError(f"The name {name!r} has no letters or digits.")
    actor = Actor(slug=slug_for(name), name=name, kind=kind, role=role, is_confirmed=False)
    actor.full_clean(validate_unique=False, validate_constraints=False)  # as upsert_actor: see there
    actor.save()
    Alias.objects.create(actor=actor, text=name, kind=Alias.Kind.NAME)
    return actor


@transaction.atomic
def add_alias(*, actor: Actor, text: str, kind: str | None = None) -> Upserted:
    """Give the actor another name; a name that normalises to an existing alias is not added twice."""
    text = text.strip()
    normalized = normalize_name(text)
    if not normalized:
        raise ValueError(f"The alias {text!r} has no letters or digits.")
    kind = kind or guess_alias_kind(text)
    alias = Alias.objects.filter(actor=actor, normalized=normalized).first()
    if alias is None:
        alias = Alias.objects.create(actor=actor, text=text, kind=kind)
        return Upserted(alias, created=True)
    changed = save_changes(alias, {"kind": kind})
    if changed:  # an alias has no time of its own: its actor's tells kept actor indexes it changed
        Actor.objects.filter(pk=actor.pk).update(updated_at=timezone.now())
    return Upserted(alias, created=False, changed=changed)


@transaction.atomic
def create_actor(
    *,
    name: str,
    kind: str = Actor.Kind.OTHER,
    role: str = "",
    gender: str = "",
    description: str = "",
    affiliation: Actor | None = None,
    external_id: str = "",
    is_confirmed: bool = True,
    slug: str | None = None,
) -> Actor:
    """A new actor someone typed in (an editor reviewing, an administrator through the API), its name an
    alias so the extractor resolves it next time. Refused (ValidationError on `name`) when an actor of
    that name or alias exists already: choose that one instead."""
    name = " ".join(name.split())
    if not normalize_name(name) or not has_letter_or_digit(name):
        raise ValidationError({"name": "The actor needs a name with letters or digits."})
    if kind not in Actor.Kind.values:
        raise ValidationError({"kind": f"Unknown actor kind {kind!r}."})
    existing = actor_by_name(name)
    if existing is not None:
        raise ValidationError(
            {"name": f"{existing.name} already exists; choose it instead of creating a new actor."}
        )
    actor = Actor(
        name=name,
        kind=kind,
        role=role,
        gender=gender,
        description=description,
        affiliation=affiliation,
        external_id=external_id,
        is_confirmed=is_confirmed,
        slug=slug or unique_slug(Actor, name),
    )
    actor.full_clean(validate_unique=False)
    actor.save()
    add_alias(actor=actor, text=name, kind=Alias.Kind.NAME)
    return actor


@transaction.atomic
def update_actor(*, actor: Actor, data: dict[str, Any]) -> Actor:
    """Change the given fields of an actor (an administrator through the API)."""
    save_changes(actor, data, validate=True, also_update=["updated_at"])
    return actor


@transaction.atomic
def delete_actor(*, actor: Actor) -> None:
    """Remove an actor; its statements keep their text and mention, without a speaker."""
    actor.delete()
