"""The /ingest/ page: editors submit addresses, text and files and watch jobs; others cannot."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sources.models import Article, IngestJob
from tests.apiclient import api

from .test_jobs import OTHER_STORIES, PARAGRAPHS, page

pytestmark = pytest.mark.django_db


def test_only_editors_may_ingest(client, analyst):
    assert client.get("/ingest/").status_code == 302  # to the login page
    client.force_login(analyst)
    assert client.get("/ingest/").status_code == 403
    assert client.post("/ingest/submit/text/", {"text": "x"}).status_code == 403
    assert not IngestJob.objects.exists()


def test_editor_pastes_text_and_sees_the_job_done(client, editor, django_capture_on_commit_callbacks):
    client.force_login(editor)
    page_html = client.get("/ingest/").content.decode()
    assert 'name="urls"' in page_html and "Ingest" in page_html
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/ingest/submit/text/", {"text": "\n\n".join(PARAGRAPHS), "title": "Rail row"})
    assert response.status_code == 302 and response.url == "/ingest/?mode=text"
    job = IngestJob.objects.get()
    assert job.state == "done" and job.created_by == editor
    listing = client.get("/ingest/jobs/").content.decode()
    assert f'href="/articles/{job.article_id}/"' in listing and "Rail row" in listing
    assert "candidate" in listing
    assert 'hx-trigger="every 1s"' not in listing  # nothing is running: polling stops


def test_active_jobs_are_polled(client, editor):
    IngestJob.objects.create(kind="url", url="https://news.example.org/a", state="running", stage="fetching")
    client.force_login(editor)
    listing = client.get("/ingest/jobs/").content.decode()
    assert 'hx-trigger="every 1s"' in listing and "fetching…" in listing


def test_uploads_accept_text_and_html_and_refuse_binary(client, editor, django_capture_on_commit_callbacks):
    client.force_login(editor)
    files = [
        SimpleUploadedFile("one.txt", ("Rail row\n\n" + "\n\n".join(PARAGRAPHS)).encode()),
        SimpleUploadedFile("two.html", page(title="Hospitals", paragraphs=OTHER_STORIES[0]).encode()),
        SimpleUploadedFile("three.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00"),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/ingest/submit/files/", {"files": files}, follow=True)
    text = response.content.decode()
    assert "2 job(s) submitted" in text and "three.txt" in text and "binary" in text
    assert IngestJob.objects.filter(state="done").count() == 2
    assert Article.objects.count() == 2


def test_bad_forms_show_errors_and_queue_nothing(client, editor):
    client.force_login(editor)
    response = client.post("/ingest/submit/url/", {"urls": "ftp://example.org/file\nnot a url"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Only http and https" in body and "not a valid web address" in body
    assert client.post("/ingest/submit/text/", {"text": "   "}).status_code == 400
    assert (
        client.post(
            "/ingest/submit/url/", {"urls": "\n".join(f"https://e.org/{n}" for n in range(51))}
        ).status_code
        == 400
    )
    assert client.post("/ingest/submit/nonsense/", {}).status_code == 404
    assert not IngestJob.objects.exists()


def test_failed_jobs_can_be_retried(client, editor, django_capture_on_commit_callbacks):
    job = IngestJob.objects.create(
        kind="text", text="\n\n".join(PARAGRAPHS), state="failed", error="boom", attempts=1
    )
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/ingest/jobs/{job.pk}/retry/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'id="ingest-jobs"' in response.content.decode()
    job.refresh_from_db()
    assert job.state == "done" and job.error == ""


def test_the_job_list_is_a_fixed_number_of_queries(client, editor):
    client.force_login(editor)
    client.get("/ingest/jobs/")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/ingest/jobs/").status_code == 200
        return len(captured)

    for n in range(3):
        article = Article.objects.create(text=f"text {n}", content_hash=f"{n:064d}")
        IngestJob.objects.create(kind="text", state="done", article=article, created_by=editor)
    few = queries()
    for n in range(3, 20):
        article = Article.objects.create(text=f"text {n}", content_hash=f"{n:064d}")
        IngestJob.objects.create(kind="url", url=f"https://e.org/{n}", state="done", article=article)
    assert queries() == few


def test_pasted_text_with_its_source_address(client, editor, django_capture_on_commit_callbacks):
    client.force_login(editor)
    text = "The harbour master said on Monday that the bridge toll would be scrapped next year."
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/ingest/submit/text/",
            {"text": text, "title": "", "outlet": "", "url": "https://news.example.org/toll"},
        )
    assert response.status_code == 302
    assert Article.objects.get().url == "https://news.example.org/toll"
    bad = client.post("/ingest/submit/text/", {"text": text, "url": "ftp://x.example/y"})
    assert bad.status_code == 400 and "Only http and https addresses" in bad.content.decode()


PERCENT_URLS = [
    ("http://bad host/%d", "space"),
    ("http://[fe80::1%25lo]/", "%"),
    ("https://news.example.org/%(id)s/%s", "%25"),
]


@pytest.mark.parametrize(("url", "problem"), PERCENT_URLS)
def test_an_address_with_a_percent_sign_is_refused_with_the_reason(client, editor, url, problem):
    client.force_login(editor)
    by_address = client.post("/ingest/submit/url/", {"urls": url})
    with_text = client.post("/ingest/submit/text/", {"text": "\n\n".join(PARAGRAPHS), "url": url})
    assert by_address.status_code == 400
    assert problem in by_address.content.decode()
    assert with_text.status_code == 400
    assert problem in with_text.content.decode()
    assert not IngestJob.objects.exists()


@pytest.mark.parametrize(("url", "problem"), PERCENT_URLS)
def test_the_api_refuses_an_address_with_a_percent_sign_with_the_reason(editor, url, problem):
    client = api(editor)
    by_address = client.post("/api/v1/ingest/", {"url": url}, format="json")
    with_text = client.post("/api/v1/ingest/", {"url": url, "text": "\n\n".join(PARAGRAPHS)}, format="json")
    assert by_address.status_code == 400
    assert problem in " ".join(by_address.json()["fields"]["url"])
    assert with_text.status_code == 400
    assert not IngestJob.objects.exists()
