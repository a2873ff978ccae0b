from __future__ import annotations

from datetime import date

import pytest

from claims.models import Stance, Statement
from tests.factories import ActorFactory, PropositionFactory, StanceFactory, StatementFactory

from .receiver import Receiver


@pytest.fixture
def receiver():
    started: list[Receiver] = []

    def start(**options) -> Receiver:
        r = Receiver(**options).start()
        started.append(r)
        return r

    yield start
    for r in started:
        r.stop()


def flip_record() -> dict:
    """An actor who supported a proposal in January (approved, confirmed), and a pending statement of
    March in which the suggester reads opposition: approving it flips the actor's position."""
    actor = ActorFactory(name="Dana Reyes", is_confirmed=True)
    proposal = PropositionFactory(title="The bridge toll should be scrapped", kind="proposal")
    old = StatementFactory(
        speaker=actor,
        status=Statement.Status.APPROVED,
        said_on=date(2026, 1, 10),
        date_precision="day",
        text="We back scrapping the toll",
    )
    StanceFactory(statement=old, proposition=proposal, polarity=Stance.Polarity.SUPPORTS, is_confirmed=True)
    new = StatementFactory(
        speaker=actor,
        said_on=date(2026, 3, 2),
        date_precision="day",
        text="Scrapping the toll would be a mistake",
    )
    StanceFactory(statement=new, proposition=proposal, polarity=Stance.Polarity.OPPOSES, is_confirmed=False)
    return {"actor": actor, "proposition": proposal, "old": old, "new": new}


@pytest.fixture
def record(db):
    return flip_record()
