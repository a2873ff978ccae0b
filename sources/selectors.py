"""Reads of articles shared by the web UI and the API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, QuerySet

from claims.models import Statement
from claims.selectors import pending_statements, visible_statements
from common.queries import count_of

from .models import Article, Feed, IngestJob, Outlet


def article_list(*, user_is_editor: bool) -> QuerySet[Article]:
    """Articles newest first, with their outlet and statement counts in the same query (analysts count
    approved statements only: pending candidates are not part of the record)."""
    return (
        Article.objects.select_related("outlet")
        .defer("raw_html")  # the title may come from the text
        .annotate(
            statement_count=count_of(visible_statements(user_is_editor), outer="article"),
            pending_count=count_of(pending_statements(), outer="article"),
        )
        .order_by("-published_at", "-id")
    )


def latest_articles(limit: int) -> list[Article]:
    """The newest articles with their outlets, for the home page's list of links: without the statement
    counts `article_list` adds (two subqueries an article) and without the page source."""
    return list(
        Article.objects.select_related("outlet").defer("raw_html").order_by("-published_at", "-id")[:limit]
    )


def outlets_by_name() -> QuerySet[Outlet]:
    """Every outlet by name, for a filter's choices. Not only those that published some statements:
    finding them reads every one of the statements (an actor's 2,000 at 1,000,000 statements took
    70 ms), while the outlets are a few dozen rows whatever the size of the record."""
    return Outlet.objects.order_by("name")


def article_title_of(pk: int | None) -> Article | None:
    """The article with this id, holding its title only (a picker's current value), or None."""
    if pk is None:
        return None
    return Article.objects.filter(pk=pk).only("id", "title").first()


def articles_by_title(q: str, *, statements: QuerySet[Statement], limit: int = 10) -> list[Article]:
    """Articles whose title contains `q` and that hold some of `statements`, newest first (a picker)."""
    return list(
        Article.objects.filter(title__icontains=q, statements__in=statements)
        .select_related("outlet")
        .only("id", "title", "outlet__name")
        .distinct()
        .order_by("-id")[:limit]
    )


def missing_article_ids(ids: list[int]) -> set[int]:
    """The ids in `ids` that no stored article has."""
    return set(ids) - set(Article.objects.filter(pk__in=ids).values_list("pk", flat=True))


def published_date_of(text_hash: str) -> date | None:
    """The publication date of the stored article with this text hash, when there is one."""
    article = Article.objects.filter(content_hash=text_hash).only("published_at").first()
    return article.published_at.date() if article and article.published_at else None


def article_detail(pk: int) -> Article:
    return Article.objects.select_related("outlet").get(pk=pk)


def recent_jobs(*, limit: int = 50, user=None) -> QuerySet[IngestJob]:
    """The latest ingest jobs with their article and candidate counts (one query)."""
    jobs = (
        IngestJob.objects.select_related("article", "created_by", "feed")
        .defer("article__raw_html")
        .annotate(candidate_count=Count("article__statements", distinct=True))
    )
    if user is not None:
        jobs = jobs.filter(created_by=user)
    return jobs.order_by("-created_at", "-id")[:limit]


def jobs_by_ids(job_ids: list[int]) -> QuerySet[IngestJob]:
    return (
        IngestJob.objects.filter(pk__in=job_ids)
        .select_related("article", "created_by", "feed")
        .annotate(candidate_count=Count("article__statements", distinct=True))
        .order_by("-created_at", "-id")
    )


@dataclass(frozen=True)
class JobSummary:
    job_id: int
    state: str
    line: str


def job_summary(job_ids: list[int]) -> list[JobSummary]:
    """One line per job for the command line, in submission order."""
    summaries = []
    for job in sorted(jobs_by_ids(job_ids), key=lambda j: j.pk):
        if job.state == IngestJob.State.DONE and job.article is not None:
            outcome = f"article {job.article_id} {job.article.display_title!r}"
            candidates = getattr(job, "candidate_count", 0)  # annotated by jobs_by_ids
            outcome += f" ({job.note})" if job.note else f", {candidates} candidate statement(s)"
        else:
            outcome = job.error or job.note or job.get_state_display()
            if job.article_id:
                outcome += f" (article {job.article_id})"
        summaries.append(JobSummary(job.pk, job.state, f"{job.source_label}: {outcome}"))
    return summaries


def outlet_list() -> QuerySet[Outlet]:
    """Every outlet, active ones first, with its numbers of articles and feeds (one query)."""
    return Outlet.objects.annotate(
        article_count=count_of(Article.objects.all(), outer="outlet"),
        feed_count=count_of(Feed.objects.all(), outer="outlet"),
    ).order_by("-is_active", "name")


def feed_list() -> QuerySet[Feed]:
    """Every feed, active ones first, with its outlet and the number of jobs it queued (one query)."""
    return (
        Feed.objects.select_related("outlet")
        .annotate(job_count=count_of(IngestJob.objects.all(), outer="feed"))
        .order_by("-is_active", "url")
    )
