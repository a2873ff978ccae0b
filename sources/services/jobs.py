"""Ingest jobs: what someone asked to ingest, carried to an article with extracted candidates or a reason.

A job row is committed before its task is queued, and the task only carries the job's id, so a broker
that loses messages loses no work: the sweeper finds jobs that did not move and queues them again. A
worker claims a job by a conditional UPDATE and holds a lease it renews at each stage; a second delivery
of the same job waits for that lease, then finds the job done (nothing to do) or the lease expired (its
worker died: take over). Storing is idempotent (same address or text → the same article), so a job that
runs twice still yields one article and one set of candidates. The lease, claim and sweep mechanism is
common.jobs, shared with the other kinds of background job.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import DatabaseError, transaction
from django.utils import timezone

from claims import services as claims_services
from common.background import send_task
from common.jobs import JobQueue, SweepReport, asynchronous_commits, claim, renew, sweep, why_not_claimed

from ..fetching import HTML_TYPES, TEXT_TYPES, FetchError, fetch
from ..models import Article, Feed, IngestJob
from ..pages import PageError, ParsedPage, decode_body, parse_html, parse_text, parse_upload, upload_is_html
from .articles import StoredArticle, find_or_create_outlet, store_article

log = logging.getLogger(__name__)

Job = IngestJob
State = IngestJob.State
Stage = IngestJob.Stage

UPLOAD_SUFFIXES = (".txt", ".text", ".html", ".htm")
RUN_INGEST_JOB = "sources.run_ingest_job"  # the task (sources.tasks) that runs one job


# --- Submitting --------------------------------------------------------------------------------------


def _send(job_ids: list[int]) -> None:
    for job_id in job_ids:
        send_task(RUN_INGEST_JOB, job_id)


INGEST_JOBS = JobQueue(
    model=IngestJob,
    send=_send,
    label="ingest",
    lease_setting="TRACKER_INGEST_LEASE_SECONDS",
    attempts_setting="TRACKER_INGEST_MAX_ATTEMPTS",
    requeue_setting="TRACKER_INGEST_REQUEUE_AFTER_SECONDS",
    idle_values={"stage": ""},
)


def _enqueue(job_ids: list[int]) -> None:
    """Send the jobs' tasks once the rows are committed (immediately when not in a transaction)."""
    INGEST_JOBS.enqueue(job_ids)


def _options(*, title: str = "", published: date | None = None, outlet_name: str = "") -> dict:
    options: dict = {}
    if title.strip():
        options["title"] = title.strip()[:500]
    if published is not None:
        options["published"] = published.isoformat()
    if outlet_name.strip():
        options["outlet"] = outlet_name.strip()[:200]
    return options


def validate_url(url: str) -> str:
    """A well-formed http(s) URL, stripped; address checks happen when it is fetched (after DNS)."""
    url = url.strip()
    if not url:
        raise ValidationError("Enter a URL.")
    if len(url) > 2000:
        raise ValidationError("The URL is longer than 2,000 characters.")
    if "://" not in url:
        raise ValidationError(f"{url[:80]!r} is not a valid web address (it should start with https://).")
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        raise ValidationError(f"Only http and https addresses can be fetched, not {url[:80]!r}.")
    problem = _url_problem(url)
    if problem:
        raise ValidationError(f"{url[:80]!r} is not a valid web address: {problem}.")
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        # Raised anew without the validator's params: Django would %-format its message with them, and
        # a '%' in the address (as in the message) would then fail with a TypeError, a 500.
        raise ValidationError(f"{url[:80]!r} is not a valid web address.") from None
    return url


_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")


def _url_problem(url: str) -> str:
    """What makes an address unusable, in words, for the cases a generic 'not valid' leaves a puzzle."""
    if any(ch.isspace() for ch in url):
        return "it contains a space (write it as %20)"
    try:
        host = urlsplit(url).netloc.rpartition("@")[2]
    except ValueError:  # an unbalanced '[' in the host
        return "its host is not a name or an address"
    if "%" in host:
        return "a '%' in the host (such as an IPv6 zone id) cannot be fetched"
    if _BAD_ESCAPE.search(url):
        return "a '%' must start an escape of two hex digits (write a literal % as %25)"
    return ""


def submit_url(
    *,
    url: str,
    outlet_name: str = "",
    title: str = "",
    published: date | None = None,
    user=None,
    feed: Feed | None = None,
) -> IngestJob:
    """Queue a web page for ingestion."""
    url = validate_url(url)
    with transaction.atomic():
        job = IngestJob.objects.create(
            kind=IngestJob.Kind.FEED if feed else IngestJob.Kind.URL,
            url=url,
            feed=feed,
            options=_options(title=title, published=published, outlet_name=outlet_name),
            created_by=user if getattr(user, "is_authenticated", False) else None,
        )
        _enqueue([job.pk])
    return job


def submit_text(
    *,
    text: str,
    title: str = "",
    outlet_name: str = "",
    published: date | None = None,
    user=None,
    filename: str = "",
    is_html: bool = False,
    url: str = "",
) -> IngestJob:
    """Queue pasted text (or an uploaded file's decoded content) for ingestion. A `url` given with it is
    kept as the article's source address (checked as an http(s) URL, never fetched) and de-duplicates as
    a fetched article's address does."""
    url = validate_url(url) if url.strip() else ""
    text = text.replace("\x00", "")  # no database text column can hold a NUL
    if not text.strip():
        raise ValidationError("The text is empty.")
    size, limit = len(text.encode("utf-8")), settings.TRACKER_FETCH_MAX_BYTES
    if (
        size > limit
    ):  # the cap is in bytes, like a fetched page's; accented or non-Latin text takes 2-4 per character
        raise ValidationError(
            f"{filename or 'The text'} is {size:,} bytes in UTF-8; the limit is {limit:,} bytes."
        )
    options = _options(title=title, published=published, outlet_name=outlet_name)
    if is_html:
        options["format"] = "html"
    with transaction.atomic():
        job = IngestJob.objects.create(
            kind=IngestJob.Kind.FILE if filename else IngestJob.Kind.TEXT,
            url=url,
            text=text,
            filename=filename[:255],
            options=options,
            created_by=user if getattr(user, "is_authenticated", False) else None,
        )
        _enqueue([job.pk])
    return job


def submit_upload(
    *,
    data: bytes,
    filename: str,
    outlet_name: str = "",
    title: str = "",
    published: date | None = None,
    user=None,
) -> IngestJob:
    """Queue an uploaded .txt or .html file. Binary, empty or undecodable files are refused here."""
    name = filename.rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:255] or "upload"
    if len(data) > settings.TRACKER_FETCH_MAX_BYTES:
        raise ValidationError(
            f"{name} is {len(data) / 1_048_576:.1f} MB; the limit is "
            f"{settings.TRACKER_FETCH_MAX_BYTES / 1_048_576:.1f} MB."
        )
    lower = name.lower()
    if "." in lower and not lower.endswith(UPLOAD_SUFFIXES):
        raise ValidationError(f"{name}: unsupported file type; upload .txt or .html files.")
    try:
        text = decode_body(data)
    except PageError as exc:
        raise ValidationError(f"{name}: {exc}") from None
    return submit_text(
        text=text,
        title=title,
        outlet_name=outlet_name,
        published=published,
        user=user,
        filename=name,
        is_html=upload_is_html(text, filename=name),
    )


@transaction.atomic
def retry_job(*, job_id: int) -> IngestJob:
    """Queue a failed job again, from the start."""
    job = IngestJob.objects.select_for_update().get(pk=job_id)
    if job.state != State.FAILED:
        raise ValidationError(f"Job {job.pk} is {job.state}; only failed jobs can be retried.")
    job.state, job.stage, job.attempts, job.error, job.note = State.QUEUED, "", 0, "", ""
    job.next_attempt_at = job.lease_expires_at = job.finished_at = None
    job.save()
    _enqueue([job.pk])
    return job


# --- Running -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class JobRun:
    job_id: int
    state: str  # the job's state afterwards
    retry_in: int | None = None  # seconds: the task should run again then (transient error, or busy)
    message: str = ""


class _Lost(Exception):
    """Another worker took the job over (our lease expired): stop without writing."""


def _claim(job_id: int, now: datetime) -> bool:
    """Start an attempt. Each claim spends one, so a job that kills its worker cannot be re-run forever
    (a worker's crash loses no commit: the claim need not wait for the disk, see _attempt)."""
    return claim(INGEST_JOBS, job_id, now, stage=Stage.FETCHING, wait_for_disk=False)


def _stage(job: IngestJob, stage: str) -> None:
    """Record progress and renew the lease; fail fast if another worker has taken the job."""
    if not renew(INGEST_JOBS, job.pk, job.attempts, stage=stage):
        raise _Lost
    job.stage = stage


def _published_at(value: date | None) -> datetime | None:
    return datetime.combine(value, time(0, 0), tzinfo=UTC) if value else None


def _read(job: IngestJob) -> tuple[ParsedPage, str, str]:
    """The job's page, parsed; with the final URL and the raw HTML to keep."""
    if job.kind in (IngestJob.Kind.URL, IngestJob.Kind.FEED):
        # The claim has just set the fetching stage and the lease: no renewal before the fetch.
        response = fetch(job.url, accept=HTML_TYPES + TEXT_TYPES)
        _stage(job, Stage.READING)
        if response.content_type in TEXT_TYPES:
            return parse_text(response.body, declared_charset=response.charset), response.url, ""
        html = decode_body(response.body, declared_charset=response.charset)
        return parse_html(html, url=response.url), response.url, html
    _stage(job, Stage.READING)
    if job.options.get("format") == "html":
        return parse_html(job.text, url=""), "", job.text
    if job.kind == IngestJob.Kind.FILE:
        return parse_upload(job.text.encode("utf-8"), filename=job.filename), "", ""
    return parse_text(job.text), "", ""


def _store(job: IngestJob, page: ParsedPage, final_url: str, raw_html: str) -> StoredArticle:
    _stage(job, Stage.STORING)
    options = job.options or {}
    outlet = find_or_create_outlet(
        name=options.get("outlet", "") or (job.feed.outlet.name if job.feed and job.feed.outlet else ""),
        url=page.canonical_url or final_url,
        site_name=page.site_name,
    )
    published, source = page.published, page.published_source or Article.DateSource.UNKNOWN
    if options.get("published"):
        published, source = date.fromisoformat(options["published"]), Article.DateSource.MANUAL
    elif published is None and options.get("feed_published"):
        published, source = date.fromisoformat(options["feed_published"]), Article.DateSource.METADATA
    return store_article(
        text=page.text,
        outlet=outlet,
        url=job.url or final_url,
        canonical_url=page.canonical_url or (final_url if final_url and final_url != job.url else ""),
        title=options.get("title") or page.title or options.get("feed_title", ""),
        byline=page.byline,
        published_at=_published_at(published),
        published_source=source,
        language=page.language,
        raw_html=raw_html,
        filename=job.filename,
    )


def _extract(job: IngestJob, stored: StoredArticle) -> tuple[str, str]:
    """Extract the article unless it is a duplicate; returns (job state, error)."""
    if stored.is_duplicate:
        return State.DONE, ""
    _stage(job, Stage.EXTRACTING)
    # extract_article offers no progress hook, so the lease is renewed on each side of it; a worker that
    # lost the job meanwhile stops here (extraction is idempotent: the article keeps one set of candidates).
    outcome = claims_services.extract_article(stored.article.pk)
    _stage(job, Stage.EXTRACTING)
    if outcome.status == Article.Status.FAILED:
        return State.FAILED, f"extraction failed: {outcome.message}"
    return State.DONE, ""


def _finish(
    job: IngestJob, *, state: str, article: Article | None = None, error: str = "", note: str = ""
) -> None:
    now = timezone.now()
    values = {
        "state": state,
        "stage": "",
        "error": error[:5000],
        "note": note[:300],
        "finished_at": now,
        "lease_expires_at": None,
        "next_attempt_at": None,
        "updated_at": now,
    }
    if article is not None:
        values["article"] = article
        values["text"] = ""  # the article holds the text now
    updated = IngestJob.objects.filter(pk=job.pk, state=State.RUNNING, attempts=job.attempts).update(**values)
    if not updated:
        raise _Lost


def _backoff_seconds(attempts: int) -> int:
    base = settings.TRACKER_INGEST_RETRY_BASE_SECONDS
    return min(settings.TRACKER_INGEST_RETRY_MAX_SECONDS, base * 2 ** max(0, attempts - 1))


def _transient(job: IngestJob, reason: str, *, can_retry_later: bool) -> JobRun:
    if not can_retry_later:
        error = f"{reason} (no worker is configured to retry later: use Retry)"
        _finish(job, state=State.FAILED, error=error)
        return JobRun(job.pk, State.FAILED, message=error)
    if job.attempts >= settings.TRACKER_INGEST_MAX_ATTEMPTS:
        error = f"gave up after {job.attempts} attempts: {reason}"
        _finish(job, state=State.FAILED, error=error)
        return JobRun(job.pk, State.FAILED, message=error)
    delay = _backoff_seconds(job.attempts)
    now = timezone.now()
    IngestJob.objects.filter(pk=job.pk, state=State.RUNNING, attempts=job.attempts).update(
        state=State.QUEUED,
        stage="",
        error=reason[:5000],
        next_attempt_at=now + timedelta(seconds=delay),
        lease_expires_at=None,
        queued_at=now,
        updated_at=now,
    )
    return JobRun(job.pk, State.QUEUED, retry_in=delay, message=f"{reason}; retrying in {delay} s")


def run_ingest_job(*, job_id: int, can_retry_later: bool = True) -> JobRun:
    """Carry a job through fetching, reading, storing and extracting. Safe to call twice for one job."""
    now = timezone.now()
    if not _claim(job_id, now):
        refused = why_not_claimed(INGEST_JOBS, job_id, now)
        return JobRun(job_id, refused.state, retry_in=refused.retry_in, message=refused.message)
    job = IngestJob.objects.select_related("feed__outlet").get(pk=job_id)
    try:
        return _attempt(job, can_retry_later=can_retry_later)
    except _Lost:  # also when recording a failure finds the job already taken over
        return JobRun(job_id, State.RUNNING, message="another worker took the job over")


def _attempt(job: IngestJob, *, can_retry_later: bool) -> JobRun:
    """One attempt at a claimed job; failures are recorded on it (raises _Lost if it was taken over)."""
    job_id = job.pk
    try:
        # The work commits without waiting for the disk's flush (2-3 ms each here: the claim, the
        # article, the candidates, the renewals); the finish, outside the block, waits for it, and with
        # it for everything the job wrote. A database crash before the finish leaves the job to the
        # sweeper, as a lost worker does (common.jobs.asynchronous_commits).
        with asynchronous_commits():
            page, final_url, raw_html = _read(job)
            stored = _store(job, page, final_url, raw_html)
            state, error = _extract(job, stored)
        _finish(job, state=state, article=stored.article, error=error, note=stored.note)
        return JobRun(job_id, state, message=error or stored.note)
    except _Lost:
        raise
    except FetchError as exc:
        if exc.transient:
            return _transient(job, exc.reason, can_retry_later=can_retry_later)
        _finish(job, state=State.FAILED, error=exc.reason)
        return JobRun(job_id, State.FAILED, message=exc.reason)
    except (PageError, ValueError, ValidationError) as exc:
        reason = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        _finish(job, state=State.FAILED, error=reason)
        return JobRun(job_id, State.FAILED, message=reason)
    except DatabaseError as exc:
        log.warning("ingest job %s: database error, will retry: %s", job_id, exc)
        return _transient(job, f"database error: {exc}", can_retry_later=can_retry_later)
    except Exception as exc:  # a bug must not leave the job running forever; the log has the traceback
        log.exception("ingest job %s failed unexpectedly", job_id)
        return _transient(
            job, f"internal error: {type(exc).__name__}: {exc}", can_retry_later=can_retry_later
        )


# --- Sweeping ----------------------------------------------------------------------------------------


def sweep_ingest_jobs(*, stalled_after: timedelta | None = None) -> SweepReport:
    """Queue again the ingest jobs that stopped moving (see common.jobs.sweep)."""
    return sweep(INGEST_JOBS, stalled_after=stalled_after)
