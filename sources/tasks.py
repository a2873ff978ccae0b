"""Celery tasks: thin, take ids, idempotent, safe to retry. The work is in sources.services."""

from __future__ import annotations

from celery import shared_task

from . import services
from .services.feeds import POLL_FEED
from .services.jobs import RUN_INGEST_JOB


@shared_task(bind=True, name=RUN_INGEST_JOB, acks_late=True, reject_on_worker_lost=True, max_retries=None)
def run_ingest_job_task(self, job_id: int) -> dict:
    # In-process (no broker) there is no later: a transient failure is reported for the user to retry.
    run = services.run_ingest_job(job_id=job_id, can_retry_later=not self.request.is_eager)
    if run.retry_in is not None and not self.request.is_eager:
        raise self.retry(countdown=run.retry_in)
    return {"job_id": run.job_id, "state": run.state, "message": run.message}


@shared_task(name=POLL_FEED, acks_late=True, reject_on_worker_lost=True)
def poll_feed_task(feed_id: int, force: bool = False) -> dict:
    poll = services.poll_feed(feed_id=feed_id, force=force)
    return {"feed_id": feed_id, "polled": poll.polled, "new_jobs": len(poll.new_jobs), "error": poll.error}


@shared_task(name="sources.poll_due_feeds")
def poll_due_feeds_task() -> int:
    due = services.due_feed_ids()
    for feed_id in due:
        poll_feed_task.delay(feed_id)
    return len(due)


@shared_task(name="sources.sweep_ingest_jobs")
def sweep_ingest_jobs_task() -> int:
    return services.sweep_ingest_jobs().total
