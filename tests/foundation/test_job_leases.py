"""A lease renewal is cheap but never at the price of what a job must not lose (common.jobs.renew)."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.utils import timezone

from common import jobs
from sources.models import IngestJob
from sources.services.jobs import INGEST_JOBS

ASYNC = "set_config('synchronous_commit', 'off', true)"


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


def _synchronous_commit() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_a_renewal_of_its_own_is_one_statement_that_commits_without_waiting_for_the_disk():
    _, statements = _renewal_sql(_running_job())
    assert len(statements) == 1  # no BEGIN, SET LOCAL, COMMIT around it
    assert (ASYNC in statements[0]) == (connection.vendor == "postgresql")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's asynchronous commit")
@pytest.mark.django_db(transaction=True)
def test_a_renewal_of_its_own_leaves_the_next_transactions_durable():
    _renewal_sql(_running_job())
    assert _synchronous_commit() == "on"


@pytest.mark.django_db(transaction=True)
def test_a_renewal_inside_a_callers_transaction_leaves_that_commit_durable():
    job = _running_job()
    with transaction.atomic():
        _, statements = _renewal_sql(job)
        if connection.vendor == "postgresql":
            assert _synchronous_commit() == "on"
    assert not any(ASYNC in sql for sql in statements)


@pytest.mark.django_db(transaction=True)
def test_a_claim_waits_for_the_disk_unless_told_not_to():
    job = IngestJob.objects.create(kind="text", text="x")
    statements: list[str] = []

    def record(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        assert jobs.claim(INGEST_JOBS, job.pk, timezone.now())
        IngestJob.objects.filter(pk=job.pk).update(state=jobs.QUEUED)
        assert jobs.claim(INGEST_JOBS, job.pk, timezone.now(), wait_for_disk=False)
    claims = [sql for sql in statements if '"attempts" = (' in sql]
    assert len(claims) == 2 and ASYNC not in claims[0]
    assert (ASYNC in claims[1]) == (connection.vendor == "postgresql")
    job.refresh_from_db()
    assert job.attempts == 2 and job.state == jobs.RUNNING


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's asynchronous commit")
@pytest.mark.django_db(transaction=True)
def test_asynchronous_commits_last_the_block_and_not_past_it_even_on_an_error():
    with jobs.asynchronous_commits():
        assert _synchronous_commit() == "off"
    assert _synchronous_commit() == "on"
    with pytest.raises(ValueError), jobs.asynchronous_commits():
        raise ValueError("the job failed")
    assert _synchronous_commit() == "on"
    with transaction.atomic(), jobs.asynchronous_commits():  # a caller's transaction: left as it is
        assert _synchronous_commit() == "on"


@pytest.mark.django_db(transaction=True)
def test_a_renewal_of_a_job_taken_over_writes_nothing():
    job = _running_job()
    IngestJob.objects.filter(pk=job.pk).update(attempts=2)  # another worker claimed it since
    renewed, _ = _renewal_sql(job)
    job.refresh_from_db()
    assert not renewed and job.stage == ""
