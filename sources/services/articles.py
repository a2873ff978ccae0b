"""Operations that change outlets and articles. One function per use case, transactional."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from django.db import IntegrityError, connection, transaction
from django.db.models import BooleanField, ExpressionWrapper, Q

from claims.extraction import clean_text
from common.slugs import slug_for, unique_slug
from common.upsert import Upserted, save_changes

from .. import neardup
from ..models import Article, NearDuplicateKey, Outlet
from ..text import content_hash

# Any constant: serialises the short "look for a duplicate, then insert" step across workers on PostgreSQL.
_STORE_LOCK_ID = 0x7472_6163_6B31


def _outlet_values(values: dict[str, Any]) -> dict[str, Any]:
    """Domains are kept lower-case without "www.", countries as upper-case ISO codes."""
    values = dict(values)
    if "domain" in values:
        values["domain"] = values["domain"].lower().removeprefix("www.")
    if "country" in values:
        values["country"] = values["country"].upper()
    return values


@transaction.atomic
def create_outlet(*, name: str, domain: str = "", country: str = "", kind: str = Outlet.Kind.OTHER) -> Outlet:
    """A new outlet, its slug made from the name (numbered when taken)."""
    values = _outlet_values({"domain": domain, "country": country, "kind": kind})
    outlet = Outlet(name=name, slug=unique_slug(Outlet, name), **values)
    outlet.full_clean()
    outlet.save()
    return outlet


@transaction.atomic
def update_outlet(*, outlet: Outlet, data: dict[str, Any]) -> Outlet:
    """Change the given fields of an outlet; a clash with another outlet is a ValidationError."""
    _save_outlet_changes(outlet, data)
    return outlet


def _save_outlet_changes(outlet: Outlet, values: dict[str, Any]) -> tuple[str, ...]:
    return save_changes(outlet, _outlet_values(values), validate=True, validate_unique=True)


@transaction.atomic
def set_outlet_active(*, outlet_id: int, active: bool) -> Outlet:
    """Deactivate an outlet (its articles stay; its feeds are paused) or bring it back (feeds stay paused)."""
    outlet = Outlet.objects.select_for_update().get(pk=outlet_id)
    if outlet.is_active != active:
        outlet.is_active = active
        outlet.save(update_fields=["is_active"])
    if not active:
        outlet.feeds.filter(is_active=True).update(is_active=False)
    return outlet


@transaction.atomic
def delete_outlet(*, outlet: Outlet) -> None:
    """Remove an outlet; its articles and feeds stay, without an outlet."""
    outlet.delete()


@transaction.atomic
def upsert_outlet(
    *, name: str, domain: str = "", country: str = "", kind: str = Outlet.Kind.OTHER
) -> Upserted:
    outlet = Outlet.objects.filter(name=name).first()
    if outlet is None:
        return Upserted(create_outlet(name=name, domain=domain, country=country, kind=kind), created=True)
    changed = _save_outlet_changes(outlet, {"domain": domain, "country": country, "kind": kind})
    return Upserted(outlet, created=False, changed=changed)


@transaction.atomic
def upsert_article_text(
    *,
    text: str,
    outlet: Outlet | None,
    title: str = "",
    published_at: datetime | None = None,
    published_source: str = Article.DateSource.UNKNOWN,
    filename: str = "",
    url: str = "",
    language: str = "en",
) -> Upserted:
    """Store an article given as text; the same text (by content hash) updates the existing row.

    The text must already be cleaned: statement offsets will index into it.
    """
    if not text.strip():
        raise ValueError("The article text is empty.")
    digest = content_hash(text)
    values = {
        "outlet": outlet,
        "title": title,
        "published_at": published_at,
        "published_source": published_source,
        "filename": filename,
        "language": language,
    }
    if url:
        values["url"] = url
    article = Article.objects.filter(content_hash=digest).first()
    if article is None:
        article = Article(text=text, content_hash=digest, **values)
        article.save()
        index_near_duplicates(article)
        return Upserted(article, created=True)
    values["text"] = text
    changed = save_changes(article, values, also_update=["updated_at"])
    return Upserted(article, created=False, changed=changed)


def _domain_of(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def _named(name: str) -> Q:
    """Outlets called `name` (any case), or whose slug it makes."""
    return Q(name__iexact=name) | Q(slug=slug_for(name))


def find_or_create_outlet(*, name: str = "", url: str = "", site_name: str = "") -> Outlet | None:
    """The outlet named by the user, else the one whose domain serves `url`, else a new one for that site.
    Finding one is a read, with no transaction around it (most pages come from a known outlet); making
    one is a transaction."""
    name = name.strip()
    if name:
        outlet = Outlet.objects.filter(_named(name)).first()
        if outlet is not None:
            return outlet
        with transaction.atomic():
            return upsert_outlet(name=name[:200]).obj
    domain = _domain_of(url)
    if not domain:
        return None
    outlet = Outlet.objects.filter(Q(domain=domain) | Q(domain__endswith="." + domain)).first()
    if outlet is None and "." in domain:
        parent = domain.split(".", 1)[1]
        outlet = Outlet.objects.filter(domain=parent).first() if "." in parent else None
    if outlet is not None:
        return outlet
    with transaction.atomic():
        label = (site_name.strip() or domain)[:200]
        if Outlet.objects.filter(_named(label)).exists():
            label = domain  # another outlet already carries that site name
        return upsert_outlet(name=label, domain=domain).obj


@dataclass(frozen=True)
class StoredArticle:
    article: Article
    created: bool
    note: str = ""  # why no new article was made, e.g. "near-duplicate of article 12"

    @property
    def is_duplicate(self) -> bool:
        return self.article.status == Article.Status.DUPLICATE


def _existing(urls: list[str], digest: str) -> tuple[Article | None, str]:
    """The article at one of these addresses (the first stored), else the one with this text, in one
    query."""
    urls = [u for u in urls if u]
    if not urls:
        found = Article.objects.filter(content_hash=digest).first()
        return (found, f"same text as article {found.pk}") if found is not None else (None, "")
    same_address = Q(url__in=urls) | Q(canonical_url__in=urls)
    found = (
        Article.objects.filter(same_address | Q(content_hash=digest))
        .annotate(by_address=ExpressionWrapper(same_address, output_field=BooleanField()))
        .order_by("-by_address", "id")
        .first()
    )
    if found is None:
        return None, ""
    if found.by_address:
        return found, f"already ingested as article {found.pk} (same address)"
    return found, f"same text as article {found.pk}"


@lru_cache(maxsize=128)
def _shingles_of(text: str) -> frozenset[int]:
    """neardup.shingles, kept for the texts seen last: the same earlier articles are the candidates of
    article after article (a wire story's copies), and hashing one's shingles again cost ~1.5 ms."""
    return neardup.shingles(text)


def _near_duplicate_of(shingles: frozenset[int], keys: list[int]) -> tuple[Article | None, float]:
    if not keys:
        return None, 0.0
    candidate_ids = (
        NearDuplicateKey.objects.filter(key__in=keys).values_list("article_id", flat=True).distinct()[:50]
    )
    best, best_score = None, 0.0
    for candidate in Article.objects.filter(pk__in=list(candidate_ids)).only("id", "text").order_by("id"):
        score = neardup.similarity(shingles, _shingles_of(candidate.text))
        if score.same_story and score.jaccard > best_score:
            best, best_score = candidate, score.jaccard
    return best, best_score


def index_near_duplicates(article: Article, keys: list[int] | None = None) -> None:
    """Make an original article findable by later near-duplicates."""
    if keys is None:
        keys = neardup.band_keys(neardup.shingles(article.text))
    NearDuplicateKey.objects.bulk_create(
        [NearDuplicateKey(article=article, key=key) for key in dict.fromkeys(keys)], ignore_conflicts=True
    )


def _lock_for_store() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_STORE_LOCK_ID])


def store_article(
    *,
    text: str,
    outlet: Outlet | None,
    url: str = "",
    canonical_url: str = "",
    title: str = "",
    byline: str = "",
    published_at: datetime | None = None,
    published_source: str = Article.DateSource.UNKNOWN,
    language: str = "",
    raw_html: str = "",
    filename: str = "",
) -> StoredArticle:
    """Store a new article, or find the one it duplicates; a statement is never stored twice.

    The same address (URL or canonical URL) or the same normalised text returns the existing article.
    The same story with small edits, or at another address, is stored with status "duplicate" pointing
    at the first article, and is not extracted.
    """
    text = clean_text(text)
    if not text.strip():
        raise ValueError("no article text left after cleaning")
    digest = content_hash(text)
    shingles = _shingles_of(text)
    keys = neardup.band_keys(shingles)
    values = {
        "outlet": outlet,
        "url": url[:2000],
        "canonical_url": canonical_url[:2000] if canonical_url != url else "",
        "title": title[:500],
        "byline": byline[:300],
        "published_at": published_at,
        "published_source": published_source,
        "language": language[:16] or "en",
        "raw_html": raw_html,
        "filename": filename[:255],
        "text": text,
        "content_hash": digest,
    }
    for _attempt in range(2):
        try:
            with transaction.atomic():
                _lock_for_store()
                found, note = _existing([url, canonical_url], digest)
                if found is not None:
                    return StoredArticle(found, created=False, note=note)
                original, score = _near_duplicate_of(shingles, keys)
                if original is not None:
                    article = Article.objects.create(
                        **values,
                        status=Article.Status.DUPLICATE,
                        duplicate_of=original,
                        error=f"near-duplicate of article {original.pk} ({score:.0%} of word sequences shared)",
                    )
                    return StoredArticle(
                        article, created=True, note=f"near-duplicate of article {original.pk}"
                    )
                article = Article.objects.create(**values)
                index_near_duplicates(article, keys)
                return StoredArticle(article, created=True)
        except IntegrityError:
            continue  # another worker stored the same article a moment ago: look again
    raise RuntimeError("could not store the article: it kept conflicting with a concurrent insert")
