"""The one place the services meet the stance suggester (`claims.extraction.stances`).

Propositions go in as the suggester's PropositionRecord; suggestions come out as `Suggested` (the values a
Stance row stores: polarity, confidence, evidence as JSON, reason). Extraction and re-suggestion both
come through here, so a stored stance looks the same whichever made it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

from ..extraction import load_nlp
from ..extraction import stances as suggester
from ..models import Proposition

EVIDENCE_ROLES = ("topic", "anaphor", "polarity", "negation", "condition", "context")


@dataclass(frozen=True)
class Suggested:
    """A stance suggestion as a Stance row stores it."""

    proposition_slug: str
    polarity: str
    confidence: float
    evidence: list[dict] = field(default_factory=list)  # [{"start", "end", "text", "role"}]
    reason: str = ""

    def stance_values(self) -> dict[str, Any]:
        return {
            "polarity": self.polarity,
            "confidence": min(1.0, max(0.0, float(self.confidence))),
            "evidence": self.evidence,
            "reason": self.reason[:200],
        }


def _phrases(values: Sequence[Any] | None) -> tuple[str, ...]:
    return tuple(str(v) for v in (values or ()) if str(v).strip())


def proposition_record(proposition: Proposition) -> suggester.PropositionRecord:
    """The proposition as the suggester reads it."""
    return suggester.PropositionRecord(
        slug=proposition.slug,
        kind=proposition.kind,
        title=proposition.title,
        description=proposition.description or "",
        keywords=_phrases(proposition.keywords),
        aliases=_phrases(proposition.aliases),
        entities=_phrases(proposition.entities),
    )


def active_records() -> list[suggester.PropositionRecord]:
    """Every tracked (not archived) proposition, as the suggester reads them."""
    return [proposition_record(p) for p in Proposition.objects.filter(is_active=True).order_by("id")]


def _nlp() -> Any:
    return load_nlp(settings.TRACKER_SPACY_MODEL)


def problems(proposition: Proposition) -> list[str]:
    """What keeps the suggester from finding the proposition in statements, in words an editor can act on."""
    return list(suggester.proposition_problems(proposition_record(proposition), nlp=_nlp()))


@dataclass(frozen=True)
class StoredStatement:
    """What the suggester needs of a stored statement."""

    start: int
    end: int
    text: str
    cue: str = ""
    speaker_mention: str = ""


def suggest_for_article(
    *, text: str, headline: str, statements: Sequence[StoredStatement], records: Sequence[Any]
) -> list[list[Suggested]]:
    """Suggestions for an article's stored statements on `records`, one list per statement, in order.
    The article's stored text is parsed once (the statements' offsets index it)."""
    if not statements or not records:
        return [[] for _ in statements]
    found = suggester.resuggest(
        nlp=_nlp(), text=text, statements=statements, propositions=records, headline=headline
    )
    return [[from_suggestion(s) for s in per_statement] for per_statement in found]


def from_suggestion(suggestion: suggester.StanceSuggestion) -> Suggested:
    """The suggestion as a Stance row stores it."""
    return Suggested(
        proposition_slug=suggestion.proposition_slug,
        polarity=suggestion.polarity,
        confidence=suggestion.confidence,
        evidence=[
            {"start": int(e.start), "end": int(e.end), "text": str(e.text), "role": str(e.role)}
            for e in suggestion.evidence
        ],
        reason=str(suggestion.reason or ""),
    )
