"""Celery tasks: thin, take ids, idempotent, safe to retry."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(name="claims.extract_article", acks_late=True, reject_on_worker_lost=True)
def extract_article_task(article_id: int, force: bool = False) -> dict:
    outcome = services.extract_article(article_id, force=force)
    return {"article_id": outcome.article_id, "status": outcome.status, "created": outcome.created}
