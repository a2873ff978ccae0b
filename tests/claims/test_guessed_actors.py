"""The extractor's new speakers: an unconfirmed actor with its name as an alias, written in two inserts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actors.models import Alias
from actors.services import create_guessed_actor

pytestmark = pytest.mark.django_db


def test_a_guessed_actor_is_unconfirmed_named_by_its_alias_and_costs_two_inserts():
    with CaptureQueriesContext(connection) as queries:
        actor = create_guessed_actor(name=" Tomas Lindqvist ", kind="person", role="Swedish negotiator")
    assert [q["sql"].split()[0] for q in queries] == ["INSERT", "INSERT"]
    actor.refresh_from_db()
    assert (actor.name, actor.slug, actor.kind, actor.role) == (
        "Tomas Lindqvist",
        "tomas-lindqvist",
        "person",
        "Swedish negotiator",
    )
    assert actor.is_confirmed is False and actor.gender == ""
    assert list(actor.aliases.values_list("text", "kind")) == [("Tomas Lindqvist", Alias.Kind.NAME)]


def test_a_name_without_letters_or_digits_makes_no_actor():
    with pytest.raises(ValueError):
        create_guessed_actor(name=" -- ", kind="person")


def test_the_check_before_a_new_actor_takes_a_names_match_before_a_slugs_in_one_query():
    from actors.selectors import actor_by_name, actor_by_name_or_slug
    from tests.factories import ActorFactory

    slug_only = ActorFactory(name="Lindqvist Holdings", slug="tomas-lindqvist")
    named = ActorFactory(name="Tomas Lindqvist", slug="tomas-lindqvist-2", is_confirmed=False)
    aliased = ActorFactory(name="T. Lindqvist", is_confirmed=True)
    aliased.aliases.create(text="Tomas  LINDQVIST")
    with CaptureQueriesContext(connection) as queries:
        found = actor_by_name_or_slug("Tomas Lindqvist", "tomas-lindqvist")
    assert len(queries) == 1
    assert found == actor_by_name("Tomas Lindqvist") == aliased  # confirmed first, as actor_by_name
    named.is_confirmed = True
    named.save()
    assert actor_by_name_or_slug("Tomas Lindqvist", "tomas-lindqvist") == named  # then the oldest
    assert actor_by_name_or_slug("Someone Else", "tomas-lindqvist") == slug_only
    assert actor_by_name_or_slug("Someone Else", "someone-else") is None


@pytest.mark.parametrize(
    "name",
    ["Tomas Lindqvist", "tomas lindqvist", "T. Lindqvist", "Ana 100%", "ana_100", "Zoë Ölund", "---", "X"],
)
def test_the_compiled_check_finds_what_the_query_built_each_time_finds(name):
    from actors.names import normalize_name
    from actors.selectors import _named_or_slugged, actor_by_name_or_slug
    from common.slugs import slug_for
    from tests.factories import ActorFactory

    ActorFactory(name="Tomas Lindqvist", slug="tomas-lindqvist", is_confirmed=False)
    ActorFactory(name="Ana 100%", slug="ana-100")
    ActorFactory(name="Ana 1000", slug="ana-1000")
    ActorFactory(name="ana_100", slug="ana-100-2")
    ActorFactory(name="Zoe Olund", slug="zoe-olund").aliases.create(text="Zoë Ölund")
    ActorFactory(name="Lindqvist Holdings", slug="x")  # found by the slug of "X"
    built = _named_or_slugged(name=name, normalized=normalize_name(name), slug=slug_for(name)).first()
    with CaptureQueriesContext(connection) as queries:
        found = actor_by_name_or_slug(name, slug_for(name))
    assert len(queries) == 1
    assert found == built and (found is None or found.name == built.name)
