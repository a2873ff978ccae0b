"""Plain data in and out of the stance suggester (no spaCy objects, no database)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class PropositionRecord:
    """A tracked question as the suggester sees it. Title and description alone must be enough;
    keywords, aliases and entities (phrases an editor adds) make the topic surer."""

    slug: str
    kind: str  # "claim" | "proposal"
    title: str
    description: str = ""
    keywords: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()


@dataclass(frozen=True)
class Evidence:
    """Words that decided a suggestion; offsets index the article text the statement offsets use."""

    start: int
    end: int
    text: str
    role: str  # topic | polarity | negation | condition | anaphor | context


@dataclass(frozen=True)
class StanceSuggestion:
    proposition_slug: str
    polarity: str  # supports | opposes | undecided | asserts | denies
    confidence: float
    evidence: tuple[Evidence, ...] = ()
    reason: str = ""  # a short phrase for the review card: "evaluates it: 'a reckless gamble'"
    rule: str = ""  # the deciding rule (a key of stance_rules.json "reliability"), for calibration


@dataclass(frozen=True)
class StatementSpan:
    """What the suggester needs of a statement, stored or just extracted (see `as_span`)."""

    start: int
    end: int
    parts: tuple[tuple[int, int], ...] = ()
    cue: str = ""
    speaker: str = ""

    @property
    def pieces(self) -> tuple[tuple[int, int], ...]:
        return self.parts or ((self.start, self.end),)


@dataclass
class ArticleContext:
    """The article around the statements: its text (offsets), and its headline when it is not in it."""

    text: str
    headline: str = ""
    paragraphs: list[tuple[int, int]] = field(default_factory=list)


def as_span(statement: object) -> StatementSpan:
    """A StatementSpan from anything with start/end (and optionally parts, cue, speaker_mention)."""
    if isinstance(statement, StatementSpan):
        return statement
    parts = tuple((int(p[0]), int(p[1])) for p in (getattr(statement, "parts", None) or ()))
    return StatementSpan(
        start=int(getattr(statement, "start")),  # noqa: B009  (any object with start/end)
        end=int(getattr(statement, "end")),  # noqa: B009
        parts=parts,
        cue=str(getattr(statement, "cue", "") or ""),
        speaker=str(getattr(statement, "speaker_mention", "") or getattr(statement, "speaker", "") or ""),
    )
