"""What analysts see is the record: approved statements, confirmed actors (or ones with approved words),
positions dated from when they began, and clusters that survive filtering."""

from __future__ import annotations

from datetime import date

import pytest

from claims.models import StatementCluster
from claims.positions import positions_of, recent_changes
from tests.factories import (
    ActorFactory,
    ArticleFactory,
    OutletFactory,
    PropositionFactory,
    StanceFactory,
    StatementFactory,
)

pytestmark = pytest.mark.django_db


def stance(actor, proposition, polarity, when, **statement_fields):
    statement = StatementFactory(
        speaker=actor,
        said_on=when,
        date_precision="day" if when else "unknown",
        status="approved",
        **statement_fields,
    )
    return StanceFactory(statement=statement, proposition=proposition, polarity=polarity, is_confirmed=True)


def test_a_position_is_dated_from_the_start_of_its_current_run():
    proposal = PropositionFactory(kind="proposal", title="A toll on the bridge")
    mayor = ActorFactory(name="May Or")
    stance(mayor, proposal, "supports", date(2025, 11, 1))
    stance(mayor, proposal, "opposes", date(2026, 1, 10))
    stance(mayor, proposal, "opposes", date(2026, 3, 5))
    [position] = positions_of(mayor)
    assert position.polarity == "opposes" and position.since == date(2026, 1, 10)


def test_the_actor_page_and_api_say_since_when(client, analyst):
    proposal = PropositionFactory(kind="proposal", title="A toll on the bridge")
    mayor = ActorFactory(name="May Or", slug="may-or")
    stance(mayor, proposal, "opposes", date(2026, 1, 10))
    stance(mayor, proposal, "opposes", date(2026, 3, 5))
    client.force_login(analyst)
    html = client.get("/actors/may-or/").content.decode()
    assert "since 2026-01-10" in html and "since 2026-03-05" not in html
    [position] = client.get("/api/v1/actors/may-or/positions/").json()["results"]
    assert position["since"] == "2026-01-10"


def test_a_change_without_a_statement_date_uses_the_article_date():
    proposal = PropositionFactory(kind="proposal", title="A toll on the bridge")
    mayor = ActorFactory(name="May Or")
    published = ArticleFactory(published_at="2025-12-01T09:00:00Z")
    stance(mayor, proposal, "supports", None, article=published)
    stance(mayor, proposal, "opposes", date(2026, 1, 10))
    [change] = recent_changes()
    assert change.before.when == date(2025, 12, 1) and change.after.when == date(2026, 1, 10)


def test_filtering_an_actor_page_by_outlet_keeps_that_outlets_report_of_a_shared_quote(client, analyst):
    speaker = ActorFactory(name="Wire Quoted", slug="wire-quoted")
    first, second = OutletFactory(name="First Wire"), OutletFactory(name="Second Paper")
    cluster = StatementCluster.objects.create(speaker=speaker, text="the bridge stays", fingerprint="f" * 64)
    for outlet in (first, second):
        StatementFactory(
            speaker=speaker,
            status="approved",
            cluster=cluster,
            text="the bridge stays",
            article=ArticleFactory(outlet=outlet),
        )
    client.force_login(analyst)
    everything = client.get("/actors/wire-quoted/").content.decode()
    assert everything.count("the bridge stays") >= 1
    only_second = client.get(f"/actors/wire-quoted/?outlet={second.pk}").content.decode()
    assert "the bridge stays" in only_second and "Second Paper" in only_second


def test_analysts_do_not_see_pending_candidates_or_the_extractors_unconfirmed_guesses(
    client, analyst, editor
):
    confirmed = ActorFactory(name="Known Minister", slug="known-minister", is_confirmed=True)
    guess = ActorFactory(name="Guessed Speaker", slug="guessed-speaker", is_confirmed=False)
    vouched = ActorFactory(name="Vouched Newcomer", slug="vouched-newcomer", is_confirmed=False)
    article = ArticleFactory(title="Bridge story")
    for _ in range(3):
        StatementFactory(speaker=confirmed, article=article, status="pending")
    StatementFactory(speaker=confirmed, article=article, status="approved")
    StatementFactory(speaker=guess, article=article, status="pending")
    StatementFactory(speaker=vouched, article=article, status="approved")

    client.force_login(analyst)
    actors = client.get("/actors/").content.decode()
    assert "Known Minister" in actors and "Vouched Newcomer" in actors and "Guessed Speaker" not in actors
    assert client.get("/actors/guessed-speaker/").status_code == 404
    assert "Guessed Speaker" not in client.get("/search/?q=Guessed").content.decode()
    page = client.get("/actors/?q=Known").context["page"]
    assert [a.statement_count for a in page] == [1]
    [listed] = client.get("/articles/").context["page"]
    assert listed.statement_count == 2

    client.force_login(editor)
    assert "Guessed Speaker" in client.get("/actors/").content.decode()
    assert client.get("/actors/guessed-speaker/").status_code == 200
    [listed] = client.get("/articles/").context["page"]
    assert listed.statement_count == 6


def test_a_quote_reported_by_three_outlets_is_shown_once_with_its_sources(client, analyst):
    speaker = ActorFactory(name="Wire Quoted", slug="wire-quoted")
    cluster = StatementCluster.objects.create(
        speaker=speaker, text="not a credible plan", fingerprint="c" * 64
    )
    for name in ("Alpha Wire", "Beta Daily", "Gamma Times"):
        StatementFactory(
            speaker=speaker,
            status="approved",
            cluster=cluster,
            text="not a credible plan",
            article=ArticleFactory(outlet=OutletFactory(name=name)),
        )
    client.force_login(analyst)
    for url in ("/", "/search/?q=credible", "/actors/wire-quoted/"):
        html = client.get(url).content.decode()
        assert html.count(" plan</") == 1, url  # the words once (search marks "credible" inside them)
        assert "Reported by" in html and all(
            name in html for name in ("Alpha Wire", "Beta Daily", "Gamma Times")
        ), url


def test_the_actor_timeline_redraws_alone_when_filtered_from_the_page(client, analyst):
    speaker = ActorFactory(name="Page Turner", slug="page-turner")
    proposal = PropositionFactory(kind="proposal", title="A toll on the bridge")
    stance(speaker, proposal, "supports", date(2026, 1, 10))
    StatementFactory(
        speaker=speaker,
        status="approved",
        text="an unrelated remark",
        article=ArticleFactory(outlet=OutletFactory(name="Side Paper")),
    )
    client.force_login(analyst)
    full = client.get("/actors/page-turner/")
    assert "<html" in full.content.decode() and "Positions" in full.content.decode()
    fragment = client.get(
        f"/actors/page-turner/?proposition={proposal.slug}",
        headers={"HX-Request": "true", "HX-Target": "statements"},
    )
    html = fragment.content.decode()
    assert "<html" not in html and "Positions" not in html
    assert 'id="statements"' in html and "an unrelated remark" not in html and "talks would resume" in html
    assert "HX-Target" in fragment["Vary"]


def test_the_article_page_shows_each_statements_stances_and_analysts_only_confirmed_ones(
    client, analyst, editor
):
    article = ArticleFactory(title="Toll story")
    confirmed_on = PropositionFactory(kind="proposal", title="A toll on the bridge")
    suggested_on = PropositionFactory(kind="claim", title="The bridge is unsafe")
    statement = StatementFactory(article=article, status="approved")
    StanceFactory(statement=statement, proposition=confirmed_on, polarity="opposes", is_confirmed=True)
    StanceFactory(statement=statement, proposition=suggested_on, polarity="asserts", is_confirmed=False)
    client.force_login(analyst)
    html = client.get(f"/articles/{article.pk}/").content.decode()
    assert "A toll on the bridge" in html and "Opposes" in html and "The bridge is unsafe" not in html
    client.force_login(editor)
    html = client.get(f"/articles/{article.pk}/").content.decode()
    assert "The bridge is unsafe" in html and "suggested" in html


def test_the_api_hides_unconfirmed_guesses_from_analysts_too(client, analyst, editor):
    ActorFactory(name="Known Minister", slug="known-minister", is_confirmed=True)
    ActorFactory(name="Guessed Speaker", slug="guessed-speaker", is_confirmed=False)
    client.force_login(analyst)
    slugs = {a["slug"] for a in client.get("/api/v1/actors/").json()["results"]}
    assert "known-minister" in slugs and "guessed-speaker" not in slugs
    assert client.get("/api/v1/actors/guessed-speaker/").status_code == 404
    client.force_login(editor)
    assert client.get("/api/v1/actors/guessed-speaker/").status_code == 200


@pytest.mark.parametrize("odd", ["²", "-1", "0", "4.2", "99999999999999999999999", "１２"])
def test_odd_ids_in_query_strings_are_ignored_not_a_server_error(client, editor, odd):
    ActorFactory(slug="some-actor")
    client.force_login(editor)
    for url in (
        f"/actors/some-actor/?outlet={odd}",
        f"/search/?q=x&outlet={odd}",
        f"/review/?item={odd}",
        f"/statements/export.csv?outlet={odd}",
    ):
        assert client.get(url).status_code == 200, url


def test_an_organisations_page_lists_only_the_members_analysts_may_see(client, analyst, editor):
    alliance = ActorFactory(
        name="Port Alliance", slug="port-alliance", kind="organization", is_confirmed=True
    )
    ActorFactory(name="Known Member", affiliation=alliance, is_confirmed=True)
    ActorFactory(name="Guessed Member", affiliation=alliance, is_confirmed=False)
    client.force_login(analyst)
    html = client.get("/actors/port-alliance/").content.decode()
    assert "Known Member" in html and "Guessed Member" not in html
    client.force_login(editor)
    assert "Guessed Member" in client.get("/actors/port-alliance/").content.decode()
