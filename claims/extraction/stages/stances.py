"""Stances stage (run last): each statement's stance suggestions on the tracked propositions.

It reads the article's own parse (no second parse); the propositions are parsed once per process and
cached. The suggester itself is `claims.extraction.stances` (see its docstring).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..stances import suggest_for_doc
from ..state import ArticleState


@dataclass(frozen=True)
class StanceRequest:
    """What the stance stage needs besides the article: the propositions, the parser (to parse
    their titles and the headline) and the article's headline when it is not in its text."""

    propositions: Sequence[Any]  # claims.extraction.stances.PropositionRecord
    nlp: Any
    headline: str = ""


def suggest_stances_stage(state: ArticleState, request: StanceRequest | None = None) -> None:
    """Fill each statement record's `stances` (nothing to do without propositions)."""
    if request is None or not request.propositions or not state.statements:
        return
    records = [candidate.record for candidate in state.statements]
    found = suggest_for_doc(
        state.doc, records, request.propositions, nlp=request.nlp, headline=request.headline
    )
    for record, suggestions in zip(records, found, strict=True):
        record.stances = suggestions
