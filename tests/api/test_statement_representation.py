"""The statement list's JSON is written directly (the API's busiest answer); it must stay exactly what
the serializer's declared fields (the schema) give."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest

from claims.api import StatementViewSet
from claims.models import Statement
from claims.selectors import (
    STATEMENT_FIELDS,
    STATEMENT_ROW_VALUES,
    statement_list_rows,
    with_review_context,
)
from claims.serializers import StatementSerializer, _row_representation
from tests.apiclient import api
from tests.factories import (
    ActorFactory,
    ArticleFactory,
    OutletFactory,
    PropositionFactory,
    StanceFactory,
    StatementFactory,
)

pytestmark = pytest.mark.django_db


def test_the_direct_representation_is_the_declared_one(editor):
    bare = ArticleFactory(title="", outlet=None, published_at=None, text="Untitled words. More text.")
    StatementFactory(article=bare, speaker=None, speaker_mention="a source", said_on=None)
    relayed = StatementFactory(
        via=ActorFactory(name="Wire Agency", kind="organization", is_confirmed=True),
        said_on=date(2026, 3, 1),
        date_precision="day",
        status="approved",
        reviewed_by=editor,
        reviewed_at=datetime(2026, 3, 2, 9, 30, tzinfo=UTC),
        confidence=0.25,
    )
    StanceFactory(
        statement=relayed,
        proposition=PropositionFactory(kind="proposal"),
        polarity="opposes",
        confidence=0.5,
        evidence=[{"start": 3, "end": 9, "text": "reject", "role": "polarity", "extra": "not shown"}],
        reason="rejects it",
    )
    StanceFactory(statement=relayed, is_confirmed=True)
    statements = list(with_review_context(Statement.objects.order_by("-id")))
    serializer = StatementViewSet.serializer_class()
    for statement in statements:
        assert serializer.to_representation(statement) == serializer.generic_representation(statement)
    listed = api(editor).get("/api/v1/statements/").json()["results"]
    assert listed == [serializer.generic_representation(s) for s in statements]


def test_a_list_page_reads_no_article_text_but_still_titles_untitled_articles(editor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sources.text import headline_from_text

    opening = "Harbour dues rise again. The board met on Monday to set them for the winter months ahead."
    texts = [f"\n\n{opening} {'More words. ' * 500}{i}" for i in range(3)]
    for text in texts:
        StatementFactory(article=ArticleFactory(title="", text=text))
    StatementFactory(article=ArticleFactory(title="Toll row", text="Body text " * 500))
    with CaptureQueriesContext(connection) as captured:
        listed = api(editor).get("/api/v1/statements/").json()["results"]
    assert [s["article"]["title"] for s in listed] == ["Toll row"] + [
        headline_from_text(t) for t in texts[::-1]
    ]
    assert listed[1]["article"]["title"].startswith("Harbour dues rise again. The board met")
    statement_query = next(
        q["sql"] for q in captured.captured_queries if 'FROM "claims_statement"' in q["sql"]
    )
    columns = re.sub(r'SUBSTR(?:ING)?\(\s*"sources_article"\."text"', "", statement_query.split(" FROM ")[0])
    assert '"sources_article"."text"' not in columns  # only the opening of untitled ones
    assert len(captured.captured_queries) <= 6  # auth (3), the page, its stances: no query per article


def test_a_list_page_reads_its_stances_in_one_query_however_many_statements(editor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def listed_queries() -> tuple[int, list]:
        with CaptureQueriesContext(connection) as captured:
            results = api(editor).get("/api/v1/statements/").json()["results"]
        return len(captured.captured_queries), results

    zebra, aardvark = (
        PropositionFactory(title="Zebras are striped"),
        PropositionFactory(title="Aardvarks dig"),
    )
    for _ in range(2):
        statement = StatementFactory()
        StanceFactory(statement=statement, proposition=zebra)
        StanceFactory(statement=statement, proposition=aardvark)
    few, results = listed_queries()
    assert [s["proposition"] for s in results[0]["stances"]] == [aardvark.slug, zebra.slug]  # by title
    for _ in range(20):
        StanceFactory(statement=StatementFactory(), proposition=zebra)
    many, results = listed_queries()
    assert many == few and len(results) == 22
    assert all(len(s["stances"]) == 1 for s in results[:20])


@pytest.mark.parametrize("zone", ["UTC", "Asia/Tokyo", "America/St_Johns"])
def test_datetimes_are_written_as_drf_writes_them_in_the_current_time_zone(zone):
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    from claims.serializers import _DATETIME, _datetime

    values = [
        datetime(2026, 3, 2, 9, 30, tzinfo=UTC),
        datetime(2026, 7, 1, 23, 59, 59, 123456, tzinfo=ZoneInfo("Europe/Berlin")),
    ]
    with timezone.override(zone):
        for value in values:
            assert _datetime(value) == _DATETIME.to_representation(value)
    assert _datetime(None) is None


def _varied_statements(editor, count: int) -> None:
    """`count` statements covering what the list's JSON can hold: relayed, undated, clustered, with no
    speaker, outlet or date, untitled articles, unicode and HTML in their words, stances and none."""
    from claims.models import StatementCluster

    cluster = StatementCluster.objects.create(text="Dues rise", fingerprint="f" * 64)
    proposition = PropositionFactory(title="Harbour dues ‘should’ rise")
    for i in range(count):
        statement = StatementFactory(
            article=ArticleFactory(
                title="" if i % 3 == 0 else f"Tolls <b>&amp;</b> “dues” {i}",
                text=f"Ünïcode opening {i}. <script>x</script> More.",
                outlet=None if i % 4 == 0 else None if i % 5 == 0 else OutletFactory(name=f"Ōutlet {i}"),
                published_at=None if i % 2 else datetime(2026, 1, 1 + i % 28, 8, tzinfo=UTC),
            ),
            speaker=None if i % 7 == 0 else ActorFactory(name=f"Zoë <i>{i}</i>"),
            speaker_mention="an aide" if i % 7 == 0 else "",
            via=ActorFactory(name=f"Wire {i}", kind="organization") if i % 3 == 1 else None,
            via_mention="agency" if i % 3 == 1 else "",
            kind="direct" if i % 3 == 2 else "indirect",
            text=f"We’ll <em>raise</em> dues — {i} \u00e9\u4e2d",
            said_on=None if i % 2 == 0 else date(2026, 2, 1 + i % 28),
            date_precision="unknown" if i % 2 == 0 else "day",
            status="approved" if i % 2 else "pending",
            reviewed_by=editor if i % 2 else None,
            reviewed_at=datetime(2026, 3, 2, 9, 30, i, tzinfo=UTC) if i % 2 else None,
            confidence=0.5 + i / 1000,
            cluster=cluster if i % 4 == 1 else None,
        )
        if i % 2:
            StanceFactory(
                statement=statement,
                proposition=proposition,
                evidence=[{"start": 0, "end": 2, "text": "We", "role": "topic"}],
                is_confirmed=bool(i % 4 == 1),
            )


def test_a_list_page_builds_no_model_instances_and_writes_the_serializers_json(editor):
    """A page of 50 reads plain values: no Statement, Article, Actor or Stance is built, it runs the
    queries a page of 5 runs, and its JSON is the serializer's on the same rows, across cursor pages."""
    from django.db import connection
    from django.db.models.signals import post_init
    from django.test.utils import CaptureQueriesContext

    from actors.models import Actor
    from claims.models import Stance
    from sources.models import Article

    _varied_statements(editor, 55)
    built: list[str] = []

    def count(sender, **kwargs):
        built.append(sender.__name__)

    client = api(editor)
    for model in (Statement, Article, Actor, Stance):
        post_init.connect(count, sender=model)
    try:
        with CaptureQueriesContext(connection) as five:
            small = client.get("/api/v1/statements/?page_size=5").json()
        with CaptureQueriesContext(connection) as fifty:
            first = client.get("/api/v1/statements/?page_size=50").json()
        second = client.get(first["next"]).json()
    finally:
        for model in (Statement, Article, Actor, Stance):
            post_init.disconnect(count, sender=model)
    assert built == []
    assert len(fifty.captured_queries) == len(five.captured_queries)
    assert len(small["results"]) == 5 and len(first["results"]) == 50 and len(second["results"]) == 5
    serializer = StatementViewSet.serializer_class()
    expected = [
        serializer.generic_representation(s) for s in with_review_context(Statement.objects.order_by("-id"))
    ]
    assert first["results"] + second["results"] == expected
    assert second["next"] is None and client.get(second["previous"]).json()["results"] == first["results"]
    assert {s["said_on"] is None for s in expected} == {True, False}  # the cases were there
    assert any(s["via"] for s in expected) and any(s["speaker"] is None for s in expected)
    assert any(s["article"]["outlet"] is None for s in expected) and any(s["stances"] for s in expected)


@pytest.mark.parametrize(
    "query",
    [
        "speaker={speaker}",
        "via={via}",
        "proposition={proposition}",
        "polarity=supports",
        "kind=direct",
        "outlet={outlet}",
        "article={article}",
        "status=approved",
        "said_after=2026-02-10&said_before=2026-02-20",
        "q=dues",
        "ordering=said_on",
        "ordering=-confidence",
        "ordering=created_at",
    ],
)
def test_every_filter_and_order_gives_the_serializers_json_page_by_page(editor, query):
    """The values page under each filter and order: the statements the ORM's own filtered queryset
    gives, in the same order, written as the serializer writes them, and its cursor reaches them all."""
    from django.http import QueryDict

    from claims.api import StatementFilter
    from claims.models import Stance

    _varied_statements(editor, 12)
    Stance.objects.update(polarity="supports")
    first = (
        Statement.objects.exclude(speaker=None)
        .exclude(via=None)
        .exclude(article__outlet=None)
        .order_by("id")
        .first()
    )
    proposition = Stance.objects.select_related("proposition").first().proposition
    url = "/api/v1/statements/?page_size=3&" + query.format(
        speaker=first.speaker.slug,
        via=first.via.slug,
        proposition=proposition.slug,
        outlet=first.article.outlet_id,
        article=first.article_id,
    )
    client, listed = api(editor), []
    while url:
        page = client.get(url)
        assert page.status_code == 200, page.content
        listed += page.json()["results"]
        url = page.json()["next"]
    assert listed, query
    serializer = StatementViewSet.serializer_class()
    by_id = {s.pk: serializer.generic_representation(s) for s in with_review_context(Statement.objects.all())}
    assert listed == [by_id[s["id"]] for s in listed]
    assert len({s["id"] for s in listed}) == len(listed)
    filters = QueryDict(
        query.format(
            speaker=first.speaker.slug,
            via=first.via.slug,
            proposition=proposition.slug,
            outlet=first.article.outlet_id,
            article=first.article_id,
        )
    )
    matched = StatementFilter(filters, queryset=Statement.objects.all()).qs
    assert {s["id"] for s in listed} == set(matched.values_list("id", flat=True))


def test_the_list_reads_the_values_it_writes_and_no_others(editor):
    """One list (selectors.STATEMENT_FIELDS) names the statement's JSON fields and the values each is
    written from: the serializer's fields are its names, and writing a page's row reads every value the
    list's query selects, and no other, into exactly those fields in that order."""
    _varied_statements(editor, 6)
    read: set[str] = set()

    class Reading(dict):
        def __getitem__(self, key):
            read.add(key)
            return super().__getitem__(key)

    rows = list(statement_list_rows(approved_only=False))
    assert {name for row in rows for name in row} == {*STATEMENT_ROW_VALUES, "article_lead"}
    written = [_row_representation(Reading(row), [], None) for row in rows]
    assert read == {*STATEMENT_ROW_VALUES, "article_lead"}
    assert StatementSerializer.Meta.fields == list(STATEMENT_FIELDS)
    assert {tuple(statement) for statement in written} == {tuple(StatementSerializer.Meta.fields)}
    assert len(rows) == 6 and len(statement_list_rows(approved_only=True)) == 3
