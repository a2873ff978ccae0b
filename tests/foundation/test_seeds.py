"""`load_seeds` loads the seed data idempotently and all-or-nothing."""

from __future__ import annotations

import json
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from actors.models import Actor, Alias
from claims.models import Proposition, Statement
from claims.seeds import DEFAULT_SEEDS_DIR, load_seeds
from sources.models import Article, Outlet

pytestmark = pytest.mark.django_db

COUNTED = (Article, Outlet, Actor, Alias, Proposition)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


@pytest.fixture
def seeds_copy(tmp_path) -> Path:
    target = tmp_path / "seeds"
    shutil.copytree(DEFAULT_SEEDS_DIR, target)
    return target


def test_loading_twice_changes_nothing():
    first = load_seeds()
    after_first = counts()
    second = load_seeds()
    assert first.changed_anything
    assert not second.changed_anything, second.summary()
    assert counts() == after_first
    assert after_first["Article"] == 5
    assert after_first["Actor"] >= 20
    assert Actor.objects.values("slug").distinct().count() == after_first["Actor"]


def test_seed_content_is_loaded_with_metadata_and_affiliations():
    load_seeds()
    lungescu = Actor.objects.get(slug="oana-lungescu")
    assert lungescu.affiliation.name == "NATO"
    assert lungescu.gender == "female"
    assert lungescu.aliases.filter(text="Oana Lungesu", kind="misspelling").exists()
    assert Alias.objects.get(actor__slug="united-states", text="U.S.").kind == "abbreviation"
    tass = Article.objects.filter(outlet__name="TASS").order_by("published_at")
    assert [a.published_at.date().isoformat() for a in tass] == ["2019-09-25", "2020-10-31"]
    assert tass[0].published_source == "dateline"
    assert Proposition.objects.filter(slug="russia-inf-missile-moratorium", kind="proposal").exists()
    assert Outlet.objects.get(name="RT").domain == "rt.com"


def test_article_text_is_stored_cleaned():
    load_seeds()
    text = Article.objects.get(filename__startswith="004_").text
    assert "\u041c" not in text  # the Cyrillic letter inside the missile designation is folded
    assert "Share this story!" not in text


def test_the_propositions_carry_no_evaluation_answers():
    data = json.loads((DEFAULT_SEEDS_DIR / "propositions.json").read_text())
    assert all("expected" not in p for p in data["propositions"])


@pytest.mark.parametrize(
    "breakage,named",
    [
        (lambda d: (d / "actors.json").write_text('{"actors": [ {"name": "X", '), "actors.json"),
        (
            lambda d: (d / "articles" / "002_bed801b32c675cfa.txt").write_bytes(b"caf\xe9 \xff"),
            "002_bed801b32c675cfa.txt",
        ),
        (lambda d: (d / "articles" / "003_fa98feb7b74a8877.txt").unlink(), "003_fa98feb7b74a8877.txt"),
        (
            lambda d: (d / "articles" / "000_900539b7dfde8553.txt").write_text("   \n "),
            "000_900539b7dfde8553.txt",
        ),
        (
            lambda d: (d / "propositions.json").write_text(
                '{"propositions": [{"slug": "x", "title": "X", "kind": "maybe"}]}'
            ),
            "propositions.json",
        ),
    ],
)
def test_a_broken_seed_file_is_named_and_nothing_is_loaded(seeds_copy, breakage, named):
    breakage(seeds_copy)
    with pytest.raises(CommandError) as error:
        call_command("load_seeds", "--dir", str(seeds_copy), stdout=StringIO(), stderr=StringIO())
    assert named in str(error.value)
    assert sum(counts().values()) == 0


def test_an_unknown_affiliation_is_refused_before_writing(seeds_copy):
    path = seeds_copy / "actors.json"
    data = json.loads(path.read_text())
    data["actors"][0]["affiliation"] = "Atlantis"
    path.write_text(json.dumps(data))
    with pytest.raises(CommandError, match="Atlantis"):
        call_command("load_seeds", "--dir", str(seeds_copy), stdout=StringIO(), stderr=StringIO())
    assert sum(counts().values()) == 0


@pytest.mark.slow
def test_load_seeds_extracts_pending_candidates_once():
    out = StringIO()
    call_command("load_seeds", stdout=out, stderr=StringIO())
    pending = Statement.objects.filter(status="pending").count()
    assert pending >= 40, out.getvalue()
    assert Statement.objects.filter(speaker__slug="oana-lungescu").exists()
    out = StringIO()
    call_command("load_seeds", stdout=out, stderr=StringIO())
    assert "already extracted" in out.getvalue()
    assert Statement.objects.count() == pending
