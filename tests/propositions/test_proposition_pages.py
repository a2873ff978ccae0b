"""The propositions pages editors manage them with, and the progress of the re-suggestion each change starts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from claims.models import Proposition, ResuggestJob
from tests.factories import PropositionFactory

from .stored import store_articles

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}
NEW = {
    "title": "The city should scrap the harbour bridge toll",
    "kind": "proposal",
    "description": "",
    "keywords": "bridge toll\nharbour toll",
    "aliases": "",
    "entities": "Harbour Authority",
}


def test_analysts_read_propositions_but_cannot_manage_them(client, analyst):
    proposition = PropositionFactory(title="Bridge tolls should go")
    client.force_login(analyst)
    page = client.get("/propositions/").content.decode()
    assert "Bridge tolls should go" in page and "Track a new proposition" not in page
    assert client.get("/propositions/new/").status_code == 403
    assert client.post("/propositions/new/", NEW).status_code == 403
    assert client.get(f"/propositions/{proposition.slug}/edit/").status_code == 403
    assert client.post(f"/propositions/{proposition.slug}/archive/").status_code == 403
    assert Proposition.objects.filter(is_active=True).count() == 1


def test_an_editor_creates_a_proposition_and_sees_its_stances_suggested(client, editor, commit):
    store_articles(2, 4, on_topic=1)
    client.force_login(editor)
    assert client.get("/propositions/new/").status_code == 200
    with commit():
        response = client.post("/propositions/new/", NEW)
    proposition = Proposition.objects.get()
    assert response.status_code == 302 and response.url == f"/propositions/{proposition.slug}/"
    assert proposition.keywords == ["bridge toll", "harbour toll"] and proposition.entities == [
        "Harbour Authority"
    ]
    page = client.get(response.url).content.decode()
    assert "Its stances are being suggested on the statements already stored" in page
    assert "<strong>4</strong> statements now have a suggested stance" in page
    assert f'href="/review/?proposition={proposition.pk}"' in page


def test_a_duplicate_title_is_shown_on_the_form_and_nothing_is_saved(client, editor):
    PropositionFactory(title="The city should scrap the harbour bridge toll")
    client.force_login(editor)
    response = client.post(
        "/propositions/new/", {**NEW, "title": "the city should SCRAP the harbour bridge toll"}
    )
    assert response.status_code == 400
    assert "A proposition already asks this" in response.content.decode()
    assert Proposition.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": "Is it so?", "keywords": "", "entities": ""}, "no distinctive words"),
        ({"keywords": "a" * 10_000}, "A phrase is at most 200 characters"),
        ({"title": "Toll\x00 row"}, "Null characters are not allowed."),
        ({"kind": "opinion"}, "Select a valid choice."),
        ({"title": ""}, "This field is required."),
    ],
)
def test_bad_input_on_the_form_answers_400_with_the_reason(client, editor, changes, message):
    client.force_login(editor)
    response = client.post("/propositions/new/", {**NEW, **changes})
    assert response.status_code == 400 and message in response.content.decode()
    assert not Proposition.objects.exists()


def test_html_in_a_title_is_shown_as_text(client, editor):
    client.force_login(editor)
    client.post("/propositions/new/", {**NEW, "title": "<script>alert(1)</script> Scrap the bridge toll"})
    page = client.get("/propositions/").content.decode()
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt; Scrap the bridge toll" in page and "<script>alert" not in page
    )


def test_editing_shows_the_current_phrases_and_saves_a_change(client, editor, commit):
    client.force_login(editor)
    with commit():
        client.post("/propositions/new/", NEW)
    proposition = Proposition.objects.get()
    form = client.get(f"/propositions/{proposition.slug}/edit/").content.decode()
    assert "bridge toll\nharbour toll</textarea>" in form
    with commit():
        response = client.post(f"/propositions/{proposition.slug}/edit/", {**NEW, "aliases": "the toll"})
    assert response.status_code == 302
    proposition.refresh_from_db()
    assert proposition.aliases == ["the toll"]
    assert list(proposition.resuggest_jobs.values_list("reason", flat=True).order_by("id")) == [
        "created",
        "edited: aliases",
    ]


def test_archive_and_unarchive_move_a_proposition_between_the_tabs(client, editor, commit):
    client.force_login(editor)
    proposition = PropositionFactory(title="Bridge tolls should go")
    link = f'<a href="/propositions/{proposition.slug}/">Bridge tolls should go</a>'
    client.post(f"/propositions/{proposition.slug}/archive/")
    assert link not in client.get("/propositions/").content.decode()
    archived = client.get("/propositions/?archived=1").content.decode()
    assert link in archived and 'Archived <span class="muted">(1)</span>' in archived
    edit = client.get(f"/propositions/{proposition.slug}/edit/")
    assert edit.status_code == 302  # back to its page, which says why
    assert "unarchive it before editing it" in client.get(edit.url).content.decode()
    with commit():
        client.post(f"/propositions/{proposition.slug}/unarchive/")
    assert link in client.get("/propositions/").content.decode()


def test_progress_is_polled_while_the_job_runs_and_stops_when_it_is_done(client, editor):
    proposition = PropositionFactory(title="Bridge tolls should go")
    job = ResuggestJob.objects.create(
        proposition=proposition,
        state="running",
        total=10_000,
        done=3_400,
        batches=3,
        attempts=1,
        lease_expires_at=timezone.now() + timedelta(minutes=5),
    )
    client.force_login(editor)
    running = client.get(f"/propositions/jobs/{job.pk}/", **HX).content.decode()
    assert "Re-suggesting: 3,400 of 10,000 statements" in running and 'hx-trigger="every 1s"' in running
    ResuggestJob.objects.filter(pk=job.pk).update(state="done", done=10_000, suggested=42)
    done = client.get(f"/propositions/jobs/{job.pk}/", **HX).content.decode()
    assert "<strong>42</strong> statements now have a suggested stance" in done and "hx-trigger" not in done
    assert f'href="/review/?proposition={proposition.pk}"' in done


def test_a_stalled_job_offers_resume_and_cancel_stops_a_running_one(client, editor, commit):
    store_articles(1, 2, on_topic=1)
    proposition = PropositionFactory(title="The city should scrap the harbour bridge toll", kind="proposal")
    job = ResuggestJob.objects.create(
        proposition=proposition,
        state="running",
        total=2,
        attempts=1,
        lease_expires_at=timezone.now() - timedelta(seconds=1),
    )
    client.force_login(editor)
    stalled = client.get(f"/propositions/jobs/{job.pk}/", **HX).content.decode()
    assert "its worker stopped" in stalled and "Resume" in stalled and "hx-trigger" not in stalled
    with commit():
        resumed = client.post(f"/propositions/jobs/{job.pk}/resume/", **HX)
    assert resumed.status_code == 200 and "Re-suggesting stances: queued" in resumed.content.decode()
    polled = client.get(f"/propositions/jobs/{job.pk}/", **HX).content.decode()
    assert "<strong>2</strong> statements now have a suggested stance" in polled
    again = client.post(f"/propositions/jobs/{job.pk}/cancel/", **HX)
    assert again.status_code == 400 and "nothing to cancel" in again.content.decode()


def test_the_list_runs_as_many_queries_for_60_propositions_as_for_3(client, editor):
    client.force_login(editor)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/propositions/").status_code == 200
        return len(captured)

    for i in range(3):
        ResuggestJob.objects.create(
            proposition=PropositionFactory(), state="done", total=5, done=5, suggested=i
        )
    few = count()
    for i in range(57):
        proposition = PropositionFactory()
        for state in ("superseded", "running"):
            ResuggestJob.objects.create(proposition=proposition, state=state, total=5, done=i % 5)
    assert count() == few


def test_an_editor_reaches_each_tracked_propositions_suggestions_from_the_list(client, editor):
    client.force_login(editor)
    proposition = PropositionFactory()
    page = client.get("/propositions/").content.decode()
    assert f'href="/review/?proposition={proposition.pk}">Review its suggestions' in page
