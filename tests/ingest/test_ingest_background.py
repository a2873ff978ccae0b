"""Without a broker the ingest page returns at once: the job runs on the web process's background
thread, and the job table shows it queued, then each stage, then the finished job."""

from __future__ import annotations

import threading

import pytest

from common import background
from sources.models import IngestJob

from .test_jobs import PARAGRAPHS

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.background_thread]


@pytest.fixture
def held_background():
    """The background thread waits on this event before the test's work, so the test sees the job queued."""
    release = threading.Event()
    background.run_in_background(lambda: release.wait(timeout=60))
    yield release
    release.set()
    background.wait_for_background()


def test_the_page_answers_before_the_job_runs_and_then_shows_it_done(client, editor, held_background):
    client.force_login(editor)
    response = client.post("/ingest/submit/text/", {"text": "\n\n".join(PARAGRAPHS), "title": "Rail row"})
    assert response.status_code == 302
    job = IngestJob.objects.get()
    assert job.state == "queued"  # the response did not wait for the work
    listing = client.get("/ingest/jobs/").content.decode()
    assert "queued" in listing and 'hx-trigger="every 1s"' in listing
    held_background.set()
    background.wait_for_background()
    job.refresh_from_db()
    assert job.state == "done", job.error
    listing = client.get("/ingest/jobs/").content.decode()
    assert f'href="/articles/{job.article_id}/"' in listing
    assert "every 1s" not in listing


def test_a_failing_job_in_the_background_is_shown_failed_with_its_reason(client, editor, held_background):
    client.force_login(editor)
    client.post("/ingest/submit/url/", {"urls": "http://127.0.0.1:9/nothing-listens-here"})
    held_background.set()
    background.wait_for_background()
    job = IngestJob.objects.get()
    assert job.state == "failed"
    assert "Retry" in client.get("/ingest/jobs/").content.decode()


def test_a_running_job_shows_its_stage_and_progress(client, editor):
    job = IngestJob.objects.create(kind="url", url="https://example.org/a", state="running", stage="reading")
    client.force_login(editor)
    listing = client.get("/ingest/jobs/").content.decode()
    assert "reading the page…" in listing
    assert '<progress max="4" value="2"' in listing
    assert job.stage_progress == (2, 4)
