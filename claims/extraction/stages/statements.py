"""Cues and reported speech stage: each speech cue of a sentence becomes a candidate statement.

A cue (reported.find_cues) gives the verb, its frame and where its content lies: to the right
("said that ..."), to the left of a trailing attribution ("..., X said"), after a colon, in the
object ("accused X of Y"), or in the quotation right before an attribution-only verb ("the
spokesperson continued"). Here the content is snapped to whole quotations, its kind decided (direct,
mixed, indirect), a split quotation joined ("...," X said, "..."), and its speaker resolved.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from ..quotes import OPEN_DOUBLE, STRAIGHT, Quote
from ..reported import Cue, is_verb
from ..resources import load
from ..speakers import Entity
from ..state import ArticleState, Candidate
from ..types import StatementRecord
from .speakers import add_speaker_mentions, speaker_of_cue

Span = Any  # spacy.tokens.Span
Token = Any

# Dependents of a left-hand content clause's head that are not part of what was said.
_PERIPHERAL_DEPS = frozenset(
    {
        "ccomp",
        "advcl",
        "conj",
        "cc",
        "punct",
        "advmod",
        "parataxis",
        "prep",
        "npadvmod",
        "mark",
        "dep",
        "intj",
    }
)
# Words that open a clause which only frames a whole quotation ("...", she said, as she left).
_ADVERBIAL_STARTS = frozenset(
    {
        "as",
        "because",
        "since",
        "while",
        "although",
        "though",
        "but",
        "when",
        "after",
        "before",
        "if",
        "and",
        "so",
    }
)
_RIGHT_SIDES = (
    "right",
    "colon",
    "object",
    "according",
    "parenthetical",
)  # content that cannot leave its paragraph
_FULL_UTTERANCE_END = ",.!?\u2026"
_FULL_UTTERANCE_WORDS = 4
_BASE_CONFIDENCE = {"direct": 0.9, "mixed": 0.8, "indirect": 0.75}
_RESOLUTION_FACTOR = {"alias": 1.0, "fuzzy": 0.9, "role": 0.85, "pronoun": 0.85, "document": 0.7}
_KNOWN_KINDS = ("person", "organization", "state", "media")

KindAndText = tuple[str | None, str, list[tuple[int, int]]]


def statements_from_cues(state: ArticleState, sent: Span, para: int, cues: list[Cue]) -> list[Candidate]:
    """The candidate statements of one sentence's cues, in cue order; each speaker is a mention before
    the next cue is resolved ("X said it had ... and accused Y": the "it" is X)."""
    new: list[Candidate] = []
    for cue in cues:
        if cue.silent:
            _silent_speaker(state, cue, para, new)
            continue
        candidate = statement_from_cue(state, cue, sent, para, new)
        if candidate is not None:
            new.append(candidate)
            add_speaker_mentions(state, new, para, candidate)
    return new


def _silent_speaker(state: ArticleState, cue: Cue, para: int, new: list[Candidate]) -> None:
    """The outer verb of a nested internal state makes no statement; its speaker is a mention (", a
    senior adviser said. The adviser said ...")."""
    if cue.speaker is None:
        return
    speaker = _speaker(state, cue, para, cue.frame, new)
    if speaker is not None:
        text = speaker.mention or cue.speaker.text
        state.discourse.add(cue.speaker.idx, para, speaker, True, text)


def statement_from_cue(
    state: ArticleState, cue: Cue, sent: Span, para: int, earlier: list[Candidate]
) -> Candidate | None:
    """The statement a cue introduces, or None when it has no content or no speaker."""
    span = _content_span(state, cue, sent, para, earlier)
    if span is None:
        return None
    start, end = _clip(state, cue, para, span)
    qs = [
        i
        for i, q in enumerate(state.quotes.quotes)
        if start <= q.start and q.end <= end and i not in state.consumed
    ]
    kind, text, parts = kind_and_text(state, start, end, qs)
    if kind is None or (cue.spec.cls == "attribution" and kind != "direct"):
        return None
    if kind == "direct" and cue.side == "left":
        end, text = _join_split_quote(state, cue, para, qs, parts, text, end)
    if cue.pieces and _words_outside(state, start, end, qs):
        # "The plan, he said, will fail": the clause without the cue, in two parts
        kind = "mixed" if qs else "indirect"
        parts = [(max(a, start), min(b, end)) for a, b in cue.pieces]
        text = " ".join(state.text[a:b] for a, b in parts)
    speaker = _speaker(state, cue, para, (start, end), earlier)
    if speaker is None:
        return None
    state.consumed.update(qs)
    record = _record(cue, sent, speaker, (kind, text, parts), start, end)
    return Candidate(
        record,
        para,
        speaker,
        cue,
        parts=parts,
        head_index=0 if cue.head_cue is not None else None,
        tense=tense_of(cue.token),
    )


def _speaker(
    state: ArticleState, cue: Cue, para: int, content: tuple[int, int], earlier: list[Candidate]
) -> Entity | None:
    """The cue's speaker; the same subject as an earlier cue of the sentence is the same speaker ("X
    said A and accused B"); a possessive holder ("in his view") is resolved as its subject pronoun."""
    holder = cue.speaker
    same = next((st.speaker for st in earlier if st.cue is not None and st.cue.speaker is holder), None)
    if holder is not None and same is not None:
        return same
    if holder is not None and holder.tag_ == "PRP$":
        word = possessive_pronouns().get(holder.lower_)
        return state.discourse.pronoun(word, holder.idx, para, content) if word else None
    return speaker_of_cue(state, cue, para, content)


@cache
def possessive_pronouns() -> dict[str, str]:
    return dict(load("speech_verbs")["view_phrases"]["possessives"])


def _content_span(
    state: ArticleState, cue: Cue, sent: Span, para: int, earlier: list[Candidate]
) -> tuple[int, int] | None:
    if cue.side == "left":
        return _left_region(state, cue, sent, para, earlier)
    if cue.side == "quote-only":
        return _adjacent_quote(state, cue)
    return cue.content


def _clip(state: ArticleState, cue: Cue, para: int, span: tuple[int, int]) -> tuple[int, int]:
    """Snap to whole quotations; right-hand content stays in its paragraph; an object clause keeps
    the verb's frame ("accused X of Y")."""
    start, end = state.quotes.snap(span[0], span[1], state.paragraphs[para][0])
    if cue.side in _RIGHT_SIDES:
        end = min(end, state.paragraphs[para][1])
    if cue.object_clause:
        start = min(start, cue.frame[0])
    return start, end


def _record(
    cue: Cue, sent: Span, speaker: Entity, found: KindAndText, start: int, end: int
) -> StatementRecord:
    kind, text, parts = found
    assert kind is not None
    frame_start, frame_end = min(start, cue.frame[0]), max(end, cue.frame[1])
    rec_start = parts[0][0] if parts else start
    rec_end = parts[-1][1] if parts else end
    record = StatementRecord(
        text=text,
        kind=kind,
        cue=cue.cue_text,
        speaker_mention=speaker.mention or (cue.speaker.text if cue.speaker is not None else ""),
        speaker_slug=speaker.slug,
        speaker_name=speaker.name,
        speaker_kind=speaker.kind,
        speaker_named=speaker.named,
        start=rec_start,
        end=rec_end,
        confidence=confidence(kind, cue, speaker),
        sentence_start=min(sent.start_char, rec_start, frame_start),
        sentence_end=max(sent.end_char, rec_end, frame_end),
    )
    record.parts = list(parts) if len(parts) > 1 else []
    return record


# -- content to the left of a trailing attribution ---------------------------------------------------
def _left_region(
    state: ArticleState, cue: Cue, sent: Span, para: int, earlier: list[Candidate]
) -> tuple[int, int] | None:
    """'..., X said': the clause before the frame, from the sentence (or the last statement) on."""
    t = cue.token
    left_heads = [c for c in t.children if c.dep_ == "ccomp" and c.i < t.i]
    if not left_heads and t.dep_ in ("parataxis", "ccomp") and t.head.i < t.i:
        left_heads = [t.head]
    floor = _left_floor(state, sent, para, earlier)
    start: int | None = floor
    if left_heads:
        start = _clause_start(cue, max(left_heads, key=lambda h: h.i), floor)
    if start is None:
        return None
    span = state.strip(_from_quote_start(state, cue, para, start), cue.frame[0])
    if span is None or not _has_content(state, span):
        return None
    return span


def _left_floor(state: ArticleState, sent: Span, para: int, earlier: list[Candidate]) -> int:
    """Left content starts no earlier than its sentence, its paragraph and this sentence's earlier cues."""
    floor = max(state.paragraphs[para][0], sent.start_char)
    for st in earlier:
        floor = max(floor, st.cue.frame[1] if st.cue else st.record.end)
    return floor


def _clause_start(cue: Cue, head: Token, floor: int) -> int | None:
    """The first character of a left-hand content clause: its head's core dependents only."""
    t = cue.token
    core = {head.i}
    for c in head.children:
        if c.i > head.i or c.dep_ not in _PERIPHERAL_DEPS:
            core |= {x.i for x in c.subtree}
    toks = [x for x in head.subtree if x.idx < cue.frame[0] and x.idx >= floor and x.i in core]
    if t.dep_ in ("parataxis", "ccomp") and head.i == t.head.i:
        sub = {x.i for x in t.subtree}
        toks = [x for x in toks if x.i not in sub]
    return toks[0].idx if toks else None


def _from_quote_start(state: ArticleState, cue: Cue, para: int, start: int) -> int:
    """A start inside a quotation moves to its opening mark, unless an earlier statement of the
    paragraph ends after that mark (or the quotation opened in an earlier paragraph)."""
    para_start = state.paragraphs[para][0]
    prev_end = max(
        (s.record.end for s in state.statements if s.para == para and s.record.end <= cue.frame[0]),
        default=para_start,
    )
    qi = state.quotes.at(start)
    if qi is None:
        return start
    q = state.quotes[qi]
    if q.start >= max(prev_end, para_start if not q.open_ended else 0):
        return q.start
    return start


def _has_content(state: ArticleState, span: tuple[int, int]) -> bool:
    """Left content is a quotation or at least has a verb."""
    s, e = span
    snippet = state.doc.char_span(s, e, alignment_mode="expand")
    has_quote = any(s <= q.start < e for q in state.quotes.quotes)
    return snippet is not None and (has_quote or any(is_verb(x) for x in snippet))


# -- quotations around the frame ---------------------------------------------------------------------
def _adjacent_quote(state: ArticleState, cue: Cue) -> tuple[int, int] | None:
    """An attribution-only verb ('the spokesperson continued') takes the quotation right before it."""
    text = state.text
    j = cue.frame[0] - 1
    while j >= 0 and text[j] in " ,":
        j -= 1
    qi = state.quotes.at(j)
    if qi is not None and state.quotes[qi].end == j + 1 and qi not in state.consumed:
        return state.quotes[qi].start, state.quotes[qi].end
    return None


def _split_continuation(state: ArticleState, cue: Cue, para: int) -> int | None:
    """'"...," X said, "..."': the quotation opening right after the frame's comma."""
    text = state.text
    j = cue.frame[1]
    pe = state.paragraphs[para][1]
    if j >= pe or text[j] != ",":
        return None
    j += 1
    while j < pe and text[j] == " ":
        j += 1
    qi = state.quotes.at(j)
    if (
        qi is not None
        and state.quotes[qi].start == j
        and qi not in state.consumed
        and text[j] in OPEN_DOUBLE + STRAIGHT + "\u2018'"
    ):
        return qi
    return None


def _join_split_quote(
    state: ArticleState,
    cue: Cue,
    para: int,
    qs: list[int],
    parts: list[tuple[int, int]],
    text: str,
    end: int,
) -> tuple[int, str]:
    """Append the second half of a split quotation to `qs` and `parts`; the new end and text."""
    nxt = _split_continuation(state, cue, para)
    if nxt is None:
        return end, text
    q2 = state.quotes[nxt]
    qs.append(nxt)
    parts.append(state.without_trailing_comma(*q2.inner))
    return q2.end, " ".join(state.text[a:b] for a, b in parts)


# -- kind and text -----------------------------------------------------------------------------------
def kind_and_text(state: ArticleState, start: int, end: int, qs: list[int]) -> KindAndText:
    """direct (only quoted words), mixed (quoted words in reported speech) or indirect (no quotation)."""
    text = state.text
    if not qs:
        span = state.strip(start, end)
        return (None, "", []) if span is None else ("indirect", text[span[0] : span[1]], [])
    if not _words_outside(state, start, end, qs):
        parts = [p for p in (state.quotes[i].inner for i in qs) if p[1] > p[0]]
        if not parts:
            return None, "", []
        parts[-1] = state.without_trailing_comma(*parts[-1])
        return "direct", " ".join(text[a:b] for a, b in parts), parts
    if len(qs) == 1:
        whole = _framed_utterance(state, start, end, state.quotes[qs[0]])
        if whole is not None:
            whole = state.without_trailing_comma(*whole)
            return "direct", text[whole[0] : whole[1]], [whole]
    span = state.strip(start, end)
    if span is None:
        return None, "", []
    return "mixed", text[span[0] : span[1]], []


def _words_outside(state: ArticleState, start: int, end: int, qs: list[int]) -> bool:
    text = state.text
    outside = []
    pos = start
    for i in qs:
        q = state.quotes[i]
        outside.append(text[pos : q.start])
        pos = q.end
    outside.append(text[pos:end])
    return any(ch.isalnum() for chunk in outside for ch in chunk)


def _framed_utterance(state: ArticleState, start: int, end: int, q: Quote) -> tuple[int, int] | None:
    """One full quoted utterance with only a peripheral clause around it is a direct statement."""
    text = state.text
    a, b = q.inner
    inner = text[a:b].rstrip()
    before = text[start : q.start].rstrip()
    after = text[q.end : end].strip()
    full = inner[-1:] in _FULL_UTTERANCE_END and len(inner.split()) >= _FULL_UTTERANCE_WORDS
    peripheral_before = not before or before.endswith(",")
    first_after = after.split(" ", 1)[0].lower() if after else ""
    peripheral_after = not after or first_after in _ADVERBIAL_STARTS
    if full and peripheral_before and peripheral_after and (before or after):
        return a, b
    return None


def confidence(kind: str, cue: Cue | None, speaker: Entity) -> float:
    """How sure the extractor is: by kind, cue position and how the speaker was resolved."""
    base = _BASE_CONFIDENCE[kind]
    if cue is not None and cue.side == "object":
        base = 0.6
    if cue is None:
        base = 0.65
    factor = _RESOLUTION_FACTOR.get(speaker.how, 0.85)
    if speaker.slug is None and speaker.kind not in _KNOWN_KINDS:
        factor = 0.7
    return round(base * factor, 3)


def tense_of(t: Token) -> str:
    """The cue's tense/aspect: participles, complements and conjuncts take their head's."""
    for _ in range(4):
        if t.dep_ in ("xcomp", "advcl", "conj", "acl") and t.tag_ in ("VBG", "VB") and t.head.i != t.i:
            t = t.head
            continue
        break
    auxes = [c.lower_ for c in t.children if c.dep_ in ("aux", "auxpass")]
    if any(a in ("had", "'d") for a in auxes):
        return "pastperfect"
    if any(a in ("has", "have", "'s", "'ve") for a in auxes) and t.tag_ in ("VBN", "VBG"):
        return "perfect"
    if any(a in ("will", "would", "shall", "'ll", "may", "might") for a in auxes):
        return "future"
    if t.tag_ == "VBD" or (auxes and auxes[0] in ("was", "were", "did")):
        return "past"
    if t.tag_ in ("VBZ", "VBP") or any(a in ("is", "are", "am", "does", "do") for a in auxes):
        return "present"
    if t.tag_ == "VBN" and t.dep_ == "conj":
        return tense_of(t.head)
    if t.tag_ == "VBG" and t.lower_ == "according":
        return "present"
    return "past" if t.tag_ == "VBN" else "other"
