"""A worker keeps its database connection between tasks (CELERY_DB_REUSE_MAX) and drops a broken one
before its next task (tracker.celery._drop_broken_connections)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.conf import settings
from django.db import connection

from sources.models import IngestJob
from tracker.celery import _drop_broken_connections, app

WORKER_TASK = SimpleNamespace(request=SimpleNamespace(is_eager=False))

# Closing the raw connection of SQLite's in-memory test database destroys the database for every test
# after it (Django never closes it for that reason); workers keep connections to PostgreSQL.
closes_the_connection = pytest.mark.skipif(
    connection.vendor == "sqlite", reason="closing the in-memory SQLite test database destroys it"
)


def test_a_worker_keeps_its_connection_for_many_tasks():
    assert (
        settings.CELERY_DB_REUSE_MAX and app.conf.get("CELERY_DB_REUSE_MAX") == settings.CELERY_DB_REUSE_MAX
    )


@closes_the_connection
@pytest.mark.django_db(transaction=True)
def test_a_broken_kept_connection_is_dropped_before_the_next_task_and_made_anew():
    connection.ensure_connection()
    connection.connection.close()  # the database went away under the kept connection
    connection.errors_occurred = True  # as Django marks it after the failed query
    _drop_broken_connections(task=WORKER_TASK)
    assert connection.connection is None
    assert IngestJob.objects.count() == 0  # the next task connects anew


@pytest.mark.django_db(transaction=True)
def test_a_healthy_kept_connection_is_kept():
    connection.ensure_connection()
    kept = connection.connection
    connection.errors_occurred = True  # an error that left the connection usable (a bad query)
    _drop_broken_connections(task=WORKER_TASK)
    assert connection.connection is kept and not connection.errors_occurred
    _drop_broken_connections(task=WORKER_TASK)
    assert connection.connection is kept


@closes_the_connection
@pytest.mark.django_db(transaction=True)
def test_a_task_run_in_a_request_leaves_the_connection_alone():
    connection.ensure_connection()
    connection.connection.close()
    connection.errors_occurred = True
    _drop_broken_connections(task=SimpleNamespace(request=SimpleNamespace(is_eager=True)))
    assert connection.connection is not None
    connection.close()
