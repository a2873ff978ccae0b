"""Editors' decisions on statements: approve, reject, edit, undo, claim. Never lose or overwrite one.

Every write names the version it was based on and is applied by a conditional UPDATE on that version,
so of two editors deciding the same statement exactly one succeeds and the other is told what changed
(StaleVersion carries the current values). Each change writes an immutable ReviewEvent with the values
before and after, which is also what undo restores from.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from actors import services as actor_services
from actors.models import Actor
from common.params import has_control_character
from watches import services as watch_services

from ..models import Proposition, ReviewEvent, Stance, Statement
from .clusters import reindex
from .positions import Move, follow_speaker, refresh_positions

Action = ReviewEvent.Action
EDITABLE = ("speaker", "text", "kind", "said_on", "date_precision", "via", "cue")
DECISIONS = (Action.APPROVE, Action.REJECT, Action.EDIT, Action.STANCE)
NOT_CHANGES = (Action.UNDO_REFUSED,)  # events that record something but leave the statement as it was


class ReviewError(ValueError):
    """A request that cannot be applied as asked (bad value, nothing to undo…); the message says why."""


class StaleVersion(Exception):
    """The statement changed since the editor loaded it; nothing was written."""

    def __init__(self, statement: Statement, expected: int) -> None:
        super().__init__(
            f"statement {statement.pk} is at version {statement.version}, not {expected}: "
            "someone changed it since you opened it"
        )
        self.statement = statement
        self.expected = expected

    @property
    def events_since(self) -> list[ReviewEvent]:
        """Every change after the version the write was based on, oldest first: all the editor has not seen."""
        events = self.statement.review_events.select_related("user").order_by("created_at", "id")
        return [
            e
            for e in events
            if e.action not in NOT_CHANGES
            and isinstance(e.after.get("version"), int)
            and e.after["version"] > (self.expected or 0)
        ]


class UndoRefused(StaleVersion):
    """Someone else changed the statement after the user's decision, so undoing it would silently overwrite
    them. The decision is marked as not undoable (the refusal is itself on record), so the next undo moves on."""

    def __init__(
        self, statement: Statement, decision: ReviewEvent, overridden_by: ReviewEvent | None
    ) -> None:
        super().__init__(statement, decision.after.get("version"))
        self.decision, self.overridden_by = decision, overridden_by
        self.noun = _NOUNS.get(decision.action, "decision")
        if overridden_by is not None:
            self.why = (
                f"{overridden_by.user or 'someone'} {_PAST.get(overridden_by.action, 'changed it')} since"
            )
        else:
            self.why = "it was changed since"
        self.args = (
            f"Your {self.noun} of #{statement.pk} can no longer be undone: {self.why}. It stays as it is "
            "now; undo again to undo your decision before that.",
        )


_NOUNS: dict[str, str] = {
    Action.APPROVE: "approval",
    Action.REJECT: "rejection",
    Action.EDIT: "edit",
    Action.STANCE: "stance change",
}
_PAST: dict[str, str] = {
    Action.APPROVE: "approved it",
    Action.REJECT: "rejected it",
    Action.EDIT: "edited it",
    Action.UNDO: "undid a decision on it",
    Action.MERGE: "merged its speaker into another actor",
    Action.STANCE: "changed its stances",
}


def snapshot(statement: Statement, *, stances: list[Stance] | None = None) -> dict[str, Any]:
    """The reviewable values of a statement, as stored in review events and shown in conflicts
    (`stances`: its stances, when the caller has read them already)."""
    stances = list(statement.stances.all()) if stances is None else stances
    return {
        "status": statement.status,
        "speaker_id": statement.speaker_id,
        "speaker": statement.speaker.name if statement.speaker_id and statement.speaker else "",
        "text": statement.text,
        "kind": statement.kind,
        "said_on": statement.said_on.isoformat() if statement.said_on else None,
        "date_precision": statement.date_precision,
        "via_id": statement.via_id,
        "via": statement.via.name if statement.via_id and statement.via else "",
        "cue": statement.cue,
        "stances": sorted([s.proposition_id, s.polarity] for s in stances),
        "confirmed_stances": sorted(s.proposition_id for s in stances if s.is_confirmed),
        "version": statement.version,
    }


@dataclass(frozen=True)
class Before:
    """A statement as a decision on it starts: its values, kept in the review event."""

    values: dict[str, Any]


def _before(statement: Statement) -> Before:
    return Before(snapshot(statement))


def _load(statement_id: int) -> Statement:
    return Statement.objects.select_related("speaker", "via").get(pk=statement_id)


def _write(statement: Statement, *, version: int, values: dict[str, Any]) -> Statement:
    """Apply `values` only if the row is still at `version`; bump the version and release any claim."""
    now = timezone.now()
    updated = Statement.objects.filter(pk=statement.pk, version=version).update(
        **values, version=F("version") + 1, updated_at=now, claimed_by=None, claimed_until=None
    )
    if not updated:
        raise StaleVersion(_load(statement.pk), version)
    if {"text", "speaker", "speaker_id"} & set(values):
        reindex([statement.pk])  # the clustering index follows the words and who said them
    return _load(statement.pk)


def _event(
    statement: Statement,
    *,
    user,
    action: str,
    before: Before,
    reason: str = "",
    extra: dict | None = None,
    moved: list[Move] | None = None,
) -> ReviewEvent:
    """The decision's review event, and (same transaction) the watch events it makes: the one place
    every decision passes through once its changes are written. `moved`: positions the caller's own
    refresh already moved for this statement (a merge refreshes the target once for all of them)."""
    stances = list(statement.stances.all())
    after = snapshot(statement, stances=stances)
    if extra:
        after.update(extra)
    if any(stance.speaker_id != statement.speaker_id for stance in stances):
        # The stances' copy of the speaker, which the refresh reads by: stale after an edit or undo of
        # the speaker (or a speaker set outside review); the stances just read tell, so a decision that
        # leaves the speaker alone costs no query for it.
        follow_speaker(statement_id=statement.pk, speaker_id=statement.speaker_id)
    moves = _refresh_positions_for(before.values, after) + (moved or [])
    event = ReviewEvent.objects.create(
        statement=statement, user=user, action=action, before=before.values, after=after, reason=reason[:2000]
    )
    watch_services.record_decision(event, moves)
    return event


def _refresh_positions_for(before: dict, after: dict) -> list[Move]:
    """Keep the maintained positions right after a decision, in its transaction: the speakers before and
    after, on the propositions the statement had a stance on before or after; returns the positions that
    moved (what the watches tell). A statement approved neither before nor after counts for no position,
    so nothing is refreshed."""
    approved = Statement.Status.APPROVED
    if before.get("status") != approved and after.get("status") != approved:
        return []
    return refresh_positions(
        actor_ids=[before.get("speaker_id"), after.get("speaker_id")],
        proposition_ids=[pid for pid, _ in [*before.get("stances", []), *after.get("stances", [])]],
    )


def _check_version(statement: Statement, version: int | None) -> int:
    if version is None:
        raise ReviewError("The version you are changing is required (optimistic locking).")
    if statement.version != version:
        raise StaleVersion(statement, version)
    return version


@transaction.atomic
def approve_statement(*, statement_id: int, user, version: int | None) -> Statement:
    """Approve a candidate (or re-approve after a change); its suggested stances are confirmed with it."""
    statement = _load(statement_id)
    version = _check_version(statement, version)
    before = _before(statement)
    statement = _write(
        statement,
        version=version,
        values={"status": Statement.Status.APPROVED, "reviewed_by": user, "reviewed_at": timezone.now()},
    )
    statement.stances.filter(is_confirmed=False).update(
        is_confirmed=True, confirmed_by=user, updated_at=timezone.now()
    )
    _event(statement, user=user, action=Action.APPROVE, before=before)
    return statement


def _clean_reason(reason: str) -> str:
    """A reviewer's reason, stripped; one holding a control character (a NUL no database text column
    can hold) is refused before anything is decided."""
    if has_control_character(reason):
        raise ReviewError("The reason holds a control character (such as NUL): remove it and try again.")
    return reason.strip()


@transaction.atomic
def reject_statement(*, statement_id: int, user, version: int | None, reason: str = "") -> Statement:
    reason = _clean_reason(reason)
    statement = _load(statement_id)
    version = _check_version(statement, version)
    before = _before(statement)
    statement = _write(
        statement,
        version=version,
        values={"status": Statement.Status.REJECTED, "reviewed_by": user, "reviewed_at": timezone.now()},
    )
    _event(statement, user=user, action=Action.REJECT, before=before, reason=reason)
    return statement


def _clean_changes(statement: Statement, changes: dict[str, Any]) -> dict[str, Any]:
    unknown = set(changes) - set(EDITABLE) - {"stances"}
    if unknown:
        raise ReviewError(f"These fields cannot be edited: {', '.join(sorted(unknown))}.")
    values: dict[str, Any] = {}
    for name, value in changes.items():
        if name == "stances":
            continue
        if name == "text":
            value = (value or "").strip()
            if not value:
                raise ReviewError("The statement text cannot be empty.")
        if name == "kind" and value not in Statement.Kind.values:
            raise ReviewError(f"Unknown kind {value!r}; use one of {', '.join(Statement.Kind.values)}.")
        if name == "date_precision" and value not in Statement.Precision.values:
            raise ReviewError(f"Unknown date precision {value!r}.")
        if name in ("speaker", "via") and value is not None and not isinstance(value, Actor):
            raise ReviewError(f"{name} must be an actor.")
        if name == "said_on" and value is not None and not isinstance(value, date):
            raise ReviewError("The date must be a date.")
        if name == "cue":
            value = (value or "")[:100]
        if getattr(statement, name) != value:
            values[name] = value
    said_on = values.get("said_on", statement.said_on)
    precision = values.get("date_precision", statement.date_precision)
    if said_on is None and "said_on" in values:
        values["date_precision"] = Statement.Precision.UNKNOWN
    elif said_on is not None and precision == Statement.Precision.UNKNOWN:
        values["date_precision"] = Statement.Precision.DAY
    if "said_on" in values or "date_precision" in values:
        values["date_source"] = "set by an editor"
    return values


def _apply_stances(statement: Statement, stances: dict[int, str], user) -> bool:
    """Set the statement's stance per proposition id ("" removes it). Returns whether anything changed."""
    changed = False
    existing = {s.proposition_id: s for s in statement.stances.all()}
    known = set(Proposition.objects.filter(pk__in=list(stances)).values_list("pk", flat=True))
    for proposition_id, polarity in stances.items():
        if proposition_id not in known:
            raise ReviewError(f"No proposition {proposition_id}.")
        current = existing.get(proposition_id)
        if not polarity:
            if current is not None:
                current.delete()
                changed = True
            continue
        if polarity not in Stance.Polarity.values:
            raise ReviewError(f"Unknown stance {polarity!r}.")
        if current is None:
            Stance.objects.create(
                statement=statement,
                proposition_id=proposition_id,
                polarity=polarity,
                origin=Stance.Origin.EDITOR,
                is_confirmed=True,
                confirmed_by=user,
            )
            changed = True
        elif current.polarity != polarity or not current.is_confirmed:
            if current.polarity != polarity:  # compared before assigning: a changed stance is the editor's
                current.origin = Stance.Origin.EDITOR
            current.polarity, current.is_confirmed, current.confirmed_by = polarity, True, user
            current.save()
            changed = True
    return changed


@dataclass(frozen=True)
class NewActor:
    """An actor the editor typed in while editing; created only if the edit is saved."""

    name: str
    kind: str = Actor.Kind.PERSON
    role: str = ""


@transaction.atomic
def create_actor(*, name: str, kind: str, user, role: str = "") -> Actor:
    """A new actor typed in by an editor: confirmed at once, its name an alias so it resolves next time
    (actors.services.create_actor, whose refusals are ReviewErrors here)."""
    try:
        return actor_services.create_actor(name=name, kind=kind, role=role, is_confirmed=True)
    except ValidationError as exc:
        raise ReviewError(" ".join(exc.messages)) from exc


@transaction.atomic
def edit_statement(
    *,
    statement_id: int,
    user,
    version: int | None,
    changes: dict[str, Any],
    new_speaker: NewActor | None = None,
) -> Statement:
    """Correct a statement's fields (and stances: {proposition_id: polarity or ""}). Status is kept.
    A `new_speaker` is created in the same transaction, so a refused edit leaves no orphan actor behind."""
    statement = _load(statement_id)
    version = _check_version(statement, version)
    before = _before(statement)
    if new_speaker is not None:
        changes = {
            **changes,
            "speaker": create_actor(
                name=new_speaker.name, kind=new_speaker.kind, role=new_speaker.role, user=user
            ),
        }
    values = _clean_changes(statement, changes)
    current = {s.proposition_id: s.polarity for s in statement.stances.all()}
    stance_changes = {
        int(pid): polarity
        for pid, polarity in (changes.get("stances") or {}).items()
        if current.get(int(pid), "") != polarity
    }
    if not values and not stance_changes:
        return statement  # nothing changed: no new version, no event
    statement = _write(
        statement, version=version, values={**values, "reviewed_by": user, "reviewed_at": timezone.now()}
    )
    if stance_changes:
        _apply_stances(statement, stance_changes, user)
    _event(statement, user=user, action=Action.EDIT, before=before)
    return statement


def stored_before(*, statement_id: int) -> Before:
    """The statement as stored now: what a change made outside review (the admin) starts from."""
    return _before(_load(statement_id))


@transaction.atomic
def record_outside_change(*, statement_id: int, user, before: Before) -> ReviewEvent | None:
    """A statement or its stances changed outside review (an administrator in the Django admin): the
    stances follow its speaker, the maintained positions of the speakers and propositions before and
    after are refreshed, the version moves on (an open review card is told it changed) and the change
    is kept in the audit trail as an edit (a creation when `before` is empty: a statement added there).
    Nothing changed: no event."""
    statement = _load(statement_id)
    if snapshot(statement) == before.values:
        return None
    Statement.objects.filter(pk=statement.pk).update(version=F("version") + 1)
    statement.refresh_from_db(fields=["version"])
    action = ReviewEvent.Action.EDIT if before.values else ReviewEvent.Action.CREATE
    return _event(statement, user=user, action=action, before=before, reason="changed in the admin")


@transaction.atomic
def record_outside_deletion(*, before: Before) -> list[Move]:
    """A statement deleted outside review (the admin): its speaker's positions on the propositions it had
    stances on are recomputed without it. Returns the positions that moved."""
    return _refresh_positions_for(before.values, {})


def _undone_ids(user) -> set[int]:
    """The user's decisions already undone."""
    return {
        e["undoes"]
        for e in ReviewEvent.objects.filter(user=user, action=Action.UNDO).values_list("after", flat=True)
        if isinstance(e, dict) and e.get("undoes")
    }


def _given_up_ids(user) -> set[int]:
    """The user's decisions that someone else overrode: undo refused them once and now passes them by."""
    return {
        e["not_undoable"]
        for e in ReviewEvent.objects.filter(user=user, action=Action.UNDO_REFUSED).values_list(
            "after", flat=True
        )
        if isinstance(e, dict) and e.get("not_undoable")
    }


def last_undoable(user) -> ReviewEvent | None:
    skip = _undone_ids(user) | _given_up_ids(user)
    for event in ReviewEvent.objects.filter(user=user, action__in=DECISIONS).order_by("-created_at", "-id")[
        :50
    ]:
        if event.pk not in skip:
            return event
    return None


def _overridden(event: ReviewEvent, statement: Statement, user) -> tuple[bool, ReviewEvent | None]:
    """Whether anyone but the user changed the statement after `event` (and the first such change).
    The user's own undos of later decisions do not count: undoing twice on one statement is fine."""
    undone = _undone_ids(user)
    version = event.after.get("version")
    later = statement.review_events.select_related("user").filter(pk__gt=event.pk).order_by("pk")
    changes = [other for other in later if other.action not in NOT_CHANGES]
    breaking = [o for o in changes if o.user_id != user.pk or not (o.action == Action.UNDO or o.pk in undone)]
    if breaking:
        return True, next((o for o in breaking if o.user_id != user.pk), breaking[0])
    if changes:
        version = changes[-1].after.get("version")
    return statement.version != version, None  # a version bump with no event: changed outside review


def undo_last(*, user) -> Statement:
    """Put back the values from before the user's last decision not yet undone, if nobody changed it since.
    If someone did, their change stands: the decision is marked not undoable (UndoRefused says so, once)
    and the next undo goes on to the decision before it, instead of refusing forever."""
    with transaction.atomic():
        event = last_undoable(user)
        if event is None:
            raise ReviewError("Nothing to undo.")
        statement = _load(event.statement_id)
        overridden, by = _overridden(event, statement, user)
        if not overridden:
            return _undo(event, statement, user=user)
        refused = UndoRefused(statement, event, by)
        _event(
            statement,
            user=user,
            action=Action.UNDO_REFUSED,
            before=Before(snapshot(statement)),
            extra={"not_undoable": event.pk},
            reason=f"{user}'s {refused.noun} of {event.created_at:%Y-%m-%d %H:%M} not undone: {refused.why}",
        )
    raise refused  # after the block, so the mark is kept


def _undo(event: ReviewEvent, statement: Statement, *, user) -> Statement:
    before = _before(statement)
    old = event.before
    values = {
        "status": old["status"],
        "text": old["text"],
        "kind": old["kind"],
        "cue": old.get("cue", statement.cue),
        "said_on": date.fromisoformat(old["said_on"]) if old.get("said_on") else None,
        "date_precision": old["date_precision"],
        "speaker_id": old["speaker_id"],
        "via_id": old["via_id"],
    }
    if old["status"] == Statement.Status.PENDING:
        values.update(reviewed_by=None, reviewed_at=None)
    if values["speaker_id"] and not Actor.objects.filter(pk=values["speaker_id"]).exists():
        values["speaker_id"] = statement.speaker_id  # the actor was merged away since: keep the survivor
    if values["via_id"] and not Actor.objects.filter(pk=values["via_id"]).exists():
        values["via_id"] = statement.via_id
    statement = _write(statement, version=statement.version, values=values)
    old_stances = {pid: polarity for pid, polarity in old.get("stances", [])}
    current = {s.proposition_id for s in statement.stances.all()}
    still_tracked = set(Proposition.objects.filter(pk__in=list(old_stances)).values_list("pk", flat=True))
    # A proposition deleted since cannot get its stance back; the rest of the undo still applies.
    restore = {pid: old_stances.get(pid, "") for pid in current | (set(old_stances) & still_tracked)}
    if restore:
        _apply_stances(statement, restore, user)
    if old["status"] == Statement.Status.PENDING:
        _restore_confirmations(statement, old, user)
    _event(
        statement,
        user=user,
        action=Action.UNDO,
        before=before,
        extra={"undoes": event.pk},
        reason=f"undid {event.get_action_display().lower()} of {event.created_at:%Y-%m-%d %H:%M}",
    )
    return statement


def _restore_confirmations(statement: Statement, old: dict, user) -> None:
    """A pending statement's stances confirmed as they were (all unconfirmed for events recorded before
    confirmations were kept)."""
    confirmed = set(old.get("confirmed_stances", []))
    statement.stances.exclude(proposition_id__in=confirmed).update(is_confirmed=False, confirmed_by=None)
    if confirmed:
        statement.stances.filter(proposition_id__in=confirmed, is_confirmed=False).update(
            is_confirmed=True, confirmed_by=user
        )


@dataclass
class BulkResult:
    done: list[int] = field(default_factory=list)
    stale: list[int] = field(default_factory=list)
    missing: list[int] = field(default_factory=list)
    stances_confirmed: int = 0  # suggested stances an approval confirmed with its statements


def bulk_decide(*, user, action: str, versions: dict[int, int], reason: str = "") -> BulkResult:
    """Approve or reject several statements; each one is its own transaction and its own version check."""
    if action not in (Action.APPROVE, Action.REJECT):
        raise ReviewError("Bulk actions are approve and reject.")
    reason = _clean_reason(reason)  # refused before the first decision, not after some
    result = BulkResult()
    unconfirmed = Counter(
        Stance.objects.filter(statement_id__in=list(versions), is_confirmed=False).values_list(
            "statement_id", flat=True
        )
    )
    for statement_id, version in versions.items():
        try:
            if action == Action.APPROVE:
                approve_statement(statement_id=statement_id, user=user, version=version)
                result.stances_confirmed += unconfirmed[statement_id]
            else:
                reject_statement(statement_id=statement_id, user=user, version=version, reason=reason)
            result.done.append(statement_id)
        except StaleVersion:
            result.stale.append(statement_id)
        except Statement.DoesNotExist:
            result.missing.append(statement_id)
    return result


# --- Claims: two editors never get the same candidate at the same time -------------------------------


def _claim_seconds() -> int:
    return int(getattr(settings, "TRACKER_REVIEW_CLAIM_SECONDS", 300))


def claim(*, statement_id: int, user) -> bool:
    """Reserve a pending statement for this editor for a few minutes; False if another editor holds it."""
    now = timezone.now()
    free = Q(claimed_by__isnull=True) | Q(claimed_until__lt=now) | Q(claimed_by=user)
    return bool(
        Statement.objects.filter(free, pk=statement_id, status=Statement.Status.PENDING).update(
            claimed_by=user, claimed_until=now + timedelta(seconds=_claim_seconds())
        )
    )


def release_claims(*, user) -> None:
    """Free every candidate the user has open (they left the queue or moved to another one)."""
    Statement.objects.filter(claimed_by=user).update(claimed_by=None, claimed_until=None)
