"""One slug function for every model: readable, never empty, numbered when taken."""

from __future__ import annotations

import pytest

from actors.models import Actor
from actors.services import upsert_actor
from claims.models import Proposition
from common.slugs import slug_for, unique_slug
from sources.models import Outlet
from sources.services import upsert_outlet
from tests.factories import ActorFactory, PropositionFactory


def test_a_slug_is_the_name_in_lower_case_with_hyphens():
    assert slug_for("Jane  Doe-Smith, Jr.") == "jane-doe-smith-jr"


def test_accents_are_dropped_from_slugs():
    assert slug_for("Agnieszka Wróbel") == "agnieszka-wrobel"


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Сергей Лавров", "sergey-lavrov"),
        ("Κυριάκος Μητσοτάκης", "kyriakos-mitsotakis"),
        ("محمد بن سلمان", "mhmd-bn-slmn"),
        ("习近平", "xi-jin-ping"),
        ("Łukasz Wróbel", "lukasz-wrobel"),
    ],
)
def test_names_in_any_script_get_readable_slugs(name, slug):
    assert slug_for(name) == slug


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["Сергей Лавров", "Κυριάκος Μητσοτάκης", "محمد بن سلمان", "习近平"])
def test_an_actor_named_in_any_script_is_stored(name):
    actor = upsert_actor(name=name, kind=Actor.Kind.PERSON).obj
    assert Actor.objects.get(slug=actor.slug).name == name


@pytest.mark.parametrize("text", ["!!! ???", "", "   ", "—"])
def test_a_name_without_letters_still_gets_a_slug(text):
    assert slug_for(text).startswith("n-")


def test_the_digest_slug_of_the_same_text_is_the_same():
    assert slug_for("!!!") == slug_for("!!!") != slug_for("???")


def test_slugs_are_cut_to_the_length_asked_without_a_trailing_hyphen():
    assert slug_for("ab cd", max_length=3) == "ab"


@pytest.mark.django_db
def test_a_taken_slug_is_numbered():
    ActorFactory(name="Jane Doe")
    assert unique_slug(Actor, "Jane Doe") == "jane-doe-2"


@pytest.mark.django_db
def test_a_numbered_slug_stays_within_the_column():
    PropositionFactory(title="x" * 500)
    assert unique_slug(Proposition, "x" * 500) == "x" * 198 + "-2"


@pytest.mark.django_db
def test_rows_saved_without_a_slug_get_free_ones():
    assert [ActorFactory(name=name).slug for name in ("A.B", "A B", "a-b")] == ["ab", "a-b", "a-b-2"]


@pytest.mark.django_db
def test_outlets_whose_names_share_a_slug_are_both_stored():
    first, second = upsert_outlet(name="Daily News").obj, upsert_outlet(name="Daily-News").obj
    assert (first.slug, second.slug) == ("daily-news", "daily-news-2")
    assert Outlet.objects.count() == 2
