"""Celery tasks: thin, take ids, idempotent, safe to retry. The work is in watches.services."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(
    bind=True, name=services.RUN_DELIVERY, acks_late=True, reject_on_worker_lost=True, max_retries=None
)
def run_delivery_task(self, delivery_id: int) -> dict:
    run = services.run_delivery(delivery_id=delivery_id)
    if run.retry_in is not None and not self.request.is_eager:
        raise self.retry(countdown=run.retry_in)
    return {"delivery_id": run.delivery_id, "state": run.state, "message": run.message}


@shared_task(name="watches.send_digests")
def send_digests_task() -> int:
    return len(services.queue_digests())


@shared_task(name="watches.sweep_deliveries")
def sweep_deliveries_task() -> int:
    return services.sweep_deliveries().total
