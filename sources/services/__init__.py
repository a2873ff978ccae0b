"""Operations that change outlets, articles, feeds and ingest jobs. One function per use case."""

from .articles import (
    StoredArticle,
    create_outlet,
    delete_outlet,
    find_or_create_outlet,
    store_article,
    update_outlet,
    upsert_article_text,
    upsert_outlet,
)
from .feeds import FeedPoll, add_feed, delete_feed, due_feed_ids, poll_feed, update_feed
from .jobs import (
    JobRun,
    SweepReport,
    retry_job,
    run_ingest_job,
    submit_text,
    submit_upload,
    submit_url,
    sweep_ingest_jobs,
    validate_url,
)

__all__ = [
    "FeedPoll",
    "JobRun",
    "StoredArticle",
    "SweepReport",
    "add_feed",
    "create_outlet",
    "delete_feed",
    "delete_outlet",
    "due_feed_ids",
    "find_or_create_outlet",
    "poll_feed",
    "retry_job",
    "run_ingest_job",
    "store_article",
    "submit_text",
    "submit_upload",
    "submit_url",
    "sweep_ingest_jobs",
    "update_feed",
    "update_outlet",
    "upsert_article_text",
    "upsert_outlet",
    "validate_url",
]
