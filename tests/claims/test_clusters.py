"""Reports of the same statement join one cluster, found through the word index, not by reading every
earlier statement of the speaker."""

from __future__ import annotations

import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims import services as review
from claims.clusters import CLUSTER_OVERLAP, cluster_words, words_overlap
from claims.extraction.types import ExtractionResult, StatementRecord
from claims.models import Statement
from claims.services.clusters import cluster_for, index_words
from claims.services.extraction import _store_extraction
from tests.factories import ActorFactory, ArticleFactory, StatementFactory

pytestmark = pytest.mark.django_db

QUOTE = "Farm subsidies will be cut by a third over the next five years to fund rural broadband"


def said(speaker, text: str, **values) -> Statement:
    """A stored statement with its index rows, as extraction leaves it."""
    statement = StatementFactory(speaker=speaker, text=text, **values)
    index_words([statement])
    return statement


def report(speaker, text: str) -> Statement:
    """A new, unsaved report in another article."""
    return Statement(
        article=ArticleFactory(), speaker=speaker, text=text, kind="direct", start=0, end=len(text)
    )


def test_extraction_puts_a_second_outlets_report_in_the_first_ones_cluster():
    minister = ActorFactory(name="Rosa Lind")
    first, second = ArticleFactory(text=QUOTE), ArticleFactory(text=QUOTE + ".")
    for article in (first, second):
        record = StatementRecord(
            text=QUOTE,
            kind="direct",
            cue="said",
            speaker_mention="Rosa Lind",
            speaker_slug=minister.slug,
            speaker_name=minister.name,
            speaker_kind="person",
            start=0,
            end=len(QUOTE),
            confidence=0.9,
        )
        _store_extraction(article.pk, ExtractionResult(text=QUOTE, statements=[record]))
    a, b = Statement.objects.filter(article__in=[first, second]).order_by("article_id")
    assert a.cluster_id is not None
    assert b.cluster_id == a.cluster_id


def test_a_short_report_of_a_longer_quote_joins_its_cluster():
    minister = ActorFactory()
    earlier = said(minister, QUOTE)
    assert (
        cluster_for(report(minister, "subsidies will be cut by a third"))
        == Statement.objects.get(pk=earlier.pk).cluster
    )


def test_a_longer_report_of_a_short_quote_joins_its_cluster():
    minister = ActorFactory()
    earlier = said(minister, "subsidies will be cut by a third")
    assert cluster_for(report(minister, QUOTE)) == Statement.objects.get(pk=earlier.pk).cluster


def test_another_speakers_same_words_are_another_statement():
    said(ActorFactory(), QUOTE)
    assert cluster_for(report(ActorFactory(), QUOTE)) is None


def test_a_rejected_report_is_not_joined():
    minister = ActorFactory()
    said(minister, QUOTE, status="rejected")
    assert cluster_for(report(minister, QUOTE)) is None


def test_the_index_follows_a_statement_moved_to_another_speaker(editor):
    old, new = ActorFactory(), ActorFactory()
    earlier = said(old, QUOTE)
    review.edit_statement(
        statement_id=earlier.pk, user=editor, version=earlier.version, changes={"speaker": new}
    )
    assert cluster_for(report(old, QUOTE)) is None
    assert cluster_for(report(new, QUOTE)) is not None


def test_clustering_costs_the_same_queries_and_comparisons_with_twenty_times_the_statements(monkeypatch):
    from claims.services import clusters

    minister, compared = ActorFactory(), []
    monkeypatch.setattr(clusters, "words_overlap", lambda a, b: compared.append(b) or words_overlap(a, b))

    def cost() -> tuple[int, int]:
        compared.clear()
        with CaptureQueriesContext(connection) as captured:
            cluster_for(report(minister, "the harbour levy stays where it is for now"))
        return len(captured), len(compared)

    said(minister, "the harbour levy stays where it was")
    for i in range(3):
        said(minister, f"statement {i} about the budget and the schools")
    cost()  # the first match makes its cluster; later ones join it
    few = cost()
    for i in range(3, 60):
        said(minister, f"statement {i} about the budget and the schools")
    assert cost() == few


def test_the_index_finds_what_comparing_with_every_statement_finds():
    """Random statements over a small vocabulary: the first earlier report that overlaps enough, found
    through the index, is the one a scan of every earlier statement finds."""
    rng = random.Random(5)
    vocabulary = [f"w{i}" for i in range(14)] + ["the", "and", "of", "to"]
    minister = ActorFactory()
    earlier = [said(minister, " ".join(rng.sample(vocabulary, rng.randint(2, 12)))) for _ in range(40)]
    scan_hits = found = 0
    for _ in range(60):
        text = " ".join(rng.sample(vocabulary, rng.randint(4, 12)))
        words = cluster_words(text)
        scan = next(
            (s for s in earlier if words_overlap(words, cluster_words(s.text)) >= CLUSTER_OVERLAP), None
        )
        cluster = cluster_for(report(minister, text))
        scan_hits += scan is not None
        if scan is not None:
            found += cluster == Statement.objects.get(pk=scan.pk).cluster
        else:
            assert cluster is None
    assert scan_hits > 10
    assert found == scan_hits


def test_an_articles_index_rows_are_written_in_one_query_and_hold_every_words_key():
    from claims.clusters import cluster_keys
    from claims.models import StatementWord

    speaker, nobody = ActorFactory(name="Rosa Lind"), None
    statements = [
        StatementFactory(speaker=speaker, text=QUOTE),
        StatementFactory(speaker=speaker, text="Broadband reaches every village by spring"),
        StatementFactory(speaker=nobody, text="An unnamed official disagreed with the plan"),
    ]
    with CaptureQueriesContext(connection) as queries:
        index_words(statements)
    assert len(queries) == 1
    stored = set(StatementWord.objects.values_list("statement_id", "speaker_id", "key", "leading"))
    expected = {
        (s.pk, speaker.pk, key, lead)
        for s in statements[:2]
        for key, lead in cluster_keys(cluster_words(s.text)).items()
    }
    assert stored == expected  # the speakerless statement has no rows


def test_earlier_reports_put_in_their_new_clusters_take_one_update_for_all_of_them():
    from claims.models import StatementCluster
    from claims.services.clusters import clusters_for

    speaker = ActorFactory(name="Rosa Lind")
    other_quote = "Every village will have fibre broadband before the next general election"
    earlier = [said(speaker, QUOTE), said(speaker, other_quote)]
    article = ArticleFactory()
    new = [
        Statement(article=article, speaker=speaker, text=text, kind="direct", start=0, end=len(text))
        for text in (QUOTE, other_quote)
    ]
    with CaptureQueriesContext(connection) as queries:
        clusters_for(new)
    updates = [q["sql"] for q in queries if q["sql"].startswith("UPDATE")]
    assert len(updates) == 1
    for statement in earlier:
        statement.refresh_from_db()
    assert earlier[0].cluster_id != earlier[1].cluster_id
    assert [s.cluster_id for s in earlier] == [s.cluster.pk for s in new]
    assert StatementCluster.objects.count() == 2
