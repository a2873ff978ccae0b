"""Ingestion through a real `celery worker` process, the real broker (Redis) and PostgreSQL.

A local HTTP server stands in for the news sites. These tests kill workers and flush the broker, and
check that every job still ends as exactly one article with one set of candidate statements.
"""

from __future__ import annotations

import time
from datetime import timedelta

import pytest
import redis
from django.conf import settings
from django.db import connection

from claims.models import Statement
from sources.models import Article, Feed, IngestJob
from sources.services import add_feed, submit_url, sweep_ingest_jobs
from sources.tasks import poll_feed_task
from tracker.celery import app as celery_app

from .localsite import news_page
from .test_jobs import OTHER_STORIES, PARAGRAPHS
from .workers import WorkerProcess, needs_services_reason

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(bool(needs_services_reason()), reason=needs_services_reason() or "services available"),
]


def wait_for(predicate, *, timeout: float, what: str, worker: WorkerProcess | None = None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.25)
    detail = f"\n--- worker log ---\n{worker.output()[-4000:]}" if worker else ""
    raise AssertionError(f"timed out after {timeout} s waiting for {what}{detail}")


def job_state(job_id: int) -> IngestJob:
    return IngestJob.objects.get(pk=job_id)


@pytest.fixture
def broker():
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    celery_app.control.purge()
    yield client
    celery_app.control.purge()


@pytest.fixture
def workers():
    started: list[WorkerProcess] = []

    def start(**options) -> WorkerProcess:
        worker = WorkerProcess(**options).start()
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()  # a failing wait_for has already quoted the log's tail in its message
    with connection.cursor() as cursor:  # a killed worker's sessions would block dropping the test database
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


def test_a_worker_ingests_pages_and_a_feed(site, broker, workers):
    for n, paragraphs in ((1, PARAGRAPHS), (2, OTHER_STORIES[1])):
        site.add(
            f"/news/{n}",
            news_page(
                title=f"Rail story {n}",
                paragraphs=paragraphs,
                published=f"2026-03-0{n}T08:00:00Z",
                site_name="Local Times",
            ),
        )
    items = "".join(
        f"<item><title>Rail story {n}</title><link>{site.url(f'/news/{n}')}</link></item>" for n in (1, 2)
    )
    site.add(
        "/feed.xml",
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Local Times</title>{items}</channel></rss>',
        content_type="application/rss+xml",
        headers={"ETag": '"v1"'},
    )
    worker = workers()
    feed = add_feed(url=site.url("/feed.xml"), every_minutes=15).obj
    poll_feed_task.delay(feed.pk)
    wait_for(
        lambda: IngestJob.objects.filter(feed=feed, state="done").count() == 2,
        timeout=90,
        what="both feed items to be ingested",
        worker=worker,
    )
    articles = Article.objects.filter(url__startswith=site.base).order_by("url")
    assert [a.title for a in articles] == ["Rail story 1", "Rail story 2"]
    assert all(a.status == Article.Status.EXTRACTED for a in articles)
    assert articles[0].published_at.date().isoformat() == "2026-03-01"
    assert Statement.objects.filter(article__in=articles).count() >= 4
    assert all("FOOTER-MARKER" not in a.text and "SCRIPT-MARKER" not in a.text for a in articles)

    feed.refresh_from_db()
    assert feed.etag == '"v1"' and feed.title == "Local Times"
    poll_feed_task.delay(feed.pk, force=True)  # the second poll sends If-None-Match and gets 304
    wait_for(
        lambda: (
            site.hits.get("/feed.xml") == 2
            and Feed.objects.get(pk=feed.pk).last_status.startswith("not modified")
        ),
        timeout=30,
        what="the conditional re-poll",
        worker=worker,
    )
    assert site.request_headers["/feed.xml"][-1].get("If-None-Match") == '"v1"'
    assert IngestJob.objects.filter(feed=feed).count() == 2


def test_a_job_whose_worker_is_killed_completes_once_on_a_new_worker(site, broker, workers):
    url = site.add("/slow", news_page(title="Slow story", paragraphs=PARAGRAPHS), delay=4)
    lease = {"TRACKER_INGEST_LEASE_SECONDS": "5", "CELERY_VISIBILITY_TIMEOUT": "10"}
    first = workers(env=lease)
    job = submit_url(url=url)
    wait_for(lambda: job_state(job.pk).stage == "fetching", timeout=60, what="the job to start", worker=first)
    first.kill()  # SIGKILL mid-fetch: the task is neither finished nor acknowledged
    assert job_state(job.pk).state == IngestJob.State.RUNNING

    second = workers(env=lease)
    time.sleep(6)  # the dead worker's lease runs out
    report = sweep_ingest_jobs(stalled_after=timedelta(seconds=0))
    # Recovered by the sweep, or already by the broker when the new worker started after the visibility
    # timeout (a slow start on a loaded machine): either way the job restarted, once (attempts below).
    assert report.requeued_lost == 1 or job_state(job.pk).attempts == 2
    done = wait_for(
        lambda: (j := job_state(job.pk)).state == "done" and j,
        timeout=90,
        what="the job to finish on the new worker",
        worker=second,
    )
    # Let the broker redeliver the unacknowledged message too (visibility timeout 10 s): it must do nothing.
    time.sleep(14)
    done.refresh_from_db()
    assert done.state == "done" and done.attempts == 2
    assert Article.objects.filter(url=url).count() == 1
    spans = list(Statement.objects.filter(article=done.article).values_list("start", "end"))
    assert spans and len(spans) == len(set(spans)), "statements were stored twice"


def test_jobs_lost_with_a_flushed_broker_are_recovered_by_the_sweeper(site, broker, workers):
    stories = [PARAGRAPHS, *OTHER_STORIES]
    urls = [site.add(f"/lost/{n}", news_page(title=f"Lost {n}", paragraphs=stories[n])) for n in range(3)]
    jobs = [submit_url(url=url) for url in urls]  # no worker yet: the messages wait in Redis
    broker.flushdb()  # Redis here keeps nothing on disk: a restart loses the queue like this
    worker = workers()
    time.sleep(3)
    assert set(IngestJob.objects.filter(pk__in=[j.pk for j in jobs]).values_list("state", flat=True)) == {
        "queued"
    }
    report = sweep_ingest_jobs(stalled_after=timedelta(seconds=0))
    assert report.requeued_stalled == 3
    wait_for(
        lambda: IngestJob.objects.filter(pk__in=[j.pk for j in jobs], state="done").count() == 3,
        timeout=90,
        what="the swept jobs to finish",
        worker=worker,
    )
    assert Article.objects.filter(url__in=urls).count() == 3


def test_parallel_submissions_of_one_page_make_one_article(site, broker, workers):
    url = site.add("/dup", news_page(title="Twice", paragraphs=PARAGRAPHS), delay=0.5)
    worker = workers(concurrency=2)
    jobs = [submit_url(url=url) for _ in range(4)]
    wait_for(
        lambda: IngestJob.objects.filter(pk__in=[j.pk for j in jobs], state="done").count() == 4,
        timeout=90,
        what="all four jobs",
        worker=worker,
    )
    assert Article.objects.filter(url=url).count() == 1
    article = Article.objects.get(url=url)
    spans = list(Statement.objects.filter(article=article).values_list("start", "end"))
    assert spans and len(spans) == len(set(spans))


def test_a_worker_killed_while_extracting_leaves_one_set_of_statements(site, broker, workers):
    # A long article (each paragraph numbered so none is boilerplate) keeps spaCy busy for seconds.
    paragraphs = [f"{p} (Report {n}.)" for n in range(60) for p in PARAGRAPHS]
    url = site.add("/long", news_page(title="Long story", paragraphs=paragraphs))
    lease = {"TRACKER_INGEST_LEASE_SECONDS": "5", "CELERY_VISIBILITY_TIMEOUT": "10"}
    first = workers(env=lease)
    job = submit_url(url=url)
    wait_for(
        lambda: job_state(job.pk).stage == "extracting", timeout=90, what="extraction to start", worker=first
    )
    first.kill()  # SIGKILL while statements may be half written: the extraction transaction never commits
    assert Article.objects.filter(url=url).count() == 1  # stored before extraction began

    second = workers(env=lease)
    time.sleep(6)
    sweep_ingest_jobs(stalled_after=timedelta(seconds=0))
    done = wait_for(
        lambda: (j := job_state(job.pk)).state == "done" and j,
        timeout=180,
        what="the job to finish on the new worker",
        worker=second,
    )
    time.sleep(14)  # the broker's redelivery of the dead worker's message must change nothing
    assert Article.objects.filter(url=url).count() == 1
    spans = list(Statement.objects.filter(article=done.article).values_list("start", "end"))
    assert done.attempts == 2 and len(spans) >= 60 and len(spans) == len(set(spans)), (
        "statements were stored twice"
    )
