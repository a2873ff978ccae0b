"""Background jobs that survive a lost worker or a lost broker message, for every kind of job.

The row is committed before its task is queued, and the task carries only the row's id. A worker claims
the job with a conditional UPDATE and holds a lease it renews as it works; a second delivery of the same
job finds it held (wait), done (nothing to do) or its lease expired (its worker died: take over). The
sweeper (beat, every minute) queues again the running jobs whose lease expired and the queued jobs whose
message never arrived. Each claim spends an attempt, so a job that kills its worker every time stops, as
failed with that reason, instead of being re-queued for ever.

A kind of job (ingest jobs, re-suggestion jobs) is a `JobQueue`: its model (with the fields below), the
settings that size its lease and attempts, and how to send its tasks. Job models have: state ("queued",
"running", "failed", …), attempts, error, note, queued_at, next_attempt_at, lease_expires_at, started_at,
finished_at, updated_at.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connections, transaction
from django.db.models import BooleanField, F, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone

log = logging.getLogger(__name__)

# The states every job model's State choices share (their labels may differ); the leasing and sweeping
# below rely on these values.
QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
LOST_NOTE = "its worker stopped; queued again"


@dataclass(frozen=True)
class JobQueue:
    """How one kind of job is leased, retried and swept."""

    model: Any  # a Django model class with the fields listed in the module docstring
    send: Callable[[list[int]], None]  # queue the jobs' tasks; called once the rows are committed
    label: str  # "ingest", "re-suggestion": for logs
    lease_setting: str  # seconds a running job may go unheard from before it counts as lost
    attempts_setting: str  # claims before a job that keeps losing its worker is failed
    requeue_setting: str  # seconds before a queued job whose task never started is sent again
    idle_values: Mapping[str, Any] = field(default_factory=dict)  # fields reset when a job stops running

    def lease(self) -> timedelta:
        return timedelta(seconds=int(getattr(settings, self.lease_setting)))

    def max_attempts(self) -> int:
        return int(getattr(settings, self.attempts_setting))

    def requeue_after(self) -> timedelta:
        return timedelta(seconds=int(getattr(settings, self.requeue_setting)))

    def enqueue(self, job_ids: list[int]) -> None:
        """Send the jobs' tasks once the rows are committed (immediately when not in a transaction)."""

        def send() -> None:
            self.model.objects.filter(pk__in=job_ids).update(queued_at=timezone.now())
            self.send(job_ids)

        transaction.on_commit(send)


def claimable(now: datetime) -> Q:
    """Jobs a worker may start now: queued and due, or running with an expired lease (its worker died)."""
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now + timedelta(seconds=5))
    return (Q(state=QUEUED) & due) | Q(state=RUNNING, lease_expires_at__lt=now)


def claim(queue: JobQueue, job_id: int, now: datetime, *, wait_for_disk: bool = True, **values: Any) -> bool:
    """Start an attempt (one is spent per claim); `values` are set with it (ingest: its first stage).
    `wait_for_disk=False`: the claim commits without waiting for the disk's flush (see
    asynchronous_commits), for a job whose finish commits durably."""
    jobs = queue.model.objects.filter(claimable(now), pk=job_id, attempts__lt=queue.max_attempts())
    return bool(
        (jobs if wait_for_disk else _without_waiting_for_disk(jobs)).update(
            state=RUNNING,
            attempts=F("attempts") + 1,
            lease_expires_at=now + queue.lease(),
            started_at=now,
            next_attempt_at=None,
            updated_at=now,
            **values,
        )
    )


def renew(queue: JobQueue, job_id: int, attempts: int, **values: Any) -> bool:
    """Record progress and renew the lease, if this attempt still holds the job (False: it was taken
    over, cancelled or superseded, and the caller must stop without writing). One UPDATE, committed
    without waiting for the disk's flush when it is its own transaction: a lease renewal or a stage
    name lost in a database crash makes the job look quiet sooner, and the sweeper treats it as any
    lost worker. Inside a caller's transaction it is one more statement of it, and that transaction
    commits as its caller decides."""
    now = timezone.now()
    jobs = queue.model.objects.filter(pk=job_id, state=RUNNING, attempts=attempts)
    updated = _without_waiting_for_disk(jobs).update(
        lease_expires_at=now + queue.lease(), updated_at=now, **values
    )
    return bool(updated)


# True, and the statement's own transaction commits without waiting for its WAL to reach the disk:
# set_config(…, is_local => true) lasts until the end of the transaction, here the statement's.
_ASYNCHRONOUS_COMMIT = RawSQL(
    "set_config('synchronous_commit', 'off', true) = 'off'", (), output_field=BooleanField()
)


def _without_waiting_for_disk(jobs: QuerySet) -> QuerySet:
    """`jobs` for an UPDATE that commits asynchronously (PostgreSQL's asynchronous commit: 0.1-0.2 ms
    instead of 2-3 ms for the disk's flush here) when it runs as its own transaction, in one statement
    (a `SET LOCAL` needed a BEGIN, a SET and a COMMIT around it: four round trips). Inside a transaction
    (a caller's, or a test's) `jobs` unchanged: that commit is not this module's to weaken."""
    conn = connections[jobs.db]
    if conn.vendor == "postgresql" and not conn.in_atomic_block:
        return jobs.filter(_ASYNCHRONOUS_COMMIT)
    return jobs


@contextmanager
def asynchronous_commits() -> Iterator[None]:
    """Within the block, this connection's transactions commit without waiting for the disk's flush
    (PostgreSQL's asynchronous commit; nothing anywhere else changes). For a job's work between its
    claim and its finish, when the finish commits durably after the block: after a crash PostgreSQL
    replays the WAL in order and a transaction is kept only with every one committed before it, so a
    durable finish keeps everything the job wrote; a crash before it loses at most the last few
    hundred milliseconds of the job's writes (never a part of a transaction), and the job is then
    running with a lease that runs out, or queued: the sweeper sends it again and it runs again as
    after a lost worker (storing and extraction are idempotent). A worker's crash loses nothing
    committed: only the database's own crash loses an asynchronous commit. Inside a transaction, or
    on another database, the block changes nothing."""
    conn = transaction.get_connection()
    if conn.vendor != "postgresql" or conn.in_atomic_block:
        yield
        return
    with conn.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        try:
            with conn.cursor() as cursor:
                cursor.execute("RESET synchronous_commit")
        except DatabaseError:  # a broken connection: the next one starts with the default
            conn.close()


def lost_reason(attempts: int, previous_error: str) -> str:
    if previous_error:
        return (
            f"gave up after {attempts} attempts: the worker was lost during the last one (crashed, killed or "
            f"out of memory); before that: {previous_error}"
        )
    return (
        f"gave up after {attempts} attempts: the worker was lost each time (crashed, killed or out of memory)"
    )


def give_up_if_spent(queue: JobQueue, job_id: int, now: datetime, *, candidates: Q) -> str:
    """Fail a job that would run again but has no attempt left (only a lost worker leaves one so); the reason."""
    job = (
        queue.model.objects.filter(candidates, pk=job_id, attempts__gte=queue.max_attempts())
        .values("attempts", "error")
        .first()
    )
    if job is None:
        return ""
    reason = lost_reason(job["attempts"], job["error"])
    updated = queue.model.objects.filter(candidates, pk=job_id, attempts=job["attempts"]).update(
        state=FAILED,
        error=reason[:5000],
        note="",
        finished_at=now,
        lease_expires_at=None,
        next_attempt_at=None,
        updated_at=now,
        **queue.idle_values,
    )
    if updated:
        log.warning("%s job %s: %s", queue.label, job_id, reason)
    return reason if updated else ""


@dataclass(frozen=True)
class Unclaimed:
    """Why claim() refused a job, and when to ask again."""

    state: str  # the job's state, "failed" if its attempts are spent, "missing" if there is no such job
    retry_in: int | None = None  # seconds: another worker holds it, or a retry is not due yet
    message: str = ""


def why_not_claimed(queue: JobQueue, job_id: int, now: datetime) -> Unclaimed:
    """A job claim() refused: failed for good (no attempt left), held by another worker (ask again when
    its lease ends), not due yet, or nothing to do (finished, cancelled…)."""
    if reason := give_up_if_spent(queue, job_id, now, candidates=claimable(now)):
        return Unclaimed(FAILED, message=reason)
    job = queue.model.objects.filter(pk=job_id).values("state", "lease_expires_at", "next_attempt_at").first()
    if job is None:
        return Unclaimed("missing", message="no such job")
    if job["state"] == RUNNING and job["lease_expires_at"]:
        wait = max(5, int((job["lease_expires_at"] - now).total_seconds()) + 1)
        return Unclaimed(RUNNING, retry_in=wait, message="another worker holds the job")
    if job["state"] == QUEUED and job["next_attempt_at"]:
        wait = max(5, int((job["next_attempt_at"] - now).total_seconds()) + 1)
        return Unclaimed(QUEUED, retry_in=wait, message="not due yet")
    return Unclaimed(job["state"], message="nothing to do")


@dataclass(frozen=True)
class SweepReport:
    requeued_lost: int  # running jobs whose worker died
    requeued_stalled: int  # queued jobs whose message never arrived
    failed_spent: int = 0  # jobs that would have been re-queued but had used up their attempts

    @property
    def total(self) -> int:
        return self.requeued_lost + self.requeued_stalled


def sweep(queue: JobQueue, *, stalled_after: timedelta | None = None) -> SweepReport:
    """Queue again the jobs that stopped moving: lost with a worker, or lost with the broker's messages.

    Re-sent jobs get a fresh queued_at in the same transaction, so a backlog the workers are still working
    through is re-sent once per interval, not at every sweep, and two overlapping sweeps never both send.
    """
    now = timezone.now()
    cutoff = now - (stalled_after if stalled_after is not None else queue.requeue_after())
    lost = Q(state=RUNNING, lease_expires_at__lt=now)
    stalled = (
        Q(state=QUEUED)
        & (Q(queued_at__isnull=True) | Q(queued_at__lte=cutoff))
        & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=cutoff))
    )
    limit = queue.max_attempts()
    with transaction.atomic():
        rows = list(  # locked rows belong to an overlapping sweep: it re-sends them
            queue.model.objects.filter(lost | stalled)
            .select_for_update(skip_locked=True)
            .values_list("pk", "state", "attempts")
        )
        spent = [pk for pk, _, attempts in rows if attempts >= limit]
        lost_ids = [pk for pk, state, attempts in rows if state == RUNNING and attempts < limit]
        stalled_ids = [pk for pk, state, attempts in rows if state == QUEUED and attempts < limit]
        failed = sum(bool(give_up_if_spent(queue, pk, now, candidates=lost | stalled)) for pk in spent)
        if lost_ids:
            queue.model.objects.filter(lost, pk__in=lost_ids).update(
                state=QUEUED,
                lease_expires_at=None,
                note=LOST_NOTE,
                queued_at=now,
                updated_at=now,
                **queue.idle_values,
            )
        if stalled_ids:
            queue.model.objects.filter(stalled, pk__in=stalled_ids).update(queued_at=now, updated_at=now)
        if lost_ids or stalled_ids:
            queue.enqueue(lost_ids + stalled_ids)
    if lost_ids or stalled_ids or failed:
        log.info(
            "sweeper: re-queued %d lost and %d stalled %s jobs; %d failed (no attempts left)",
            len(lost_ids),
            len(stalled_ids),
            queue.label,
            failed,
        )
    return SweepReport(len(lost_ids), len(stalled_ids), failed)
