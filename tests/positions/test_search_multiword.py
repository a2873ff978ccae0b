"""A search for several words on PostgreSQL: its statements are the newest CANDIDATES that hold every
word, most relevant first, however the windows of ids that find them fall, and a page of them costs the
same queries however many statements match."""

from __future__ import annotations

import pytest
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import search
from claims.models import Statement
from tests.factories import StatementFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="ranking is PostgreSQL's"),
]


def statements(n: int, both, *, first: int = 0) -> list[Statement]:
    """`n` approved statements, oldest first; those whose number `both(i)` holds name the levy and the
    harbour, every other one the levy alone."""
    return [
        StatementFactory(
            status="approved",
            text=f"remark {i}: the levy"
            + (" on the harbour" + " harbour" * (i % 3) if both(i) else " on tolls"),
        )
        for i in range(first, first + n)
    ]


def unbounded(q: str, candidates: int) -> list[int]:
    """Every approved statement matching `q`, the newest `candidates` ranked as the page ranks them."""
    query = SearchQuery(q, search_type="websearch", config="english")
    document = search._stored_document()
    rows = list(
        Statement.objects.filter(status="approved")
        .annotate(document=document)
        .filter(document=query)
        .annotate(rank=SearchRank(document, query))
        .order_by("-pk")
        .values_list("pk", "rank")[:candidates]
    )
    return [pk for pk, _ in sorted(rows, key=lambda row: (row[1], row[0]), reverse=True)]


def page(q: str) -> tuple[list[int], str]:
    found = search.search_statements(search.StatementFilters(q=q), editor=False, page="1")
    return [s.pk for s in found.page.object_list], found.count


@pytest.fixture
def windows_of_two(monkeypatch):
    """Ranked through the index (never walked), 3 candidates on pages of 3, windows of 2 ids first."""
    monkeypatch.setattr(search, "CANDIDATES", 3)
    monkeypatch.setattr(search, "PAGE_SIZE", 3)
    monkeypatch.setattr(search, "FIRST_WINDOW", 2)
    monkeypatch.setattr(search, "GIN_ENTRY_COST", 0)
    monkeypatch.setattr(search, "estimated_rows", lambda queryset: 10**9)


def test_more_matches_than_the_candidates_spread_over_many_windows(windows_of_two):
    statements(60, lambda i: i % 9 == 0)  # 7 hold both words, one id in nine
    ids, count = page("levy harbour")
    assert ids == unbounded("levy harbour", 3) and len(ids) == 3
    assert count == "more than 3 (the newest 3 are ranked)"


def test_fewer_matches_than_a_page_all_in_the_oldest_windows(windows_of_two):
    made = statements(80, lambda i: i in (2, 3))
    ids, count = page("levy harbour")
    assert sorted(ids) == [made[2].pk, made[3].pk] and ids == unbounded("levy harbour", 3)
    assert count == "2"


def test_a_page_of_two_words_costs_the_same_queries_with_ten_times_the_matches(client, analyst, monkeypatch):
    monkeypatch.setattr(search, "GIN_ENTRY_COST", 0)  # ranked through the index at both sizes, never walked
    client.force_login(analyst)

    def queries() -> int:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE claims_statement")
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/search/?q=levy+harbour").status_code == 200
        return len(captured)

    statements(20, lambda i: i % 2 == 0)
    few = queries()
    statements(200, lambda i: i % 2 == 0, first=20)
    assert queries() == few
