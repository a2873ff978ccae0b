"""Writing the extractor's output: an article's pending candidates, their speakers, clusters and stances."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from functools import cache

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from actors.models import Actor
from actors.names import normalize_name
from actors.selectors import actor_by_name_or_slug, actor_records, person_by_surname
from actors.services import create_guessed_actor
from common.slugs import slug_for
from sources.models import Article

from ..extraction import EXTRACTOR_VERSION, TextTooLong, extract, load_nlp
from ..extraction.parallel import extract_parallel
from ..extraction.resources import load
from ..extraction.types import ActorRecord, ExtractionResult
from ..models import ReviewEvent, Stance, Statement
from ..selectors import active_propositions
from . import suggester
from .actor_index import actor_index
from .clusters import clusters_for, index_words


@dataclass(frozen=True)
class ExtractionOutcome:
    article_id: int
    status: str  # the article's status afterwards: extracted | skipped | failed | duplicate
    created: int = 0  # pending candidates written
    replaced: int = 0  # earlier pending candidates removed
    kept: int = 0  # candidates not written because a reviewed statement covers them
    message: str = ""


def _earlier_statements(article: Article) -> tuple[list[tuple[int, int]], list[int]]:
    """The spans of the article's statements an editor has touched (decided, or with any review event),
    which are never replaced, and the ids of the others, its pending candidates, which are: one query
    (a new article has none)."""
    rows = article.statements.annotate(
        reviewed=Exists(ReviewEvent.objects.filter(statement=OuterRef("pk")))
    ).values_list("pk", "start", "end", "status", "reviewed")
    reviewed: dict[tuple[int, int], None] = {}
    stale: list[int] = []
    for pk, start, end, status, has_events in rows:
        if has_events or status in (Statement.Status.APPROVED, Statement.Status.REJECTED):
            reviewed[(start, end)] = None
        elif status == Statement.Status.PENDING:
            stale.append(pk)
    return list(reviewed), stale


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    start, end = span
    return any(start < other_end and other_start < end for other_start, other_end in spans)


# The article's columns that storing an extraction writes (with `updated_at`, which auto_now sets).
EXTRACTION_FIELDS = (
    "status",
    "error",
    "published_at",
    "published_source",
    "language",
    "extractor_version",
    "extracted_at",
    "updated_at",
)


@cache
def _function_words() -> frozenset[str]:
    return frozenset(load("stopwords_en")["words"])


def _actor_for_mention(
    *,
    slug: str | None,
    mention: str,
    kind: str,
    actors_by_slug: dict[str, Actor],
    create: bool,
    named: bool = True,
    role: str = "",
) -> Actor | None:
    """The resolved actor, or for an unknown named speaker an unconfirmed actor an editor will review.
    `mention` is the fullest name the article gives the speaker (the extractor's speaker name, titles
    and roles left out); an existing actor of that name, or the one person of that surname, is used
    before a new one is made. A description ("a 32-year-old nurse", "the health ministry") names
    nobody: it stays a mention."""
    if slug:
        return actors_by_slug.get(slug)
    mention = mention.strip()
    if not create or not named or not mention or not _starts_like_a_name(mention):
        return None  # pronouns and role nouns that did not resolve are not new actors
    if not normalize_name(mention):
        return None
    existing = actor_by_name_or_slug(mention, slug_for(mention))
    if existing is None and kind == Actor.Kind.PERSON:
        existing = person_by_surname(mention)
    if existing is not None:
        return existing
    kind = kind if kind in Actor.Kind.values else Actor.Kind.OTHER
    actor = create_guessed_actor(name=mention, kind=kind, role=role[:200])
    actors_by_slug[actor.slug] = actor
    return actor


def _starts_like_a_name(text: str) -> bool:
    """A capital letter, or a letter of a script without case ("习近平"); not "the minister"."""
    first = text[:1]
    return first.isupper() or (first.isalpha() and not first.islower())


def extract_article(
    article_id: int, *, actors: list[ActorRecord] | None = None, force: bool = False
) -> ExtractionOutcome:
    """Extract an article's candidate statements and store them as pending.

    Idempotent: re-running replaces the article's pending candidates and never touches statements an
    editor approved, rejected or otherwise reviewed. Already extracted by this extractor version, the
    article is left alone unless `force`. The slow part (parsing) runs outside the transaction.
    """
    article = Article.objects.defer("raw_html").get(pk=article_id)  # the page is not read again
    skipped = _not_extracted(article, force)
    if skipped is not None:
        return skipped
    try:
        result = extract(
            article.text,
            published=_published(article),
            actors=actors if actors is not None else actor_index(),  # kept between jobs
            nlp=load_nlp(settings.TRACKER_SPACY_MODEL),
            max_chars=settings.TRACKER_EXTRACTION_MAX_CHARS,
            propositions=suggester.active_records(),
            headline=article.title,
        )
    except TextTooLong as exc:
        return _too_long(article_id, exc)
    return _store_extraction(article_id, result)


def extract_articles(
    *, article_ids: list[int], force: bool = False, processes: int | None = None
) -> Iterator[ExtractionOutcome]:
    """extract_article for many articles, parsed on every core (`processes`, default one per core).
    Outcomes: the articles left alone first, then the others in the order of `article_ids`, each
    stored as soon as it is extracted (an interrupted run keeps what it stored)."""
    actors = actor_records()
    todo: list[int] = []
    for article in Article.objects.filter(pk__in=article_ids).only("id", "status", "extractor_version"):
        skipped = _not_extracted(article, force)
        if skipped is not None:
            yield skipped
        else:
            todo.append(article.pk)
    outcomes = extract_parallel(
        _texts(todo),
        actors=actors,
        processes=processes,
        model_name=settings.TRACKER_SPACY_MODEL,
        max_chars=settings.TRACKER_EXTRACTION_MAX_CHARS,
        propositions=suggester.active_records(),
    )
    for article_id, outcome in zip(todo, outcomes, strict=True):
        if isinstance(outcome, TextTooLong):
            yield _too_long(article_id, outcome)
        else:
            yield _store_extraction(article_id, outcome)


def _texts(article_ids: list[int], chunk: int = 100) -> Iterator[tuple[str, date | None, str]]:
    """The articles' texts, dates and headlines, read a chunk at a time (the workers parse while we read)."""
    for i in range(0, len(article_ids), chunk):
        ids = article_ids[i : i + chunk]
        articles = Article.objects.only("id", "text", "published_at", "title").in_bulk(ids)
        for article_id in ids:
            article = articles[article_id]
            yield article.text, _published(article), article.title


def _published(article: Article) -> date | None:
    return article.published_at.date() if article.published_at else None


def _not_extracted(article: Article, force: bool) -> ExtractionOutcome | None:
    """Why an article is left alone (a duplicate, or already extracted by this version), else None."""
    if article.status == Article.Status.DUPLICATE:
        return ExtractionOutcome(
            article.pk, article.status, message="duplicate of another article; not extracted"
        )
    if (
        not force
        and article.status == Article.Status.EXTRACTED
        and article.extractor_version == EXTRACTOR_VERSION
    ):
        return ExtractionOutcome(article.pk, article.status, message="already extracted by this version")
    return None


def _too_long(article_id: int, exc: TextTooLong) -> ExtractionOutcome:
    Article.objects.filter(pk=article_id).update(
        status=Article.Status.FAILED,
        error=str(exc),
        extractor_version=EXTRACTOR_VERSION,
        updated_at=timezone.now(),
    )
    return ExtractionOutcome(article_id, Article.Status.FAILED, message=str(exc))


@transaction.atomic
def _store_extraction(article_id: int, result: ExtractionResult) -> ExtractionOutcome:
    article = Article.objects.select_for_update().defer("raw_html").get(pk=article_id)
    fields: tuple[str, ...] = EXTRACTION_FIELDS
    if result.text != article.text:
        # Offsets index into the cleaned text; keep the stored text consistent with them.
        article.text = result.text
        fields = (*EXTRACTION_FIELDS, "text")
    reviewed, stale = _earlier_statements(article)
    replaced = len(stale)
    if stale:  # a new article has none: no query to delete nothing
        Statement.objects.filter(pk__in=stale).delete()
    named = {slug for r in result.statements for slug in (r.speaker_slug, r.via_slug) if slug}
    actors_by_slug = {a.slug: a for a in Actor.objects.filter(slug__in=named)}  # those the records name
    by_slug = {p.slug: p for p in active_propositions()}
    kept = 0
    resolved: dict[tuple, Actor | None] = {}  # one lookup per mention, not one per statement

    def actor_for(**values) -> Actor | None:
        key = tuple(sorted(values.items()))
        if key not in resolved:
            resolved[key] = _actor_for_mention(**values, actors_by_slug=actors_by_slug)
        return resolved[key]

    stored: list[tuple[Statement, list]] = []
    for record in result.statements:
        if _overlaps((record.start, record.end), reviewed):
            kept += 1
            continue
        speaker = actor_for(
            slug=record.speaker_slug,
            mention=record.speaker_name or record.speaker_mention,
            kind=record.speaker_kind,
            create=True,
            named=record.speaker_named,
            role=record.speaker_role,
        )
        via = actor_for(slug=record.via_slug, mention=record.via_mention, kind="", create=False)
        statement = Statement(
            article=article,
            speaker=speaker,
            speaker_mention=record.speaker_mention[:300],
            text=record.text,
            kind=record.kind,
            cue=record.cue[:100],
            said_on=record.said_on,
            date_precision=record.date_precision if record.said_on else Statement.Precision.UNKNOWN,
            date_source=record.date_source[:100],
            via=via,
            via_mention=record.via_mention[:300],
            start=record.start,
            end=record.end,
            extractor_version=result.extractor_version or EXTRACTOR_VERSION,
            confidence=min(1.0, max(0.0, record.confidence)),
        )
        stored.append((statement, record.stances))
    statements = [statement for statement, _ in stored]
    clusters_for(statements)
    Statement.objects.bulk_create(statements)  # one insert for the article's candidates, ids returned
    Stance.objects.bulk_create(
        [
            Stance(
                statement=statement,
                speaker_id=statement.speaker_id,  # bulk_create skips Stance.save, which copies it
                proposition=by_slug[s.proposition_slug],
                origin=Stance.Origin.EXTRACTOR,
                **suggester.from_suggestion(s).stance_values(),
            )
            for statement, stances in stored
            for s in stances
            if s.proposition_slug in by_slug
        ]
    )
    created = len(statements)
    index_words(statements)
    if result.skipped_reason:
        article.status, article.error = Article.Status.SKIPPED, result.skipped_reason
    else:
        article.status, article.error = Article.Status.EXTRACTED, ""
    if article.published_at is None and result.published:
        article.published_at = datetime.combine(result.published, time(0, 0), tzinfo=UTC)
        article.published_source = {"dateline": "dateline", "text": "text"}.get(
            result.published_source, "text"
        )
    article.language = result.language or article.language
    article.extractor_version = result.extractor_version or EXTRACTOR_VERSION
    article.extracted_at = timezone.now()
    # Only what extraction decides: a full save would send the text and the raw HTML back (often
    # hundreds of kB) and make PostgreSQL write them, and their WAL, again.
    article.save(update_fields=fields)
    return ExtractionOutcome(
        article_id,
        article.status,
        created=created,
        replaced=replaced,
        kept=kept,
        message=result.skipped_reason,
    )


def articles_to_extract(*, force: bool = False) -> list[int]:
    """Articles that have not been extracted by the current extractor version (all of them with `force`)."""
    articles = Article.objects.exclude(status=Article.Status.DUPLICATE)
    if not force:
        articles = articles.exclude(status=Article.Status.EXTRACTED, extractor_version=EXTRACTOR_VERSION)
    return list(articles.order_by("id").values_list("id", flat=True))
