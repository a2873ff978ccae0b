"""Idempotent writes: report whether a row was created, changed (which fields) or left alone."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Upserted:
    obj: Any
    created: bool
    changed: tuple[str, ...] = ()

    @property
    def unchanged(self) -> bool:
        return not self.created and not self.changed


def apply_changes(obj: Any, values: dict[str, Any]) -> tuple[str, ...]:
    """Set only the attributes whose value differs and return their names (so a re-run saves nothing)."""
    changed = tuple(name for name, value in values.items() if getattr(obj, name) != value)
    for name in changed:
        setattr(obj, name, values[name])
    return changed


def save_changes(
    obj: Any,
    values: dict[str, Any],
    *,
    validate: bool = False,
    validate_unique: bool = False,
    also_update: Sequence[str] = (),
) -> tuple[str, ...]:
    """Set the values that differ and save only those fields (and `also_update`, e.g. an auto_now
    "updated_at"), after full_clean when `validate`; returns the changed names (a re-run saves nothing)."""
    changed = apply_changes(obj, values)
    if changed:
        if validate:
            obj.full_clean(validate_unique=validate_unique)
        obj.save(update_fields=[*changed, *also_update])
    return changed
