"""Every page needs a login and a role; the home page shows the record."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.factories import ActorFactory, ArticleFactory, StatementFactory

pytestmark = pytest.mark.django_db

PAGES = ["home", "sources:article-list", "actors:actor-list"]


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_users_are_sent_to_the_login_page(client, name):
    url = reverse(name)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", PAGES)
def test_a_user_without_a_role_is_refused(client, name):
    user = get_user_model().objects.create_user("nobody", password="Tr1cky-but-fine-pass")
    client.force_login(user)
    assert client.get(reverse(name)).status_code == 403


def test_the_login_page_puts_the_cursor_in_the_user_name(client):
    assert (
        'name="username" autocomplete="username" autofocus' in client.get(reverse("login")).content.decode()
    )


def test_health_check_needs_no_login(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_logging_in_leads_to_the_home_page(client, analyst):
    response = client.post(reverse("login"), {"username": "ann", "password": "correct-horse-battery-9"})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200


def test_wrong_password_shows_an_error_and_logs_nobody_in(client, analyst):
    response = client.post(reverse("login"), {"username": "ann", "password": "wrong"})
    assert response.status_code == 200
    assert b"enter a correct username and password" in response.content
    assert client.get(reverse("home")).status_code == 302


def test_home_lists_articles_and_actors_in_constant_queries(client, analyst, django_assert_max_num_queries):
    client.force_login(analyst)
    ArticleFactory(title="Ministers meet in Oslo")
    ActorFactory(name="Jane Roe")
    with django_assert_max_num_queries(12):
        first = client.get(reverse("home"))
    for i in range(20):
        StatementFactory(
            article=ArticleFactory(title=f"More news {i}"),
            speaker=ActorFactory(name=f"Speaker {i}"),
            status="approved",
        )
    with django_assert_max_num_queries(12):
        more = client.get(reverse("home"))
    assert "Ministers meet in Oslo" in first.content.decode()
    assert "Jane Roe" in first.content.decode()
    assert "Speaker 19" in more.content.decode()


def test_analysts_see_only_approved_statements_editors_see_all(client, analyst, editor):
    article = ArticleFactory()
    StatementFactory(article=article, text="an approved remark", status="approved")
    StatementFactory(article=article, text="a pending candidate", status="pending")
    url = reverse("sources:article-detail", args=[article.pk])
    client.force_login(analyst)
    page = client.get(url).content.decode()
    assert "an approved remark" in page and "a pending candidate" not in page
    client.force_login(editor)
    page = client.get(url).content.decode()
    assert "an approved remark" in page and "a pending candidate" in page


def test_actor_page_shows_aliases_and_members(client, analyst):
    org = ActorFactory(name="Ministry of Calm", kind="organization")
    person = ActorFactory(name="Jo Bloggs", affiliation=org, role="spokesperson")
    person.aliases.create(text="Bloggs")
    client.force_login(analyst)
    page = client.get(reverse("actors:actor-detail", args=[org.slug])).content.decode()
    assert "Jo Bloggs" in page
    page = client.get(reverse("actors:actor-detail", args=[person.slug])).content.decode()
    assert "Bloggs" in page and "Ministry of Calm" in page


def test_article_text_is_escaped_not_rendered_as_html(client, analyst):
    article = ArticleFactory(text='He said "<script>alert(1)</script>" loudly.')
    client.force_login(analyst)
    page = client.get(reverse("sources:article-detail", args=[article.pk])).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_unknown_article_and_actor_are_404(client, analyst):
    client.force_login(analyst)
    assert client.get(reverse("sources:article-detail", args=[999999])).status_code == 404
    assert client.get(reverse("actors:actor-detail", args=["no-such-actor"])).status_code == 404
