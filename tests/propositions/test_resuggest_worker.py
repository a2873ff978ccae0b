"""Re-suggestion through a real `celery worker`, Redis and PostgreSQL: a worker SIGKILLed in the middle
of a job, the sweeper, and a second worker that finishes from the checkpoint."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.db.models import Count

from claims import services
from claims.models import ResuggestJob, Stance
from tests.ingest.test_worker_integration import broker, wait_for, workers  # noqa: F401 (fixtures)
from tests.ingest.workers import needs_services_reason

from .stored import store_articles, toll_proposition

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(bool(needs_services_reason()), reason=needs_services_reason() or "services available"),
]
PACE = {
    "TRACKER_RESUGGEST_BATCH_ARTICLES": "1",
    "TRACKER_RESUGGEST_LEASE_SECONDS": "5",
    "CELERY_VISIBILITY_TIMEOUT": "10",
}


def test_a_worker_killed_mid_job_is_replaced_and_the_job_ends_with_one_stance_each(broker, workers):  # noqa: F811
    store_articles(200, 20, on_topic=100)  # 4,000 statements, 2,000 on the toll
    first = workers(env=PACE)
    proposition = toll_proposition()
    job = ResuggestJob.objects.get(proposition=proposition)
    wait_for(
        lambda: ResuggestJob.objects.get(pk=job.pk).batches >= 3,
        timeout=120,
        what="three batches",
        worker=first,
    )
    first.kill()
    job.refresh_from_db()
    assert job.state == "running" and 3 <= job.batches < 200, "the job should have been killed mid-way"
    killed_at = job.batches

    second = workers(env=PACE)
    time.sleep(6)  # the dead worker's lease runs out
    report = services.sweep_resuggest_jobs(stalled_after=timedelta(seconds=0))
    # Recovered by the sweep, or already by the broker when the kill came after its visibility timeout
    # (three batches take longer than that on a loaded machine): either way once (attempts below).
    assert report.requeued_lost == 1 or ResuggestJob.objects.get(pk=job.pk).attempts == 2
    wait_for(
        lambda: ResuggestJob.objects.get(pk=job.pk).state == "done",
        timeout=600,
        what="the job to finish on the second worker",
        worker=second,
    )
    time.sleep(12)  # the broker's redelivery of the dead worker's message must change nothing
    job.refresh_from_db()
    assert (job.done, job.suggested, job.batches, job.attempts) == (4_000, 2_000, 200, 2)
    assert job.batches >= killed_at
    per_statement = Stance.objects.filter(proposition=proposition).values("statement").annotate(n=Count("id"))
    assert len(per_statement) == 2_000 and {row["n"] for row in per_statement} == {1}
