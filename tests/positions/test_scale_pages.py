"""What keeps the pages' cost flat as the record grows: each page runs as many queries with 50 rows as
with 5, the maintained side counts equal a count from scratch after every kind of decision, and search
ranks a bounded set of the newest matches and says when there are more."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actors.services import delete_actor
from claims import search, services
from claims.models import SideCount
from claims.positions import compute_positions, record_stance_rows, side_counts
from tests.factories import ActorFactory, PropositionFactory, StanceFactory, StatementFactory

pytestmark = pytest.mark.django_db


def said(actor, proposition, polarity, when, *, status="approved", confirmed=True, text="the levy words"):
    statement = StatementFactory(speaker=actor, said_on=when, date_precision="day", status=status, text=text)
    StanceFactory(statement=statement, proposition=proposition, polarity=polarity, is_confirmed=confirmed)
    return statement


def stored_sides() -> dict[tuple[int, str], int]:
    return {(r.proposition_id, r.polarity): r.actors for r in SideCount.objects.all() if r.actors}


def sides_from_scratch() -> dict[tuple[int, str], int]:
    return dict(Counter((c.proposition_id, c.polarity) for c in compute_positions(record_stance_rows())))


def grow(proposal, speaker, rows: int) -> None:
    """`rows` more actors on the proposal (supports, opposes, undecided in turn), each with a stance, and
    as many statements by `speaker`, all through refresh_positions as decisions do."""
    for i in range(rows):
        actor = ActorFactory()
        said(actor, proposal, ("supports", "opposes", "undecided")[i % 3], date(2026, 1, 1 + i % 28))
        said(speaker, proposal, ("supports", "opposes")[i % 2], date(2025, 1 + i % 12, 1 + i % 28))
    services.refresh_positions()


def main_part(html: str) -> str:
    """The page below its header: short markers like "r4x" can occur in the header's random CSRF token."""
    return html[html.index("<main") :]


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200, url
    return len(captured)


PAGES = ["/", "/propositions/", "/propositions/{p}/", "/actors/{a}/", "/search/?q=levy"]


@pytest.mark.parametrize("page", PAGES)
def test_a_page_runs_as_many_queries_with_50_rows_as_with_5(client, analyst, page):
    proposal = PropositionFactory(kind="proposal", title="A levy on river freight")
    speaker = ActorFactory(name="Min Ister")
    grow(proposal, speaker, 5)
    client.force_login(analyst)
    url = page.format(p=proposal.slug, a=speaker.slug)
    few = queries(client, url)
    grow(proposal, speaker, 45)
    assert queries(client, url) == few


def test_the_proposition_page_counts_every_actor_but_lists_the_latest_of_each_side(client, analyst):
    proposal = PropositionFactory(kind="proposal", title="A levy on river freight")
    for i in range(35):
        said(ActorFactory(name=f"Opponent {i:02d}"), proposal, "opposes", date(2026, 1, 1 + i % 28))
    services.refresh_positions()
    client.force_login(analyst)
    html = client.get(f"/propositions/{proposal.slug}/").content.decode()
    assert 'Opposes <span class="muted">(35)</span>' in html
    assert "and 5 more (the most recent are shown)" in html


def test_side_counts_equal_a_count_from_scratch_after_every_kind_of_decision(editor, admin_user):
    proposal = PropositionFactory(kind="proposal", title="A levy on river freight")
    mayor, envoy = ActorFactory(name="May Or"), ActorFactory(name="Eve Envoy", is_confirmed=False)
    said(mayor, proposal, "supports", date(2026, 1, 5))
    said(envoy, proposal, "opposes", date(2026, 1, 6))
    services.refresh_positions()
    pending = said(mayor, proposal, "opposes", date(2026, 2, 1), status="pending", confirmed=False)
    services.approve_statement(statement_id=pending.pk, user=editor, version=pending.version)
    assert stored_sides() == sides_from_scratch() == {(proposal.pk, "opposes"): 2}
    pending.refresh_from_db()
    services.flip_stance(
        statement_id=pending.pk, proposition_id=proposal.pk, user=editor, version=pending.version
    )
    assert stored_sides() == sides_from_scratch()
    services.undo_last(user=editor)
    assert stored_sides() == sides_from_scratch()
    pending.refresh_from_db()
    services.drop_stance(
        statement_id=pending.pk, proposition_id=proposal.pk, user=editor, version=pending.version
    )
    assert (
        stored_sides() == sides_from_scratch() == {(proposal.pk, "supports"): 1, (proposal.pk, "opposes"): 1}
    )
    services.merge_actor(source_id=envoy.pk, target_id=mayor.pk, user=admin_user)
    assert stored_sides() == sides_from_scratch()
    delete_actor(actor=mayor)
    assert stored_sides() == sides_from_scratch() == {}
    assert services.check_positions() == []


def test_the_check_finds_a_wrong_side_count():
    proposal = PropositionFactory(kind="proposal", title="A levy on river freight")
    said(ActorFactory(), proposal, "supports", date(2026, 1, 5))
    services.refresh_positions()
    SideCount.objects.filter(proposition=proposal).update(actors=7)
    [found] = services.check_positions()
    assert (found.actor_id, found.stored, found.computed) == (None, "7 actors supports", "1 actors supports")
    services.refresh_positions()
    assert dict(side_counts()[proposal.pk]) == {"supports": 1}


@pytest.fixture
def small_windows(monkeypatch):
    """Search's candidate set and windows cut to a few rows, so a handful of statements exceed them;
    every word is taken as rare (ranked through the index, never walked newest first)."""
    monkeypatch.setattr(search, "CANDIDATES", 3)
    monkeypatch.setattr(search, "FIRST_WINDOW", 2)
    monkeypatch.setattr(search, "GIN_ENTRY_COST", 0)


@pytest.fixture
def common_words(monkeypatch):
    """Every word is taken as common (walked newest first), with pages of 3 statements."""
    monkeypatch.setattr(search, "GIN_ENTRY_COST", 10**9)
    monkeypatch.setattr(search, "WALK_MIN_SHARE", 0)
    monkeypatch.setattr(search, "PAGE_SIZE", 3)


def test_a_common_word_is_walked_newest_first_and_a_rare_one_through_the_index():
    # a word in 5% of a million statements: a page of its matches lies in ~520 rows, its index holds 50,000
    assert search.walks(50_000, 1_000_000) and search.walks(5_000, 100_000)
    # a word in 0.05%: a page of it is 52,000 rows, its index 500 entries
    assert not search.walks(500, 1_000_000) and not search.walks(0, 1_000_000)
    # a word the statistics do not know is given at most 0.5% by PostgreSQL, whatever it is: never walked
    assert not search.walks(5_000, 1_000_000)


def test_the_first_window_holds_about_the_candidates_expected():
    assert search.first_window(400, 1_000_000, 500) == 1_000_001  # fewer than the candidates: all of them
    window = search.first_window(5_000, 1_000_000, 500)
    assert 5_000 * window / 1_000_000 >= 500  # the window is expected to hold the candidates
    assert window < 1_000_000 / 5


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ranking is PostgreSQL's")
def test_search_ranks_the_newest_matches_and_says_there_are_more(client, analyst, small_windows):
    speaker = ActorFactory(name="Min Ister")
    StatementFactory(speaker=speaker, status="approved", text="levy levy levy on freight")  # the oldest
    newer = [
        StatementFactory(speaker=speaker, status="approved", text=f"a levy, remark {i}") for i in range(3)
    ]
    newer[0].text = "the levy, the levy and the levy again"
    newer[0].save()
    StatementFactory(speaker=speaker, status="approved", text="nothing to do with it")
    client.force_login(analyst)
    html = client.get("/search/?q=levy").content.decode()
    assert "more than 3 (the newest 3 are ranked)" in html
    assert "remark 1" in html and "remark 2" in html
    assert "freight" not in html  # the oldest match is beyond the candidates
    assert html.index("again") < html.index("remark 1")  # the most relevant of them first


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ranking is PostgreSQL's")
def test_search_counts_the_matches_when_they_are_few(client, analyst, small_windows):
    StatementFactory(status="approved", text="a levy on freight")
    StatementFactory(status="approved", text="nothing to do with it")
    client.force_login(analyst)
    html = client.get("/search/?q=levy").content.decode()
    assert 'Statements <span class="small muted">1 ·' in html
    assert client.get("/search/?q=zzzqqx").status_code == 200


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the planner's statistics are PostgreSQL's")
def test_the_expected_matches_come_from_the_statistics_of_the_words():
    for i in range(300):
        StatementFactory(status="approved", text=f"the levy again {i}" if i % 3 == 0 else f"a toll {i}")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE claims_statement")
    levy = search.estimated_rows(search.filtered_statements(search.StatementFilters(q="levy"), editor=False))
    toll = search.estimated_rows(search.filtered_statements(search.StatementFilters(q="toll"), editor=False))
    assert 60 <= levy <= 140 and 150 <= toll <= 250


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the walk is PostgreSQL's")
def test_a_common_word_lists_its_matches_newest_first_a_page_at_a_time(client, analyst, common_words):
    speaker = ActorFactory(name="Min Ister")
    made = [
        StatementFactory(speaker=speaker, status="approved", text=f"a levy, remark r{i}x") for i in range(7)
    ]
    StatementFactory(speaker=speaker, status="pending", text="a levy, remark pending")
    StatementFactory(speaker=speaker, status="approved", text="nothing to do with it")
    client.force_login(analyst)

    def shown(url: str) -> tuple[list[int], str]:
        html = main_part(client.get(url).content.decode())
        return [i for i in range(7) if f"r{i}x" in html], html

    first, html = shown("/search/?q=levy")
    assert first == [4, 5, 6] and html.index("r6x") < html.index("r5x") < html.index("r4x")
    assert "about " in html and "newest first" in html and "pending" not in html
    assert f"before={made[4].pk}" in html and "← newest" not in html
    second, html = shown(f"/search/?q=levy&before={made[4].pk}")
    assert second == [1, 2, 3] and "← newest" in html and f"before={made[1].pk}" in html
    last, html = shown(f"/search/?q=levy&before={made[1].pk}")
    assert last == [0] and "older →" not in html
    assert client.get("/search/?q=levy&before=-3x").status_code == 200  # a bad cursor is the first page


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the walk is PostgreSQL's")
def test_a_page_of_a_common_word_costs_the_same_queries_with_more_matches(client, analyst, common_words):
    for i in range(5):
        StatementFactory(status="approved", text=f"a levy, remark {i}")
    client.force_login(analyst)
    few = queries(client, "/search/?q=levy")
    for i in range(30):
        StatementFactory(status="approved", text=f"a levy, another remark {i}")
    assert queries(client, "/search/?q=levy") == queries(client, "/search/?q=levy&before=20") == few


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the walk is PostgreSQL's")
def test_a_walk_that_finds_too_few_among_the_newest_takes_the_rest_from_the_index(
    client, analyst, common_words, monkeypatch
):
    # thought so common that the walk reads next to no ids before the index takes over
    monkeypatch.setattr(search, "estimated_rows", lambda statements: 1e9)
    monkeypatch.setattr(search, "FIRST_WINDOW", 2)
    old = [StatementFactory(status="approved", text=f"a levy, remark r{i}x") for i in range(4)]
    for i in range(20):
        StatementFactory(status="approved", text=f"nothing to do with it {i}")  # the newest match nothing
    client.force_login(analyst)
    html = main_part(client.get("/search/?q=levy").content.decode())
    assert "r1x" in html and "r2x" in html and "r3x" in html and "r0x" not in html
    assert html.index("r3x") < html.index("r2x") < html.index("r1x")
    assert f"before={old[1].pk}" in html


def test_the_actor_timeline_pages_by_keyset_through_dated_then_undated_statements(client, analyst):
    speaker = ActorFactory(name="Min Ister", slug="min-ister")
    made = [
        StatementFactory(
            speaker=speaker,
            status="approved",
            text=f"remark r{i}x",
            said_on=date(2025, 1, 1 + i % 3) if i < 50 else None,  # ties on each date; 10 undated
            date_precision="day" if i < 50 else "unknown",
        )
        for i in range(60)
    ]
    expected = sorted(made, key=lambda s: (s.said_on is not None, s.said_on or date.min, s.pk), reverse=True)
    client.force_login(analyst)
    url, seen, counts = "/actors/min-ister/", [], []
    while url:
        with CaptureQueriesContext(connection) as captured:
            html = main_part(client.get(url).content.decode())
        counts.append(len(captured))
        shown = sorted((html.index(f"r{made.index(s)}x<"), s) for s in made if f"r{made.index(s)}x<" in html)
        seen += [s for _, s in shown]
        older = re.search(r'href="\?after=([^"]+)">older', html)
        url = f"/actors/min-ister/?after={older.group(1)}" if older else None
    assert [s.pk for s in seen] == [s.pk for s in expected]  # each once, newest first, undated last
    assert len(counts) == 3 and max(counts) <= counts[0] + 1  # one more where the dated ones end
    assert "← newest" in html
    assert client.get("/actors/min-ister/?after=2025-13-01.x").status_code == 200  # not a cursor: page 1
