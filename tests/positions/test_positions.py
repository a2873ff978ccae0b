"""Positions derived from approved, confirmed stances; the proposition, actor and home pages."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.positions import (
    by_polarity,
    contradictions,
    positions_on,
    recent_changes,
    side_counts,
)
from claims.services import refresh_positions
from tests.factories import ActorFactory, PropositionFactory, StanceFactory, StatementFactory

pytestmark = pytest.mark.django_db


def query_counts(client, urls: list[str]) -> list[int]:
    """How many queries each page runs (each must answer 200)."""
    result = []
    for url in urls:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200, url
        result.append(len(captured))
    return result


def stance(actor, proposition, polarity, when, *, approved=True, confirmed=True, text="words"):
    statement = StatementFactory(
        speaker=actor,
        said_on=when,
        date_precision="day",
        text=text,
        status="approved" if approved else "pending",
    )
    return StanceFactory(
        statement=statement, proposition=proposition, polarity=polarity, is_confirmed=confirmed
    )


@pytest.fixture
def record():
    proposal = PropositionFactory(title="A moratorium on new dams", kind="proposal", slug="dam-moratorium")
    alliance = ActorFactory(name="River Alliance", kind="organization")
    spokesperson = ActorFactory(name="Ada Spokes", affiliation=alliance)
    minister = ActorFactory(name="Min Ister")
    stance(minister, proposal, "supports", date(2026, 1, 5), text="we back the moratorium")
    stance(
        minister,
        proposal,
        "opposes",
        date(2026, 3, 1),
        text="the moratorium is <script>alert(1)</script> dead",
    )
    stance(spokesperson, proposal, "supports", date(2026, 2, 2), text="a sound idea")
    stance(alliance, proposal, "undecided", date(2026, 2, 3))
    stance(ActorFactory(name="Not Approved"), proposal, "opposes", date(2026, 2, 4), approved=False)
    stance(ActorFactory(name="Not Confirmed"), proposal, "opposes", date(2026, 2, 4), confirmed=False)
    return proposal, minister, spokesperson, alliance


def test_positions_use_only_approved_confirmed_stances_and_the_latest_wins(record):
    proposal, minister, spokesperson, alliance = record
    positions = positions_on(proposal)
    assert {p.actor.name for p in positions} == {"Min Ister", "Ada Spokes", "River Alliance"}
    by_actor = {p.actor.name: p for p in positions}
    assert by_actor["Min Ister"].polarity == "opposes"
    assert (
        by_actor["Min Ister"].at(date(2026, 2, 1)) == "supports"
        and by_actor["Min Ister"].at(date(2025, 1, 1)) is None
    )
    assert by_actor["Ada Spokes"].member_of == alliance
    assert [(p, [x.actor.name for x in c]) for p, c in by_polarity(positions)] == [
        ("supports", ["Ada Spokes"]),
        ("undecided", ["River Alliance"]),
        ("opposes", ["Min Ister"]),
    ]
    [change] = recent_changes(proposition=proposal)
    assert (change.actor, change.before.polarity, change.after.polarity) == (minister, "supports", "opposes")
    [(pro, con)] = contradictions(positions)
    assert (pro.actor.name, con.actor.name) == ("Ada Spokes", "Min Ister")
    # The database-side summaries agree with the positions built in Python.
    assert dict(side_counts()[proposal.pk]) == {"supports": 1, "undecided": 1, "opposes": 1}
    [latest_change] = recent_changes()
    assert (latest_change.actor, latest_change.before.polarity, latest_change.after.polarity) == (
        minister,
        "supports",
        "opposes",
    )
    assert latest_change.before.when == date(2026, 1, 5)


def test_the_proposition_page(client, analyst, record):
    client.force_login(analyst)
    html = client.get("/propositions/dam-moratorium/").content.decode()
    assert "Who stands where" in html and "member of River Alliance" in html
    assert "<svg" in html and "Position changes" in html and "Contradictions" in html
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Not Approved" not in html and "Not Confirmed" not in html
    listing = client.get("/propositions/").content.decode()
    assert "A moratorium on new dams" in listing
    assert client.get("/propositions/nope/").status_code == 404


def test_the_actor_page_shows_positions_and_paginates(client, analyst, record):
    _, minister, _, _ = record
    for i in range(30):
        StatementFactory(speaker=minister, status="approved", text=f"remark {i}")
    client.force_login(analyst)
    html = client.get(f"/actors/{minister.slug}/").content.decode()
    assert "Positions" in html and "since 2026-03-01" in html and "<svg" in html
    assert "older →" in html and "← newest" not in html  # 33 statements: a keyset page of 25, then more
    filtered = client.get(f"/actors/{minister.slug}/?proposition=dam-moratorium").content.decode()
    assert "remark 3" not in filtered and "we back the moratorium" in filtered


def test_pages_run_a_bounded_number_of_queries(client, analyst, record):
    proposal, minister, _, _ = record
    client.force_login(analyst)
    urls = ["/", "/propositions/", f"/propositions/{proposal.slug}/", f"/actors/{minister.slug}/"]

    def counts() -> list[int]:
        return query_counts(client, urls)

    few = counts()
    for i in range(120):
        stance(
            ActorFactory(), proposal, ("supports", "opposes", "undecided")[i % 3], date(2026, 1, 1 + i % 28)
        )
        stance(minister, proposal, ("supports", "opposes")[i % 2], date(2025, 1 + i % 12, 1))
    assert counts() == few


def test_pages_stay_bounded_with_thousands_of_statements(client, analyst, record):
    from claims.models import Stance, Statement

    proposal, minister, _, _ = record
    article = StatementFactory(status="approved").article  # the article page then prefetches from the start
    actors = [ActorFactory() for _ in range(20)]
    client.force_login(analyst)
    urls = [
        "/",
        f"/propositions/{proposal.slug}/",
        f"/actors/{minister.slug}/",
        "/search/?q=words",
        "/actors/",
        "/articles/",
        f"/articles/{article.pk}/",
        "/propositions/",
        f"/compare/?actors={minister.slug},{actors[0].slug}",
    ]

    def counts() -> list[int]:
        return query_counts(client, urls)

    few = counts()
    statements = Statement.objects.bulk_create(
        [
            Statement(
                article=article,
                speaker=actors[i % 20] if i % 3 else minister,
                text=f"words {i}",
                kind="indirect",
                start=0,
                end=5,
                status="approved",
                said_on=date(2025, 1 + i % 12, 1 + i % 28),
                date_precision="day",
            )
            for i in range(3000)
        ]
    )
    Stance.objects.bulk_create(
        [
            Stance(
                statement=s,
                proposition=proposal,
                polarity=("supports", "opposes", "undecided")[i % 3],
                is_confirmed=True,
            )
            for i, s in enumerate(statements[::2])
        ]
    )
    refresh_positions()  # stored behind the services' back: rebuild the maintained positions
    assert counts() == few
    # Exports stream in chunks of 500 rows: two prefetch queries per chunk, never one per row.
    with CaptureQueriesContext(connection) as captured:
        body = json.loads(
            b"".join(client.get("/statements/export.json?speaker=" + minister.slug).streaming_content)
        )
    assert body["count"] == 1000 + 2 and len(captured) <= 6 + 2 * 3


def test_an_organisations_members_are_listed_right_after_it_in_its_column():
    proposal = PropositionFactory(kind="proposal", title="A levy on river freight")
    alliance = ActorFactory(name="Zeta Alliance", kind="organization")
    spokesperson = ActorFactory(name="Ana Voice", affiliation=alliance)
    other = ActorFactory(name="Mid Council", kind="organization")
    for actor in (alliance, spokesperson, other):
        stance(actor, proposal, "opposes", date(2026, 1, 5))
    [(polarity, column)] = by_polarity(positions_on(proposal))
    assert polarity == "opposes" and [p.actor.name for p in column] == [
        "Mid Council",
        "Zeta Alliance",
        "Ana Voice",
    ]


def test_contradictions_pair_every_actor_once_without_listing_every_combination():
    claim = PropositionFactory(kind="claim", title="The dam is unsafe")
    asserting = [ActorFactory(name=f"Engineer {i}") for i in range(3)]
    denying = [ActorFactory(name=f"Operator {i}") for i in range(2)]
    for i, actor in enumerate(asserting):
        stance(actor, claim, "asserts", date(2026, 1, 1 + i))
    for i, actor in enumerate(denying):
        stance(actor, claim, "denies", date(2026, 2, 1 + i))
    pairs = contradictions(positions_on(claim))
    assert len(pairs) == 3
    assert {a.actor.name for a, _ in pairs} == {"Engineer 0", "Engineer 1", "Engineer 2"}
    assert {b.actor.name for _, b in pairs} == {"Operator 0", "Operator 1"}
    assert all(a.polarity == "asserts" and b.polarity == "denies" for a, b in pairs)
