"""Outlets, feeds, articles and the ingestion jobs that produce them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from common import jobs
from common.slugs import unique_slug

from .text import headline_from_text


class OutletKind(models.TextChoices):
    NEWSPAPER = "newspaper", "Newspaper"
    AGENCY = "agency", "News agency"
    BROADCASTER = "broadcaster", "Broadcaster"
    MAGAZINE = "magazine", "Magazine"
    ONLINE = "online", "Online publication"
    GOVERNMENT = "government", "Government source"
    OTHER = "other", "Other"


class Outlet(models.Model):
    Kind = OutletKind

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    domain = models.CharField(max_length=253, blank=True, help_text="e.g. example.com, without www.")
    country = models.CharField(max_length=2, blank=True, help_text="ISO 3166-1 alpha-2 code")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    is_active = models.BooleanField(
        default=True, help_text="Inactive: kept with its articles; its feeds paused"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=OutletKind.values), name="outlet_kind_valid"),
            models.UniqueConstraint(
                fields=["domain"],
                condition=~Q(domain=""),
                name="outlet_domain_unique",
                violation_error_message="Another outlet already has this domain.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(type(self), self.name)
        super().save(*args, **kwargs)


class Feed(models.Model):
    url = models.URLField(max_length=2000, unique=True)
    title = models.CharField(max_length=300, blank=True)
    outlet = models.ForeignKey(Outlet, null=True, blank=True, on_delete=models.SET_NULL, related_name="feeds")
    etag = models.CharField(max_length=300, blank=True)
    last_modified = models.CharField(max_length=100, blank=True, help_text="Last-Modified header, as sent")
    poll_interval_minutes = models.PositiveIntegerField(default=30)
    last_polled_at = models.DateTimeField(null=True, blank=True)
    next_poll_at = models.DateTimeField(null=True, blank=True, db_index=True, help_text="Empty: due now")
    last_status = models.CharField(max_length=200, blank=True, help_text="What the last poll found")
    last_error = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["url"]
        constraints = [
            models.CheckConstraint(condition=Q(poll_interval_minutes__gte=1), name="feed_interval_positive"),
        ]

    def __str__(self) -> str:
        return self.title or self.url


class ArticleStatus(models.TextChoices):
    NEW = "new", "New"
    EXTRACTED = "extracted", "Extracted"
    SKIPPED = "skipped", "Skipped"
    FAILED = "failed", "Failed"
    DUPLICATE = "duplicate", "Duplicate"


class ArticleDateSource(models.TextChoices):
    METADATA = "metadata", "Page metadata"
    DATELINE = "dateline", "Dateline in the text"
    TEXT = "text", "Date printed in the text"
    OUTLET_RECORD = "outlet_record", "Outlet record"
    MANUAL = "manual", "Entered by hand"
    UNKNOWN = "unknown", "Unknown"


class Article(models.Model):
    Status = ArticleStatus

    DateSource = ArticleDateSource
    # The large columns: lists that show an article's metadata defer them (see `bodies_of`).
    BODY_FIELDS = ("text", "raw_html")

    outlet = models.ForeignKey(
        Outlet, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles"
    )
    url = models.URLField(max_length=2000, blank=True)
    canonical_url = models.URLField(max_length=2000, blank=True)
    title = models.CharField(max_length=500, blank=True)
    byline = models.CharField(max_length=300, blank=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)
    published_source = models.CharField(max_length=20, choices=DateSource.choices, default=DateSource.UNKNOWN)
    text = models.TextField(help_text="Cleaned text; statement offsets refer to it.")
    raw_html = models.TextField(blank=True, help_text="Kept for re-extraction.")
    content_hash = models.CharField(max_length=64, unique=True, help_text="SHA-256 of the normalised text")
    language = models.CharField(max_length=16, default="en")
    filename = models.CharField(max_length=255, blank=True, help_text="File the text came from, if any")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW, db_index=True)
    error = models.TextField(blank=True)
    extractor_version = models.CharField(max_length=32, blank=True)
    extracted_at = models.DateTimeField(null=True, blank=True)
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["url"], condition=~Q(url=""), name="article_url_unique"),
            models.UniqueConstraint(
                fields=["canonical_url"], condition=~Q(canonical_url=""), name="article_canonical_url_unique"
            ),
            models.CheckConstraint(condition=Q(status__in=ArticleStatus.values), name="article_status_valid"),
            models.CheckConstraint(
                condition=Q(published_source__in=ArticleDateSource.values), name="article_date_source_valid"
            ),
            models.CheckConstraint(condition=~Q(content_hash=""), name="article_content_hash_present"),
            models.CheckConstraint(
                condition=~Q(duplicate_of=models.F("id")), name="article_not_duplicate_of_itself"
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.filename or self.url or f"Article {self.pk}"

    @classmethod
    def bodies_of(cls, path: str = "") -> list[str]:
        """The body fields as `.defer()` arguments, reached through `path` ("statement__article__")."""
        return [f"{path}{name}" for name in cls.BODY_FIELDS]

    @property
    def display_title(self) -> str:
        if self.title:
            return self.title
        return headline_from_text(self.text)


class NearDuplicateKey(models.Model):
    """Locality-sensitive keys of an original article's text (see sources.neardup); duplicates get none."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="near_duplicate_keys")
    key = models.BigIntegerField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "key"], name="neardupkey_unique_per_article")
        ]

    def __str__(self) -> str:
        return f"{self.key} → article {self.article_id}"


class IngestJobKind(models.TextChoices):
    URL = "url", "URL"
    FEED = "feed", "Feed item"
    TEXT = "text", "Pasted text"
    FILE = "file", "Uploaded file"


class IngestJobState(models.TextChoices):
    QUEUED = jobs.QUEUED, "Queued"
    RUNNING = jobs.RUNNING, "Running"
    DONE = jobs.DONE, "Done"
    FAILED = jobs.FAILED, "Failed"


class IngestJobStage(models.TextChoices):
    FETCHING = "fetching", "Fetching"
    READING = "reading", "Reading the page"
    STORING = "storing", "Storing"
    EXTRACTING = "extracting", "Extracting statements"


class IngestJob(models.Model):
    """What someone asked to ingest. Written before the task is queued, so a lost message loses no work."""

    Kind = IngestJobKind

    State = IngestJobState

    Stage = IngestJobStage

    ACTIVE_STATES = (IngestJobState.QUEUED, IngestJobState.RUNNING)

    kind = models.CharField(max_length=10, choices=Kind.choices)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED, db_index=True)
    stage = models.CharField(
        max_length=20, choices=Stage.choices, blank=True, help_text="fetching, extracting… while running"
    )
    url = models.URLField(max_length=2000, blank=True)
    text = models.TextField(blank=True, help_text="Pasted or uploaded text, until it becomes an article")
    filename = models.CharField(max_length=255, blank=True)
    feed = models.ForeignKey(Feed, null=True, blank=True, on_delete=models.SET_NULL, related_name="jobs")
    outlet = models.ForeignKey(Outlet, null=True, blank=True, on_delete=models.SET_NULL, related_name="jobs")
    options = models.JSONField(
        default=dict, blank=True, help_text="title, published date… given with the request"
    )
    attempts = models.PositiveIntegerField(default=0)
    error = models.TextField(
        blank=True, help_text="Why it failed, or the last transient error before a retry"
    )
    note = models.CharField(
        max_length=300, blank=True, help_text="How it ended, e.g. a duplicate of which article"
    )
    queued_at = models.DateTimeField(
        null=True, blank=True, help_text="When its task was last sent to the broker"
    )
    next_attempt_at = models.DateTimeField(null=True, blank=True, help_text="A retry is not due before this")
    lease_expires_at = models.DateTimeField(
        null=True, blank=True, help_text="A running job whose lease expired was lost with its worker"
    )
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="jobs"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="ingest_jobs"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=IngestJobKind.values), name="ingestjob_kind_valid"),
            models.CheckConstraint(
                condition=Q(state__in=IngestJobState.values), name="ingestjob_state_valid"
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=["url", "feed"]) | ~Q(url=""), name="ingestjob_url_jobs_have_url"
            ),
            models.CheckConstraint(
                condition=~Q(state="done") | Q(article__isnull=False), name="ingestjob_done_has_article"
            ),
            models.UniqueConstraint(
                fields=["feed", "url"], condition=Q(kind="feed"), name="ingestjob_feed_item_once"
            ),
        ]
        indexes = [models.Index(fields=["state", "updated_at"], name="ingestjob_state_updated")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} job {self.pk} ({self.state})"

    @property
    def is_active(self) -> bool:
        return self.state in self.ACTIVE_STATES

    @property
    def stage_progress(self) -> tuple[int, int]:
        """(this stage's number, how many stages this kind of job goes through): fetching only for URLs."""
        stages = list(IngestJobStage.values)
        if self.kind not in (IngestJobKind.URL, IngestJobKind.FEED):
            stages.remove(IngestJobStage.FETCHING)
        return (stages.index(self.stage) + 1 if self.stage in stages else 0), len(stages)

    @property
    def source_label(self) -> str:
        """What the user submitted, in a few words."""
        if self.url:
            return self.url
        if self.filename:
            return self.filename
        title = (self.options or {}).get("title") or self.text.strip().split("\n", 1)[0]
        return (title[:77] + "…") if len(title) > 80 else (title or "Pasted text")
