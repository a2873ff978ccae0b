"""The site's frame: the header, styled 403/404/500 pages that say why and what to do, /favicon.ico,
and what `make run` prints."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def test_an_analyst_on_an_editor_page_is_told_which_role_it_needs(client, analyst):
    client.force_login(analyst)
    response = client.get("/review/")
    page = response.content.decode()
    assert response.status_code == 403
    assert "This page needs the editor role; your account has the analyst role." in page
    assert 'class="topbar"' in page  # inside the site's frame, not Django's bare page
    assert "ask an administrator" in page


def test_a_user_without_a_role_is_told_so(client, make_user):
    from django.contrib.auth.models import Group

    user = make_user("nobody", "analyst")
    user.groups.set(Group.objects.none())
    client.force_login(user)
    page = client.get("/").content.decode()
    assert "needs the analyst role; your account has no role yet" in page


def test_a_missing_page_is_styled_and_offers_a_way_on(client, analyst, settings):
    settings.DEBUG = False
    client.force_login(analyst)
    response = client.get("/actors/no-such-actor/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "There is nothing at this address" in page
    assert "/actors/no-such-actor/" in page
    assert 'href="/search/"' in page and 'class="topbar"' in page


def test_a_missing_page_escapes_the_address(client, analyst, settings):
    settings.DEBUG = False
    client.force_login(analyst)
    page = client.get("/<script>x</script>/").content.decode()
    assert "<script>x</script>" not in page


def test_a_server_error_is_styled_and_says_nothing_was_lost(client, analyst, settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.foundation.boom_urls"
    client.raise_request_exception = False
    client.force_login(analyst)
    response = client.get("/boom/")
    page = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in page
    assert "Nothing you saved before this page is lost" in page
    assert "a bug in a view" not in page  # no internals shown


def test_favicon_ico_needs_no_login_and_points_at_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("favicon.svg")


def test_the_header_names_the_user_and_their_role_once(client, make_user):
    client.force_login(make_user("editor", "editor"))
    page = client.get("/").content.decode()
    assert "editor · editor" not in page
    client.force_login(make_user("ann", "analyst"))
    page = client.get("/").content.decode()
    assert '<span class="tag role">analyst</span>' in page


def test_the_header_marks_the_current_section(client, analyst):
    client.force_login(analyst)
    page = client.get("/actors/").content.decode()
    assert 'href="/actors/" aria-current="page"' in page
    assert 'href="/articles/" aria-current' not in page


def test_editor_links_sit_in_the_same_list_as_the_others(client, editor):
    client.force_login(editor)
    page = client.get("/").content.decode()
    nav = page[page.index('<nav class="nav"') : page.index("</nav>")]
    for href in ("/articles/", "/actors/", "/review/", "/ingest/", "/sources/outlets/"):
        assert f'href="{href}"' in nav


def test_make_run_prints_how_to_make_an_administrator():
    out = StringIO()
    call_command("ensure_local_editor", stdout=out)
    assert "python manage.py add_user NAME --role admin" in out.getvalue()


def test_a_form_too_large_to_read_says_which_limit_it_passed(client, editor, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client.force_login(editor)
    response = client.post("/ingest/submit/text/", {"text": "x" * 5000})
    assert response.status_code == 400
    assert "larger than the limit of 1,000 bytes" in response.content.decode()
