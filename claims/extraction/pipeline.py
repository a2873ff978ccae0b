"""The extraction pipeline: raw text + spaCy + actors -> ExtractionResult, composed of stages.

clean (stages.clean.prepare) -> parse -> quotes -> per sentence, in text order: labelled lines,
cues and reported speech -> statements, follow-on reported sentences, speakers (mentions and
coreference), dates, via -> the quotations nobody claimed -> via kept across a speaker's statements
-> stances (a hook). Each stage is a module in `stages/` over the article's state
(`state.ArticleState`). Pure functions over plain data; no database.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import Any

from .errors import TextTooLong
from .mentions import Resolver, lower_case_name
from .nlp import DEFAULT_MODEL, load_nlp
from .reported import find_cues
from .speakers import ActorIndex, Discourse, build_actor_index
from .stages.clean import Prepared, body_start, lede_paragraph, prepare
from .stages.dates import date_statement, index_dates, record_sentence_dates
from .stages.follow_on import follow_on_report
from .stages.naming import name_speakers
from .stages.quotes import index_quotes
from .stages.speakers import add_entity_mentions, add_root_subject, record_documents
from .stages.stances import StanceRequest, suggest_stances_stage
from .stages.statements import statements_from_cues
from .stages.unclaimed import attribute_labelled_paragraph, attribute_unclaimed_quotes
from .stages.via import find_via, inherit_via
from .state import ArticleState
from .types import ActorRecord, ExtractionResult, StatementRecord

DEFAULT_MAX_CHARS = 200_000  # settings.py reads it (TRACKER_EXTRACTION_MAX_CHARS)
Span = Any  # spacy.tokens.Span

__all__ = [
    "DEFAULT_MAX_CHARS",
    "DEFAULT_MODEL",
    "Prepared",
    "analyse_article",
    "extract",
    "extract_many",
    "prepare",
]


def new_state(prep: Prepared, doc: Any, index: ActorIndex) -> ArticleState:
    """The state of a parsed article before the sentence walk: quotations, entities, dates."""
    result = prep.result
    text, paragraphs = result.text, prep.paragraphs
    quotes = index_quotes(text, paragraphs, doc)
    ent_of: dict[int, Any] = {}
    for ent in doc.ents:
        if lower_case_name(ent):
            continue
        for i in range(ent.start, ent.end):
            ent_of[i] = ent
    discourse = Discourse(index)
    body = body_start(text, paragraphs)
    return ArticleState(
        result=result,
        doc=doc,
        paragraphs=paragraphs,
        quotes=quotes,
        ent_of=ent_of,
        index=index,
        discourse=discourse,
        resolver=Resolver(index, discourse, ent_of, prep.parse_text),
        body_start=body,
        lede_para=lede_paragraph(paragraphs, body, prep.dateline),
        dates=index_dates(text, result.published, prep.dateline, quotes),
    )


def analyse_article(
    prep: Prepared, doc: Any, index: ActorIndex, stances: StanceRequest | None = None
) -> list[StatementRecord]:
    """All stages over one parsed article; the statements in text order, one per span."""
    state = new_state(prep, doc, index)
    for sent in _sentences(state):
        if not sent.text.isspace():
            _analyse_sentence(state, sent)
    attribute_unclaimed_quotes(state)
    name_speakers(state)
    inherit_via(state)
    suggest_stances_stage(state, stances)
    state.statements.sort(key=lambda s: (s.record.start, s.record.end))
    return _dedupe([s.record for s in state.statements])


def _analyse_sentence(state: ArticleState, sent: Span) -> None:
    """The sentence-level stages, in order (each sees what the earlier sentences added)."""
    start = sent.start_char
    para = state.para_of(start)
    headline = state.body_start > 0 and start < state.body_start
    if not headline and start == state.para_starts[para]:
        attribute_labelled_paragraph(state, sent, para)
    cues = [] if headline or para in state.skip_paras else find_cues(sent, state.quotes.in_quote)
    add_entity_mentions(state, sent, para, headline)
    new = statements_from_cues(state, sent, para, cues)
    record_sentence_dates(state, sent, para)
    record_documents(state, sent, para, new)
    for st in new:
        date_statement(state, st)
        find_via(state, st)
        state.statements.append(st)
    follow_on = None if cues or headline or para in state.skip_paras else follow_on_report(state, sent, para)
    if follow_on is not None:
        state.statements.append(follow_on)
    add_root_subject(state, sent, para, new, headline)


def _sentences(state: ArticleState) -> Iterator[Span]:
    """The parser's sentences, cut at paragraph breaks (in case the pipeline did not enforce them)."""
    doc = state.doc
    breaks = _paragraph_breaks(doc)
    for sent in doc.sents:
        cut = sent.start
        for b in breaks[bisect.bisect_left(breaks, sent.start) : bisect.bisect_left(breaks, sent.end - 1)]:
            if b + 1 > cut:
                yield doc[cut : b + 1]
            cut = b + 1
        if cut < sent.end:
            yield doc[cut : sent.end] if cut != sent.start else sent


def _paragraph_breaks(doc: Any) -> list[int]:
    """The indices of whitespace tokens holding a newline, read without making a Token per token."""
    from spacy.attrs import IS_SPACE

    if not len(doc):
        return []
    spaces = doc.to_array(IS_SPACE).tolist()
    return [i for i, space in enumerate(spaces) if space and "\n" in doc[i].text]


def _dedupe(records: list[StatementRecord]) -> list[StatementRecord]:
    """One statement per span: the most confident."""
    out: list[StatementRecord] = []
    for r in records:
        dup = next((o for o in out if o.start == r.start and o.end == r.end), None)
        if dup is None:
            out.append(r)
        elif r.confidence > dup.confidence:
            out[out.index(dup)] = r
    return out


def _records(
    prep: Prepared, doc: Any, index: ActorIndex, stances: StanceRequest | None = None
) -> ExtractionResult:
    prep.result.statements = analyse_article(prep, doc, index, stances)
    return prep.result


def _resolve_nlp(nlp: Any, model_name: str) -> Any:
    if nlp is not None:
        return nlp
    return load_nlp(model_name)


def extract(
    text: str,
    *,
    published: date | None,
    actors: Sequence[ActorRecord] | ActorIndex,
    nlp: Any = None,
    model_name: str = DEFAULT_MODEL,
    max_chars: int = DEFAULT_MAX_CHARS,
    propositions: Sequence[Any] = (),
    headline: str = "",
) -> ExtractionResult:
    """Extract the statements of one article (see the package docstring for the contract).
    With `propositions` (stances.PropositionRecord), each statement's `stances` are suggested too."""
    prep = prepare(text, published, max_chars)
    if not prep.parse:
        return prep.result
    index = actors if isinstance(actors, ActorIndex) else build_actor_index(actors)
    model = _resolve_nlp(nlp, model_name)
    doc = model(prep.parse_text)
    return _records(prep, doc, index, StanceRequest(propositions, model, headline) if propositions else None)


def extract_many(
    items: Iterable[tuple[str, date | None] | tuple[str, date | None, str]],
    *,
    actors: Sequence[ActorRecord] | ActorIndex,
    nlp: Any = None,
    model_name: str = DEFAULT_MODEL,
    max_chars: int = DEFAULT_MAX_CHARS,
    batch_size: int = 32,
    propositions: Sequence[Any] = (),
) -> Iterator[ExtractionResult]:
    """Extract many articles with nlp.pipe batching; results come out in input order.
    Items are (text, published) or (text, published, headline); with `propositions`, stances too.

    A text over max_chars raises TextTooLong when its turn comes (the results before it are yielded
    first); nothing of that batch is parsed before the check.
    """
    index = actors if isinstance(actors, ActorIndex) else build_actor_index(actors)
    model = _resolve_nlp(nlp, model_name)
    batch: list[Prepared] = []
    headlines: list[str] = []
    pending_error: TextTooLong | None = None
    iterator = iter(items)
    while True:
        batch.clear()
        headlines.clear()
        for raw, published, *rest in iterator:
            try:
                batch.append(prepare(raw, published, max_chars))
            except TextTooLong as exc:
                pending_error = exc
                break
            headlines.append(str(rest[0] or "") if rest else "")
            if len(batch) >= batch_size:
                break
        if not batch and pending_error is None:
            return
        to_parse = [p for p in batch if p.parse]
        docs = iter(model.pipe((p.parse_text for p in to_parse), batch_size=batch_size))
        for p, headline in zip(batch, headlines, strict=True):
            request = StanceRequest(propositions, model, headline) if propositions else None
            yield _records(p, next(docs), index, request) if p.parse else p.result
        if pending_error is not None:
            raise pending_error
