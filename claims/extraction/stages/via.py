"""Via stage: to whom a statement was made or who reported it ("told X", "quoted by X", "in an
interview with X", "said on X", an outlet's own expert), and a speaker's later statements keep it."""

from __future__ import annotations

from typing import Any

from ..reported import Cue
from ..speakers import Entity, lexicon
from ..state import ArticleState, Candidate

Token = Any  # spacy.tokens.Token
_MEDIUM_PREPS = ("in", "on", "to", "during")
_MEDIUM_TARGET_PREPS = ("with", "to", "on")
_NAMED_TAGS = ("NNP", "NNPS")


def find_via(state: ArticleState, st: Candidate) -> None:
    """Set the statement's via from its cue: the cue's own via, else a medium, else an employer."""
    cue = st.cue
    if cue is None:
        return
    para = st.para
    entity = _cue_via(state, cue, para)
    if entity is None:
        entity = _via_medium(state, cue, para)
    if entity is None:
        entity = _via_employer(state, cue, para)
    if entity is not None and entity.key != (st.speaker.key if st.speaker else ""):
        st.via = entity
        rec = st.record
        rec.via_mention, rec.via_slug, rec.via_name = entity.mention, entity.slug, entity.name


def _cue_via(state: ArticleState, cue: Cue, para: int) -> Entity | None:
    """'told X', 'quoted by X' (a named X or a pronoun; not a generic addressee such as 'reporters')."""
    v = cue.via
    if v is None or state.quotes.in_quote[v.i]:
        return None
    if not state.named(v):
        # "quoted by the Financial Times newspaper": the name modifies a common noun
        v = next((c for c in v.children if c.dep_ in ("compound", "nmod") and state.named(c)), v)
    if v.lower_ not in lexicon()["addressees"] and (state.named(v) or v.tag_ == "PRP"):
        return state.resolver.resolve(v, v.idx, para)
    return None


def _via_employer(state: ArticleState, cue: Cue, para: int) -> Entity | None:
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
        if possessive and state.named(token) and not state.quotes.in_quote[token.i]:
            found = state.resolver.resolve(token, token.idx, para)
            if found is not None and found.kind == "media":
                return found
    return None


def _via_medium(state: ArticleState, cue: Cue, para: int) -> Entity | None:
    """'said in a Twitter post', 'in an interview with X', 'said on X', 'in a statement to X'."""
    media_nouns = lexicon()["media_nouns"]
    for prep in cue.token.children:
        if (
            prep.dep_ != "prep"
            or prep.lower_ not in _MEDIUM_PREPS
            or not (cue.frame[0] <= prep.idx < cue.frame[1] or prep.i < cue.token.i)
        ):
            continue
        pobj = next((g for g in prep.children if g.dep_ == "pobj"), None)
        if pobj is None:
            continue
        if pobj.lower_ in media_nouns:
            found = _medium_target(state, pobj, para)
            if found is not None:
                return found
        elif prep.lower_ in ("on", "to") and state.named(pobj):
            found = state.resolver.resolve(pobj, pobj.idx, para)
            if found is not None and found.kind in ("media", "organization"):
                return found
    return None


def _medium_target(state: ArticleState, medium: Token, para: int) -> Entity | None:
    """The outlet of a medium noun: 'an interview with X', 'a statement to X', 'a Twitter post'."""
    for g in medium.children:
        if g.dep_ == "prep" and g.lower_ in _MEDIUM_TARGET_PREPS:
            target = next((x for x in g.children if x.dep_ == "pobj"), None)
            if target is not None and state.named(target):
                found = state.resolver.resolve(target, target.idx, para)
                if found is not None:
                    return found
        if g.dep_ in ("compound", "nmod", "amod") and g.tag_ in _NAMED_TAGS:
            found = state.resolver.resolve(g, g.idx, para)
            if found is not None:
                return found
    return None


def inherit_via(state: ArticleState) -> None:
    """A speaker's later statements in the article keep the via of their earlier one ('told X')."""
    last: dict[str, Candidate] = {}
    for st in sorted(state.statements, key=lambda s: s.record.start):
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
