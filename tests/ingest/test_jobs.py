"""Ingest jobs in-process: every request ends as an article with candidates or a clear reason."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

import claims.services
from claims.models import Statement
from sources.models import Article, IngestJob
from sources.services import jobs as jobs_service
from sources.services import (
    retry_job,
    run_ingest_job,
    submit_text,
    submit_upload,
    submit_url,
    sweep_ingest_jobs,
)
from sources.tasks import run_ingest_job_task

from .localsite import news_page

pytestmark = pytest.mark.django_db

PARAGRAPHS = [
    "The transport minister, Helena Varga, defended the new rail timetable on Tuesday in the capital.",
    "\u201cThe changes will cut journey times for most commuters,\u201d Varga told reporters at the station.",
    "Union leader Tomas Reyes said the plan would put jobs at risk and called for urgent talks with the ministry.",
    "\u201cWe were never consulted, and we will not accept cuts by the back door,\u201d Reyes said.",
    "The ministry said the timetable would be reviewed after six months of operation across the network.",
]


OTHER_STORIES = [
    [
        "The health minister announced a new hospital building programme in the north of the country.",
        "\u201cEvery region deserves modern care close to home,\u201d she said at a press conference on Friday.",
        "Opposition lawmakers questioned how the programme would be paid for over the next decade.",
        "Doctors' associations welcomed the plan but warned that staff shortages would remain the main problem.",
    ],
    [
        "Farmers blocked two motorways on Monday to protest against lower milk prices and new paperwork rules.",
        "\u201cWe cannot survive another winter like the last one,\u201d said Pieter Jansen, who leads the growers' league.",
        "The agriculture ministry said it would meet farm groups later this week to discuss emergency support.",
        "Police said traffic was diverted for most of the afternoon and no arrests were made during the protest.",
    ],
]


def page(title="Rail timetable row", paragraphs=PARAGRAPHS, **meta) -> str:
    return news_page(title=title, paragraphs=paragraphs, **meta)


def test_a_web_page_becomes_an_extracted_article(site, allow_local_fetch, run_jobs):
    url = site.add(
        "/story",
        page(
            published="2026-03-02T08:00:00Z",
            author="Jo Writer",
            site_name="Local Times",
            canonical="/story-canonical",
        ),
    )
    job = run_jobs(submit_url, url=url)
    assert job.state == IngestJob.State.DONE, job.error
    article = job.article
    assert article.title == "Rail timetable row"
    assert article.published_at.date().isoformat() == "2026-03-02"
    assert article.published_source == Article.DateSource.METADATA
    assert article.canonical_url == site.url("/story-canonical")
    assert article.outlet.name == "Local Times" and article.outlet.domain == "127.0.0.1"
    assert "Jo Writer" in article.byline
    assert article.status == Article.Status.EXTRACTED
    for marker in ("SCRIPT-MARKER", "COOKIE-MARKER", "ASIDE-MARKER", "FOOTER-MARKER", "Sport"):
        assert marker not in article.text
    assert "SCRIPT-MARKER" in article.raw_html  # the raw page is kept for re-extraction
    speakers = set(Statement.objects.filter(article=article).values_list("speaker_mention", flat=True))
    assert {"Varga", "Reyes"} & speakers or {"Helena Varga", "Tomas Reyes"} & speakers
    assert job.text == "" and job.attempts == 1 and job.finished_at is not None


def test_the_same_address_twice_is_one_article(site, allow_local_fetch, run_jobs):
    url = site.add("/story", page())
    first = run_jobs(submit_url, url=url)
    second = run_jobs(submit_url, url=url)
    assert second.state == IngestJob.State.DONE
    assert second.article_id == first.article_id
    assert "already ingested" in second.note
    assert Article.objects.count() == 1


def test_a_near_duplicate_at_another_address_is_recorded_not_extracted(site, allow_local_fetch, run_jobs):
    original = run_jobs(submit_url, url=site.add("/a", page()))
    edited = [p.replace("on Tuesday", "on Tuesday morning") for p in PARAGRAPHS] + [
        "Additional reporting by a wire service."
    ]
    copy = run_jobs(submit_url, url=site.add("/b", page(title="Rail row (wire)", paragraphs=edited)))
    assert copy.state == IngestJob.State.DONE
    assert copy.article_id != original.article_id
    assert copy.article.status == Article.Status.DUPLICATE
    assert copy.article.duplicate_of_id == original.article_id
    assert copy.note == f"near-duplicate of article {original.article_id}"
    assert not Statement.objects.filter(article=copy.article).exists()


def test_a_different_story_is_not_a_duplicate(site, allow_local_fetch, run_jobs):
    run_jobs(submit_url, url=site.add("/a", page()))
    job = run_jobs(submit_url, url=site.add("/c", page(title="Hospitals", paragraphs=OTHER_STORIES[0])))
    assert job.article.status == Article.Status.EXTRACTED


def test_pasted_text_twice_is_one_article(run_jobs):
    text = "Rail timetable row\n\n" + "\n\n".join(PARAGRAPHS)
    first = run_jobs(submit_text, text=text, title="Pasted", published=timezone.now().date())
    second = run_jobs(submit_text, text=text.replace("\n\n", "\n\n\n"))
    assert first.state == second.state == IngestJob.State.DONE
    assert first.article_id == second.article_id
    assert first.article.published_source == Article.DateSource.MANUAL
    assert second.note.startswith("same text as article")


@pytest.mark.parametrize(
    ("path", "body", "options", "reason"),
    [
        ("/missing", None, {}, "404"),
        ("/pdf", b"%PDF-1.7 binary", {"content_type": "application/pdf"}, "content type application/pdf"),
        ("/empty", b"", {}, "empty"),
        (
            "/nav",
            "<html><body><nav><a href='/'>Home</a> <a href='/x'>World</a></nav></body></html>",
            {},
            "no article text",
        ),
        ("/garbage", bytes(range(128, 256)) * 40, {"content_type": "text/html; charset=utf-8"}, "encoding"),
    ],
)
def test_bad_pages_fail_with_the_reason(site, allow_local_fetch, run_jobs, path, body, options, reason):
    url = site.add(path, body, **options) if body is not None else site.url(path)
    job = run_jobs(submit_url, url=url)
    assert job.state == IngestJob.State.FAILED
    assert reason in job.error
    assert job.article_id is None and not Article.objects.exists()


def test_private_addresses_are_refused_with_the_reason(site, run_jobs):
    job = run_jobs(submit_url, url=site.add("/story", page()))
    assert job.state == IngestJob.State.FAILED
    assert job.error == "refused: 127.0.0.1 is a loopback address"
    assert site.hits.get("/story") is None  # refused before any request was sent


def test_transient_errors_are_retried_with_backoff_then_given_up(site, allow_local_fetch, settings):
    settings.TRACKER_INGEST_MAX_ATTEMPTS = 3
    url = site.add("/flaky", "busy", status=503, content_type="text/plain")
    job = IngestJob.objects.create(kind=IngestJob.Kind.URL, url=url)
    delays = []
    for _ in range(2):
        run = run_ingest_job(job_id=job.pk)
        job.refresh_from_db()
        assert job.state == IngestJob.State.QUEUED and "503" in job.error
        delays.append(run.retry_in)
        IngestJob.objects.filter(pk=job.pk).update(next_attempt_at=timezone.now())  # the countdown passed
    assert delays == [30, 60]
    run = run_ingest_job(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == IngestJob.State.FAILED and job.error.startswith("gave up after 3 attempts: ")
    assert run.retry_in is None


def test_without_a_worker_a_transient_failure_is_shown_for_retry(site, allow_local_fetch, run_jobs):
    url = site.add("/flaky", "busy", status=503, content_type="text/plain")
    job = run_jobs(submit_url, url=url)
    assert job.state == IngestJob.State.FAILED
    assert "no worker is configured to retry later" in job.error
    site.add("/flaky", page())
    job = run_jobs(retry_job, job_id=job.pk)
    assert job.state == IngestJob.State.DONE and job.article is not None


def test_a_job_is_run_once_even_when_delivered_twice(site, allow_local_fetch, run_jobs):
    job = run_jobs(submit_url, url=site.add("/story", page()))
    again = run_ingest_job(job_id=job.pk)
    assert again.message == "nothing to do" and again.retry_in is None
    assert site.hits["/story"] == 1
    busy = IngestJob.objects.create(
        kind=IngestJob.Kind.URL,
        url=site.url("/story"),
        state=IngestJob.State.RUNNING,
        attempts=1,
        lease_expires_at=timezone.now() + timedelta(seconds=60),
    )
    run = run_ingest_job(job_id=busy.pk)
    assert run.retry_in is not None and 55 <= run.retry_in <= 62  # waits for the other worker's lease


def test_the_sweeper_requeues_lost_and_stalled_jobs(site, allow_local_fetch, run_jobs):
    url_a, url_b = site.add("/a", page()), site.add("/b", page(title="Other", paragraphs=PARAGRAPHS[::-1]))
    long_ago = timezone.now() - timedelta(hours=1)
    lost = IngestJob.objects.create(
        kind="url", url=url_a, state="running", attempts=1, stage="fetching", lease_expires_at=long_ago
    )
    stalled = IngestJob.objects.create(kind="url", url=url_b, state="queued", queued_at=long_ago)
    fresh = IngestJob.objects.create(kind="url", url=url_b, state="queued", queued_at=timezone.now())
    report = run_jobs(sweep_ingest_jobs)
    assert (report.requeued_lost, report.requeued_stalled) == (1, 1)
    lost.refresh_from_db()
    stalled.refresh_from_db()
    fresh.refresh_from_db()
    assert lost.state == stalled.state == "done" and lost.attempts == 2
    assert fresh.state == "queued"  # its message may still be on its way


class WorkerDied(BaseException):
    """Stands in for SIGKILL or the OOM killer: no except clause in the job catches it."""


def expire_leases() -> None:
    IngestJob.objects.filter(state="running").update(lease_expires_at=timezone.now() - timedelta(seconds=1))


def test_a_job_that_kills_its_worker_each_time_is_given_up_when_claimed(
    site, allow_local_fetch, settings, monkeypatch
):
    settings.TRACKER_INGEST_MAX_ATTEMPTS = 3
    job = IngestJob.objects.create(kind="url", url=site.add("/story", page()))

    def die(*args, **kwargs):
        raise WorkerDied

    monkeypatch.setattr(jobs_service, "fetch", die)
    for _ in range(3):  # each redelivery (reject_on_worker_lost) after the lease ran out spends an attempt
        with pytest.raises(WorkerDied):
            run_ingest_job(job_id=job.pk)
        expire_leases()
    run = run_ingest_job(job_id=job.pk)
    job.refresh_from_db()
    reason = "gave up after 3 attempts: the worker was lost each time (crashed, killed or out of memory)"
    assert (job.state, job.attempts, job.error) == ("failed", 3, reason)
    assert (run.state, run.retry_in, run.message) == ("failed", None, reason)
    assert job.lease_expires_at is None and job.finished_at is not None


def test_a_requeued_job_with_no_attempt_left_fails_with_its_earlier_error(settings):
    settings.TRACKER_INGEST_MAX_ATTEMPTS = 2
    job = IngestJob.objects.create(
        kind="text", text="Some text.", state="queued", attempts=2, error="database error: deadlock detected"
    )
    run_ingest_job(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == "failed" and job.text == "Some text."  # kept, so that Retry can run it again
    assert job.error == (
        "gave up after 2 attempts: the worker was lost during the last one (crashed, killed or "
        "out of memory); before that: database error: deadlock detected"
    )


def test_the_sweeper_fails_lost_jobs_that_have_used_up_their_attempts(
    settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.TRACKER_INGEST_MAX_ATTEMPTS = 3
    sent: list[int] = []
    monkeypatch.setattr(run_ingest_job_task, "delay", sent.append)
    long_ago = timezone.now() - timedelta(hours=1)
    spent = IngestJob.objects.create(
        kind="text", text="A", state="running", attempts=3, lease_expires_at=long_ago
    )
    stalled_spent = IngestJob.objects.create(
        kind="text", text="B", state="queued", attempts=3, queued_at=long_ago
    )
    lost = IngestJob.objects.create(
        kind="text", text="C", state="running", attempts=2, lease_expires_at=long_ago
    )
    with django_capture_on_commit_callbacks(execute=True):
        report = sweep_ingest_jobs()
    assert (report.requeued_lost, report.requeued_stalled, report.failed_spent) == (1, 0, 2)
    assert sent == [lost.pk]
    for job in (spent, stalled_spent):
        job.refresh_from_db()
        assert job.state == "failed" and job.error.startswith("gave up after 3 attempts: the worker was lost")
    lost.refresh_from_db()
    assert lost.state == "queued" and lost.attempts == 2


def test_the_sweeper_resends_a_stalled_job_once_per_interval(
    settings, monkeypatch, django_capture_on_commit_callbacks
):
    sent: list[int] = []
    monkeypatch.setattr(run_ingest_job_task, "delay", sent.append)
    long_ago = timezone.now() - timedelta(hours=1)
    job = IngestJob.objects.create(kind="text", text="A", state="queued", queued_at=long_ago)
    with django_capture_on_commit_callbacks(execute=True):
        first = sweep_ingest_jobs()
        second = sweep_ingest_jobs()  # overlapping, before the first one's messages went out
    assert (first.requeued_stalled, second.requeued_stalled) == (1, 0) and sent == [job.pk]
    job.refresh_from_db()
    assert job.queued_at > long_ago
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_ingest_jobs().total == 0  # a minute later: the backlog is not re-sent again
    interval = timedelta(seconds=settings.TRACKER_INGEST_REQUEUE_AFTER_SECONDS + 1)
    IngestJob.objects.filter(pk=job.pk).update(queued_at=timezone.now() - interval)
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_ingest_jobs().requeued_stalled == 1  # a whole interval later and still not started
    assert sent == [job.pk, job.pk]


def test_the_lease_is_renewed_after_extraction(run_jobs, monkeypatch):
    real_extract, real_finish = claims.services.extract_article, jobs_service._finish
    leases = []

    def slow_extract(article_id, **kwargs):
        outcome = real_extract(article_id, **kwargs)
        expire_leases()  # the extraction outlasted the lease
        return outcome

    def finish(job, **kwargs):
        leases.append(IngestJob.objects.get(pk=job.pk).lease_expires_at)
        return real_finish(job, **kwargs)

    monkeypatch.setattr(claims.services, "extract_article", slow_extract)
    monkeypatch.setattr(jobs_service, "_finish", finish)
    job = run_jobs(submit_text, text="Rail timetable row\n\n" + "\n\n".join(PARAGRAPHS))
    assert job.state == "done" and job.attempts == 1
    assert leases[0] > timezone.now()  # nobody may take the job over between extracting and finishing


def test_a_job_taken_over_during_extraction_still_makes_one_article(run_jobs, monkeypatch):
    real_extract = claims.services.extract_article
    takeover = []

    def extract_while_lost(article_id, **kwargs):
        if (
            not takeover
        ):  # our lease ran out mid-extraction: another worker takes the job over and finishes it
            takeover.append(IngestJob.objects.get(state="running").pk)
            expire_leases()
            takeover.append(run_ingest_job(job_id=takeover[0]))
        return real_extract(article_id, **kwargs)

    monkeypatch.setattr(claims.services, "extract_article", extract_while_lost)
    job = run_jobs(submit_text, text="Rail timetable row\n\n" + "\n\n".join(PARAGRAPHS))
    assert takeover[1].state == "done"
    assert job.state == "done" and job.attempts == 2
    assert Article.objects.count() == 1 and job.article.status == Article.Status.EXTRACTED
    spans = list(Statement.objects.filter(article=job.article).values_list("start", "end"))
    assert spans and len(spans) == len(set(spans))


def test_pasted_text_is_measured_in_utf8_bytes(settings):
    settings.TRACKER_FETCH_MAX_BYTES = 2048
    with pytest.raises(ValidationError) as refused:
        submit_text(text="\u00e9" * 1500)  # 1,500 characters, 3,000 bytes
    assert refused.value.messages == ["The text is 3,000 bytes in UTF-8; the limit is 2,048 bytes."]
    assert not IngestJob.objects.exists()
    assert submit_text(text="a" * 2048).pk  # exactly at the limit


def test_script_in_pasted_text_is_stored_as_text_and_shown_escaped(run_jobs, client, editor):
    text = "Rail row\n\n" + "\n\n".join(PARAGRAPHS) + "\n\n<script>alert('x')</script> <b>bold</b>"
    job = run_jobs(submit_text, text=text)
    assert "<script>alert('x')</script>" in job.article.text
    client.force_login(editor)
    html = client.get(f"/articles/{job.article_id}/").content.decode()
    assert "<script>alert(" not in html and "&lt;script&gt;alert(" in html


def test_an_article_too_long_to_extract_fails_visibly(run_jobs, settings):
    settings.TRACKER_EXTRACTION_MAX_CHARS = 2000
    job = run_jobs(submit_text, text="\n\n".join(PARAGRAPHS * 10))
    assert job.state == IngestJob.State.FAILED
    assert job.error.startswith("extraction failed:") and job.article is not None


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "empty.txt", "empty"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "picture.txt", "binary"),
        (b"%PDF-1.4 \x00\x01", "report.pdf", "unsupported file type"),
    ],
)
def test_bad_uploads_are_refused_before_a_job_exists(data, filename, message):
    with pytest.raises(ValidationError) as refused:
        submit_upload(data=data, filename=filename)
    assert message in " ".join(refused.value.messages)
    assert not IngestJob.objects.exists()


def test_an_oversized_upload_is_refused(settings):
    settings.TRACKER_FETCH_MAX_BYTES = 2048
    with pytest.raises(ValidationError, match="limit is"):
        submit_upload(data=b"word " * 1000, filename="big.txt")


def test_uploaded_html_and_latin1_text_become_articles(run_jobs):
    html = run_jobs(submit_upload, data=page().encode(), filename="story.html")
    assert html.state == "done" and "FOOTER-MARKER" not in html.article.text
    latin = ("Caf\u00e9 owners protest\n\n" + "\n\n".join(PARAGRAPHS[2:])).encode("latin-1", "replace")
    text = run_jobs(submit_upload, data=latin, filename="cafe.txt")
    assert text.state == "done", text.error
    assert "Caf\u00e9" in text.article.text


@pytest.mark.parametrize(
    ("start", "end", "tag"),
    [("<article>", "</article>", "div"), ("\ufeff<main>", "</main>", "div"), ("", "", "p")],
)
def test_an_upload_without_a_suffix_is_read_as_a_page_by_its_markup(run_jobs, start, end, tag):
    data = (start + "".join(f"<{tag}>{p}</{tag}>" for p in PARAGRAPHS) + end).encode()
    job = run_jobs(submit_upload, data=data, filename="export")
    assert job.state == "done", job.error
    assert f"<{tag}>" not in job.article.text and PARAGRAPHS[0] in job.article.text


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_a_stray_nul_deep_in_an_upload_is_dropped_not_a_failure(run_jobs, bom):
    # past the first 8 KB that the binary sniffing reads, and with or without a BOM
    body = "\n\n".join(PARAGRAPHS * 30).encode() + b"\x00" + b"\n\nThe end."
    job = run_jobs(submit_upload, data=bom + body, filename="long.txt")
    assert job.state == "done", job.error
    assert "\x00" not in job.article.text and job.article.text.endswith("The end.")


def test_pasted_text_with_a_nul_is_stored_without_it(run_jobs):
    job = run_jobs(submit_text, text=PARAGRAPHS[0] + "\x00\n\n" + "\n\n".join(PARAGRAPHS[1:]))
    assert job.state == "done", job.error
    assert "\x00" not in job.article.text


def test_invalid_urls_are_refused_at_submission():
    for url in ("", "ftp://example.org/x", "javascript:alert(1)", "http://", "not a url"):
        with pytest.raises(ValidationError):
            submit_url(url=url)
    assert not IngestJob.objects.exists()


def test_a_failure_found_after_a_takeover_is_left_to_the_new_worker(monkeypatch):
    job = submit_text(text="\n\n".join(PARAGRAPHS))
    IngestJob.objects.filter(pk=job.pk).update(state="queued")

    def read_then_lose_the_job(claimed):
        IngestJob.objects.filter(pk=claimed.pk).update(
            attempts=claimed.attempts + 1
        )  # another worker claimed it
        raise jobs_service.PageError("the page is empty")

    monkeypatch.setattr(jobs_service, "_read", read_then_lose_the_job)
    run = jobs_service.run_ingest_job(job_id=job.pk)
    assert run.message == "another worker took the job over"
    job.refresh_from_db()
    assert job.error == "" and job.state == "running"  # the failure was not written over the new attempt


@pytest.mark.parametrize(
    ("name", "surname"),
    [
        ("Сергей Лавров", "Лавров"),
        ("Κυριάκος Μητσοτάκης", "Μητσοτάκης"),
        ("Ахмед Аль-Сабах", "Аль-Сабах"),
        ("محمد العلي", "العلي"),
        ("习近平", "习近平"),
    ],
)
def test_an_article_quoting_a_name_in_another_script_keeps_its_statements(run_jobs, name, surname):
    text = "\n\n".join(
        [
            "Talks on the grain corridor resumed in Geneva on Tuesday after a week of delays.",
            f"\u201cWe will not accept conditions written elsewhere,\u201d {name} told reporters after the meeting.",
            f"\u201cThe corridor must stay open for every ship,\u201d {name} said, adding that talks would go on.",
            "Diplomats said a final text could be ready by the end of the month.",
        ]
    )
    job = run_jobs(submit_text, text=text, title="Grain talks")
    assert job.state == IngestJob.State.DONE, job.error
    statements = list(Statement.objects.filter(article=job.article).select_related("speaker"))
    assert len(statements) >= 2
    assert all(s.speaker_id is None or s.speaker.slug for s in statements)  # usable slugs
    assert any(surname in (s.speaker_mention + (s.speaker.name if s.speaker_id else "")) for s in statements)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's asynchronous commit")
@pytest.mark.django_db(transaction=True)
def test_a_jobs_work_commits_without_waiting_for_the_disk_and_its_finish_waits():
    """The claim, renewals, article and candidates may commit asynchronously; the finish commits
    durably, and with it everything before it (the WAL is flushed in order)."""
    writes: list[tuple[str, str]] = []  # (statement, synchronous_commit in force)

    def record(execute, sql, params, many, context):
        if sql.lstrip().split(" ", 1)[0] in ("INSERT", "UPDATE", "DELETE"):
            with context["connection"].connection.cursor() as raw:  # not through the wrapper
                raw.execute("SHOW synchronous_commit")
                setting = raw.fetchone()[0]
            in_statement = "set_config('synchronous_commit', 'off', true)" in sql
            writes.append((sql, "off" if in_statement else setting))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        job = submit_text(text="Rail timetable row\n\n" + "\n\n".join(PARAGRAPHS))
    job.refresh_from_db()
    assert job.state == "done" and job.article.statements.exists()
    finish = [
        (sql, s)
        for sql, s in writes
        if sql.startswith('UPDATE "sources_ingestjob"') and '"finished_at"' in sql
    ]
    assert len(finish) == 1 and finish[0][1] == "on"
    work = writes[writes.index(next(w for w in writes if '"attempts" = (' in w[0])) : writes.index(finish[0])]
    assert work and all(setting == "off" for _, setting in work), work
    assert any("claims_statement" in sql for sql, _ in work)  # the candidates among them
    submitted = writes[0]
    assert 'INSERT INTO "sources_ingestjob"' in submitted[0] and submitted[1] == "on"
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone()[0] == "on"
