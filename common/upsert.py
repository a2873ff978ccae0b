"""Idempotent writes: report whether a row was created, changed (which fields) or left alone."""

from __future__ import annotations

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
