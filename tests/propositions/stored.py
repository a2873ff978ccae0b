"""Stored statements to re-suggest stances on: many articles, written straight to the database."""

from __future__ import annotations

from claims.models import Proposition, Statement
from sources.models import Article, Outlet
from sources.text import content_hash

SUPPORT = ("Mayor Ana Ruiz said", "she supports scrapping the bridge toll")
OPPOSE = ("Councillor Tom Berg said", "he opposes the plan to scrap the bridge toll")
UNRELATED = ("The union said", "the match on Sunday was exciting")


def toll_proposition(**extra) -> Proposition:
    from claims.services import create_proposition

    return create_proposition(
        title="The city should scrap the harbour bridge toll",
        kind="proposal",
        keywords=["bridge toll"],
        **extra,
    ).proposition


def store_articles(n_articles: int, per_article: int, *, on_topic: int) -> list[Statement]:
    """`on_topic` articles of statements alternately for and against scrapping the toll, then articles
    of statements about something else; every statement pending. Returns them in article order."""
    outlet = Outlet.objects.create(name="Harbour Post", slug="harbour-post")
    articles, layouts = [], []
    for a in range(n_articles):
        kinds = (
            [SUPPORT if i % 2 == 0 else OPPOSE for i in range(per_article)]
            if a < on_topic
            else [UNRELATED] * per_article
        )
        paragraphs = [f"{lead} {words}." for lead, words in kinds]
        text = f"Story {a}\n\n" + "\n\n".join(paragraphs)
        articles.append(
            Article(outlet=outlet, title=f"Story {a}", text=text, content_hash=content_hash(text))
        )
        layouts.append((text, kinds))
    articles = Article.objects.bulk_create(articles)
    statements = []
    for article, (text, kinds) in zip(articles, layouts, strict=True):
        cursor = 0
        for lead, words in kinds:
            start = text.index(words, cursor)
            cursor = start + len(words)
            statements.append(
                Statement(
                    article=article,
                    text=words,
                    speaker_mention=lead.removesuffix(" said"),
                    kind=Statement.Kind.INDIRECT,
                    cue="said",
                    start=start,
                    end=start + len(words),
                )
            )
    return Statement.objects.bulk_create(statements, batch_size=2000)
