"""The state one article's extraction stages share, as plain data.

The stages (`stages/`) are functions over an ArticleState: the cleaned text and its paragraphs, the
parse, the quotation index, the dates found in the text, the discourse so far (for pronouns and role
nouns) and the candidate statements found so far. Only small position look-ups live here.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .dates import DateMention
from .mentions import Resolver
from .reported import Cue
from .speakers import ActorIndex, Discourse, Entity
from .stages.quotes import QuoteIndex
from .stances.lexicon import word_ranks
from .types import ExtractionResult, StatementRecord

COMMON_WORD_RANK = 20_000  # a capitalised lede word this common in English is a style, not a name

Token = Any  # spacy.tokens.Token
Span = Any  # spacy.tokens.Span


@dataclass
class Candidate:
    """A statement being built: its record plus what later stages need (cue, speaker, tense)."""

    record: StatementRecord
    para: int
    speaker: Entity | None
    cue: Cue | None = None
    via: Entity | None = None
    tense: str = ""
    head_index: int | None = None  # set when the cue is a participle or conjunct of another cue
    parts: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class DateIndex:
    """Date expressions of the text outside quotations and the dateline, in text order."""

    mentions: list[DateMention]
    starts: list[int] = field(init=False)

    def __post_init__(self) -> None:
        self.starts = [d.start for d in self.mentions]

    def within(self, start: int, end: int) -> list[DateMention]:
        i = bisect.bisect_left(self.starts, start)
        out = []
        while i < len(self.mentions) and self.mentions[i].start < end:
            out.append(self.mentions[i])
            i += 1
        return out


@dataclass
class ArticleState:
    """One article under extraction; the stages read and extend it in text order."""

    result: ExtractionResult
    doc: Any
    paragraphs: list[tuple[int, int]]
    quotes: QuoteIndex
    ent_of: dict[int, Any]  # token index -> named-entity span
    index: ActorIndex
    discourse: Discourse
    resolver: Resolver
    body_start: int  # where the body begins, after headline lines
    lede_para: int
    dates: DateIndex
    statements: list[Candidate] = field(default_factory=list)
    consumed: set[int] = field(default_factory=set)  # quotations already part of a statement
    skip_paras: set[int] = field(default_factory=set)  # interview questions and labelled lines
    actor_date: dict[str, tuple[date, str, str]] = field(default_factory=dict)  # key -> last date
    sentence_dates: list[tuple[DateMention, Token]] = field(default_factory=list)
    para_starts: list[int] = field(init=False)

    def __post_init__(self) -> None:
        self.para_starts = [s for s, _ in self.paragraphs]

    @property
    def text(self) -> str:
        return self.result.text

    @property
    def published(self) -> date | None:
        return self.result.published

    def para_of(self, char: int) -> int:
        """The paragraph holding a character offset."""
        return max(0, bisect.bisect_right(self.para_starts, char) - 1)

    def strip(self, start: int, end: int) -> tuple[int, int] | None:
        """A span without edge spaces and separators; None when no word is left."""
        text = self.text
        while start < end and (text[start].isspace() or text[start] in ",;"):
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:-\u2013\u2014"):
            end -= 1
        if end <= start or not any(ch.isalnum() for ch in text[start:end]):
            return None
        return start, end

    def without_trailing_comma(self, start: int, end: int) -> tuple[int, int]:
        """A quotation's words without the comma or semicolon that led into the attribution
        ('"... serious consideration," the embassy said' reads "... serious consideration")."""
        text = self.text
        while end > start and (text[end - 1].isspace() or text[end - 1] in ",;"):
            end -= 1
        return start, end

    def dateline_word(self, start: int, end: int) -> bool:
        """'WREXHAM —', 'CORK (Reuters) -': a place in capitals opening a paragraph before a dash,
        bracket or comma is the dateline, no one a later "the company" or "the minister" can be; nor is
        the agency in brackets after it ("LONDON (AP) -": "her campaign said" is not the AP's)."""
        word = self.text[start:end]
        para_start = self.para_starts[self.para_of(start)]
        if (
            self.text[start - 1 : start] == "("
            and self.text[end : end + 1] == ")"
            and start - para_start < 40
        ):
            first = self.text[para_start : start - 1].split()[:1]  # "LONDON (AP)", "COLUMBUS, Ohio (AP)"
            return bool(first) and first[0].rstrip(",").isupper() and len(first[0]) >= 3
        if not word.isupper() or len(word) < 3 or para_start != start:
            return False
        return self.text[end : end + 3].lstrip()[:1] in ("\u2014", "\u2013", "-", "(", ",")

    def styled_lede_word(self, start: int, end: int) -> bool:
        """'NURSES across England will strike ...': a paragraph's first word set in capitals by the
        outlet's style, a common English word followed by lower-case text, names nobody."""
        word = self.text[start:end]
        if not word.isalpha() or not word.isupper() or len(word) < 3:
            return False
        if self.para_starts[self.para_of(start)] != start:
            return False
        after = self.text[end : end + 2].lstrip()[:1]
        return after.islower() and word_ranks().get(word.lower(), COMMON_WORD_RANK + 1) <= COMMON_WORD_RANK

    def named(self, token: Token) -> bool:
        """A proper noun or part of a named entity."""
        return token.tag_ in ("NNP", "NNPS") or self.ent_of.get(token.i) is not None


def continuing(
    state: ArticleState,
    source: Candidate,
    *,
    para: int,
    span: tuple[int, int],
    sentence: tuple[int, int],
    kind: str,
    confidence: float,
    date_source: str,
    tense: str,
) -> Candidate:
    """A statement that goes on with `source`'s (a quotation or a reported sentence with no cue of its
    own): its words at `span`, the source's speaker, date and via; `date_source` when it has a date."""
    a, b = span
    rec = source.record
    record = StatementRecord(
        text=state.text[a:b],
        kind=kind,
        cue="",
        speaker_mention=rec.speaker_mention,
        speaker_slug=rec.speaker_slug,
        speaker_name=rec.speaker_name,
        speaker_kind=rec.speaker_kind,
        speaker_named=rec.speaker_named,
        start=a,
        end=b,
        confidence=confidence,
        said_on=rec.said_on,
        date_precision=rec.date_precision,
        date_source=date_source,
        via_mention=rec.via_mention,
        via_slug=rec.via_slug,
        via_name=rec.via_name,
        sentence_start=sentence[0],
        sentence_end=sentence[1],
    )
    return Candidate(record, para, source.speaker, None, via=source.via, tense=tense)
