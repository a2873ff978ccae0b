"""Unclaimed quotations stage: quoted words no cue claimed.

'Name: "..."' lines and interview transcripts ('Q: ...' / 'A: ...', 'SMITH: ...') are attributed to
their label when the paragraph starts; after the sentence walk, a stand-alone quotation continues the
statement just before it (the same speaker's next paragraph), or the one right after an open quote.
"""

from __future__ import annotations

import bisect
import re
from typing import Any

from ..quotes import CLOSE_DOUBLE, OPEN_DOUBLE, STRAIGHT, Quote
from ..speakers import Entity
from ..state import ArticleState, Candidate, continuing
from ..types import StatementRecord
from .dates import date_statement
from .speakers import interviewee

Span = Any  # spacy.tokens.Span
_LABEL = re.compile(r"(?P<label>[^:\"\u201c\u201d\n]{1,80}?)\s*:\s+(?P<body>\S.*)$")
_QUESTION_LABELS = frozenset({"q", "question", "interviewer", "host"})
_ANSWER_LABELS = frozenset({"a", "answer"})
_MAX_LABEL_WORDS = 8
_SENTENCE_END = ".!?\u2026"
_LABELLED_CONFIDENCE = 0.75
_CONTINUATION_FACTOR = 0.8


def attribute_labelled_paragraph(state: ArticleState, sent: Span, para: int) -> None:
    """A paragraph 'Label: words' is the label's statement; question lines are skipped."""
    s, e = state.paragraphs[para]
    m = _LABEL.match(state.text, s, e)
    if not m:
        return
    label = m.group("label").strip()
    low = label.lower().rstrip(".")
    if low in _QUESTION_LABELS:
        state.skip_paras.add(para)
        state.consumed.update(i for i, q in enumerate(state.quotes.quotes) if s <= q.start < e)
        return
    if len(label.split()) > _MAX_LABEL_WORDS:
        return
    speaker = _label_speaker(state, sent, para, m, low)
    if speaker is None or speaker.kind == "other":
        return
    span = _labelled_words(state, m.start("body"), e)
    if span is None:
        return
    _add_labelled(state, para, speaker, label, span)


def _label_speaker(state: ArticleState, sent: Span, para: int, m: re.Match[str], low: str) -> Entity | None:
    s = state.paragraphs[para][0]
    if low in _ANSWER_LABELS:
        return interviewee(state, s)
    toks = [t for t in sent if t.idx < s + len(m.group("label")) and not t.is_punct]
    if not toks or not any(t.tag_ in ("NNP", "NNPS") for t in toks):
        return None
    head = toks[-1]
    ids = {x.i for x in toks}
    while head.head.i != head.i and head.head.i in ids:
        head = head.head
    return state.resolver.resolve(head, head.idx, para)


def _labelled_words(state: ArticleState, body_start: int, para_end: int) -> tuple[int, int] | None:
    """The quotation opening the body, else the whole body when it holds no quotation."""
    qi = state.quotes.at(body_start)
    if qi is not None and state.quotes[qi].start == body_start:
        a, b = state.quotes[qi].inner
        state.consumed.add(qi)
    else:
        a, b = body_start, para_end
        if any(q.start >= a and q.end <= b for q in state.quotes.quotes):
            return None
    return state.strip(a, b)


def _add_labelled(state: ArticleState, para: int, speaker: Entity, label: str, span: tuple[int, int]) -> None:
    s, e = state.paragraphs[para]
    a, b = span
    record = StatementRecord(
        text=state.text[a:b],
        kind="direct",
        cue="",
        speaker_mention=label,
        speaker_slug=speaker.slug,
        speaker_name=speaker.name,
        speaker_kind=speaker.kind,
        speaker_named=speaker.named,
        start=a,
        end=b,
        confidence=round(_LABELLED_CONFIDENCE * (1.0 if speaker.slug else 0.9), 3),
        sentence_start=s,
        sentence_end=e,
    )
    st = Candidate(record, para, speaker, None, tense="label")
    date_statement(state, st)
    state.statements.append(st)
    state.skip_paras.add(para)
    state.discourse.add(s, para, speaker, True, label)


# -- stand-alone quotations after the sentence walk ----------------------------------------------------
def attribute_unclaimed_quotes(state: ArticleState) -> None:
    """Stand-alone quotations nobody claimed continue a neighbouring statement."""
    ordered = sorted(state.statements, key=lambda s: s.record.start)
    starts = [s.record.start for s in ordered]
    for i, q in enumerate(state.quotes.quotes):
        para = _standalone_para(state, i, q)
        if para is None:
            continue
        k = bisect.bisect_left(starts, q.start)
        source = _continued(ordered, k, q, para)
        if source is None:
            continue
        span = state.strip(*q.inner)
        if span is None:
            continue
        st = _continuation(state, source, q, para, span)
        state.consumed.add(i)
        state.statements.append(st)
        pos = bisect.bisect_left(starts, span[0])
        ordered.insert(pos, st)
        starts.insert(pos, span[0])


def _standalone_para(state: ArticleState, i: int, q: Quote) -> int | None:
    """The paragraph of an unclaimed double-quoted body quotation that stands alone, else None."""
    if i in state.consumed or state.text[q.start] not in OPEN_DOUBLE + STRAIGHT:
        return None
    if state.body_start > 0 and q.start < state.body_start:
        return None
    para = state.para_of(q.start)
    if para in state.skip_paras or not _standalone(state, q, para):
        return None
    return para


def _continued(ordered: list[Candidate], k: int, q: Quote, para: int) -> Candidate | None:
    """The statement a quotation continues: the one before it (this or the previous paragraph), or
    for a quotation left open, the one in the next paragraph."""
    prev = ordered[k - 1] if k else None
    if prev is not None and prev.para >= para - 1 and prev.speaker is not None:
        return prev
    if q.open_ended and k < len(ordered) and ordered[k].para == para + 1:
        return ordered[k]
    return None


def _continuation(
    state: ArticleState, source: Candidate, q: Quote, para: int, span: tuple[int, int]
) -> Candidate:
    rec = source.record
    return continuing(
        state,
        source,
        para=para,
        span=span,
        sentence=(q.start, min(state.paragraphs[para][1], q.end + 1)),
        kind="direct",
        confidence=round(min(rec.confidence, 0.9) * _CONTINUATION_FACTOR, 3),
        date_source="continues the previous quotation" if rec.said_on else "",
        tense="continuation",
    )


def _standalone(state: ArticleState, q: Quote, para: int) -> bool:
    """A quotation that is a sentence of its own: after a sentence end, ending one, before another."""
    text = state.text
    ps, pe = state.paragraphs[para]
    j = q.start - 1
    while j >= ps and text[j] == " ":
        j -= 1
    if j >= ps and text[j] not in _SENTENCE_END + CLOSE_DOUBLE + STRAIGHT + "\u2019:":
        return False
    a, b = q.inner
    inner = text[a:b].rstrip()
    if not inner or (inner[-1] not in _SENTENCE_END and not q.open_ended):
        return False
    k = q.end
    while k < pe and text[k] == " ":
        k += 1
    return k >= pe or text[k] in OPEN_DOUBLE + STRAIGHT or text[k].isupper()
