"""The review pages: roles, decisions without JavaScript and with htmx, conflicts, edits, bulk, actors."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actors.models import Actor
from claims import services
from claims.models import ReviewEvent, Statement
from tests.factories import ActorFactory, ArticleFactory, StatementFactory

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def queue():
    article = ArticleFactory(
        text="First paragraph.\n\nThe minister said on Monday that talks would resume. "
        "She added more.\n\nLast paragraph."
    )
    start = article.text.index("talks would resume")
    return [
        StatementFactory(article=article, start=start, end=start + len("talks would resume"), confidence=0.9),
        StatementFactory(article=article, start=start + 40, end=start + 50, text="more", confidence=0.4),
        StatementFactory(confidence=0.7),
    ]


def test_only_editors_reach_the_queue(client, analyst, queue):
    assert client.get("/review/").status_code == 302
    client.force_login(analyst)
    assert client.get("/review/").status_code == 403
    assert client.post(f"/review/{queue[0].pk}/approve/", {"version": 1}).status_code == 403
    assert client.get("/review/actors/").status_code == 403
    assert Statement.objects.filter(status="pending").count() == 3


def test_the_card_shows_the_candidate_in_context(client, editor, queue):
    client.force_login(editor)
    html = client.get("/review/").content.decode()
    assert (
        '<blockquote class="context">The minister said on Monday that <mark>talks would resume</mark>. '
        "She added more.</blockquote>" in html
    )  # the statement's whole paragraph, the statement highlighted
    assert (
        '<p class="context-around"><span class="sr-only">Paragraph before: </span>First paragraph.</p>'
        in html
    )
    assert (
        '<p class="context-around"><span class="sr-only">Paragraph after: </span>Last paragraph.</p>' in html
    )
    assert queue[0].speaker.name in html and "confidence 0.90" in html
    assert 'id="btn-approve"' in html and "3 pending" in html
    queue[0].refresh_from_db()
    assert queue[0].claimed_by == editor


def test_approve_without_javascript_redirects_to_the_next(client, editor, queue):
    client.force_login(editor)
    response = client.post(f"/review/{queue[0].pk}/approve/", {"version": 1})
    assert response.status_code == 302 and response.url == f"/review/?item={queue[1].pk}"
    queue[0].refresh_from_db()
    assert queue[0].status == "approved"


def test_htmx_decisions_swap_in_the_next_card(client, editor, queue):
    client.force_login(editor)
    response = client.post(f"/review/{queue[0].pk}/reject/", {"version": 1, "reason": "garbled"}, **HX)
    html = response.content.decode()
    assert response.status_code == 200 and '<section id="review-card"' in html and "2 pending</span>" in html
    assert f'data-statement="{queue[1].pk}"' in html and "Rejected:" in html
    assert ReviewEvent.objects.get(statement=queue[0]).reason == "garbled"


def test_a_stale_decision_shows_what_changed(client, editor, make_user, queue):
    other = make_user("eve", "editor")
    services.approve_statement(statement_id=queue[0].pk, user=other, version=1)
    client.force_login(editor)
    response = client.post(f"/review/{queue[0].pk}/reject/", {"version": 1}, **HX)
    html = response.content.decode()
    assert response.status_code == 409
    assert (
        "changed since you opened it" in html and "eve approved it" in html and "pending → approved" in html
    )
    queue[0].refresh_from_db()
    assert queue[0].status == "approved"


def test_filters_narrow_the_queue(client, editor, queue):
    client.force_login(editor)
    html = client.get("/review/?min_confidence=0.8").content.decode()
    assert f'data-statement="{queue[0].pk}"' in html and "1 pending" in html
    html = client.get(f"/review/?outlet={queue[2].article.outlet_id}").content.decode()
    assert f'data-statement="{queue[2].pk}"' in html
    html = client.get("/review/?min_confidence=0.99").content.decode()
    assert "Nothing left to review with these filters" in html


def test_another_editors_open_candidate_is_not_offered(client, editor, make_user, queue):
    other = make_user("eve", "editor")
    services.claim(statement_id=queue[0].pk, user=other)
    client.force_login(editor)
    html = client.get("/review/").content.decode()
    assert f'data-statement="{queue[1].pk}"' in html and "2 pending" in html


def test_edit_with_an_existing_and_a_new_speaker(client, editor, queue):
    client.force_login(editor)
    target = ActorFactory(name="Helena Varga")
    form = client.get(f"/review/{queue[0].pk}/edit/", **HX).content.decode()
    assert 'id="edit-form"' in form
    data = {
        "version": 1,
        "speaker": "Helena Varga",
        "speaker_id": target.pk,
        "text": "talks would resume",
        "kind": "indirect",
        "said_on": "2026-02-03",
        "date_precision": "day",
        "via": "",
        "cue": "said",
    }
    response = client.post(f"/review/{queue[0].pk}/edit/", data, **HX)
    assert response.status_code == 200 and "Saved." in response.content.decode()
    queue[0].refresh_from_db()
    assert queue[0].speaker == target and str(queue[0].said_on) == "2026-02-03" and queue[0].version == 2
    unknown = {**data, "version": 2, "speaker": "Nobody Known", "speaker_id": ""}
    response = client.post(f"/review/{queue[0].pk}/edit/", unknown, **HX)
    assert response.status_code == 400 and "No actor is called" in response.content.decode()
    created = {**unknown, "create_speaker": "on", "new_speaker_kind": "person", "then": "approve"}
    response = client.post(f"/review/{queue[0].pk}/edit/", created, **HX)
    assert response.status_code == 200
    queue[0].refresh_from_db()
    assert queue[0].speaker.name == "Nobody Known" and queue[0].status == "approved"


def test_undo_from_the_page(client, editor, queue):
    client.force_login(editor)
    client.post(f"/review/{queue[0].pk}/approve/", {"version": 1}, **HX)
    response = client.post("/review/undo/", {"current": queue[1].pk}, **HX)
    assert "Undone:" in response.content.decode()
    queue[0].refresh_from_db()
    assert queue[0].status == "pending"
    response = client.post("/review/undo/", {"current": queue[0].pk}, **HX)
    assert "Nothing to undo" in response.content.decode()


def test_bulk_approve_from_the_list(client, editor, queue):
    client.force_login(editor)
    html = client.get("/review/?view=list").content.decode()
    assert html.count('name="selected"') == 3
    response = client.post(
        "/review/bulk/",
        {"action": "approve", "selected": [f"{queue[0].pk}:1", f"{queue[2].pk}:1"]},
        follow=True,
    )
    assert "Approved 2 candidate(s)" in response.content.decode()
    assert list(Statement.objects.filter(status="approved").order_by("id").values_list("pk", flat=True)) == [
        queue[0].pk,
        queue[2].pk,
    ]


def test_the_list_is_a_fixed_number_of_queries(client, editor, queue):
    client.force_login(editor)
    client.get("/review/?view=list")

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get("/review/?view=list")
        return len(captured)

    few = count()
    StatementFactory.create_batch(15)
    assert count() == few


def test_history_lists_every_decision(client, editor, queue):
    client.force_login(editor)
    services.approve_statement(statement_id=queue[0].pk, user=editor, version=1)
    services.undo_last(user=editor)
    html = client.get(f"/review/{queue[0].pk}/history/").content.decode()
    assert "Approved" in html and "Undid a decision" in html and "pending → approved" in html


def test_actor_autocomplete_and_merge(client, editor):
    target = ActorFactory(name="Jens Stoltenberg", role="NATO Secretary General")
    source = ActorFactory(name="Stoltenburg", is_confirmed=False)
    StatementFactory(speaker=source)
    client.force_login(editor)
    options = client.get("/review/actors/search/?target=speaker&speaker=stolt").content.decode()
    assert "Jens Stoltenberg" in options and f'data-id="{target.pk}"' in options
    assert "No actor matches" in client.get("/review/actors/search/?q=zzzz").content.decode()
    page = client.get("/review/actors/").content.decode()
    assert "Stoltenburg" in page and "Jens Stoltenberg" not in page
    response = client.post(f"/review/actors/{source.pk}/merge/", {"merge": "Jens Stoltenberg"}, follow=True)
    assert "Merged Stoltenburg into Jens Stoltenberg" in response.content.decode()
    assert Statement.objects.get().speaker == target


def test_confirming_an_actor(client, editor):
    actor = ActorFactory(name="New Person", is_confirmed=False)
    client.force_login(editor)
    client.post(f"/review/actors/{actor.pk}/confirm/")
    assert Actor.objects.get(pk=actor.pk).is_confirmed


def test_superusers_review_too(client, admin_user, queue):
    client.force_login(admin_user)
    assert client.get("/review/").status_code == 200
    assert client.post(f"/review/{queue[0].pk}/approve/", {"version": 1}).status_code == 302
    assert Statement.objects.get(pk=queue[0].pk).reviewed_by == admin_user
