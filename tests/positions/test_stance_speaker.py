"""Each stance keeps a copy of its statement's speaker (Stance.speaker), which the positions refresh of
a decision reads the touched pairs' stances by: the copy follows every change of who said it (edits,
undo, merges, a speaker set outside review, an actor deleted), new stances take it however they are
stored, `manage.py positions --check` reports a stale one and `--fix` repairs it; and the refresh reads
only the pairs it touches, however much else the speaker said and others said on the proposition."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actors.models import Actor
from claims import services
from claims.models import ActorPosition, Stance, Statement
from claims.services.positions import drifted_speakers
from tests.factories import ActorFactory, PropositionFactory, StanceFactory, StatementFactory
from tests.propositions.stored import store_articles, toll_proposition

pytestmark = pytest.mark.django_db


def said(actor, proposition, polarity, when, *, status="approved", confirmed=True) -> Statement:
    statement = StatementFactory(speaker=actor, said_on=when, date_precision="day", status=status)
    StanceFactory(statement=statement, proposition=proposition, polarity=polarity, is_confirmed=confirmed)
    return statement


def copies(statement: Statement) -> set[int | None]:
    return set(Stance.objects.filter(statement=statement).values_list("speaker_id", flat=True))


def positions_held() -> set[tuple[str, str]]:
    return set(ActorPosition.objects.values_list("actor__name", "polarity"))


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """`with commit(): …` runs what the block queued for after its commit (the resuggestion's task)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def toll():
    return PropositionFactory(kind="proposal", title="A toll on the bridge")


def test_a_new_stance_takes_its_statements_speaker_however_it_is_made(toll):
    mayor = ActorFactory(name="May Or")
    statement = said(mayor, toll, "supports", date(2026, 1, 5))
    assert copies(statement) == {mayor.pk}
    other = StatementFactory(speaker=None)
    Stance.objects.create(statement_id=other.pk, proposition=toll, polarity="opposes")  # by id only
    assert copies(other) == {None}
    assert drifted_speakers() == []


def test_the_copy_follows_an_edit_of_the_speaker_and_its_undo(editor, toll):
    mayor, deputy = ActorFactory(name="May Or"), ActorFactory(name="Dep Uty")
    statement = said(mayor, toll, "supports", date(2026, 1, 5))
    edited = services.edit_statement(
        statement_id=statement.pk, user=editor, version=statement.version, changes={"speaker": deputy}
    )
    assert copies(edited) == {deputy.pk}
    assert positions_held() == {("Dep Uty", "supports")}
    services.undo_last(user=editor)
    assert copies(statement) == {mayor.pk}
    assert positions_held() == {("May Or", "supports")}
    assert services.check_positions() == []


def test_the_copy_follows_a_merge_of_actors(editor, toll):
    guessed, mayor = ActorFactory(name="The Mayor", is_confirmed=False), ActorFactory(name="May Or")
    first = said(guessed, toll, "supports", date(2026, 1, 5))
    pending = said(guessed, toll, "opposes", date(2026, 2, 1), status="pending", confirmed=False)
    said(mayor, toll, "opposes", date(2025, 12, 1))
    services.merge_actor(source_id=guessed.pk, target_id=mayor.pk, user=editor)
    assert copies(first) == copies(pending) == {mayor.pk}
    assert positions_held() == {("May Or", "supports")}
    assert services.check_positions() == []


def test_a_speaker_set_outside_review_is_followed_by_the_next_decision(editor, toll):
    mayor, newcomer = ActorFactory(name="May Or"), ActorFactory(name="New Comer")
    pending = said(mayor, toll, "opposes", date(2026, 2, 1), status="pending", confirmed=False)
    Statement.objects.filter(pk=pending.pk).update(speaker=newcomer)
    services.approve_statement(statement_id=pending.pk, user=editor, version=pending.version)
    assert copies(pending) == {newcomer.pk}
    assert positions_held() == {("New Comer", "opposes")}


def test_deleting_an_actor_clears_the_copy(toll):
    mayor = ActorFactory(name="May Or")
    statement = said(mayor, toll, "supports", date(2026, 1, 5))
    Actor.objects.filter(pk=mayor.pk).delete()
    assert copies(statement) == {None}
    assert drifted_speakers() == []
    assert services.check_positions() == []


def test_stances_stored_by_extraction_and_resuggestion_take_the_speaker(commit):
    statements = store_articles(1, 4, on_topic=1)
    speaker = ActorFactory(name="Ana Ruiz")
    Statement.objects.filter(pk__in=[s.pk for s in statements]).update(speaker=speaker)
    with commit():
        toll_proposition()  # its stances suggested on the stored statements (resuggest's bulk insert)
    assert set(Stance.objects.values_list("speaker_id", flat=True)) == {speaker.pk}
    assert drifted_speakers() == []


def test_the_command_reports_a_stale_copy_and_the_fix_repairs_it(toll, capsys):
    mayor, deputy = ActorFactory(name="May Or"), ActorFactory(name="Dep Uty")
    statement = said(mayor, toll, "supports", date(2026, 1, 5))
    call_command("positions", "--check")
    Stance.objects.filter(statement=statement).update(speaker=deputy)  # behind the services' back
    with pytest.raises(CommandError, match="differ"):
        call_command("positions", "--check")
    assert f"stored speaker #{deputy.pk}; computed speaker #{mayor.pk}" in capsys.readouterr().out
    call_command("positions", "--fix")
    assert copies(statement) == {mayor.pk}
    assert positions_held() == {("May Or", "supports")}
    call_command("positions", "--check")


PLANNED_AS_LARGE = ("enable_seqscan", "enable_hashjoin", "enable_mergejoin")


def _refresh_read(mayor, toll) -> tuple[int, int, int]:
    """The refresh of one pair: its number of queries, and the stance rows its read took (those it
    returned and those it filtered out) in how many index probes, from EXPLAIN ANALYZE of that query on
    fresh statistics, planned as on a record too big to scan or hash (no sequential scans or hash
    joins). The tiny tables of a test plan the joined statements oddly; the stances are what grows."""
    with CaptureQueriesContext(connection) as captured:
        services.refresh_positions(actor_ids=[mayor.pk], proposition_ids=[toll.pk])
    [read] = [q["sql"] for q in captured if q["sql"].startswith("SELECT") and "claims_stance" in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE claims_stance")
        cursor.execute("ANALYZE claims_statement")
        for setting in PLANNED_AS_LARGE:
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {read}")
        [[plan]] = cursor.fetchone()
        for setting in PLANNED_AS_LARGE:
            cursor.execute(f"SET LOCAL {setting} = on")
    rows = loops = 0

    def walk(node: dict) -> None:
        nonlocal rows, loops
        if node.get("Relation Name") == "claims_stance":
            taken = node["Actual Rows"] + node.get("Rows Removed by Filter", 0)
            rows += (taken + node.get("Rows Removed by Index Recheck", 0)) * node["Actual Loops"]
            loops += node["Actual Loops"]
        for child in node.get("Plans", []):
            walk(child)

    walk(json.loads(plan)["Plan"] if isinstance(plan, str) else plan["Plan"])
    return len(captured), rows, loops


@pytest.mark.skipif(connection.vendor != "postgresql", reason="reads the plan PostgreSQL runs")
def test_a_refresh_reads_only_the_pair_it_touches_however_large_the_record(toll):
    mayor, others = ActorFactory(name="May Or"), [ActorFactory() for _ in range(4)]
    elsewhere = [PropositionFactory() for _ in range(4)]
    for day in (5, 6, 7):
        said(mayor, toll, ("supports", "opposes")[day % 2], date(2026, 1, day))

    def grow(by: int) -> None:  # the speaker on other propositions, others on this one
        for i in range(by):
            said(mayor, elsewhere[i % 4], "supports", date(2025, 1 + i % 12, 1 + i % 28))
            said(others[i % 4], toll, "opposes", date(2025, 1 + i % 12, 1 + i % 28))

    grow(3)
    few, rows, probes = _refresh_read(mayor, toll)
    assert (rows, probes) == (3, 1)  # the pair's three stances, in one probe of the index
    grow(57)  # 20 times as many statements by the speaker elsewhere and by others on the proposition
    assert _refresh_read(mayor, toll) == (few, 3, 1)
