"""Celery tasks: thin, take ids, idempotent, safe to retry."""

from __future__ import annotations

from celery import shared_task

from . import services
from .services.resuggest import RUN_RESUGGEST_JOB


@shared_task(name="claims.extract_article", acks_late=True, reject_on_worker_lost=True)
def extract_article_task(article_id: int, force: bool = False) -> dict:
    outcome = services.extract_article(article_id, force=force)
    return {"article_id": outcome.article_id, "status": outcome.status, "created": outcome.created}


@shared_task(bind=True, name=RUN_RESUGGEST_JOB, acks_late=True, reject_on_worker_lost=True, max_retries=None)
def run_resuggest_job_task(self, job_id: int) -> dict:
    run = services.run_resuggest_job(job_id=job_id)
    if run.retry_in is not None and not self.request.is_eager:
        raise self.retry(countdown=run.retry_in)
    return {"job_id": run.job_id, "state": run.state, "message": run.message}


@shared_task(name="claims.sweep_resuggest_jobs")
def sweep_resuggest_jobs_task() -> int:
    return services.sweep_resuggest_jobs().total
