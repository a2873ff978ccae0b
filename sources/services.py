"""Operations that change outlets and articles. One function per use case, transactional."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils.text import slugify

from tracker.upsert import Upserted, apply_changes

from .models import Article, Outlet
from .text import content_hash


@transaction.atomic
def upsert_outlet(*, name: str, domain: str = "", country: str = "", kind: str = Outlet.Kind.OTHER) -> Upserted:
    values = {"domain": domain.lower().removeprefix("www."), "country": country.upper(), "kind": kind}
    outlet = Outlet.objects.filter(name=name).first()
    if outlet is None:
        outlet = Outlet(name=name, slug=slugify(name), **values)
        outlet.full_clean()
        outlet.save()
        return Upserted(outlet, created=True)
    changed = apply_changes(outlet, values)
    if changed:
        outlet.full_clean()
        outlet.save(update_fields=list(changed))
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
        return Upserted(article, created=True)
    values["text"] = text
    changed = apply_changes(article, values)
    if changed:
        article.save(update_fields=[*changed, "updated_at"])
    return Upserted(article, created=False, changed=changed)
