"""What a new analyst trips over on the record's pages: picking actors to compare by name, the actor's
slug and "compare with…", the article page's speaker legend, "via X · X", ISO date inputs, headlines."""

from __future__ import annotations

import pytest

from sources.text import headline_from_text
from tests.factories import ActorFactory, ArticleFactory, OutletFactory, StatementFactory

pytestmark = pytest.mark.django_db


def test_the_compare_autocomplete_offers_actors_by_name_to_analysts(client, analyst):
    ActorFactory(name="Mara Quay", slug="mara-quay", is_confirmed=True)
    client.force_login(analyst)
    options = client.get("/compare/actors/?q=quay").content.decode()
    assert 'data-name="Mara Quay"' in options and 'role="option"' in options


def test_the_compare_autocomplete_hides_the_extractors_guesses_from_analysts(client, analyst):
    ActorFactory(name="Guessed Person", is_confirmed=False)
    client.force_login(analyst)
    assert "Guessed Person" not in client.get("/compare/actors/?q=guessed").content.decode()


def test_choosing_an_actor_adds_it_to_the_comparison(client, analyst):
    ActorFactory(name="Mara Quay", slug="mara-quay", is_confirmed=True)
    ivo = ActorFactory(name="Ivo Pier", slug="ivo-pier", is_confirmed=True)
    client.force_login(analyst)
    response = client.get("/compare/", {"actors": "mara-quay", "add": "Ivo Pier", "add_id": str(ivo.pk)})
    assert response.status_code == 302
    assert response.url == "/compare/?actors=mara-quay%2Civo-pier"


def test_a_typed_name_without_choosing_is_looked_up(client, analyst):
    ActorFactory(name="Mara Quay", slug="mara-quay", is_confirmed=True)
    client.force_login(analyst)
    response = client.get("/compare/", {"actors": "", "add": "mara"})
    assert response.url == "/compare/?actors=mara-quay"


def test_an_unknown_name_says_so_and_keeps_the_comparison(client, analyst):
    ActorFactory(name="Mara Quay", slug="mara-quay", is_confirmed=True)
    client.force_login(analyst)
    response = client.get("/compare/", {"actors": "mara-quay", "add": "nobody like this"}, follow=True)
    assert "No actor matches “nobody like this”" in response.content.decode()
    assert response.redirect_chain[-1][0] == "/compare/?actors=mara-quay"


def test_the_compare_page_lists_chosen_actors_with_a_way_to_remove_each(client, analyst):
    ActorFactory(name="Mara Quay", slug="mara-quay", is_confirmed=True)
    ActorFactory(name="Ivo Pier", slug="ivo-pier", is_confirmed=True)
    client.force_login(analyst)
    page = client.get("/compare/?actors=mara-quay,ivo-pier").content.decode()
    assert 'href="?actors=ivo-pier" aria-label="stop comparing Mara Quay"' in page
    assert 'name="add"' in page and 'hx-get="/compare/actors/"' in page


def test_an_actor_page_shows_its_slug_and_offers_compare_with(client, analyst):
    ActorFactory(name="Mara Quay", slug="mara-quay", is_confirmed=True)
    client.force_login(analyst)
    page = client.get("/actors/mara-quay/").content.decode()
    assert '<code class="slug">mara-quay</code>' in page
    assert "Compare with…" in page
    assert '<input type="hidden" name="actors" value="mara-quay">' in page


def test_the_article_page_has_a_legend_for_its_speaker_colours(client, editor):
    text = "Mara Quay said the toll was fair. Ivo Pier said the toll was not fair."
    article = ArticleFactory(text=text)
    mara, ivo = ActorFactory(name="Mara Quay"), ActorFactory(name="Ivo Pier")
    StatementFactory(article=article, speaker=mara, start=0, end=32, text=text[0:32])
    StatementFactory(article=article, speaker=ivo, start=34, end=len(text), text=text[34:])
    client.force_login(editor)
    page = client.get(f"/articles/{article.pk}/").content.decode()
    legend = page[page.index('class="speaker-legend"') : page.index('<div class="columns">')]
    assert '<span class="swatch sp-0" aria-hidden="true"></span>Mara Quay' in legend
    assert '<span class="swatch sp-1" aria-hidden="true"></span>Ivo Pier' in legend
    assert 'class="stmt sp-1"' in page  # Ivo's passage is marked in the colour the legend gives him


def test_a_statement_via_its_own_outlet_names_the_outlet_once(client, analyst):
    tass = OutletFactory(name="Wire Agency")
    agency = ActorFactory(name="Wire Agency", is_confirmed=True)
    speaker = ActorFactory(name="Mara Quay", slug="mara-quay", is_confirmed=True)
    StatementFactory(speaker=speaker, via=agency, article=ArticleFactory(outlet=tass), status="approved")
    client.force_login(analyst)
    page = client.get("/actors/mara-quay/").content.decode()
    assert "via Wire Agency ·" not in page
    assert page.count("Wire Agency</a>") == 1


def test_date_filters_are_typed_and_shown_as_iso_dates(client, analyst):
    client.force_login(analyst)
    page = client.get("/search/?q=toll&since=2026-03-01").content.decode()
    assert 'type="date"' not in page
    assert 'name="since" value="2026-03-01" placeholder="YYYY-MM-DD"' in page


def test_the_ingest_form_refuses_a_non_iso_date(client, editor):
    client.force_login(editor)
    response = client.post("/ingest/submit/text/", {"text": "Some words here.", "published": "03/04/2026"})
    assert response.status_code == 400
    assert "Enter the date as YYYY-MM-DD" in response.content.decode()


@pytest.mark.parametrize(
    ("text", "headline"),
    [
        ("Ministers met. They talked.", "Ministers met. They talked."),  # short pieces are kept together
        (
            "The port authority said on Monday that the toll would rise. Later it said more.",
            "The port authority said on Monday that the toll would rise.",
        ),
    ],
)
def test_an_untitled_article_is_headed_by_its_first_sentence(text, headline):
    assert headline_from_text(text) == headline


def test_a_long_first_sentence_is_cut_between_words_and_not_after_a_dangling_word():
    text = (
        "Officials from eleven countries accused the shipping alliance of quietly raising the harbour toll "
        "for a decade without telling any of the smaller ports about it."
    )
    headline = headline_from_text(text)
    assert headline.endswith("…") and len(headline) <= 121
    assert text.startswith(headline[:-1])
    assert text[len(headline) - 1] == " "  # the cut falls between words
    assert headline[:-1].rsplit(" ", 1)[-1] not in {"a", "the", "of", "for", "any"}
