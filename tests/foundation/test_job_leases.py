"""A lease renewal is cheap but never at the price of what a job must not lose (common.jobs.renew)."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.utils import timezone

from common import jobs
from sources.models import IngestJob
from sources.services.jobs import INGEST_JOBS

ASYNC = "SET LOCAL synchronous_commit TO OFF"


def _running_job() -> IngestJob:
    return IngestJob.objects.create(kind="text", text="x", state=jobs.RUNNING, attempts=1)


def _renewal_sql(job: IngestJob) -> tuple[bool, list[str]]:
    statements: list[str] = []

    def record(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        renewed = jobs.renew(INGEST_JOBS, job.pk, job.attempts, stage="reading")
    return renewed, statements


@pytest.mark.django_db(transaction=True)
def test_a_renewal_moves_the_lease_and_the_stage():
    job = _running_job()
    renewed, _ = _renewal_sql(job)
    job.refresh_from_db()
    assert renewed and job.stage == "reading" and job.lease_expires_at > timezone.now()


@pytest.mark.django_db(transaction=True)
def test_a_renewal_of_its_own_commits_without_waiting_for_the_disk():
    _, statements = _renewal_sql(_running_job())
    assert (ASYNC in statements) == (connection.vendor == "postgresql")


@pytest.mark.django_db(transaction=True)
def test_a_renewal_inside_a_callers_transaction_leaves_that_commit_durable():
    job = _running_job()
    with transaction.atomic():
        _, statements = _renewal_sql(job)
    assert ASYNC not in statements


@pytest.mark.django_db(transaction=True)
def test_a_renewal_of_a_job_taken_over_writes_nothing():
    job = _running_job()
    IngestJob.objects.filter(pk=job.pk).update(attempts=2)  # another worker claimed it since
    renewed, _ = _renewal_sql(job)
    job.refresh_from_db()
    assert not renewed and job.stage == ""
