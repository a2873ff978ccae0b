"""Events: what an editor's decision changed for the actors and propositions people watch.

review.py calls `record_decision()` when a decision writes its review event, in the same transaction,
with the moves `claims.services.positions.refresh_positions` returned for it (each position the decision
changed, before and after), so nothing re-reads positions to find what moved. A decision that nobody's
watches cover costs one query. Only approved statements make events: a pending or rejected statement
never reaches anyone; a decision that takes an approved statement out of the record (undo, reject)
retracts the events it made ("No longer: …"), to the same people only, so nothing new about an
unapproved statement is ever told.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.urls import reverse

from actors.models import Actor
from actors.selectors import actor_by_id
from claims.models import Proposition, ReviewEvent, Statement
from claims.positions import AGAINST, FOR, OPPOSITE, holders, polarities_of, statement_date

from ..models import Event, Notification, Watch, WatchKind
from .delivery import deliveries_for

if TYPE_CHECKING:
    from claims.services.positions import Move

APPROVED = Statement.Status.APPROVED
Kind = WatchKind


def _counted(values: dict[str, Any]) -> dict[int, str]:
    """The stances a statement snapshot contributes to positions: confirmed ones of an approved statement."""
    if values.get("status") != APPROVED or not values.get("speaker_id"):
        return {}
    confirmed = set(values.get("confirmed_stances") or [])
    return {pid: polarity for pid, polarity in values.get("stances") or [] if pid in confirmed}


def _watches_of(actor_ids: Iterable[int], proposition_ids: Iterable[int]) -> Q:
    actors, propositions = list(actor_ids), list(proposition_ids)
    return (
        Q(actor_id__in=actors, proposition__isnull=True)
        | Q(actor__isnull=True, proposition_id__in=propositions)
        | Q(actor_id__in=actors, proposition_id__in=propositions)
    )


def statement_details(statement: Statement) -> dict[str, Any]:
    """What every notification shows: the words, speaker, outlet, date and the links."""
    article = statement.article
    when = statement_date(statement)
    return {
        "statement_id": statement.pk,
        "text": statement.text,
        "speaker": statement.speaker.name if statement.speaker else "",
        "outlet": article.outlet.name if article.outlet_id and article.outlet else "",
        "article_title": article.title,
        "date": when.isoformat() if when else None,
        "statement_url": reverse("sources:article-detail", args=[article.pk]) + f"#s{statement.pk}",
        "source_url": article.url,
    }


def _history_url(actor: Actor, proposition: Proposition | None) -> str:
    url = reverse("actors:actor-detail", args=[actor.slug])
    return url + (f"?proposition={proposition.slug}#positions" if proposition else "#statements")


def _name(polarity: str) -> str:
    return polarity or "no position"


def _summary(
    actor: Actor, proposition: Proposition | None, kinds: list[str], was: str, now: str, stance: str
) -> str:
    if proposition is None:
        return f"New statement by {actor.name}"
    title = f"“{proposition.title}”"
    if Kind.POSITION in kinds:
        if not was:
            return f"{actor.name} takes a position on {title}: {now}"
        if not now:
            return f"{actor.name} no longer has a position on {title} (was {was})"
        return f"{actor.name} changed position on {title}: {was} → {now}"
    if stance:
        return f"{actor.name} {stance} {title} (new statement; position unchanged: {_name(now)})"
    return f"{actor.name}'s statement no longer counts on {title} (position unchanged: {_name(now)})"


@dataclass
class _Pair:
    actor: Actor
    proposition: Proposition | None
    kinds: list[str]
    was: str = ""
    now: str = ""
    stance: str = ""
    contradicts: list[str] = field(default_factory=list)


def _contradicting(actor: Actor, proposition: Proposition, polarity: str) -> list[str]:
    """Who now stands on the other side: that side's rows of the proposition only, by their index."""
    if polarity not in FOR + AGAINST:
        return []
    return holders(proposition.pk, OPPOSITE[polarity], besides=actor.pk)


def _pairs_for(
    actor: Actor, before: dict, after: dict, moved: dict[tuple[int, int], Move], wants_contradiction
) -> list[_Pair]:
    was_there = before.get("status") == APPROVED and before.get("speaker_id") == actor.pk
    is_there = after.get("status") == APPROVED and after.get("speaker_id") == actor.pk
    stances_before = _counted(before) if was_there else {}
    stances_after = _counted(after) if is_there else {}
    pairs: list[_Pair] = []
    if is_there and not was_there and not stances_after:
        pairs.append(_Pair(actor, None, [str(Kind.STATEMENT)]))
    changed = {
        pid
        for pid in set(stances_before) | set(stances_after)
        if stances_before.get(pid) != stances_after.get(pid) or is_there != was_there
    }
    if not changed:
        return pairs
    unmoved = [pid for pid in changed if (actor.pk, pid) not in moved]
    held = polarities_of(actor.pk, unmoved) if unmoved else {}
    propositions = Proposition.objects.in_bulk(list(changed))
    for pid in sorted(changed):
        proposition = propositions.get(pid)
        if proposition is None:
            continue
        move = moved.get((actor.pk, pid))
        if move is not None:
            was, now = move.before or "", move.after or ""
        else:
            was = now = held.get(pid, "")
        kinds: list[str] = []
        if is_there and not was_there:
            kinds.append(Kind.STATEMENT)
        stance = stances_after.get(pid, "")
        if stance and stance != stances_before.get(pid):
            kinds.append(Kind.STANCE)
        if was != now:
            kinds.append(Kind.POSITION)
        pair = _Pair(actor, proposition, kinds, was, now, stance)
        if Kind.POSITION in kinds and wants_contradiction(actor.pk, pid):
            pair.contradicts = _contradicting(actor, proposition, now)
            if pair.contradicts:
                kinds.append(Kind.CONTRADICTION)
        if kinds:
            pairs.append(pair)
    return pairs


def _matching(watches: list[Watch], actor_id: int, proposition_id: int | None, kinds: list[str]) -> dict:
    """Per user, the most specific of their watches that covers this change (and wants one of its kinds)."""
    chosen: dict[int, Watch] = {}
    for watch in watches:
        if watch.actor_id not in (None, actor_id) or watch.proposition_id not in (None, proposition_id):
            continue
        if watch.proposition_id is not None and proposition_id is None:
            continue
        if not set(watch.kinds or []) & set(kinds):
            continue
        current = chosen.get(watch.user_id)
        specific = (watch.actor_id is not None) + (watch.proposition_id is not None)
        if current is None or specific > (current.actor_id is not None) + (
            current.proposition_id is not None
        ):
            chosen[watch.user_id] = watch
    return chosen


def _notify(event: Event, recipients: dict[int, Watch | None]) -> list[Notification]:
    notifications = Notification.objects.bulk_create(
        [Notification(user_id=user_id, event=event, watch=watch) for user_id, watch in recipients.items()]
    )
    deliveries_for(notifications)
    return notifications


def record_decision(review_event: ReviewEvent, moves: Iterable[Move] = ()) -> list[Event]:
    """Record the events a decision made, with their notifications and deliveries, in its transaction.
    `moves` are the positions the decision's refresh changed (refresh_positions' answer); a pair it
    did not move kept its position."""
    before, after = review_event.before or {}, review_event.after or {}
    if review_event.action == ReviewEvent.Action.UNDO_REFUSED:
        return []
    if before.get("status") == APPROVED and after.get("status") != APPROVED:
        return _retract(review_event)
    if review_event.action == ReviewEvent.Action.UNDO:
        undone = Event.objects.filter(review_event_id=after.get("undoes"), retracts__isnull=True)
        if undone.exists():
            return _retract(review_event, undone)
    if after.get("status") != APPROVED:
        return []  # pending and rejected statements never make events
    actor_ids: set[int] = {
        int(v["speaker_id"]) for v in (before, after) if v.get("status") == APPROVED and v.get("speaker_id")
    }
    proposition_ids = set(_counted(before)) | set(_counted(after))
    watches = list(Watch.objects.filter(_watches_of(actor_ids, proposition_ids)))
    if not watches:
        return []
    statement = Statement.objects.select_related("speaker", "article__outlet").get(
        pk=review_event.statement_id
    )

    def wants_contradiction(actor_id: int, proposition_id: int) -> bool:
        return bool(_matching(watches, actor_id, proposition_id, [Kind.CONTRADICTION]))

    moved = {(m.actor_id, m.proposition_id): m for m in moves}
    events = []
    details = statement_details(statement)
    for actor in filter(None, (actor_by_id(pk) for pk in sorted(actor_ids))):
        for pair in _pairs_for(actor, before, after, moved, wants_contradiction):
            recipients = _matching(
                watches, actor.pk, pair.proposition.pk if pair.proposition else None, pair.kinds
            )
            if not recipients:
                continue
            summary = _summary(actor, pair.proposition, pair.kinds, pair.was, pair.now, pair.stance)
            if pair.contradicts:
                summary += f"; now contradicts {', '.join(pair.contradicts[:5])}"
                if len(pair.contradicts) > 5:
                    summary += f" and {len(pair.contradicts) - 5} more"
            event = Event.objects.create(
                review_event=review_event,
                statement=statement,
                actor=actor,
                proposition=pair.proposition,
                kinds=pair.kinds,
                position_before=pair.was,
                position_after=pair.now,
                summary=summary[:500],
                details={
                    **details,
                    "actor": actor.name,
                    "proposition": pair.proposition.title if pair.proposition else "",
                    "stance": pair.stance,
                    "contradicts": pair.contradicts,
                    "history_url": _history_url(actor, pair.proposition),
                },
            )
            _notify(event, dict(recipients))
            events.append(event)
    return events


def _retract(review_event: ReviewEvent, events=None) -> list[Event]:
    """'No longer: …' for each event still standing, told to the people who were told it (nothing new)."""
    if events is None:
        events = Event.objects.filter(statement_id=review_event.statement_id, retracts__isnull=True).exclude(
            retractions__isnull=False
        )
    retracted = []
    for original in events.exclude(retractions__isnull=False).order_by("pk"):
        event = Event.objects.create(
            review_event=review_event,
            statement_id=original.statement_id,
            actor_id=original.actor_id,
            proposition_id=original.proposition_id,
            kinds=original.kinds,
            position_before=original.position_after,
            position_after=original.position_before,
            summary=f"No longer: {original.summary}"[:500],
            details={**original.details, "retracted_because": review_event.get_action_display().lower()},
            retracts=original,
        )
        recipients = {n.user_id: n.watch for n in original.notifications.select_related("watch")}
        if recipients:
            _notify(event, recipients)
        retracted.append(event)
    return retracted
