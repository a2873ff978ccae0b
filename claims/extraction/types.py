"""Plain data passed into and out of the extraction pipeline (no Django, no database)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .clean import SourceMap


@dataclass(frozen=True)
class ActorRecord:
    """An actor as the extractor sees it: names to match and the facts pronouns need."""

    slug: str
    name: str
    kind: str  # person | organization | state | media | group | other
    aliases: tuple[str, ...] = ()
    alias_kinds: tuple[
        str, ...
    ] = ()  # parallel to aliases: name | abbreviation | role | metonym | misspelling
    gender: str = ""  # female | male | other | "" (unknown)
    role: str = ""
    affiliation: str | None = None  # slug of another actor
    id: int | None = None
    # An editor confirmed the actor. Only confirmed actors are found by a description or role noun
    # ("the health ministry") that the article itself does not tie to them.
    confirmed: bool = True


@dataclass
class StatementRecord:
    """One candidate statement. Offsets index into ExtractionResult.text."""

    text: str
    kind: str  # direct | mixed | indirect
    cue: str
    speaker_mention: str
    speaker_slug: str | None  # resolved actor, or None when unresolved
    speaker_name: str  # canonical name when resolved, else the mention
    speaker_kind: str  # the guessed actor kind when unresolved (person/organization/...)
    start: int
    end: int
    confidence: float
    said_on: date | None = None
    date_precision: str = "unknown"  # day | month | year | unknown
    date_source: str = ""  # how the date was found: "on Friday", "article date", ...
    via_mention: str = ""
    via_slug: str | None = None
    via_name: str = ""
    sentence_start: int = 0
    sentence_end: int = 0
    # An unresolved speaker's mention names someone (a name, or an organisation described with a proper
    # name: "the Dutch trade ministry"), so it may become a new actor; False for a description ("a
    # 32-year-old nurse", "the health ministry") or a pronoun: the mention is kept, no actor is made.
    speaker_named: bool = True
    # The role or title the article gives an unresolved named speaker ("mayor of Riverton" of "the mayor
    # of Riverton, Clara Vossberg"): it goes to a new actor's role, never into its name.
    speaker_role: str = ""
    # A split quotation ("...," X said, "...") has several quoted parts: their (start, end) offsets.
    # `text` is the parts joined by a space; start/end span them all. Empty for a one-piece statement.
    parts: list[tuple[int, int]] = field(default_factory=list)
    # Stance suggestions (claims.extraction.stances.StanceSuggestion), filled when propositions are given.
    stances: list[Any] = field(default_factory=list)


@dataclass
class ExtractionResult:
    text: str  # the cleaned text the offsets refer to
    statements: list[StatementRecord] = field(default_factory=list)
    published: date | None = None
    published_source: str = ""  # "given" | "dateline" | "text" | ""
    language: str = "en"
    skipped_reason: str = ""  # set when the article was skipped (not English, empty)
    notes: list[str] = field(default_factory=list)
    extractor_version: str = ""
    # Where each character of `text` came from in the text as given (None when not known).
    source_map: SourceMap | None = field(default=None, repr=False, compare=False)

    def input_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the text as given that the cleaned span [start, end) came from."""
        return self.source_map.span(start, end) if self.source_map is not None else (start, end)

    def input_text(self) -> str:
        """The text as given (the cleaned text when that is not known)."""
        return self.source_map.source if self.source_map is not None else self.text
