"""`manage.py extract_text`: the extractor on files, writing nothing; clear errors for what it cannot do."""

from __future__ import annotations

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from claims.models import Statement
from tests.factories import AliasFactory

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
@pytest.mark.slow
def test_extract_text_prints_one_json_object_per_statement_and_writes_nothing(tmp_path):
    AliasFactory(actor__name="Helena Varga", text="Varga")
    story = tmp_path / "story.txt"
    story.write_text(
        "The transport minister, Helena Varga, spoke on Tuesday.\n\n"
        "\u201cThe changes will cut journey times for most commuters,\u201d Varga told reporters.\n",
        encoding="utf-8",
    )
    out = StringIO()
    call_command("extract_text", str(story), "--jsonl", "--published", "2026-03-03", stdout=out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [(r["speaker"], r["kind"]) for r in rows] == [("Helena Varga", "direct")]
    assert rows[0]["quote"].startswith("The changes will cut journey times")
    assert Statement.objects.count() == 0


@pytest.mark.django_db
def test_unreadable_files_are_each_named_with_the_reason(tmp_path):
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 society".encode("latin-1"))
    errors = StringIO()
    with pytest.raises(CommandError, match="2 of 2 file"):
        call_command(
            "extract_text",
            str(tmp_path / "latin1.txt"),
            str(tmp_path / "missing.txt"),
            stdout=StringIO(),
            stderr=errors,
        )
    assert "latin1.txt: not valid UTF-8 (byte 3)" in errors.getvalue()
    assert "missing.txt: cannot read" in errors.getvalue()


def _run_without_a_database(tmp_path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "extract_text", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        env={"PATH": "/usr/bin:/bin", "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}"},
    )


@pytest.mark.slow
def test_without_a_database_it_resolves_speakers_against_the_bundled_actors(tmp_path):
    story = tmp_path / "story.txt"
    speaker = json.loads((ROOT / "seeds" / "actors.json").read_text(encoding="utf-8"))["actors"][0]["name"]
    story.write_text(
        f"\u201cThe new timetable will help commuters,\u201d {speaker} said on Monday.\n", encoding="utf-8"
    )
    result = _run_without_a_database(tmp_path, "--jsonl", str(story))
    assert [json.loads(line)["speaker"] for line in result.stdout.splitlines()] == [speaker]


def test_without_a_database_it_says_which_actors_it_used_and_how_to_set_one_up(tmp_path):
    result = _run_without_a_database(tmp_path, str(tmp_path / "missing.txt"))
    assert "database is not set up" in result.stderr and "load_seeds" in result.stderr


def test_an_actors_file_that_is_not_one_is_a_clear_error(tmp_path):
    (tmp_path / "actors.json").write_text('{"actors": 3}', encoding="utf-8")
    result = _run_without_a_database(tmp_path, "--actors", str(tmp_path / "actors.json"), "x.txt")
    assert result.returncode != 0 and "not an actors file" in result.stderr


@pytest.mark.django_db
@pytest.mark.slow
def test_the_readable_table_lists_a_statement_without_a_cue(tmp_path):
    AliasFactory(actor__name="Helena Varga", text="Varga")
    story = tmp_path / "story.txt"
    story.write_text(
        "\u201cThe changes will cut journey times for most commuters,\u201d Varga told reporters.\n\n"
        "\u201cNobody will pay more for a season ticket.\u201d\n",
        encoding="utf-8",
    )
    out = StringIO()
    call_command("extract_text", str(story), "--published", "2026-03-03", stdout=out)
    table = out.getvalue()
    assert "story.txt: 2 statement(s)" in table
    assert "Nobody will pay more for a season ticket." in table


MESSY_ARTICLE = (
    "\ufeff\n\n  Share this story!\n\nTrains to run later\n\n\n\n"
    "The transport minister, Helena Varga, said on Tuesday that the\n"
    "changes would cut journey times for most commuters and would be\n"
    "paid for from the existing budget.\r\n\r\n"
    "\u201cWe are not raising fares,\u201d Varga said, \u201cand we will not close a single station.\u201d\n\n\n"
    "Related stories: Rail strike called off\n\n"
    "\u201cNobody will pay more for a season ticket.\u201d\t\n"
)


@pytest.mark.django_db
@pytest.mark.slow
def test_jsonl_offsets_index_the_text_as_given(tmp_path):
    AliasFactory(actor__name="Helena Varga", text="Varga")
    story = tmp_path / "story.txt"
    story.write_bytes(MESSY_ARTICLE.encode("utf-8"))
    out = StringIO()
    call_command("extract_text", str(story), "--jsonl", "--published", "2026-03-03", stdout=out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    given = story.read_bytes().decode("utf-8")
    assert len(rows) == 3
    for row in rows:
        if len(row["parts"]) == 1:
            assert given[row["start"] : row["end"]] == row["quote"]
        for (start, end), part in zip(row["part_offsets"], row["parts"], strict=True):
            assert given[start:end] == part


@pytest.mark.django_db
@pytest.mark.slow
def test_jsonl_lists_the_parts_of_a_split_quotation_with_their_offsets(tmp_path):
    AliasFactory(actor__name="Helena Varga", text="Varga")
    story = tmp_path / "story.txt"
    story.write_bytes(MESSY_ARTICLE.encode("utf-8"))
    out = StringIO()
    call_command("extract_text", str(story), "--jsonl", "--published", "2026-03-03", stdout=out)
    split = next(json.loads(line) for line in out.getvalue().splitlines() if "raising fares" in line)
    assert split["parts"] == ["We are not raising fares", "and we will not close a single station."]
    assert split["quote"] == " ".join(split["parts"])
    assert (split["start"], split["end"]) == (split["part_offsets"][0][0], split["part_offsets"][-1][1])
