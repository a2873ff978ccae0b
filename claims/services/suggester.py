"""The one place the services meet the stance suggester (`claims.extraction.stances`).

Propositions go in as the suggester's PropositionRecord; suggestions come out as `Suggested` (the values a
Stance row stores: polarity, confidence, evidence as JSON, reason). The suggester reads the parse
(`resuggest`, `proposition_problems`); while an older suggester without them is installed, its word-list
functions stand in, so the rest of the app does not depend on which one it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

from ..extraction import load_nlp
from ..extraction import stances as _stances
from ..models import Proposition

suggester: Any = _stances  # the older and the newer suggester differ in their functions: see above
READS_THE_PARSE = hasattr(suggester, "resuggest") and hasattr(suggester, "proposition_problems")
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


def proposition_record(proposition: Proposition) -> Any:
    """The proposition as the suggester reads it."""
    keywords, aliases, entities = (
        _phrases(proposition.keywords),
        _phrases(proposition.aliases),
        _phrases(proposition.entities),
    )
    if READS_THE_PARSE:
        return suggester.PropositionRecord(
            slug=proposition.slug,
            kind=proposition.kind,
            title=proposition.title,
            description=proposition.description or "",
            keywords=keywords,
            aliases=aliases,
            entities=entities,
        )
    return suggester.PropositionRecord(
        proposition.slug, proposition.kind, proposition.title, keywords + aliases + entities
    )


def active_records() -> list[Any]:
    """Every tracked (not archived) proposition, as the suggester reads them."""
    return [proposition_record(p) for p in Proposition.objects.filter(is_active=True).order_by("id")]


def _nlp() -> Any:
    return load_nlp(settings.TRACKER_SPACY_MODEL)


def problems(proposition: Proposition) -> list[str]:
    """What keeps the suggester from finding the proposition in statements, in words an editor can act on."""
    record = proposition_record(proposition)
    if READS_THE_PARSE:
        return list(suggester.proposition_problems(record, nlp=_nlp()))
    if proposition.phrases:
        return []
    stop = set(suggester.load("stopwords_en")["words"])
    words = suggester._words(f"{proposition.title} {proposition.description}")
    if not any(w not in stop and len(w) > 2 for w in words):
        return [
            "The title and description have no distinctive words, so statements cannot be matched to "
            "it: add keywords or aliases, phrases of two or more words that name it."
        ]
    return []


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
    if READS_THE_PARSE:
        found = suggester.resuggest(
            nlp=_nlp(), text=text, statements=statements, propositions=records, headline=headline
        )
        return [[_from_suggestion(s) for s in per_statement] for per_statement in found]
    return [_word_list_suggestions(text, statement, records) for statement in statements]


def _from_suggestion(suggestion: Any) -> Suggested:
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


def _word_list_suggestions(text: str, statement: StoredStatement, records: Sequence[Any]) -> list[Suggested]:
    """The older suggester: its cue phrase becomes the evidence, found in the sentence around the statement."""
    context = suggester.sentence_around(text, statement.start, statement.end)
    found = suggester.suggest_stances(
        text=statement.text,
        context=context,
        cue=statement.cue,
        propositions=records,
        speaker=statement.speaker_mention,
    )
    return [
        Suggested(
            proposition_slug=s.proposition_slug,
            polarity=s.polarity,
            confidence=s.confidence,
            evidence=_locate(text, statement, s.evidence),
            reason=f"“{s.evidence}”" if s.evidence else "",
        )
        for s in found
    ]


def _locate(text: str, statement: StoredStatement, phrase: str) -> list[dict]:
    """The phrase's offsets nearest the statement, as polarity evidence ([] when not found)."""
    phrase = phrase.replace("not … ", "").strip()
    if not phrase:
        return []
    window_start = max(0, statement.start - 300)
    lower = text.lower()
    at = lower.find(phrase.lower(), window_start, statement.end + 300)
    if at < 0:
        return []
    return [{"start": at, "end": at + len(phrase), "text": text[at : at + len(phrase)], "role": "polarity"}]
