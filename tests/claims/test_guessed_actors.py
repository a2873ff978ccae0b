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
