"""The extractor's actor index is kept between jobs: re-read only when an actor or alias changed, and then
the same index a rebuild from every actor gives (the jobs resolve the same speakers)."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from actors.models import Alias
from actors.selectors import actor_records
from actors.services import add_alias, upsert_actor
from claims.extraction import build_actor_index
from claims.services import actor_index as kept
from claims.services.actors import merge_actor
from tests.factories import ActorFactory

pytestmark = pytest.mark.django_db(transaction=True)  # kept only outside a transaction


@pytest.fixture(autouse=True)
def _fresh():
    kept.forget()
    yield
    kept.forget()


def _as_rebuilt(index) -> tuple:
    return (index.actors, index.by_key, index.person_keys, index.by_slug, index.surnames, index.max_words)


def _rebuilt() -> tuple:
    return _as_rebuilt(build_actor_index(actor_records()))


def _index_and_queries():
    with CaptureQueriesContext(connection) as queries:
        index = kept.actor_index()
    return index, len(queries)


def test_nothing_changed_reads_no_actor_again():
    add_alias(actor=ActorFactory(name="Clara Vossberg"), text="Dr Vossberg")
    first, _ = _index_and_queries()
    second, queries = _index_and_queries()
    assert second is first
    assert queries == 2  # the actors' and the aliases' figures; no actor or alias row
    assert [i for i, _ in second.lookup("Clara Vossberg")] == [0]


def test_a_new_actor_is_added_without_reading_the_others():
    ActorFactory(name="Clara Vossberg")
    ActorFactory(name="Ibrahim Okafor")
    kept.actor_index()
    new = upsert_actor(name="Mara Lindqvist", kind="person", is_confirmed=False).obj
    add_alias(actor=new, text="Mara Lindqvist")
    with CaptureQueriesContext(connection) as queries:
        index = kept.actor_index()
    read = [q["sql"] for q in queries if 'FROM "actors_actor"' in q["sql"] and "COUNT" not in q["sql"]]
    assert len(read) == 1 and '"actors_actor"."id" >' in read[0]  # the new actor only
    assert index.actors[index.by_slug[new.slug]].name == "Mara Lindqvist"
    assert _as_rebuilt(index) == _rebuilt()


def test_a_renamed_actor_is_read_again():
    actor = ActorFactory(name="Clara Vossberg")
    kept.actor_index()
    actor.name = "Clara Vossberg-Hale"
    actor.save()
    index = kept.actor_index()
    assert index.lookup("Clara Vossberg-Hale") and not index.lookup("Clara Vossberg")
    assert _as_rebuilt(index) == _rebuilt()


def test_a_merged_away_actor_leaves_the_index():
    target = ActorFactory(name="Clara Vossberg", is_confirmed=True)
    source = ActorFactory(name="C. Vossberg", is_confirmed=False)
    kept.actor_index()
    merge_actor(source_id=source.pk, target_id=target.pk, user=None)
    index = kept.actor_index()
    assert source.slug not in index.by_slug
    assert [index.actors[i].slug for i, _ in index.lookup("C. Vossberg")] == [target.slug]
    assert _as_rebuilt(index) == _rebuilt()


def test_an_alias_given_to_an_older_actor_or_removed_is_seen():
    actor = ActorFactory(name="Clara Vossberg")
    kept.actor_index()
    add_alias(actor=actor, text="The Vossberg")
    assert kept.actor_index().lookup("The Vossberg")
    Alias.objects.filter(actor=actor, text="The Vossberg").delete()
    assert not kept.actor_index().lookup("The Vossberg")


def test_an_aliass_kind_changed_in_place_is_seen():
    actor = ActorFactory(name="Clara Vossberg", kind="person")
    add_alias(actor=actor, text="Vossberg", kind=Alias.Kind.NAME)
    kept.actor_index()
    add_alias(actor=actor, text="Vossberg", kind=Alias.Kind.ROLE)
    assert _as_rebuilt(kept.actor_index()) == _rebuilt()


def test_inside_a_transaction_nothing_is_kept():
    ActorFactory(name="Clara Vossberg")
    with transaction.atomic():
        ActorFactory(name="Rolled Back")
        assert kept.actor_index().lookup("Rolled Back")
        transaction.set_rollback(True)
    assert not kept.actor_index().lookup("Rolled Back")
