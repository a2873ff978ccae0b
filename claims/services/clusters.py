"""Clusters: the same statement reported by several outlets, found through the StatementWord index.

`cluster_for` looks up only the earlier statements of the speaker that share a blocking key with the new
one (claims.clusters: one of its leading words, or one of theirs), in one query whatever the size of the
record; `index_words` writes a statement's keys when it is stored, `reindex` when its text or speaker
changed (review edits and undos, merges), so the index always answers for the current record.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

from django.db import connection
from django.db.models import Q

from ..clusters import CLUSTER_OVERLAP, cluster_keys, cluster_words, fingerprint, words_overlap
from ..models import Statement, StatementCluster, StatementWord

MIN_CLUSTER_WORDS = 4  # shorter statements ("We agree.") are too common to say two reports are one


def cluster_for(statement: Statement) -> StatementCluster | None:
    """The cluster of the same speaker's statement with nearly the same words in another article (the
    first such statement in the record's order), created if it had none; None when there is none."""
    clusters_for([statement])
    return statement.cluster


def clusters_for(statements: list[Statement]) -> None:
    """Set the cluster of each of one article's new statements (as `cluster_for`), reading the index
    and the candidates in two queries for all of them."""
    wanted: dict[int, tuple[frozenset[str], dict[int, bool]]] = {}
    for i, statement in enumerate(statements):
        statement.cluster = None
        words = cluster_words(statement.text)
        if statement.speaker_id is not None and len(words) >= MIN_CLUSTER_WORDS:
            wanted[i] = (words, _keys_of(statement.text))
    if not wanted:
        return
    leading = {key for _, keys in wanted.values() for key, lead in keys.items() if lead}
    every = {key for _, keys in wanted.values() for key in keys}
    rows = StatementWord.objects.filter(
        Q(key__in=sorted(leading)) | Q(key__in=sorted(every), leading=True),
        speaker_id__in={statements[i].speaker_id for i in wanted},
    ).values_list("statement_id", "speaker_id", "key", "leading")
    sharing: dict[int, set[int]] = defaultdict(set)  # new statement -> earlier statements sharing a key
    by_key: dict[tuple[int | None, int], list[tuple[int, bool]]] = defaultdict(list)
    for statement_id, speaker_id, key, lead in rows:
        by_key[(speaker_id, key)].append((statement_id, lead))
    for i, (_, keys) in wanted.items():
        for key, lead in keys.items():
            for earlier, earlier_leads in by_key.get((statements[i].speaker_id, key), []):
                if lead or earlier_leads:
                    sharing[i].add(earlier)
    candidates = list(
        Statement.objects.filter(pk__in={pk for found in sharing.values() for pk in found})
        .exclude(status=Statement.Status.REJECTED)
        .only("id", "text", "cluster_id", "speaker_id", "article_id")
    )
    made: dict[int, StatementCluster] = {}  # earlier statement id -> the cluster made for it now
    for i, found in sharing.items():
        statement, (words, _) = statements[i], wanted[i]
        for other in candidates:
            if (
                other.pk in found
                and other.speaker_id == statement.speaker_id
                and other.article_id != statement.article_id
                and words_overlap(words, cluster_words(other.text)) >= CLUSTER_OVERLAP
            ):
                if other.cluster_id is not None:
                    statement.cluster_id = other.cluster_id  # by id: no query for the cluster's row
                else:
                    if other.pk not in made:
                        made[other.pk] = StatementCluster(
                            speaker_id=statement.speaker_id,
                            text=other.text,
                            fingerprint=fingerprint(other.text),
                        )
                    statement.cluster = made[other.pk]
                break
    _store_clusters(made, candidates)


def _store_clusters(made: dict[int, StatementCluster], candidates: list[Statement]) -> None:
    """The clusters made for earlier statements, in one insert, and those statements put in them in one
    update (the new statements take theirs when they are inserted)."""
    if not made:
        return
    StatementCluster.objects.bulk_create(list(made.values()))
    earlier = [other for other in candidates if other.pk in made]
    for other in earlier:
        other.cluster = made[other.pk]
    if connection.vendor != "postgresql":
        Statement.objects.bulk_update(earlier, ["cluster"])
        return
    with connection.cursor() as cursor:  # bulk_update's CASE WHEN costs Django more than the rows do
        cursor.execute(
            f'UPDATE "{Statement._meta.db_table}" SET "cluster_id" = new.cluster_id '
            "FROM unnest(%s::bigint[], %s::bigint[]) AS new(id, cluster_id) "
            f'WHERE "{Statement._meta.db_table}"."id" = new.id',
            [[other.pk for other in earlier], [other.cluster_id for other in earlier]],
        )


@lru_cache(maxsize=1024)
def _keys_of(text: str) -> dict[int, bool]:
    """A statement text's index keys: clustering reads them and the index stores them just after, so an
    article's statements are hashed once (callers must not change the dict)."""
    return cluster_keys(cluster_words(text))


def word_rows(statement: Statement) -> list[StatementWord]:
    """The index rows of one statement (none without a speaker)."""
    if statement.speaker_id is None:
        return []
    return [
        StatementWord(statement_id=statement.pk, speaker_id=statement.speaker_id, key=key, leading=lead)
        for key, lead in _keys_of(statement.text).items()
    ]


def index_words(statements: Iterable[Statement]) -> None:
    """Write the index rows of newly stored statements, in one insert. On PostgreSQL the rows go as four
    arrays (unnest): an article's ~25 rows per statement cost Django ~30 us each as model instances."""
    statements = [s for s in statements if s.speaker_id is not None]
    if connection.vendor != "postgresql":
        StatementWord.objects.bulk_create([row for s in statements for row in word_rows(s)], batch_size=5000)
        return
    rows = [(s.pk, s.speaker_id, key, lead) for s in statements for key, lead in _keys_of(s.text).items()]
    if not rows:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO "{StatementWord._meta.db_table}" ("statement_id", "speaker_id", "key", "leading") '
            "SELECT * FROM unnest(%s::bigint[], %s::bigint[], %s::bigint[], %s::boolean[])",
            [list(column) for column in zip(*rows, strict=True)],
        )


def reindex(statement_ids: Iterable[int]) -> None:
    """Rewrite the rows of statements whose text or speaker changed."""
    ids = list(statement_ids)
    StatementWord.objects.filter(statement_id__in=ids).delete()
    index_words(Statement.objects.filter(pk__in=ids).only("id", "text", "speaker_id"))


def speaker_merged(*, source_id: int, target_id: int) -> None:
    """A merged actor's statements are the target's now: so are their index rows."""
    StatementWord.objects.filter(speaker_id=source_id).update(speaker_id=target_id)
