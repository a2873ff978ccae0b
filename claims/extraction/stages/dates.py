"""Dates stage: when each statement was made.

In order: a date expression attached to the cue's verb or frame ("said on Friday"); the date of the
statement a participle depends on ("..., adding that"); the date last given for the same speaker;
for a past-tense statement in the lede, the publication date. Otherwise undated, with the reason.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..dates import Dateline, DateMention, find_dates
from ..reported import is_verb, subject_of
from ..state import ArticleState, Candidate, DateIndex
from .quotes import QuoteIndex

Span = Any  # spacy.tokens.Span
Token = Any
DateValue = tuple[date | None, str, str]  # value, precision, source

_MAX_HEAD_HOPS = 8  # from a date expression up the parse to its verb
_MAX_CUE_CHAIN = 4  # verbs a cue is coordinated or complemented with ("said and added")
_DATELINE_MARGIN = 2
_UNDATED_REASON = {
    "pastperfect": "past perfect: earlier, undated",
    "perfect": "perfect: undated",
    "present": "present tense: habitual or ongoing",
}


def index_dates(
    text: str, published: date | None, dateline: Dateline | None, quotes: QuoteIndex
) -> DateIndex:
    """The text's date expressions, except the dateline's and those inside quotations."""
    found = [
        d
        for d in find_dates(text, published)
        if not (dateline and dateline.start <= d.start < dateline.end + _DATELINE_MARGIN)
        and not quotes.covers(d.start)
    ]
    return DateIndex(found)


def record_sentence_dates(state: ArticleState, sent: Span, para: int) -> None:
    """Note the sentence's dates with their verbs; a date on a verb whose subject (or agent) is an
    actor is remembered for that actor's later statements."""
    state.sentence_dates = []
    for d in state.dates.within(sent.start_char, sent.end_char):
        if d.value is None:
            continue
        verb = _governing_verb(state, d)
        if verb is None:
            continue
        state.sentence_dates.append((d, verb))
        subj = _doer(verb)
        if subj is None or state.quotes.in_quote[subj.i]:
            continue
        entity = state.resolver.resolve(subj, subj.idx, para)
        if entity is not None:
            state.actor_date[entity.key] = (d.value, d.precision, d.text)


def _doer(verb: Token) -> Token | None:
    """The verb's subject, or the agent of a passive participle ("was announced by X")."""
    subj = subject_of(verb)
    if subj is None or (verb.tag_ == "VBN" and any(c.dep_ == "agent" for c in verb.children)):
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        if agent is not None:
            return next((g for g in agent.children if g.dep_ == "pobj"), None)
    return subj


def _governing_verb(state: ArticleState, d: DateMention) -> Token | None:
    span = state.doc.char_span(d.start, d.end, alignment_mode="expand")
    if span is None:
        return None
    t = span.root
    for _ in range(_MAX_HEAD_HOPS):
        if is_verb(t):
            return t
        if t.head.i == t.i:
            return None
        t = t.head
    return None


def _explicit_date(state: ArticleState, st: Candidate) -> DateMention | None:
    """A date of the cue's sentence attached to the cue (its verb chain or frame), not to the content."""
    cue = st.cue
    if cue is None:
        return None
    heads = {cue.token.i}
    t = cue.token
    while t.dep_ in ("xcomp", "conj") and t.head.i != t.i and len(heads) < _MAX_CUE_CHAIN:
        t = t.head
        heads.add(t.i)
    rec = st.record
    lo, hi = (st.parts[0][0], st.parts[-1][1]) if st.parts else (rec.start, rec.end)
    for d, verb in state.sentence_dates:
        if lo <= d.start < hi:
            continue
        if verb.i in heads or cue.frame[0] <= d.start < cue.frame[1]:
            return d
        if cue.side == "right" and cue.frame[1] <= d.start and d.end <= lo:
            return d
    return None


def date_statement(state: ArticleState, st: Candidate) -> None:
    """Set the statement's date, precision and date source (or the reason it is undated)."""
    rec = st.record
    explicit = _explicit_date(state, st)
    key = st.speaker.key if st.speaker is not None else ""
    value, precision, source = _given_or_inherited(state, st, explicit)
    if value is None and explicit is None and not source:
        value, precision, source = _implied(state, st, key)
    if value is not None:
        rec.said_on, rec.date_precision, rec.date_source = value, precision, source
        if key and (explicit is not None or key not in state.actor_date):
            state.actor_date[key] = (value, precision, source)
    else:
        rec.said_on, rec.date_precision = None, "unknown"
        rec.date_source = _UNDATED_REASON.get(st.tense, "")


def _given_or_inherited(state: ArticleState, st: Candidate, explicit: DateMention | None) -> DateValue:
    """The explicit date, else the date of the statement this participle depends on."""
    if explicit is not None and explicit.value is not None:
        return explicit.value, explicit.precision, explicit.text
    if st.head_index is not None and st.cue is not None:
        head = _head_statement(state, st)
        if head is not None:
            return head.record.said_on, head.record.date_precision, head.record.date_source
    return None, "unknown", ""


def _implied(state: ArticleState, st: Candidate, key: str) -> DateValue:
    """A past statement takes the speaker's last date; a perfect one in the lede, and any other one
    a news report gives no time for ("said", "says", "told"), the publication date. "Has said" and
    "had said" outside the lede are earlier, undated."""
    tense = st.tense
    if tense == "past" and key in state.actor_date:
        value, precision, text = state.actor_date[key]
        return value, precision, f"same speaker, {text}"
    if state.published is None:
        return None, "unknown", ""
    if tense == "perfect" and st.para == state.lede_para:
        return state.published, "day", "article date (lede)"
    if tense not in _UNDATED_REASON or tense == "present":
        return state.published, "day", "article date"
    return None, "unknown", ""


def _head_statement(state: ArticleState, st: Candidate) -> Candidate | None:
    if st.cue is None or st.cue.head_cue is None:
        return None
    head_i = st.cue.head_cue.i
    for other in reversed(state.statements):
        if other.cue is not None and other.cue.token.i == head_i:
            return other
    return None
