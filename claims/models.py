"""Statements, the propositions analysts track, stances linking the two, and the review trail."""

from __future__ import annotations

import unicodedata

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from common import jobs
from common.slugs import unique_slug


class PropositionKind(models.TextChoices):
    CLAIM = "claim", "Claim"
    PROPOSAL = "proposal", "Proposal"


def title_key(title: str) -> str:
    """A title as compared for duplicates: case, width and spacing do not make a different question."""
    return " ".join(unicodedata.normalize("NFKC", title).casefold().split())


class Proposition(models.Model):
    """A question analysts track: a claim (asserted/denied) or a proposal (supported/opposed)."""

    Kind = PropositionKind

    slug = models.SlugField(max_length=200, unique=True)
    title = models.CharField(max_length=500)
    # The normalised title (see title_key), unique: two propositions never ask the same question.
    title_key = models.CharField(max_length=500, unique=True, editable=False)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    description = models.TextField(blank=True)
    keywords = models.JSONField(
        default=list, blank=True, help_text="Words and phrases that signal this topic"
    )
    aliases = models.JSONField(
        default=list, blank=True, help_text='Other names of the proposition itself ("the levy", "CBAM")'
    )
    entities = models.JSONField(
        default=list, blank=True, help_text="Names of the people, bodies, places or things it involves"
    )
    is_active = models.BooleanField(default=True, help_text="Archived propositions are not suggested")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=PropositionKind.values), name="proposition_kind_valid"
            ),
            models.CheckConstraint(condition=~Q(title=""), name="proposition_title_present"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(type(self), self.title)
        self.title_key = title_key(self.title)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "title" in update_fields:
            kwargs["update_fields"] = {*update_fields, "title_key"}
        super().save(*args, **kwargs)

    @property
    def phrases(self) -> list[str]:
        """Every phrase that names it: keywords, aliases and entities."""
        return [*(self.keywords or []), *(self.aliases or []), *(self.entities or [])]


class StatementCluster(models.Model):
    """The same statement reported by several outlets: analysts see it once, with its corroboration."""

    speaker = models.ForeignKey(
        "actors.Actor", null=True, blank=True, on_delete=models.SET_NULL, related_name="statement_clusters"
    )
    text = models.TextField(help_text="The representative wording")
    fingerprint = models.CharField(max_length=64, db_index=True, help_text="Hash of the normalised wording")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.text[:80]


class StatementWord(models.Model):
    """One word of a statement, keyed by its speaker: the blocking index that clustering looks up instead of
    reading every earlier statement of the speaker (claims.clusters.cluster_keys says which words lead).
    Written with the statement and rewritten when its text or speaker changes (claims.services.clusters)."""

    statement = models.ForeignKey("Statement", on_delete=models.CASCADE, related_name="+")
    speaker = models.ForeignKey("actors.Actor", on_delete=models.CASCADE, related_name="+", db_index=False)
    key = models.BigIntegerField(help_text="64-bit hash of the normalised word")
    leading = models.BooleanField(
        default=False, help_text="Among the statement's rarest words, one of which any report of it shares"
    )

    class Meta:
        indexes = [models.Index(fields=["speaker", "key"], name="statementword_lookup")]

    def __str__(self) -> str:
        return f"{self.statement_id}:{self.key}"


class StatementKind(models.TextChoices):
    DIRECT = "direct", "Direct quote"
    MIXED = "mixed", "Reported with quoted words"
    INDIRECT = "indirect", "Reported speech"


class StatementStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"


class StatementPrecision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"
    UNKNOWN = "unknown", "Unknown"


class Statement(models.Model):
    Kind = StatementKind

    Status = StatementStatus

    Precision = StatementPrecision

    article = models.ForeignKey("sources.Article", on_delete=models.CASCADE, related_name="statements")
    speaker = models.ForeignKey(
        "actors.Actor",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="statements",
        db_index=False,  # served by statement_speaker_all_latest (PostgreSQL; see migration 0017)
    )
    speaker_mention = models.CharField(max_length=300, blank=True, help_text="How the text named the speaker")
    text = models.TextField(help_text="The quoted words or the reported content")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    cue = models.CharField(max_length=100, blank=True, help_text="said, stressed, told, quoted as saying…")
    said_on = models.DateField(null=True, blank=True)  # indexed by statement_latest (0016) and others
    date_precision = models.CharField(max_length=10, choices=Precision.choices, default=Precision.UNKNOWN)
    date_source = models.CharField(max_length=100, blank=True, help_text="How the date was resolved")
    via = models.ForeignKey(
        "actors.Actor", null=True, blank=True, on_delete=models.SET_NULL, related_name="relayed_statements"
    )
    via_mention = models.CharField(max_length=300, blank=True)
    start = models.PositiveIntegerField(help_text="Offset of the statement in the article text")
    end = models.PositiveIntegerField()
    extractor_version = models.CharField(max_length=32, blank=True, help_text="Empty when entered by hand")
    confidence = models.FloatField(default=1.0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    version = models.PositiveIntegerField(default=1, help_text="Bumped on every change (optimistic locking)")
    cluster = models.ForeignKey(
        StatementCluster, null=True, blank=True, on_delete=models.SET_NULL, related_name="statements"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The editor who has this candidate open in the review queue",
    )
    claimed_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["article_id", "start", "id"]
        # On PostgreSQL only, "statement_approved_latest" (migration 0006): approved statements newest
        # first, the order of the dashboard and the record's lists; 0010's by speaker; and 0016's for
        # editors' lists (all statements, by status, by speaker, newest first by date). Those made four
        # earlier indexes redundant, dropped on PostgreSQL by 0017 (SQLite keeps them).
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=StatementKind.values), name="statement_kind_valid"),
            models.CheckConstraint(
                condition=Q(status__in=StatementStatus.values), name="statement_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(date_precision__in=StatementPrecision.values), name="statement_precision_valid"
            ),
            models.CheckConstraint(condition=Q(start__gte=0), name="statement_start_non_negative"),
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="statement_end_after_start"),
            models.CheckConstraint(condition=Q(version__gte=1), name="statement_version_positive"),
            models.CheckConstraint(
                condition=Q(confidence__gte=0) & Q(confidence__lte=1), name="statement_confidence_range"
            ),
            models.CheckConstraint(condition=~Q(text=""), name="statement_text_present"),
            models.CheckConstraint(
                condition=Q(said_on__isnull=True) | ~Q(date_precision="unknown"),
                name="statement_dated_has_precision",
            ),
        ]

    def __str__(self) -> str:
        who = self.speaker.name if self.speaker_id and self.speaker else self.speaker_mention or "?"
        return f"{who}: {self.text[:60]}"


class StancePolarity(models.TextChoices):
    SUPPORTS = "supports", "Supports"
    OPPOSES = "opposes", "Opposes"
    ASSERTS = "asserts", "Asserts"
    DENIES = "denies", "Denies"
    UNDECIDED = "undecided", "Undecided"
    NEUTRAL = "neutral", "Neutral"


class StanceOrigin(models.TextChoices):
    EXTRACTOR = "extractor", "Suggested by the extractor"
    EDITOR = "editor", "Added by an editor"


class Stance(models.Model):
    """A statement's position on a proposition; suggested by the extractor, confirmed by an editor."""

    Polarity = StancePolarity

    Origin = StanceOrigin

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="stances")
    proposition = models.ForeignKey(Proposition, on_delete=models.CASCADE, related_name="stances")
    # A copy of the statement's speaker, so an actor's stances on a proposition are read through one index
    # (stance_speaker_proposition) without reading the actor's other statements or the proposition's other
    # stances: the positions refresh of a decision costs what the pairs it touches hold, not the record.
    # Filled on insert (`save`, and by the bulk inserts), kept right by claims.services.positions
    # (`follow_speaker` in every review decision, `move_speaker` in a merge, `follow_speakers` in a full
    # rebuild); `manage.py positions --check` reports a stance whose copy differs from its statement's.
    speaker = models.ForeignKey(
        "actors.Actor",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,  # served by stance_speaker_proposition
    )
    polarity = models.CharField(max_length=10, choices=Polarity.choices)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.EXTRACTOR)
    confidence = models.FloatField(default=1.0)
    # The words that decided a suggestion: [{"start", "end", "text", "role"}], offsets into the article text.
    evidence = models.JSONField(default=list, blank=True)
    reason = models.CharField(max_length=200, blank=True)  # "calls it 'a reckless gamble'"
    is_confirmed = models.BooleanField(default=False)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["proposition__title"]
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "proposition"], name="stance_one_per_statement_proposition"
            ),
            models.CheckConstraint(
                condition=Q(polarity__in=StancePolarity.values), name="stance_polarity_valid"
            ),
            models.CheckConstraint(condition=Q(origin__in=StanceOrigin.values), name="stance_origin_valid"),
            models.CheckConstraint(
                condition=Q(confidence__gte=0) & Q(confidence__lte=1), name="stance_confidence_range"
            ),
        ]
        indexes = [models.Index(fields=["speaker", "proposition"], name="stance_speaker_proposition")]

    def __str__(self) -> str:
        return f"{self.statement_id} {self.polarity} {self.proposition}"

    def save(self, *args, **kwargs) -> None:
        """A new stance takes its statement's speaker (see `speaker`), however it is created."""
        if self._state.adding and self.speaker_id is None and self.statement_id is not None:
            self.speaker_id = self.statement.speaker_id
        super().save(*args, **kwargs)


class ReviewEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("Review events are an audit trail: they cannot be changed.")

    def delete(self):
        raise TypeError("Review events are an audit trail: they cannot be deleted.")


class ReviewEventAction(models.TextChoices):
    APPROVE = "approve", "Approved"
    REJECT = "reject", "Rejected"
    EDIT = "edit", "Edited"
    UNDO = "undo", "Undid a decision"
    MERGE = "merge", "Merged speaker"
    STANCE = "stance", "Changed stances"
    CREATE = "create", "Created by hand"
    UNDO_REFUSED = "noundo", "Could not undo (changed since)"


class ReviewEvent(models.Model):
    """Who did what to which statement, when, with the values before and after. Never edited."""

    Action = ReviewEventAction

    statement = models.ForeignKey(Statement, on_delete=models.PROTECT, related_name="review_events")
    # PROTECT: deleting a reviewer would erase "who" from the trail; reviewers are deactivated instead.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="review_events",
    )
    action = models.CharField(max_length=10, choices=Action.choices)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = ReviewEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=ReviewEventAction.values), name="reviewevent_action_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.action} statement {self.statement_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Review events are an audit trail: they cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Review events are an audit trail: they cannot be deleted.")


class ResuggestState(models.TextChoices):
    QUEUED = jobs.QUEUED, "Queued"
    RUNNING = jobs.RUNNING, "Running"
    DONE = jobs.DONE, "Done"
    FAILED = jobs.FAILED, "Failed"
    CANCELLED = "cancelled", "Cancelled"
    SUPERSEDED = "superseded", "Superseded by a newer edit"


class ResuggestJob(models.Model):
    """Re-suggesting one proposition's stances on the pending statements already stored, after the
    proposition was created or edited. Written before its task is queued (common.jobs: leases, sweeper);
    works in batches of articles and checkpoints after each, so it resumes where it stopped."""

    State = ResuggestState

    ACTIVE_STATES = (ResuggestState.QUEUED, ResuggestState.RUNNING)

    proposition = models.ForeignKey(Proposition, on_delete=models.CASCADE, related_name="resuggest_jobs")
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED, db_index=True)
    reason = models.CharField(max_length=200, blank=True, help_text="What started it: created, edited…")
    total = models.PositiveIntegerField(default=0, help_text="Pending statements when it started")
    done = models.PositiveIntegerField(default=0, help_text="Statements looked at so far")
    suggested = models.PositiveIntegerField(default=0, help_text="Of those, now with a suggested stance")
    batches = models.PositiveIntegerField(default=0, help_text="Batches of articles finished")
    checkpoint = models.PositiveBigIntegerField(
        default=0, help_text="The last article finished: a resumed job goes on after it"
    )
    attempts = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    note = models.CharField(max_length=300, blank=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=ResuggestState.values), name="resuggestjob_state_valid"
            ),
            # A newer edit supersedes the running job first, so a proposition has one active job at most.
            models.UniqueConstraint(
                fields=["proposition"],
                condition=Q(state__in=["queued", "running"]),
                name="resuggestjob_one_active_per_proposition",
            ),
        ]

    def __str__(self) -> str:
        return f"re-suggestion {self.pk} of {self.proposition_id} ({self.state})"

    @property
    def is_active(self) -> bool:
        return self.state in self.ACTIVE_STATES

    @property
    def is_stalled(self) -> bool:
        """Running, but its lease ran out: its worker (or the web process running it) stopped."""
        return (
            self.state == ResuggestState.RUNNING
            and self.lease_expires_at is not None
            and self.lease_expires_at < timezone.now()
        )


RECENT_STANCES = 10


class ActorPosition(models.Model):
    """Where an actor stands on a proposition now, kept as data: written by
    claims.services.positions.refresh_positions in the same transaction as every review decision that
    changes a stance that counts, so pages read one row per actor and proposition instead of deriving it
    from every stance. `manage.py positions --check` compares it with a computation from scratch."""

    actor = models.ForeignKey("actors.Actor", on_delete=models.CASCADE, related_name="positions")
    proposition = models.ForeignKey(Proposition, on_delete=models.CASCADE, related_name="positions")
    polarity = models.CharField(max_length=10, choices=StancePolarity.choices)
    since = models.DateField(null=True, blank=True, help_text="First stance of the current run of polarity")
    latest_on = models.DateField(null=True, blank=True, help_text="Date of the latest stance")
    latest_statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="+")
    stances = models.PositiveIntegerField(default=0, help_text="Stances that count (confirmed, approved)")
    changes = models.PositiveIntegerField(default=0, help_text="Changes of polarity between them")
    # The latest stances (at most RECENT_STANCES, oldest first) as [statement id, polarity, "YYYY-MM-DD" or
    # null]: what pages draw of a long history, read without touching the stances.
    recent = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["proposition_id", "actor_id"]
        constraints = [
            models.UniqueConstraint(fields=["actor", "proposition"], name="actorposition_one_per_pair"),
        ]
        # Plus, on PostgreSQL only, "actorposition_sides" (migration 0012): (proposition, polarity,
        # latest_on DESC NULLS LAST, latest_statement_id DESC), a proposition's sides with the most
        # recently active first, the order the proposition page reads each side's first rows in.

    def __str__(self) -> str:
        return f"{self.actor_id} {self.polarity} {self.proposition_id}"


class SideCount(models.Model):
    """How many actors stand on one side of a proposition now, kept as data beside ActorPosition (same
    writer, same transaction: refresh_positions adds each move's -1 and +1, an actor's deletion takes its
    positions off), so the dashboard and the proposition pages read a few rows instead of counting every
    position. `manage.py positions --check` compares it with a count of the positions."""

    proposition = models.ForeignKey(Proposition, on_delete=models.CASCADE, related_name="side_counts")
    polarity = models.CharField(max_length=10, choices=StancePolarity.choices)
    actors = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposition", "polarity"], name="sidecount_one_per_side"),
        ]

    def __str__(self) -> str:
        return f"{self.proposition_id} {self.polarity}: {self.actors}"


class PositionChange(models.Model):
    """One change of an actor's polarity on a proposition between two consecutive stances that count,
    kept as data beside ActorPosition (same writer, same transaction)."""

    actor = models.ForeignKey("actors.Actor", on_delete=models.CASCADE, related_name="position_changes")
    proposition = models.ForeignKey(Proposition, on_delete=models.CASCADE, related_name="position_changes")
    before_polarity = models.CharField(max_length=10, choices=StancePolarity.choices)
    after_polarity = models.CharField(max_length=10, choices=StancePolarity.choices)
    before_statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="+")
    after_statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="+")
    before_on = models.DateField(null=True, blank=True)
    changed_on = models.DateField(null=True, blank=True, help_text="Date of the stance that changed it")

    class Meta:
        ordering = [F("changed_on").desc(nulls_last=True), "-after_statement_id"]
        indexes = [models.Index("actor", "proposition", name="positionchange_pair")]
        # Plus, on PostgreSQL only (migration 0009; SQLite has no NULLS LAST in index definitions),
        # "positionchange_latest" (changed_on DESC NULLS LAST, after_statement_id DESC) for the dashboard
        # and "positionchange_proposition" (proposition first) for a proposition's page.

    def __str__(self) -> str:
        return f"{self.actor_id} {self.before_polarity}->{self.after_polarity} {self.proposition_id}"
