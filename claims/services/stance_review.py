"""Editors' decisions on one suggested stance of a statement: accept it, flip it, drop it.

Each names the statement's version (optimistic locking, as every review decision), gives the statement a
new version and writes a review event, so undo (`u`) puts the stance back as it was.
"""

from __future__ import annotations

from django.db import transaction

from ..models import Proposition, ReviewEvent, Stance, Statement
from .review import Before, ReviewError, _before, _check_version, _event, _load, _write

FLIPPED: dict[str, str] = {
    Stance.Polarity.SUPPORTS: Stance.Polarity.OPPOSES,
    Stance.Polarity.OPPOSES: Stance.Polarity.SUPPORTS,
    Stance.Polarity.ASSERTS: Stance.Polarity.DENIES,
    Stance.Polarity.DENIES: Stance.Polarity.ASSERTS,
}


def _stance(statement: Statement, proposition_id: int) -> Stance:
    stance = statement.stances.select_related("proposition").filter(proposition_id=proposition_id).first()
    if stance is None:
        title = Proposition.objects.filter(pk=proposition_id).values_list("title", flat=True).first()
        raise ReviewError(
            f"This statement has no stance on “{title}” (any more)."
            if title
            else f"No proposition {proposition_id}."
        )
    return stance


def _decided(
    statement: Statement, *, user, version: int, before: Before, reason: str, change: dict
) -> Statement:
    statement = _write(statement, version=version, values={})
    _event(
        statement,
        user=user,
        action=ReviewEvent.Action.STANCE,
        before=before,
        reason=reason,
        extra={"stance": change},
    )
    return statement


@transaction.atomic
def accept_stance(*, statement_id: int, proposition_id: int, user, version: int | None) -> Statement:
    """Confirm the suggested stance as it is; the statement itself stays pending until approved."""
    statement = _load(statement_id)
    version = _check_version(statement, version)
    stance = _stance(statement, proposition_id)
    before = _before(statement)
    if not stance.is_confirmed:
        stance.is_confirmed, stance.confirmed_by = True, user
        stance.save(update_fields=["is_confirmed", "confirmed_by", "updated_at"])
    return _decided(
        statement,
        user=user,
        version=version,
        before=before,
        reason=f"accepted “{stance.polarity}” on {stance.proposition.title}"[:2000],
        change={"proposition": stance.proposition.slug, "action": "accept", "polarity": stance.polarity},
    )


@transaction.atomic
def flip_stance(*, statement_id: int, proposition_id: int, user, version: int | None) -> Statement:
    """Turn the stance to its opposite (supports ↔ opposes, asserts ↔ denies): the editor's, confirmed."""
    statement = _load(statement_id)
    version = _check_version(statement, version)
    stance = _stance(statement, proposition_id)
    opposite = FLIPPED.get(stance.polarity)
    if opposite is None:
        raise ReviewError(
            f"“{stance.get_polarity_display()}” has no opposite to flip to: edit the statement (e) to choose "
            "another stance."
        )
    before, was = _before(statement), stance.polarity
    stance.polarity, stance.origin, stance.is_confirmed, stance.confirmed_by = (
        opposite,
        Stance.Origin.EDITOR,
        True,
        user,
    )
    stance.save(update_fields=["polarity", "origin", "is_confirmed", "confirmed_by", "updated_at"])
    return _decided(
        statement,
        user=user,
        version=version,
        before=before,
        reason=f"flipped “{was}” to “{opposite}” on {stance.proposition.title}"[:2000],
        change={"proposition": stance.proposition.slug, "action": "flip", "from": was, "to": opposite},
    )


@transaction.atomic
def drop_stance(*, statement_id: int, proposition_id: int, user, version: int | None) -> Statement:
    """Remove a stance the statement does not take (the suggester was wrong about the topic)."""
    statement = _load(statement_id)
    version = _check_version(statement, version)
    stance = _stance(statement, proposition_id)
    before = _before(statement)
    title, slug, polarity = stance.proposition.title, stance.proposition.slug, stance.polarity
    stance.delete()
    return _decided(
        statement,
        user=user,
        version=version,
        before=before,
        reason=f"dropped “{polarity}” on {title}"[:2000],
        change={"proposition": slug, "action": "drop", "polarity": polarity},
    )
