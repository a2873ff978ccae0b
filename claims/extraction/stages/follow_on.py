"""Follow-on reported sentences: "The bridge would reopen in May, she said. The repairs had cost ...".

A sentence with no cue and no quotation mark, right after a statement of its paragraph whose cue
trails its content ("..., she said." ending the sentence), continues that speaker's reported words
when its main verb is backshifted as reported speech is (a past modal, or the past perfect). Any
other sentence there is the writer's narration. Each such sentence may be followed by another.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from ..resources import load
from ..state import ArticleState, Candidate, continuing

Span = Any  # spacy.tokens.Span
_FACTOR = 0.8  # confidence against the statement continued
_TRAILING = " \t,.;"
_QUOTE_MARKS = '"\u201c\u201d\u201e\u00ab\u00bb'


@cache
def _words() -> tuple[frozenset[str], frozenset[str]]:
    data = load("speech_verbs")["follow_on"]
    return frozenset(data["modals"]), frozenset(data["perfect"])


def follow_on_report(state: ArticleState, sent: Span, para: int) -> Candidate | None:
    """The continuation a cue-less sentence makes of the reported statement before it, else None."""
    source = _continued(state, sent, para)
    if source is None or not _backshifted(sent):
        return None
    text = sent.text
    if any(ch in _QUOTE_MARKS for ch in text) or text.rstrip().endswith("?"):
        return None
    span = state.strip(sent.start_char, sent.end_char)
    if span is None:
        return None
    a, b = span
    while b > a and state.text[b - 1] in ".":
        b -= 1
    return _continuation(state, source, para, (a, b), sent)


def _continued(state: ArticleState, sent: Span, para: int) -> Candidate | None:
    """The statement just before this sentence when it is reported, in this paragraph, and either
    a trailing attribution that ends its sentence or itself a follow-on."""
    if not state.statements:
        return None
    prev = state.statements[-1]
    rec = prev.record
    if prev.para != para or rec.kind == "direct" or prev.speaker is None:
        return None
    if state.text[rec.sentence_end : sent.start_char].strip():
        return None
    if prev.tense == "follow-on":
        return prev
    cue = prev.cue
    if cue is None or cue.side != "left" or cue.pieces:
        return None
    rest = state.text[cue.frame[1] : rec.sentence_end]
    return prev if not rest.strip(_TRAILING) else None


def _backshifted(sent: Span) -> bool:
    """The main verb has a past modal ("would choose") or is a past perfect ("had voted")."""
    modals, perfect = _words()
    root = sent.root
    auxes = [c.lower_ for c in root.children if c.dep_ in ("aux", "auxpass")]
    if any(a in modals for a in auxes):
        return True
    participle = root.tag_ == "VBN" or any(c.dep_ == "auxpass" for c in root.children)
    return participle and any(a in perfect for a in auxes)


def _continuation(
    state: ArticleState, source: Candidate, para: int, span: tuple[int, int], sent: Span
) -> Candidate:
    rec = source.record
    return continuing(
        state,
        source,
        para=para,
        span=span,
        sentence=(sent.start_char, sent.end_char),
        kind="indirect",
        confidence=round(rec.confidence * _FACTOR, 3),
        date_source="continues the previous statement" if rec.said_on else rec.date_source,
        tense="follow-on",
    )
