"""Editors' propositions through the services: every use case, and bad input refused with a clear message."""

from __future__ import annotations

import pytest

from claims import services
from claims.models import Proposition, ResuggestJob, Stance
from tests.factories import StanceFactory, StatementFactory

pytestmark = pytest.mark.django_db


def create(**values):
    values = {"title": "The city should scrap the harbour bridge toll", "kind": "proposal", **values}
    return services.create_proposition(**values)


def errors_of(call, **values) -> dict[str, list[str]]:
    with pytest.raises(services.PropositionError) as caught:
        call(**values)
    return caught.value.errors


def test_creating_a_proposition_stores_its_phrases_and_queues_a_resuggestion(editor):
    saved = create(
        description="Tolls on the harbour bridge since 2019.",
        keywords=["bridge toll", " Bridge   Toll ", ""],
        aliases="the toll\nharbour toll",
        entities=["Harbour Authority"],
        user=editor,
    )
    proposition = saved.proposition
    assert proposition.slug == "the-city-should-scrap-the-harbour-bridge-toll"
    assert proposition.keywords == ["bridge toll"]  # blanks and repeats in another case dropped
    assert proposition.aliases == ["the toll", "harbour toll"]
    assert proposition.entities == ["Harbour Authority"]
    job = ResuggestJob.objects.get(proposition=proposition)
    assert job == saved.job and job.reason == "created" and job.created_by == editor


def test_a_title_already_asked_in_another_case_or_spacing_is_refused():
    create()
    problems = errors_of(create, title="  the CITY should scrap the   harbour bridge toll ")
    assert problems["title"] == [
        "A proposition already asks this: “The city should scrap the harbour bridge toll” "
        "(the-city-should-scrap-the-harbour-bridge-toll)."
    ]
    assert Proposition.objects.count() == 1


def test_every_bad_field_is_named_at_once():
    create()
    problems = errors_of(create, keywords=["x" * 300])
    assert problems["title"][0].startswith("A proposition already asks this")
    assert problems["keywords"][0].startswith("A phrase is at most 200 characters")


def test_an_archived_duplicate_is_named_so_the_editor_unarchives_it():
    services.archive_proposition(proposition_id=create().proposition.pk)
    problems = errors_of(create)
    assert problems["title"][0].startswith("An archived proposition already asks this")


def test_the_database_refuses_a_duplicate_title_that_slips_past_the_check(monkeypatch):
    create()
    monkeypatch.setattr(services.propositions, "_title_problem", lambda *a, **k: "")
    problems = errors_of(create, title="THE CITY SHOULD SCRAP THE HARBOUR BRIDGE TOLL")
    assert problems["title"][0].startswith("A proposition already asks this")
    assert Proposition.objects.count() == 1


@pytest.mark.parametrize("title", ["Is it so?", "It is what it is."])
def test_a_proposition_the_suggester_cannot_find_is_refused_with_what_to_add(title):
    problems = errors_of(create, title=title, kind="claim")
    assert "no distinctive words" in problems["keywords"][0]
    assert "add keywords or aliases" in problems["keywords"][0]
    assert not Proposition.objects.exists()


def test_phrases_make_a_vague_title_findable():
    saved = create(title="The new one", keywords=["harbour bridge toll"])
    assert saved.proposition.pk is not None


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"title": ""}, "title", "A proposition needs a title"),
        ({"title": "!!! ???"}, "title", "The title needs at least one letter or digit"),
        ({"title": "x" * 501}, "title", "The title is 501 characters long; the limit is 500."),
        ({"title": "Bridge toll\x00 row"}, "title", "The title contains NUL characters"),
        ({"kind": "opinion"}, "kind", "Choose the kind"),
        ({"keywords": ["a" * 10_000]}, "keywords", "A phrase is at most 200 characters; “aaaa"),
        ({"aliases": ["toll\x00"]}, "aliases", "The aliase contains NUL characters"),
        ({"entities": [{"name": "x"}]}, "entities", "Each of the entities must be text, not dict."),
        ({"keywords": [f"toll {i}" for i in range(101)]}, "keywords", "101 keywords: at most 100"),
        ({"description": "d" * 5001}, "description", "The description is 5,001 characters long"),
    ],
)
def test_bad_input_is_refused_naming_the_field(values, field, message):
    problems = errors_of(create, **values)
    assert problems[field][0].startswith(message)
    assert not Proposition.objects.exists()


def test_html_is_kept_as_text_and_control_characters_dropped():
    saved = create(title="<script>alert(1)</script> Scrap the \x07bridge toll", keywords=["<b>toll</b>"])
    assert saved.proposition.title == "<script>alert(1)</script> Scrap the bridge toll"
    assert saved.proposition.keywords == ["<b>toll</b>"]


def test_editing_what_the_suggester_reads_supersedes_the_running_resuggestion(editor):
    first = create(user=editor)
    edited = services.edit_proposition(
        proposition_id=first.proposition.pk, keywords=["bridge toll", "toll charge"], user=editor
    )
    assert edited.changed == ("keywords",)
    first.job.refresh_from_db()
    assert first.job.state in (ResuggestJob.State.DONE, ResuggestJob.State.SUPERSEDED)
    assert edited.job.reason == "edited: keywords"
    assert ResuggestJob.objects.filter(proposition=first.proposition).count() == 2


def test_an_edit_that_changes_nothing_starts_nothing():
    saved = create()
    again = services.edit_proposition(
        proposition_id=saved.proposition.pk, title="The city should scrap the harbour bridge toll"
    )
    assert again.changed == () and again.job is None


def test_an_archived_proposition_cannot_be_edited_until_unarchived():
    proposition = create().proposition
    services.archive_proposition(proposition_id=proposition.pk)
    problems = errors_of(services.edit_proposition, proposition_id=proposition.pk, description="New")
    assert problems[""] == ["This proposition is archived: unarchive it before editing it."]
    saved = services.unarchive_proposition(proposition_id=proposition.pk)
    assert saved.proposition.is_active and saved.job.reason == "unarchived"
    assert services.edit_proposition(proposition_id=proposition.pk, description="New").changed == (
        "description",
    )


def test_archiving_drops_unreviewed_suggestions_and_keeps_reviewed_stances():
    proposition = create().proposition
    suggested = StanceFactory(proposition=proposition, polarity="supports", confidence=0.8)
    confirmed = StanceFactory(proposition=proposition, polarity="opposes", is_confirmed=True)
    on_approved = StanceFactory(proposition=proposition, statement=StatementFactory(status="approved"))
    version = suggested.statement.version
    services.archive_proposition(proposition_id=proposition.pk)
    assert set(Stance.objects.filter(proposition=proposition)) == {confirmed, on_approved}
    suggested.statement.refresh_from_db()
    assert suggested.statement.version == version + 1  # an editor who had it open is told it changed


def test_the_kind_cannot_change_under_confirmed_stances():
    proposition = create().proposition
    StanceFactory(proposition=proposition, polarity="supports", is_confirmed=True)
    problems = errors_of(services.edit_proposition, proposition_id=proposition.pk, kind="claim")
    assert "confirmed stances on this proposition as a proposal" in problems["kind"][0]


def test_a_slug_asked_for_must_be_free():
    create(slug="toll")
    problems = errors_of(create, title="Another bridge toll question", slug="toll")
    assert "taken or not usable" in problems["slug"][0]


def test_reserved_page_names_are_not_used_as_slugs():
    assert create(title="New", keywords=["bridge toll"]).proposition.slug == "new-proposition"
