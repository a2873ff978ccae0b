"""Speakers stage: who each cue's speaker is, and what the article has mentioned so far.

Mentions enter the article's discourse in text order (named entities, main-clause subjects, the
speakers of statements, the authors of documents), so a later pronoun or role noun resolves to the
most recent compatible one (coreference within the article); names resolve through the actor index
(mentions.Resolver).
"""

from __future__ import annotations

import re
from typing import Any

from ..mentions import NAME_LABELS, is_indefinite
from ..reported import Cue, is_verb, subject_of
from ..speakers import Entity, lexicon
from ..state import ArticleState, Candidate

Span = Any  # spacy.tokens.Span
_NOT_REFERRING_TAGS = ("PRP", "WP", "WDT", "EX")  # subjects that do not name anyone themselves
_COPULAS = frozenset({"is", "was", "are", "were"})
_NAMED_HOWS = ("alias", "fuzzy", "unresolved")
_BYLINE = re.compile(r"By [A-Z]")
_AGE = re.compile(r"\d+-year-old")
_NAME_SLOTS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "poss", "appos"})


def speaker_of_cue(state: ArticleState, cue: Cue, para: int, content: tuple[int, int]) -> Entity | None:
    """The entity a cue's subject stands for; mentions inside the content itself are not antecedents."""
    if cue.speaker is None:
        return None
    subject = _named_after_title(cue.speaker) or _named_before_post_nominal(cue.speaker) or cue.speaker
    return state.resolver.resolve(subject, subject.idx, para, content, speaker=True)


def _named_before_post_nominal(subject: Any) -> Any:
    """'prosecutor Jane Doe KC said', parsed with the letters after the name as the subject (and often
    tagged an organisation): the name they follow is the speaker."""
    if subject.i == 0 or subject.text.lower().rstrip(".") not in lexicon()["post_nominals"]:
        return None
    name = subject.doc[subject.i - 1]
    return name if name.ent_type_ == "PERSON" and name.head.i == subject.i else None


def _named_after_title(subject: Any) -> Any:
    """'Polling expert Professor Jane Doe said', parsed as two subjects of "said" (the role noun and the
    name): the name that follows the role noun, across titles, is the speaker."""
    if subject.tag_ not in ("NN", "NNS") or subject.ent_type_:
        return None
    for other in subject.head.children:
        if other.i <= subject.i or other.dep_ != "nsubj" or other.ent_type_ != "PERSON":
            continue
        start = other.i
        while (
            start > subject.i + 1
            and subject.doc[start - 1].tag_ == "NNP"
            and subject.doc[start - 1].head.i == other.i
        ):
            start -= 1
        return other if start == subject.i + 1 else None
    return None


def add_entity_mentions(state: ArticleState, sent: Span, para: int, headline: bool = False) -> None:
    """Every named entity of the sentence outside quotations becomes a (non-salient) mention; the
    lines above the body count (a standfirst names whom the lede calls "the regulator"), but not a
    byline: the reporter is nobody the article's pronouns refer to."""
    if headline and _BYLINE.match(state.text, state.paragraphs[para][0]):
        return
    seen: set[int] = set()
    for t in sent:
        ent = state.ent_of.get(t.i)
        if ent is None or ent.start in seen or ent.label_ not in NAME_LABELS or state.quotes.in_quote[t.i]:
            continue
        seen.add(ent.start)
        if (
            state.dateline_word(ent.start_char, ent.end_char)
            or state.styled_lede_word(ent.start_char, ent.end_char)
            or _place_modifier(ent)
        ):
            continue
        entity = state.resolver.resolve(ent.root, ent.start_char, para)
        if entity is not None and entity.how not in ("pronoun",):
            state.discourse.add(ent.start_char, para, entity, False, ent.text)
    if headline:
        return
    for t in sent:  # names the tagger did not label: "Quillon Software will cut 1,400 jobs"
        if (
            t.tag_ in ("NNP", "NNPS")
            and t.dep_ in _NAME_SLOTS
            and t.ent_type_ not in NAME_LABELS
            and t.i > sent.start
            and t.doc[t.i - 1].dep_ == "compound"
            and t.doc[t.i - 1].tag_ in ("NNP", "NNPS")
            and not state.quotes.in_quote[t.i]
        ):
            # a subject's unlabelled name is resolved as a speaker's would be: "Harbour Foods will cut
            # jobs, the company said" (a name after a preposition may be a place: "from Harlow Town")
            entity = state.resolver.resolve(t, t.idx, para, speaker=t.dep_ in ("nsubj", "nsubjpass"))
            if entity is not None and entity.how == "unresolved":
                state.discourse.add(t.idx, para, entity, False, entity.mention)


def _place_modifier(ent: Any) -> bool:
    """'its Kelling Bay works': a facility's name modifying a noun names a place, not whom a later 'the
    company said' is."""
    return ent.label_ == "FAC" and ent.root.dep_ in ("compound", "amod") and ent.root.head.i >= ent.end


def add_speaker_mentions(state: ArticleState, new: list[Candidate], para: int, st: Candidate) -> None:
    """A statement's speaker becomes a mention, salient unless the cue sits inside another statement."""
    if st.speaker is None or st.cue is None:
        return
    at = st.cue.token.idx
    nested = any(o is not st and o.record.start <= at < o.record.end for o in new)
    text = st.record.speaker_mention
    subject = st.cue.speaker
    if subject is not None and subject.text[:1].islower() and subject.tag_ in ("NN", "NNS", "NNP"):
        # "The drivers' union, X, said": X is written with "union" too, for a later "the union"
        described = state.resolver.text_of(state.resolver.left_part(subject))
        if described.lower() not in text.lower():
            text = f"{described} {text}"
    state.discourse.add(
        subject.idx if subject is not None else st.record.start, para, st.speaker, not nested, text
    )


def add_root_subject(
    state: ArticleState, sent: Span, para: int, new: list[Candidate], headline: bool = False
) -> None:
    """The main clause's subject is a salient mention (a pronoun subject repeats its antecedent). Above
    the body only a name counts, and not as salient: a headline's "regulator finds" refers to nobody yet."""
    root = sent.root
    subj = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if not headline and root.lower_ in _COPULAS:
        _add_introduced(state, root, para)
    if subj is None or state.quotes.in_quote[subj.i] or subj.tag_ in _NOT_REFERRING_TAGS:
        if subj is not None and subj.tag_ == "PRP" and not headline:
            entity = state.discourse.pronoun(subj.lower_, subj.idx, para)
            if entity is not None:
                state.discourse.add(subj.idx, para, entity, True, subj.text)
        return
    subjects = {c.i for c in root.children if c.dep_ in ("nsubj", "nsubjpass")}
    if any(st.cue is not None and st.cue.speaker is not None and st.cue.speaker.i in subjects for st in new):
        return  # the cue's speaker; "Polling expert Professor X said", parsed with two subjects, is X
    resolver = state.resolver
    entity = resolver.resolve(subj, subj.idx, para)
    if (
        entity is None
        and not headline
        and subj.tag_ in ("NN", "NNS")
        and is_indefinite(subj)
        and _people_noun(subj)
    ):
        entity = resolver.describe(subj)  # "One nurse described ...": whom a later "the nurse said" is
    if entity is None or (headline and entity.how not in _NAMED_HOWS):
        return
    state.discourse.add(subj.idx, para, entity, not headline, resolver.text_of(resolver.full_np(subj)))


def _people_noun(head: Any) -> bool:
    """A subject that says nothing names someone only with a noun for people ("one nurse", "a
    43-year-old physiotherapist", "several residents"), never "a challenge requires ...": a later
    "she said" must not land on a thing."""
    lex = lexicon()
    low = head.lower_
    if any(low in lex[k] for k in ("person_nouns", "groups", "female_nouns", "male_nouns")):
        return True
    if "person" in (lex["roles"].get(low) or {}).get("kinds", ()):
        return True
    return any(_AGE.search(c.text) for c in head.lefts)


def _add_introduced(state: ArticleState, root: Any, para: int) -> None:
    """'Among those still out of pocket is a 38-year-old physiotherapist': someone described after a
    copula is introduced, and a later 'she said' may be her."""
    attr = next((c for c in root.children if c.dep_ == "attr" and c.tag_ in ("NN", "NNS")), None)
    if attr is None or state.quotes.in_quote[attr.i]:
        return
    entity = state.resolver.describe(attr)
    if entity is not None and entity.kind in ("person", "group"):
        state.discourse.add(attr.idx, para, entity, True, entity.name)


def record_documents(state: ArticleState, sent: Span, para: int, new: list[Candidate] | None = None) -> None:
    """'X sent a letter', 'a report by X', 'In a statement, X said': remember X as the author, for a
    later 'the letter said'. An author who is the speaker of a statement this sentence made is that
    statement's speaker ("In its annual report, the partnership said ...")."""
    spoken = {
        st.cue.speaker.i: st.speaker for st in new or () if st.cue is not None and st.cue.speaker is not None
    }
    documents = lexicon()["documents"]
    resolver = state.resolver
    for t in sent:
        if t.lower_ not in documents or t.tag_ not in ("NN", "NNS") or state.quotes.in_quote[t.i]:
            continue
        author_token = None
        if t.dep_ == "dobj" and is_verb(t.head):
            author_token = subject_of(t.head)
        by = next((c for c in t.children if c.dep_ == "prep" and c.lower_ in ("by", "from")), None)
        if by is not None:
            author_token = next((g for g in by.children if g.dep_ == "pobj"), author_token)
        elif t.dep_ == "pobj" and t.head.lower_ == "in":
            verb = _governing_verb(t.head.head)  # "announced the cuts in a memo": the parse may hang
            author_token = subject_of(verb) if verb is not None else None  # "in" on the object
        if author_token is not None:
            author = spoken.get(author_token.i) or resolver.resolve(author_token, author_token.idx, para)
            if author is not None and author.how not in ("described",):
                resolver.doc_authors[t.lower_] = author


def _governing_verb(t: Any) -> Any:
    """The verb itself, or the verb whose object `t` is ("announced [the cuts] in a memo")."""
    if is_verb(t):
        return t
    if t.dep_ in ("dobj", "attr") and is_verb(t.head):
        return t.head
    return None


def interviewee(state: ArticleState, pos: int) -> Entity | None:
    """The person the article mentioned most before `pos` (who answers an interview's 'A:' lines)."""
    counts: dict[str, int] = {}
    last: dict[str, Entity] = {}
    for m in state.discourse.history:
        if m.pos < pos and m.entity.kind == "person":
            counts[m.entity.key] = counts.get(m.entity.key, 0) + 1
            last[m.entity.key] = m.entity
    if not counts:
        return None
    return last[max(counts, key=lambda k: counts[k])]
