"""Ids from user input: only plain positive ASCII numbers that fit the id column."""

import pytest

from common.params import MAX_ID, as_id


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("42", 42),
        (" 7 ", 7),
        (3, 3),
        (str(MAX_ID), MAX_ID),
        ("", None),
        (None, None),
        ("0", None),
        ("-1", None),
        ("4.2", None),
        ("²", None),
        ("１２", None),
        (str(MAX_ID + 1), None),
        ("12abc", None),
    ],
)
def test_as_id(value, expected):
    assert as_id(value) == expected


# Parameters with a control character, on the pages, fragments, exports and API lists that pass them
# to the database (PostgreSQL refuses a NUL in any text value).
HOSTILE_QUERIES = [
    "/search/?q=rail%00way",
    "/compare/?actors=ana-lyst,x%00y",
    "/actors/?q=an%00a",
    "/actors/ana-lyst/?proposition=bridge%00toll",
    "/articles/?q=%00",
    "/review/?q=%01toll",
    "/review/actors/search/?q=an%00a",
    "/compare/actors/?q=an%1fa",
    "/statements/export.csv?q=toll%00",
    "/statements/export.json?q=toll%00",
    "/search/?q%00=toll",
]


@pytest.fixture
def record(db):
    from tests.factories import ActorFactory, StatementFactory

    actor = ActorFactory(name="Ana Lyst", slug="ana-lyst")
    StatementFactory(speaker=actor, status="approved", text="the toll must go")
    return actor


@pytest.mark.parametrize("url", HOSTILE_QUERIES)
def test_a_control_character_in_a_parameter_is_a_400_naming_it(client, editor, record, url):
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 400
    assert not response.streaming  # refused before the first byte, not a download cut short
    assert "control character" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    ["/api/v1/statements/?q=toll%00", "/api/v1/actors/?search=a%00", "/api/v1/statements/export.csv?q=%00"],
)
def test_the_api_refuses_a_control_character_in_its_json_error_body(editor, record, url):
    from tests.apiclient import api

    response = api(editor).get(url)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "control character" in response.json()["detail"]


def test_tabs_and_line_breaks_in_a_search_are_still_searched(client, editor, record):
    client.force_login(editor)
    response = client.get("/search/?q=toll%09must%0Ago")
    assert response.status_code == 200


def test_an_anonymous_visitor_with_a_nul_is_still_sent_to_log_in(client, db):
    response = client.get("/search/?q=%00")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_an_export_runs_its_query_before_the_first_byte(client, editor, record, monkeypatch):
    from django.db.models import QuerySet

    def refused(self, chunk_size=None):
        raise RuntimeError("the database refused the query")
        yield  # a generator, like QuerySet.iterator

    client.force_login(editor)
    monkeypatch.setattr(QuerySet, "iterator", refused)
    with pytest.raises(RuntimeError):
        client.get("/statements/export.csv")  # raised by the view: a 500, never a 200 cut short


def test_an_htmx_fragment_with_a_nul_answers_the_message_alone(client, editor, record):
    client.force_login(editor)
    response = client.get("/review/actors/search/?q=%00", headers={"HX-Request": "true"})
    assert response.status_code == 400
    assert "<html" not in response.content.decode()
    assert "control character" in response.content.decode()


def test_a_bulk_rejection_whose_reason_holds_a_nul_is_refused_and_decides_nothing(client, editor):
    from claims.models import Statement
    from tests.factories import StatementFactory

    pending = StatementFactory(status="pending")
    client.force_login(editor)
    response = client.post(
        "/review/bulk/",
        {"action": "reject", "selected": [f"{pending.pk}:1"], "reason": "dup\x00licate"},
        follow=True,
    )
    assert response.status_code == 200
    assert "control character" in response.content.decode()
    assert Statement.objects.get(pk=pending.pk).status == "pending"


def test_merging_into_a_name_holding_a_nul_asks_for_an_actor(client, editor):
    from tests.factories import ActorFactory

    source = ActorFactory(name="Stoltenburg", is_confirmed=False)
    client.force_login(editor)
    response = client.post(f"/review/actors/{source.pk}/merge/", {"merge": "Jens\x00"}, follow=True)
    assert response.status_code == 200
    assert "Choose the existing actor to merge Stoltenburg into" in response.content.decode()
