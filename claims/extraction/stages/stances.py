"""Stances stage (a hook, run last): link statements to tracked propositions.

The stance suggester (`claims.extraction.stances`) is being rebuilt as its own package; until it is
wired in here, stance suggestions are made by the service that stores statements
(`claims/services/extraction.py`), and this stage does nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..state import ArticleState


def suggest_stances_stage(state: ArticleState, propositions: Sequence[Any] | None = None) -> None:
    """Receives the finished article state and the active propositions; suggests nothing yet."""
    return None
