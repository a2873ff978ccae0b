"""Every job model shares the states the leasing and sweeping in common.jobs rely on."""

from __future__ import annotations

import pytest

from claims.services.resuggest import RESUGGEST_JOBS
from common import jobs
from sources.services.jobs import INGEST_JOBS
from watches.services.delivery import DELIVERIES

QUEUES = [INGEST_JOBS, RESUGGEST_JOBS, DELIVERIES]


@pytest.mark.parametrize("queue", QUEUES, ids=lambda queue: queue.model.__name__)
def test_a_job_model_has_every_shared_state(queue):
    states = {value for value, _label in queue.model._meta.get_field("state").choices}
    assert {jobs.QUEUED, jobs.RUNNING, jobs.DONE, jobs.FAILED} <= states


@pytest.mark.parametrize("queue", QUEUES, ids=lambda queue: queue.model.__name__)
def test_a_new_job_starts_queued(queue):
    assert queue.model._meta.get_field("state").default == jobs.QUEUED
