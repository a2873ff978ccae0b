"""Deliveries through a real `celery worker`, Redis and PostgreSQL: a worker SIGKILLed while posting,
or a broker that lost its messages, still ends with the notification delivered once."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection

from claims import services as review
from tests.ingest.workers import WorkerProcess, needs_services_reason
from tests.watches.conftest import flip_record
from tracker.celery import app as celery_app
from watches import services
from watches.models import Delivery

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(bool(needs_services_reason()), reason=needs_services_reason() or "services available"),
]
WORKER_ENV = {
    "TRACKER_WEBHOOK_ALLOW_PRIVATE": "1",
    "TRACKER_DELIVERY_LEASE_SECONDS": "5",
    "TRACKER_DELIVERY_RETRY_BASE_SECONDS": "1",
}


def wait_for(predicate, *, timeout: float, what: str, worker: WorkerProcess | None = None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := predicate():
            return value
        time.sleep(0.25)
    detail = f"\n--- worker log ---\n{worker.output()[-4000:]}" if worker else ""
    raise AssertionError(f"timed out after {timeout} s waiting for {what}{detail}")


@pytest.fixture
def workers():
    celery_app.control.purge()
    started: list[WorkerProcess] = []

    def start() -> WorkerProcess:
        worker = WorkerProcess(env=WORKER_ENV).start()
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()
    celery_app.control.purge()
    with connection.cursor() as cursor:  # a killed worker's sessions would block dropping the test database
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture
def flip(monkeypatch, receiver, make_user):
    """A watched actor and a webhook; `approve()` makes the decision that flips the actor's position."""
    monkeypatch.setattr(settings, "TRACKER_WEBHOOK_ALLOW_PRIVATE", True)
    analyst, editor = make_user("ann", "analyst"), make_user("ed", "editor")
    record = flip_record()

    def approve(target) -> None:
        services.add_webhook(user=analyst, url=target.url)
        services.watch(user=analyst, actor=record["actor"])
        new = record["new"]
        new.refresh_from_db()
        review.approve_statement(statement_id=new.pk, user=editor, version=new.version)

    return approve


def test_a_worker_killed_while_posting_delivers_once_after_restart(flip, receiver, workers):
    target = receiver(hang=60)  # the first request is never answered: the worker dies waiting
    first = workers()
    flip(target)
    wait_for(lambda: target.received, timeout=30, what="the first POST", worker=first)
    first.kill()
    delivery = Delivery.objects.get()
    assert delivery.state == "running"  # claimed, never finished: the lease will tell it was lost
    second = workers()
    time.sleep(5.5)  # the lease runs out
    services.sweep_deliveries()  # beat's sweeper, every minute
    wait_for(lambda: target.answered(200), timeout=30, what="the delivery after restart", worker=second)
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts, len(target.answered(200))) == ("done", 2, 1)


def test_the_repeat_carries_the_same_delivery_key(flip, receiver, workers):
    target = receiver(hang=60)
    first = workers()
    flip(target)
    wait_for(lambda: target.received, timeout=30, what="the first POST", worker=first)
    first.kill()
    second = workers()
    time.sleep(5.5)
    services.sweep_deliveries()
    wait_for(lambda: target.answered(200), timeout=30, what="the delivery after restart", worker=second)
    keys = {r.headers["x-tracker-delivery"] for r in target.received}
    assert keys == {Delivery.objects.get().key}


def test_deliveries_lost_with_a_flushed_broker_are_sent_by_the_sweeper(flip, receiver, workers):
    target = receiver()
    flip(target)  # queued while no worker runs
    celery_app.control.purge()  # the broker loses the message
    worker = workers()
    services.sweep_deliveries(stalled_after=timedelta(0))
    wait_for(lambda: target.answered(200), timeout=30, what="the swept delivery", worker=worker)
    assert len(target.received) == 1
