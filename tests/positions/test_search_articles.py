"""The search page's articles: the newest 20 matching, newest first. On PostgreSQL they are read in
windows of ids, newest first; whatever the windows, and whether a window is read through the GIN index
or by its ids, the articles are those one query of every match gives, and a page of them costs the
same queries however many articles match."""

from __future__ import annotations

import pytest
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import search
from sources.models import Article
from tests.factories import ArticleFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the windows are PostgreSQL's"),
]


def articles(n: int, matching, *, first: int = 0) -> list[Article]:
    """`n` articles, oldest first, numbered from `first`; those whose number `matching(i)` holds mention
    the levy."""
    return [
        ArticleFactory(text=f"Story {i}: " + ("the levy on freight" if matching(i) else "talks resume"))
        for i in range(first, first + n)
    ]


def every_match_newest_first(q: str, limit: int = 20) -> list[int]:
    """The unbounded query: every article matching `q`, the newest `limit` of them."""
    matches = Article.objects.alias(document=search.article_document()).filter(
        document=SearchQuery(q, search_type="websearch", config="english")
    )
    return list(matches.order_by("-pk").values_list("pk", flat=True)[:limit])


def found(q: str) -> list[int]:
    return [article.pk for article, _ in search.search_articles(q)]


@pytest.fixture(params=["bitmaps", "walks"])
def tiny_windows(request, monkeypatch):
    """Windows of 2 ids first (then 16, 128, ...): the matches lie in many of them; each window read
    through the GIN index, or each read by its ids."""
    monkeypatch.setattr(search, "ARTICLE_FIRST_WINDOW", 2)
    monkeypatch.setattr(search, "estimated_rows", lambda queryset: 10**9)
    monkeypatch.setattr(search, "ARTICLE_ROW_COST", 10**12 if request.param == "bitmaps" else 10**-12)


def test_more_matches_than_a_page_spread_over_many_windows(tiny_windows):
    made = articles(90, lambda i: i % 3 == 0)  # 30 matches, one id in three
    assert len(found("levy")) == 20
    assert found("levy") == every_match_newest_first("levy")
    assert found("levy")[0] == made[87].pk and made[0].pk not in found("levy")


def test_fewer_matches_than_a_page_are_all_found_in_the_oldest_windows(tiny_windows):
    made = articles(150, lambda i: i in (1, 4, 40, 41))  # all far from the newest ids
    assert found("levy") == [made[41].pk, made[40].pk, made[4].pk, made[1].pk]
    assert found("levy") == every_match_newest_first("levy")
    assert found("zzzqqx") == []


def test_a_multiword_query_finds_what_the_unbounded_query_finds(tiny_windows):
    made = articles(60, lambda i: True)
    for article in made[::7]:
        article.text += " and the harbour"
        article.save()
    assert found("harbour levy") == every_match_newest_first("harbour levy")
    assert len(found("harbour levy")) == len(made[::7])


def test_windows_sized_from_the_statistics_read_the_same_articles():
    articles(120, lambda i: i % 4 != 1)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE sources_article")
    assert found("levy") == every_match_newest_first("levy")


def test_a_page_of_articles_costs_the_same_queries_with_ten_times_the_matches():
    def queries() -> int:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE sources_article")
        with CaptureQueriesContext(connection) as captured:
            assert len(found("levy")) == 20
        return len(captured)

    articles(40, lambda i: i % 2 == 0)
    few = queries()
    articles(400, lambda i: i % 2 == 0, first=40)
    assert queries() == few
