"""Editors' decisions about actors the extractor met for the first time: confirm, merge, create."""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from actors.models import Actor
from actors.services import add_alias
from claims.models import ReviewEvent, Statement, StatementCluster
from common.roles import is_admin
from watches.services import actor_merged

from .clusters import speaker_merged
from .positions import move_speaker, refresh_positions
from .review import ReviewError, _before, _event

# Actor has no confirmed_by field and review events are per statement, so actor decisions are logged here.
log = logging.getLogger(__name__)


class MergeNotAllowed(ReviewError):
    """Merging away a confirmed actor rewrites the record analysts rely on: only administrators may."""


def _who(user) -> dict:
    return {"user_id": getattr(user, "pk", None), "username": getattr(user, "username", "")}


@transaction.atomic
def confirm_actor(*, actor_id: int, user) -> Actor:
    actor = Actor.objects.select_for_update().get(pk=actor_id)
    if not actor.is_confirmed:
        actor.is_confirmed = True
        actor.save(update_fields=["is_confirmed", "updated_at"])
        log.info(
            "%s confirmed actor #%s %r",
            user,
            actor.pk,
            actor.name,
            extra={**_who(user), "actor_id": actor.pk},
        )
    return actor


@transaction.atomic
def merge_actor(*, source_id: int, target_id: int, user) -> Actor:
    """Fold an unconfirmed actor into an existing one: statements, clusters and aliases move; the
    source's name becomes an alias of the target so the same mention resolves to it next time.
    A confirmed source takes an administrator (MergeNotAllowed otherwise)."""
    if source_id == target_id:
        raise ReviewError("An actor cannot be merged into itself.")
    source = Actor.objects.select_for_update().get(pk=source_id)
    target = Actor.objects.select_for_update().get(pk=target_id)
    if source.is_confirmed and not is_admin(user):
        raise MergeNotAllowed(
            f"{source.name} is a confirmed actor: only an administrator can merge it into "
            "another actor. Editors merge new (unconfirmed) actors."
        )
    now = timezone.now()
    affected = list(
        Statement.objects.filter(Q(speaker=source) | Q(via=source))
        .select_related("speaker", "via")
        .order_by("id")
    )
    befores = {s.pk: _before(s) for s in affected}
    # A merge changes who said it: bump versions so a form opened before the merge cannot overwrite it.
    Statement.objects.filter(speaker=source).update(speaker=target, version=F("version") + 1, updated_at=now)
    move_speaker(source_id=source.pk, target_id=target.pk)  # their stances' copies, read by the refresh
    Statement.objects.filter(via=source).update(via=target, version=F("version") + 1, updated_at=now)
    StatementCluster.objects.filter(speaker=source).update(speaker=target)
    speaker_merged(source_id=source.pk, target_id=target.pk)
    Actor.objects.filter(affiliation=source).exclude(pk=target.pk).update(affiliation=target)
    for alias in list(source.aliases.all()):
        if not target.aliases.filter(normalized=alias.normalized).exists():
            alias.actor = target
            alias.save(update_fields=["actor"])
    add_alias(actor=target, text=source.name)
    actor_merged(source=source, target=target)
    source.delete()  # its maintained positions go with it (cascade); the target's are recomputed below
    # Each position the merge moved is told once, with the first approved statement that counts on it.
    unmoved = {m.proposition_id: m for m in refresh_positions(actor_ids=[target.pk])}
    for statement in Statement.objects.filter(pk__in=[s.pk for s in affected]).select_related(
        "speaker", "via"
    ):
        values = befores[statement.pk].values
        counted = values["confirmed_stances"] if values["status"] == Statement.Status.APPROVED else []
        _event(
            statement,
            user=user,
            action=ReviewEvent.Action.MERGE,
            before=befores[statement.pk],
            reason=f"merged {source.name} into {target.name}",
            moved=[unmoved.pop(pid) for pid in counted if pid in unmoved],
        )
    log.info(
        "%s merged actor #%s %r into #%s %r (%d statements moved)",
        user,
        source_id,
        source.name,
        target.pk,
        target.name,
        len(affected),
        extra={**_who(user), "actor_id": source_id, "target_id": target.pk},
    )
    return target
