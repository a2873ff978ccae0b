"""`manage.py score_stances DIR`: a stance set scored without touching the database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
SHARED_SEEDS = ROOT.parent / "shared" / "seeds"


def _write_set(folder: Path) -> Path:
    (folder / "articles").mkdir(parents=True)
    (folder / "articles" / "a.txt").write_text(
        '"We will fight the harbour toll in every court," said Ana Reis, who chairs the fishers\' guild.\n\n'
        "Mayor Jon Holt said the harbour toll was a sensible step.\n",
        encoding="utf-8",
    )
    (folder / "manifest.json").write_text(
        json.dumps({"articles": [{"file": "a.txt", "published": "2024-02-01", "title": "Harbour toll row"}]}),
        encoding="utf-8",
    )
    (folder / "propositions.json").write_text(
        json.dumps(
            {
                "propositions": [
                    {
                        "slug": "harbour-toll",
                        "kind": "proposal",
                        "title": "A toll on boats using Velm harbour",
                        "keywords": ["harbour toll"],
                        "expected": [
                            {"actor": "Ana Reis", "polarity": "opposes"},
                            {"actor": "Jon Holt", "polarity": "supports"},
                        ],
                    }
                ]
            }
        ),
        encoding="utf-8",
    )
    return folder


@pytest.mark.django_db
def test_a_set_without_gold_lines_is_scored_on_positions(tmp_path, capsys):
    call_command("score_stances", str(_write_set(tmp_path / "set")))
    out = capsys.readouterr().out
    assert "suggester" in out and "baseline" in out
    assert "positions P=1.000 R=1.000 F1=1.000" in out.split("baseline")[0]


@pytest.mark.django_db
def test_gold_lines_add_stance_precision_and_recall(tmp_path, capsys):
    folder = _write_set(tmp_path / "set")
    gold = [
        {
            "doc": "a.txt",
            "speaker": "Ana Reis",
            "quote": "We will fight the harbour toll in every court,",
            "stances": {"harbour-toll": "opposes"},
        },
        {
            "doc": "a.txt",
            "speaker": "Jon Holt",
            "quote": "the harbour toll was a sensible step",
            "stances": {"harbour-toll": "supports"},
        },
    ]
    (folder / "gold.jsonl").write_text("\n".join(json.dumps(g) for g in gold), encoding="utf-8")
    call_command("score_stances", str(folder))
    out = capsys.readouterr().out
    assert "stances P=1.000 R=1.000" in out.split("baseline")[0]


def test_a_folder_that_is_not_a_set_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="no manifest.json"):
        call_command("score_stances", str(tmp_path))


@pytest.mark.skipif(not SHARED_SEEDS.exists(), reason="../shared/seeds is not available")
def test_the_shared_seed_layout_is_accepted(capsys):
    call_command("score_stances", str(SHARED_SEEDS))
    assert "positions P=" in capsys.readouterr().out


@pytest.mark.django_db
def test_the_positions_missed_are_listed_only_with_details(tmp_path, capsys):
    folder = _write_set(tmp_path / "set")
    data = json.loads((folder / "propositions.json").read_text(encoding="utf-8"))
    data["propositions"][0]["expected"].append({"actor": "Eda Voss", "polarity": "supports"})
    (folder / "propositions.json").write_text(json.dumps(data), encoding="utf-8")
    call_command("score_stances", str(folder))
    assert "Eda Voss".lower() not in capsys.readouterr().out.lower()
    call_command("score_stances", str(folder), "--details")
    assert "missing: eda voss / harbour-toll / supports" in capsys.readouterr().out
