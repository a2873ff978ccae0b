"""An editor tracks a new question in a real browser: creates the proposition, watches its stances being
suggested on the statements already stored (progress, then done), opens the queue filtered by it and
accepts and flips stances by keyboard. Without a broker the job runs in a thread of the server, as in
`make run`, so the page returns at once and the progress is real."""

from __future__ import annotations

import time

import pytest

from claims.models import Proposition, ReviewEvent, Stance, Statement
from claims.services import resuggest as resuggest_service
from tests.propositions.stored import store_articles

from .test_review_browser import current_id, login, press_and_wait

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.background_thread]


@pytest.fixture
def paced_job(settings, monkeypatch):
    """The job in a background thread, a batch per article, each batch taking a moment (so that a person,
    and the test, can watch it move)."""
    settings.TRACKER_RESUGGEST_BATCH_ARTICLES = 1
    real = resuggest_service._suggest_batch

    def paced(job, articles):
        time.sleep(0.4)
        return real(job, articles)

    monkeypatch.setattr(resuggest_service, "_suggest_batch", paced)


def test_an_editor_tracks_a_question_and_reviews_its_stances_by_keyboard(
    page, live_server, make_user, artifacts, paced_job
):
    editor = make_user("tracker", "editor")
    store_articles(8, 4, on_topic=4)  # 16 statements on the toll (for and against), 16 on something else
    login(page, live_server, editor.username)

    page.goto(f"{live_server.url}/propositions/")
    page.click("#new-proposition")
    page.fill("input[name=title]", "The city should scrap the harbour bridge toll")
    page.fill("textarea[name=keywords]", "bridge toll")
    page.fill("textarea[name=entities]", "Harbour Authority")
    page.screenshot(path=str(artifacts / "proposition-new.png"), full_page=True)
    page.click("#btn-save-proposition")
    proposition = Proposition.objects.get()
    page.wait_for_url(f"{live_server.url}/propositions/{proposition.slug}/")

    progress = page.locator(".resuggest-job")
    progress.locator("text=/Re-suggesting: \\d+ of 32 statements/").wait_for(timeout=20_000)
    page.screenshot(path=str(artifacts / "proposition-resuggesting.png"), full_page=True)
    done = progress.locator("text=statements now have a suggested stance")
    done.wait_for(timeout=60_000)
    assert progress.inner_text().startswith("16 statements now have a suggested stance")
    page.screenshot(path=str(artifacts / "proposition-resuggested.png"), full_page=True)
    assert Stance.objects.filter(proposition=proposition).count() == 16

    page.goto(f"{live_server.url}/propositions/")
    assert "16 statements now have a suggested stance" in page.inner_text("table")
    page.goto(f"{live_server.url}/propositions/{proposition.slug}/")
    page.click("text=Review them")
    page.wait_for_url(f"{live_server.url}/review/?proposition={proposition.pk}")
    page.wait_for_selector("#review-card .stance-row.selected")
    page.screenshot(path=str(artifacts / "review-by-proposition.png"), full_page=True)

    # c accepts the chosen stance (the card stays), a approves the statement and moves on.
    first = current_id(page)
    page.keyboard.press("c")
    page.wait_for_selector("text=Accepted")
    assert current_id(page) == first
    press_and_wait(page, "a")
    accepted = Stance.objects.get(statement_id=first, proposition=proposition)
    assert accepted.is_confirmed and Statement.objects.get(pk=first).status == "approved"

    # f flips the next one's stance; the card shows the flip.
    second = current_id(page)
    before = Stance.objects.get(statement_id=second, proposition=proposition).polarity
    page.keyboard.press("f")
    page.wait_for_selector("text=Flipped to")
    flipped = Stance.objects.get(statement_id=second, proposition=proposition)
    assert {before, flipped.polarity} == {"supports", "opposes"} and flipped.origin == "editor"

    # Enter in the speaker box with no actor to choose does nothing: no request, the next key still works.
    page.keyboard.press("e")
    page.wait_for_selector("#edit-form")
    page.keyboard.type("Nobody Of That Name")
    page.keyboard.press("Enter")
    page.wait_for_timeout(400)
    assert page.locator("#edit-form").is_visible() and not page.locator(".error").count()
    page.keyboard.press("Escape")  # leaves the field
    page.keyboard.press("Escape")  # cancels the edit
    page.wait_for_selector("#review-card:not(.editing) #btn-approve")
    assert current_id(page) == second
    press_and_wait(page, "a")
    assert Statement.objects.get(pk=second).status == "approved"

    actions = list(ReviewEvent.objects.order_by("id").values_list("statement_id", "action"))
    assert actions == [(first, "stance"), (first, "approve"), (second, "stance"), (second, "approve")]

    page.goto(f"{live_server.url}/review/?view=list&proposition={proposition.pk}")
    page.check(f"input[name=selected][value^='{current_id_in_list(page)}:']")
    assert "confirms 1 stance" in page.inner_text("#bulk-approve")
    page.screenshot(path=str(artifacts / "review-list-stances.png"), full_page=True)


def current_id_in_list(page) -> int:
    return int(page.get_attribute("input[name=selected]", "value").split(":", 1)[0])
