"""Re-suggesting a proposition's stances on the statements already stored, in a resumable background job.

Only pending statements are looked at, and on them only the extractor's unreviewed suggestions change:
a stance an editor confirmed or made, and every stance of an approved or rejected statement, is never
overwritten or deleted. The job works through the articles in id order, a batch at a time (each article
parsed once), and writes each batch's stances and its checkpoint in one transaction, so an interrupted
job (worker killed, Cancel) resumes after the last finished batch and a batch run twice writes nothing
new. A statement whose stances change gets a new version, so an editor who had it open is told before
deciding on stances they did not see. Leases, attempts and the sweeper are common.jobs, as for ingest jobs.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from common.background import send_task
from common.jobs import JobQueue, SweepReport, claim, renew, sweep, why_not_claimed
from sources.models import Article

from ..models import Proposition, ResuggestJob, Stance, Statement
from . import suggester

log = logging.getLogger(__name__)

State = ResuggestJob.State
PENDING = Statement.Status.PENDING
RUN_RESUGGEST_JOB = "claims.run_resuggest_job"  # the task (claims.tasks) that runs one job


def _send(job_ids: list[int]) -> None:
    for job_id in job_ids:
        send_task(RUN_RESUGGEST_JOB, job_id)


RESUGGEST_JOBS = JobQueue(
    model=ResuggestJob,
    send=_send,
    label="re-suggestion",
    lease_setting="TRACKER_RESUGGEST_LEASE_SECONDS",
    attempts_setting="TRACKER_RESUGGEST_MAX_ATTEMPTS",
    requeue_setting="TRACKER_RESUGGEST_REQUEUE_AFTER_SECONDS",
)


class ResuggestError(ValueError):
    """The job cannot be cancelled or resumed as asked; the message says why."""


def _batch_size() -> int:
    from django.conf import settings

    return max(1, int(settings.TRACKER_RESUGGEST_BATCH_ARTICLES))


# --- Starting, stopping, resuming -------------------------------------------------------------------


def stop_active_jobs(*, proposition: Proposition, state: str, note: str) -> int:
    """End the proposition's queued or running job (superseded or cancelled); a worker running it stops
    at its next checkpoint, without writing that batch."""
    now = timezone.now()
    return ResuggestJob.objects.filter(proposition=proposition, state__in=ResuggestJob.ACTIVE_STATES).update(
        state=state, note=note[:300], finished_at=now, lease_expires_at=None, updated_at=now
    )


def start_resuggest(*, proposition: Proposition, user=None, reason: str = "") -> ResuggestJob:
    """Queue a re-suggestion of the proposition's stances; a job still running for it is superseded.
    Call inside the transaction that changed the proposition (its row locked): the job row commits with
    the change and the task is sent after the commit."""
    with transaction.atomic():
        stop_active_jobs(proposition=proposition, state=State.SUPERSEDED, note="superseded by a newer edit")
        job = ResuggestJob.objects.create(
            proposition=proposition,
            reason=reason[:200],
            total=Statement.objects.filter(status=PENDING).count(),
            created_by=user if getattr(user, "is_authenticated", False) else None,
        )
        RESUGGEST_JOBS.enqueue([job.pk])
    return job


@transaction.atomic
def cancel_resuggest(*, job_id: int, user=None) -> ResuggestJob:
    """Stop a queued or running job; what it has written stays, and Resume goes on from there."""
    job = ResuggestJob.objects.select_for_update().get(pk=job_id)
    if not job.is_active:
        raise ResuggestError(
            f"This re-suggestion is {job.get_state_display().lower()}: there is nothing to cancel."
        )
    now = timezone.now()
    job.state, job.finished_at, job.lease_expires_at = State.CANCELLED, now, None
    job.note = f"cancelled by {getattr(user, 'username', '') or 'someone'}"[:300]
    job.save(update_fields=["state", "finished_at", "lease_expires_at", "note", "updated_at"])
    return job


@transaction.atomic
def resume_resuggest(*, job_id: int, user=None) -> ResuggestJob:
    """Go on with a cancelled, failed or stalled job from its checkpoint (the latest job of an active
    proposition only: an older one was superseded by a newer edit)."""
    job = ResuggestJob.objects.select_for_update().select_related("proposition").get(pk=job_id)
    if not job.proposition.is_active:
        raise ResuggestError("The proposition is archived: unarchive it to suggest its stances again.")
    newer = ResuggestJob.objects.filter(proposition_id=job.proposition_id, pk__gt=job.pk).exists()
    if newer or job.state == State.SUPERSEDED:
        raise ResuggestError("A newer edit started another re-suggestion: that one is the one to follow.")
    if job.state == State.DONE:
        raise ResuggestError("This re-suggestion has finished: there is nothing to resume.")
    if job.is_active and not job.is_stalled:
        raise ResuggestError("This re-suggestion is still running.")
    now = timezone.now()
    ResuggestJob.objects.filter(pk=job.pk).update(
        state=State.QUEUED,
        attempts=0,
        error="",
        note=f"resumed by {getattr(user, 'username', '') or 'someone'} after {job.done:,} statements"[:300],
        finished_at=None,
        lease_expires_at=None,
        next_attempt_at=None,
        updated_at=now,
    )
    RESUGGEST_JOBS.enqueue([job.pk])
    job.refresh_from_db()
    return job


def sweep_resuggest_jobs(*, stalled_after: timedelta | None = None) -> SweepReport:
    """Queue again the re-suggestions that stopped moving (see common.jobs.sweep)."""
    return sweep(RESUGGEST_JOBS, stalled_after=stalled_after)


def drop_unreviewed_suggestions(*, proposition: Proposition) -> int:
    """Delete the extractor's unreviewed suggestions of the proposition on pending statements (it was
    archived); those statements get a new version. Confirmed and editor-made stances stay."""
    stances = Stance.objects.filter(
        proposition=proposition,
        is_confirmed=False,
        origin=Stance.Origin.EXTRACTOR,
        statement__status=PENDING,
    )
    statement_ids = list(stances.values_list("statement_id", flat=True))
    if not statement_ids:
        return 0
    Stance.objects.filter(pk__in=list(stances.values_list("pk", flat=True))).delete()
    _new_versions(statement_ids)
    return len(statement_ids)


def _new_versions(statement_ids: list[int]) -> None:
    Statement.objects.filter(pk__in=statement_ids).update(version=F("version") + 1, updated_at=timezone.now())


# --- Running -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResuggestRun:
    job_id: int
    state: str  # the job's state afterwards
    retry_in: int | None = None  # seconds: another worker holds it, ask again then
    message: str = ""


class _Stopped(Exception):
    """The job was cancelled, superseded or taken over: stop without writing the batch."""


def run_resuggest_job(*, job_id: int) -> ResuggestRun:
    """Carry a job through the stored statements, batch by batch, from its checkpoint. Safe to call twice."""
    now = timezone.now()
    if not claim(RESUGGEST_JOBS, job_id, now, finished_at=None):
        refused = why_not_claimed(RESUGGEST_JOBS, job_id, now)
        return ResuggestRun(job_id, refused.state, retry_in=refused.retry_in, message=refused.message)
    job = ResuggestJob.objects.select_related("proposition").get(pk=job_id)
    try:
        while articles := _next_articles(job):
            _run_batch(job, articles)
        _finish(job, state=State.DONE)
        return ResuggestRun(job_id, State.DONE, message=f"{job.suggested} statements with a suggested stance")
    except _Stopped:
        state = ResuggestJob.objects.filter(pk=job_id).values_list("state", flat=True).first()
        return ResuggestRun(
            job_id, state or "missing", message="stopped: cancelled, superseded or taken over"
        )
    except Exception as exc:  # a bug must not leave the job running for ever; the log has the traceback
        log.exception("re-suggestion job %s failed", job_id)
        with contextlib.suppress(_Stopped):  # cancelled or taken over meanwhile: that state stands
            _finish(job, state=State.FAILED, error=f"{type(exc).__name__}: {exc}")
        return ResuggestRun(job_id, State.FAILED, message=str(exc))


def _finish(job: ResuggestJob, *, state: str, error: str = "") -> None:
    now = timezone.now()
    updated = ResuggestJob.objects.filter(pk=job.pk, state=State.RUNNING, attempts=job.attempts).update(
        state=state, error=error[:5000], finished_at=now, lease_expires_at=None, updated_at=now
    )
    if not updated:
        raise _Stopped


def _next_articles(job: ResuggestJob) -> list[Article]:
    """The next batch: articles after the checkpoint that have pending statements, in id order."""
    ids = list(
        Statement.objects.filter(status=PENDING, article_id__gt=job.checkpoint)
        .order_by("article_id")
        .values_list("article_id", flat=True)
        .distinct()[: _batch_size()]
    )
    if not ids:
        return []
    return list(Article.objects.filter(pk__in=ids).only("id", "text", "title").order_by("id"))


def _suggest_batch(job: ResuggestJob, articles: list[Article]) -> dict[int, suggester.Suggested | None]:
    """Each pending statement of the batch → its suggestion on the job's proposition (None: no stance).
    The suggester sees every active proposition, as at extraction, so rivals are weighed the same way."""
    records = suggester.active_records()
    slug = job.proposition.slug
    statements = (
        Statement.objects.filter(article__in=articles, status=PENDING)
        .only("id", "article_id", "start", "end", "text", "cue", "speaker_mention")
        .order_by("article_id", "start", "id")
    )
    by_article: dict[int, list[Statement]] = {}
    for statement in statements:
        by_article.setdefault(statement.article_id, []).append(statement)
    found: dict[int, suggester.Suggested | None] = {}
    for article in articles:
        own = by_article.get(article.pk, [])
        spans = [suggester.StoredStatement(s.start, s.end, s.text, s.cue, s.speaker_mention) for s in own]
        suggestions = suggester.suggest_for_article(
            text=article.text, headline=article.title, statements=spans, records=records
        )
        for statement, per_statement in zip(own, suggestions, strict=True):
            found[statement.pk] = next((s for s in per_statement if s.proposition_slug == slug), None)
    return found


def _run_batch(job: ResuggestJob, articles: list[Article]) -> None:
    """Suggest outside the transaction (parsing is slow), then write the stances and the checkpoint
    together, only if this attempt still holds the job."""
    if not renew(RESUGGEST_JOBS, job.pk, job.attempts):
        raise _Stopped
    found = _suggest_batch(job, articles)
    with transaction.atomic():
        suggested = _write_stances(job.proposition, found)
        updated = ResuggestJob.objects.filter(pk=job.pk, state=State.RUNNING, attempts=job.attempts).update(
            checkpoint=articles[-1].pk,
            done=F("done") + len(found),
            suggested=F("suggested") + suggested,
            batches=F("batches") + 1,
            lease_expires_at=timezone.now() + RESUGGEST_JOBS.lease(),
            updated_at=timezone.now(),
        )
        if not updated:
            raise _Stopped  # rolls the batch back: the job was cancelled or taken over meanwhile
    job.checkpoint = articles[-1].pk
    job.done += len(found)
    job.suggested += suggested


def _write_stances(proposition: Proposition, found: dict[int, suggester.Suggested | None]) -> int:
    """Apply a batch's suggestions; returns how many of its statements now have a suggestion."""
    speakers = dict(
        Statement.objects.select_for_update()
        .filter(pk__in=list(found), status=PENDING)
        .values_list("pk", "speaker_id")
    )
    still_pending = set(speakers)
    existing = {
        s.statement_id: s
        for s in Stance.objects.filter(proposition=proposition, statement_id__in=still_pending)
    }
    create, update, delete, changed = [], [], [], []
    suggested, now = 0, timezone.now()
    for statement_id in sorted(still_pending):
        suggestion, current = found[statement_id], existing.get(statement_id)
        if current is not None and (current.is_confirmed or current.origin == Stance.Origin.EDITOR):
            continue  # reviewed: never overwritten
        if suggestion is None:
            if current is not None:
                delete.append(current.pk)
                changed.append(statement_id)
            continue
        suggested += 1
        values = suggestion.stance_values()
        if current is None:
            create.append(
                Stance(
                    statement_id=statement_id,
                    speaker_id=speakers[statement_id],  # bulk_create skips Stance.save, which copies it
                    proposition=proposition,
                    origin=Stance.Origin.EXTRACTOR,
                    **values,
                )
            )
            changed.append(statement_id)
        elif any(getattr(current, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(current, name, value)
            current.updated_at = now  # bulk_update does not fill auto_now
            update.append(current)
            changed.append(statement_id)
    Stance.objects.bulk_create(create)
    Stance.objects.bulk_update(update, ["polarity", "confidence", "evidence", "reason", "updated_at"])
    Stance.objects.filter(pk__in=delete).delete()
    _new_versions(changed)
    return suggested
