"""The stance stage: for each statement and proposition, topic -> target -> polarity, with evidence.

Where the suggester looks: the statement's own words and the rest of its sentence for the topic; when
the statement refers back ('the move', 'this decision', 'it'), the article around it (headline, lead,
the paragraphs just before, the sentences before it in its paragraph) must be on the proposition's
topic. The deciding words must be the speaker's (inside the statement, or its cue verb). Confidence is
the topic's strength times the deciding rule's reliability; below MIN_CONFIDENCE it abstains.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache, partial
from typing import Any

from ..resources import load
from .claims import antonyms, compliance, contrary, decide_claim, predicated_of_topic, rebuttal
from .lexicon import lemma, rules, speech_verbs, token_keys, word_set
from .narration import for_spokespeople, from_narration, speaker_key
from .polarity import Decision, decide, elided_stance, passed_over
from .profile import Profile, Term, build_profiles
from .records import Evidence, PropositionRecord, StanceSuggestion, StatementSpan, as_span
from .topic import (
    TokenTable,
    TopicMatch,
    anaphor_candidates,
    cue_objects,
    match_many,
    match_range,
    refers,
    targets,
    term_index,
    token_table,
)

# What each confidence level means, measured: README "Positions", bench/stance_calibration.py
MIN_CONFIDENCE = 0.5
CLAIM_ANAPHOR_RULES = frozenset(
    {"claim_false", "claim_true", "claim_denial_verb", "claim_contrary", "claim_no_evidence"}
)
RIVAL_MARGIN = 0.75  # a proposition sharing the target must score this share of the best one
CONTEXT_PARAGRAPHS = 2  # paragraphs before the statement's that an anaphor may reach back to
LEAD_PARAGRAPHS = 2
ARTICLE_TOPIC_SCORE = (
    1.35  # how strongly a paragraph must name a proposition for the whole article to be on it
)
ARTICLE_DISCOUNT = 0.8
SENTENCE_CONTEXT = 100.0  # an anaphor's context when its own sentence names the proposition: nearest
_PARAGRAPH = re.compile(r"[^\n]+")
_POLARITY = {
    "proposal": {1: "supports", -1: "opposes", 0: "undecided"},
    "claim": {1: "asserts", -1: "denies", 0: "undecided"},
}


@dataclass
class _Candidate:
    decision: Decision
    topic: list[Any]
    strength: float
    anaphor: Any = None
    context: float = 0.0  # for an anaphor: how strongly the article before it names the proposition

    @property
    def confidence(self) -> float:
        value = self.decision.reliability * (0.6 + 0.4 * self.strength)
        if self.anaphor is not None:  # some rules read an anaphor less surely than others
            by_rule = rules()["anaphor_reliability"]
            value *= float(by_rule.get(self.decision.rule, rules()["reliability"]["anaphor"]))
        return round(min(1.0, value), 2)


@dataclass
class _Article:
    """One parsed article and what every statement in it reuses: tokens, sentences, paragraphs,
    and topic matches (per paragraph and per stretch of text, for all propositions at once)."""

    doc: Any
    headline: list[TopicMatch] | None  # the headline's topic matches, when there is a headline
    paragraphs: list[tuple[int, int]]
    profiles: Sequence[Profile]
    tokens: list[Any] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    token_starts: list[int] = field(default_factory=list)
    sentence_of: list[tuple[int, int]] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)  # token bounds, in order
    index: dict[str, list[tuple[int, Term]]] = field(default_factory=dict)
    table: TokenTable | None = None  # per token: match keys, terms it matches (read once)
    _matches: dict[tuple[int, int, frozenset[int]], list[TopicMatch]] = field(default_factory=dict)
    article_topic: dict[int, tuple[float, int | None]] = field(default_factory=dict)
    on_topic: list[bool] | None = None  # per proposition: is the article on its topic anywhere
    question: tuple[int, float] | None = None  # the proposal the headline/lead is about (-1: none)

    def __post_init__(self) -> None:
        self.tokens = list(self.doc)
        if not self.paragraphs:
            self.paragraphs = paragraphs_of("".join(t.text_with_ws for t in self.tokens))
        self.starts = [s for s, _ in self.paragraphs]
        self.token_starts = [t.idx for t in self.tokens]
        # sentence bounds from the tokens already made ('doc.sents' would make every token again)
        bounds = [t.i for t in self.tokens if t.is_sent_start or t.i == 0] + [len(self.tokens)]
        self.sentence_of = [(0, 0)] * len(self.tokens)
        self.sentences = list(zip(bounds, bounds[1:], strict=False))
        for lo, hi in self.sentences:
            for n in range(lo, hi):
                self.sentence_of[n] = (lo, hi)
        self.index = term_index(self.profiles)
        self.table = token_table(self.tokens, self.index, self.profiles)

    def para_of(self, char: int) -> int:
        return max(0, bisect.bisect_right(self.starts, char) - 1)

    def tokens_in(self, start: int, end: int) -> list[Any]:
        lo = bisect.bisect_left(self.token_starts, start)
        hi = bisect.bisect_left(self.token_starts, end)
        return [t for t in self.tokens[lo:hi] if not t.is_space]

    def matches(self, start: int, end: int, skip: frozenset[int] = frozenset()) -> list[TopicMatch]:
        """Topic matches of the text from char `start` to `end` for every proposition (cached)."""
        key = (start, end, skip)
        if key not in self._matches:
            lo = bisect.bisect_left(self.token_starts, start)
            hi = bisect.bisect_left(self.token_starts, end)
            assert self.table is not None
            self._matches[key] = match_range(self.profiles, self.table, lo, hi, skip)
        return self._matches[key]

    def mentions(self, profile_index: int) -> bool:
        """Whether the article (its whole text, or its headline) is on the proposition's topic at all:
        a topic match only grows with the text, so where the whole article is not on topic, no
        stretch of it is, and the proposition can be skipped for every statement."""
        if self.on_topic is None:
            whole = self.matches(0, self.token_starts[-1] + 1 if self.token_starts else 0)
            self.on_topic = [
                m.on_topic or (self.headline is not None and self.headline[n].on_topic)
                for n, m in enumerate(whole)
            ]
        return self.on_topic[profile_index]

    def paragraph_match(self, para: int, profile_index: int) -> TopicMatch:
        start, end = self.paragraphs[para]
        return self.matches(start, end)[profile_index]


def _statement_tokens(article: _Article, span: StatementSpan) -> tuple[list[Any], list[Any]]:
    """The statement's own tokens and those of the sentences it lies in."""
    own = [t for start, end in span.pieces for t in article.tokens_in(start, end)]
    if not own:
        return [], []
    sentences = sorted({article.sentence_of[t.i] for t in own})
    around = [
        article.tokens[n] for lo, hi in sentences for n in range(lo, hi) if not article.tokens[n].is_space
    ]
    return own, around


def _cue_tokens(span: StatementSpan, own: set[int], around: list[Any]) -> set[int]:
    words = {w for w in re.findall(r"[a-z']+", span.cue.lower()) if w not in ("as", "to", "that", "by")}
    return {t.i for t in around if t.i not in own and t.lower_ in words}


def _speaker_tokens(span: StatementSpan, own: set[int], around: list[Any]) -> frozenset[int]:
    words = set(re.findall(r"\w+", span.speaker.lower()))
    return frozenset(t.i for t in around if t.i not in own and t.lower_ in words)


def _sign_for(profile: Profile, target: Any, match: TopicMatch) -> int:
    if target.i in match.action_tokens or match.tokens.get(target.i) == "phrase" and not profile.undoes:
        return 1
    return -1 if profile.undoes and not _names_the_proposal(profile, target) else 1


def _names_the_proposal(profile: Profile, token: Any) -> bool:
    """'rejected Velt's proposal' of a moratorium: a proposal-kind noun named only by the description
    ('Velt's proposal to halt...') stands for the proposal itself, not for what it undoes (the title's
    'pact' of a withdrawal from it is what is undone)."""
    if lemma(token) not in word_set("proposal", "anaphors"):
        return False
    roles = {profile.terms[k].role for k in token_keys(token) if k in profile.terms}
    return roles == {"description"}


def _claim_targets(
    profile: Profile, match: TopicMatch, around: list[Any], own: set[int]
) -> list[tuple[Any, int]]:
    found = [
        (t, 1)
        for t in around
        if t.i in match.tokens
        and token_keys(t) & profile.predicate_keys
        and (not profile.predicate_is_noun or t.tag_.startswith("NN"))
    ]
    opposite = antonyms(profile)
    topic = set(match.tokens)
    asserted = {t.i for t, _ in found}
    found += [
        (t, -1)
        for t in around
        if t.i in own
        and (lemma(t) in opposite or t.lower_ in opposite)
        and predicated_of_topic(t, topic)
        and not any(d.i in asserted for d in t.subtree)  # 'kept on ... in breach of it' says it
    ]
    return found


def _direct(
    profile: Profile,
    match: TopicMatch,
    doc: Any,
    around: list[Any],
    allowed: frozenset[int],
    own: set[int],
) -> list[_Candidate]:
    candidates = []
    if profile.is_claim:
        pairs = _claim_targets(profile, match, around, own)
        decisions = [(decide_claim(t, s, allowed), t) for t, s in pairs]
        if not any(d for d, _ in decisions):
            answered = rebuttal([t for t, s in pairs if s > 0], own, allowed)
            decisions = [(answered, answered.decider)] if answered is not None else decisions
    else:
        decisions = []
        for t in targets(match, doc):
            sign = _sign_for(profile, t, match)
            theme_only = t.i not in match.core or (profile.undoes and sign < 0)
            decisions.append((decide(t, sign, allowed, theme_only=theme_only, cue=allowed - own), t))
    for decision, target in decisions:
        if decision is not None:
            if profile.negated:  # 'tenants have no say': saying they have none asserts it
                decision.sign = -decision.sign
            lo, hi = target.left_edge.i, target.right_edge.i  # the target's subtree (projective parse)
            topic = [doc[i] for i in sorted(match.tokens) if lo <= i <= hi]
            candidates.append(_Candidate(decision, topic or [target], match.strength))
    return candidates


def _context_strength(
    article: _Article, at: int, index: int, profile: Profile, near: bool
) -> tuple[float, Any]:
    """How strongly the article just before `at` (and its lead and headline) names the proposition:
    an anaphor may refer to it only then. `near` (pronouns): one paragraph back, the lead and the
    headline, never the rest of the article."""
    para = article.para_of(at)
    paras: list[int] = list(range(max(0, para - (1 if near else CONTEXT_PARAGRAPHS)), para + 1))
    paras = sorted({*paras, *range(min(LEAD_PARAGRAPHS, len(article.paragraphs), para + 1))})
    best, where = 0.0, None
    for p in paras:
        if p == para:
            match = article.matches(article.paragraphs[p][0], at)[index]
        else:
            match = article.paragraph_match(p, index)
        if match.on_topic and match.score > best:
            best, where = match.score, next(iter(sorted(match.tokens)), None)
    if article.headline is not None:
        match = article.headline[index]
        if match.on_topic and match.score > best:
            best, where = match.score, None
    if not best and not near:
        best, where = _article_topic(article, index, profile)
    return best, (article.tokens[where] if where is not None else None)


def _article_topic(article: _Article, index: int, profile: Profile) -> tuple[float, int | None]:
    """A definite 'the initiative' in an article that names the proposition strongly somewhere (even
    later) refers to it: the score is discounted, as the reference is less sure (once per article)."""
    if index not in article.article_topic:
        article.article_topic[index] = _strongest_paragraph(article, index)
    return article.article_topic[index]


def _strongest_paragraph(article: _Article, index: int) -> tuple[float, int | None]:
    best, where = 0.0, None
    for p in range(len(article.paragraphs)):
        match = article.paragraph_match(p, index)
        if match.on_topic and match.score >= ARTICLE_TOPIC_SCORE and match.score * ARTICLE_DISCOUNT > best:
            best, where = match.score * ARTICLE_DISCOUNT, min(match.tokens)
    return best, where


def _anaphor_decision(
    profile: Profile, anaphor: Any, own: list[Any], allowed: frozenset[int]
) -> Decision | None:
    if not profile.is_claim:
        return passed_over(decide(anaphor, 1, allowed, cue=allowed - {t.i for t in own}), anaphor)
    decision = decide_claim(anaphor, 1, allowed, anaphor=True) or contrary(own, allowed)
    if decision is None or decision.rule not in CLAIM_ANAPHOR_RULES:
        return None  # 'they said it': only a verdict on the claim itself refers back to it
    if profile.negated:
        decision.sign = -decision.sign
    return decision


def _by_anaphor(
    article: _Article,
    index: int,
    anaphors: list[Any],
    own: list[Any],
    allowed: frozenset[int],
    sentence: TopicMatch,
    decisions: dict[tuple[int, bool, bool], Decision | None],
) -> list[_Candidate]:
    """Decisions on the words that refer back to the proposition, when the article before them names it.
    A proposition the statement's own sentence names is the nearer referent than one named only
    before it ('These accusations against Serbian fruit are baseless' after a lead on two claims)."""
    profile = article.profiles[index]
    candidates = []
    for candidate in anaphors:
        if not refers(candidate, profile):
            continue
        anaphor = candidate.token
        score, where = (
            (1.0, None)
            if sentence.on_topic
            else _context_strength(article, anaphor.idx, index, profile, candidate.pronoun)
        )
        if not score:
            continue
        decision = _cached_decision(decisions, profile, anaphor, own, allowed)
        if decision is not None:
            topic = [where] if where is not None else []
            context = SENTENCE_CONTEXT + sentence.score if sentence.on_topic else score
            candidates.append(_Candidate(decision, topic, min(1.0, score / 1.35), anaphor, context))
    return candidates


def _cached_decision(
    decisions: dict[tuple[int, bool, bool], Decision | None],
    profile: Profile,
    anaphor: Any,
    own: list[Any],
    allowed: frozenset[int],
) -> Decision | None:
    """What the statement says of an anaphor depends only on the proposition's kind (and, for a claim,
    its negation): read once per statement, a copy for each proposition."""
    key = (anaphor.i, profile.is_claim, profile.negated)
    if key not in decisions:
        decisions[key] = _anaphor_decision(profile, anaphor, own, allowed)
    found = decisions[key]
    return None if found is None else replace(found, evidence=list(found.evidence))


def _best(candidates: list[_Candidate]) -> _Candidate | None:
    """The surest candidate, unless an almost as sure one says the opposite (then abstain)."""
    if not candidates:
        return None
    ranked = sorted(candidates, key=lambda c: c.confidence, reverse=True)
    top = ranked[0]
    for other in ranked[1:]:
        if other.decision.sign != top.decision.sign and other.confidence >= top.confidence - 0.05:
            return None
    return top if top.confidence >= MIN_CONFIDENCE else None


def _evidence(candidate: _Candidate) -> tuple[Evidence, ...]:
    items: list[tuple[Any, str]] = [(t, "topic") for t in candidate.topic]
    if candidate.anaphor is not None:
        items.append((candidate.anaphor, "anaphor"))
    items += candidate.decision.evidence
    seen, out = set(), []
    for token, role in items:
        if token is None or (token.i, role) in seen:
            continue
        seen.add((token.i, role))
        out.append(Evidence(token.idx, token.idx + len(token.text), token.text, role))
    return tuple(sorted(out, key=lambda e: (e.start, e.role)))


def _suggestion(profile: Profile, candidate: _Candidate) -> StanceSuggestion:
    reason = candidate.decision.reason
    if candidate.anaphor is not None:
        reason = f"{reason} (refers back: '{candidate.anaphor.text}')"
    return StanceSuggestion(
        proposition_slug=profile.record.slug,
        polarity="neutral"
        if candidate.decision.neutral
        else _POLARITY[profile.record.kind if profile.is_claim else "proposal"][candidate.decision.sign],
        confidence=candidate.confidence,
        evidence=_evidence(candidate),
        reason=reason,
        rule=candidate.decision.rule,
    )


def _for_statement(
    article: _Article, span: StatementSpan, profiles: Sequence[Profile]
) -> list[StanceSuggestion]:
    own, around = _statement_tokens(article, span)
    if not own:
        return []
    own_ids = {t.i for t in own}
    allowed = frozenset(own_ids | _cue_tokens(span, own_ids, around))
    skip = _speaker_tokens(span, own_ids, around)
    matches = article.matches(around[0].idx, around[-1].idx + 1, skip)
    cue_ids = allowed - own_ids
    anaphors = anaphor_candidates([*own, *cue_objects(around, cue_ids, own_ids)])
    decisions: dict[tuple[int, bool, bool], Decision | None] = {}
    by_profile: list[tuple[list[_Candidate], list[_Candidate]]] = []
    for index, (profile, match) in enumerate(zip(profiles, matches, strict=True)):
        if not article.mentions(index):
            by_profile.append(([], []))
            continue
        direct = _direct(profile, match, article.tokens, around, allowed, own_ids) if match.on_topic else []
        if not match.on_topic and profile.is_claim and _names_predicate(profile, own):
            # 'they just don't have a say', after a paragraph naming who: the claim from context
            score, _ = _context_strength(article, own[0].idx, index, profile, near=True)
            if score:
                direct = _direct(profile, match, article.tokens, around, allowed, own_ids)
                for candidate in direct:
                    candidate.strength = min(1.0, score / 1.35) * float(
                        rules()["reliability"]["context_topic"]
                    )
        if not direct and not match.on_topic:
            direct = _partial_in_question(article, index, match, matches, around, allowed, own_ids)
        direct = [c for c in direct if _leads(c, index, profiles, matches)]
        anaphoric = _by_anaphor(article, index, anaphors, own, allowed, match, decisions)
        by_profile.append((direct, anaphoric))
    out = []
    if not any(direct or anaphoric for direct, anaphoric in by_profile):
        left_open = (
            _left_open(article, own, profiles)
            or _left_to_others(article, own, profiles)
            or _kept_within(article, own, profiles)
        )
        if left_open is None:
            left_open = _by_article(article, own, allowed, cue_ids, matches)
        return [left_open] if left_open is not None else []
    for index, (direct, anaphoric) in enumerate(by_profile):
        candidates = direct + [c for c in anaphoric if _nearest_referent(c, index, by_profile, matches)]
        candidates = [c for c in candidates if not _said_by_another(c.decision.decider, own_ids, cue_ids)]
        best = _best(_verdict_over_report(candidates))
        if best is not None:
            out.append(_suggestion(profiles[index], best))
    return out


def _lemma_text(tokens: Sequence[Any]) -> str:
    """The lemmas, negations as 'not', and 'not going to X' read as 'not X' ('I'm not going to
    prejudge it' leaves it open as 'I won't prejudge it' does)."""
    words = ["not" if t.lower_ in ("n't", "not", "never") else lemma(t) for t in tokens if not t.is_punct]
    return (" " + " ".join(words) + " ").replace(" not go to ", " not ")


def _left_open(article: _Article, own: list[Any], profiles: Sequence[Profile]) -> StanceSuggestion | None:
    """'We have not formed a view', 'no decision has been made', 'I came into this with an open mind':
    the speaker leaves open the question the article is about, though the statement does not name it.
    Only when the article just before it (headline, lead, the paragraphs before) is on one
    proposition's topic clearly more than on any other's."""
    text = _lemma_text(own)
    phrase = next((p for p in word_set("undecided_phrases") if f" {p} " in text), None)
    if phrase is None or any(f" {w} " in text for w in ("any more", "anymore", "no longer")):
        return None  # 'I was on the fence in June. I'm not any more': no longer open
    words = phrase.split()
    said = [t for t in own if lemma(t) in words or (t.lower_ == "n't" and "not" in words)]
    return _from_context(
        article, own, profiles, said, "undecided", "undecided_phrase", f"leaves the question open: '{phrase}'"
    )


def _left_to_others(
    article: _Article, own: list[Any], profiles: Sequence[Profile]
) -> StanceSuggestion | None:
    """'It was not a question for riders', 'our role is to organise the vote, not to pick a side': the
    speaker declines to take a side on the question the article is about, though the statement does
    not name it (topic_words.json, left_to_others_phrases); as for `_left_open`."""
    text = _lemma_text(own)
    phrase = next((p for p in _left_to_others_phrases() if f" {p} " in text), None)
    if phrase is None:
        return None
    words = phrase.split()
    said = [t for t in own if lemma(t) in words or (t.lower_ == "n't" and "not" in words)]
    return _from_context(
        article, own, profiles, said, "neutral", "neutral", f"leaves it to others: '{phrase}'"
    )


@cache
def _left_to_others_phrases() -> tuple[str, ...]:
    return tuple(load("topic_words")["left_to_others_phrases"])


def _from_context(
    article: _Article,
    own: list[Any],
    profiles: Sequence[Profile],
    said: list[Any],
    polarity: str,
    rule: str,
    reason: str,
    claims_only: bool = False,
) -> StanceSuggestion | None:
    """A stance on the proposition the article just before the statement is about (headline, lead,
    the paragraphs before), when it names one clearly more than any other."""
    scored = sorted(
        (
            (_context_strength(article, own[0].idx, n, p, near=False)[0], n)
            for n, p in enumerate(profiles)
            if article.mentions(n) and (p.is_claim or not claims_only)
        ),
        reverse=True,
    )
    if not scored or not scored[0][0] or (len(scored) > 1 and scored[1][0] > scored[0][0] * RIVAL_MARGIN):
        return None
    score, index = scored[0]
    evidence = tuple(Evidence(t.idx, t.idx + len(t.text), t.text, "polarity") for t in said)
    confidence = round(float(rules()["reliability"][rule]) * (0.6 + 0.4 * min(1.0, score / 1.35)), 2)
    if confidence < MIN_CONFIDENCE:
        return None
    return StanceSuggestion(
        proposition_slug=profiles[index].record.slug,
        polarity=polarity,
        confidence=confidence,
        evidence=evidence,
        reason=reason,
        rule=rule,
    )


def _kept_within(article: _Article, own: list[Any], profiles: Sequence[Profile]) -> StanceSuggestion | None:
    """'every batch is fully within EU limits', 'carried out within our licence conditions': saying
    one kept within the rules denies the claim of wrongdoing the article is about."""
    said = compliance(own)
    if not said:
        return None
    words = " ".join(t.text for t in said)
    return _from_context(
        article, own, profiles, said, "denies", "claim_compliance", f"says it kept within: '{words}'", True
    )


def _article_question(article: _Article) -> tuple[int, float] | None:
    """The proposition the article is about, when its headline or lead names one clearly more than
    any other: (index, score), or None (once per article)."""
    if article.question is None:
        scores = []
        for n, profile in enumerate(article.profiles):
            if not article.mentions(n) or profile.is_claim:
                continue
            best = 0.0
            if article.headline is not None and article.headline[n].on_topic:
                best = article.headline[n].score
            for p in range(min(LEAD_PARAGRAPHS, len(article.paragraphs))):
                match = article.paragraph_match(p, n)
                if match.on_topic:
                    best = max(best, match.score)
            if best:
                scores.append((best, n))
        scores.sort(reverse=True)
        if scores and (len(scores) == 1 or scores[1][0] <= scores[0][0] * RIVAL_MARGIN):
            article.question = (scores[0][1], scores[0][0])
        else:
            article.question = (-1, 0.0)
    index, score = article.question
    return (index, score) if index >= 0 else None


def _by_article(
    article: _Article,
    own: list[Any],
    allowed: frozenset[int],
    cue: frozenset[int],
    matches: list[TopicMatch],
) -> StanceSuggestion | None:
    """'We simply disagree', 'they were disappointed', 'I'm for': a side taken with its object left
    unsaid speaks to the question the article is about (its headline or lead names one proposal
    clearly), unless the statement's sentence names another proposition."""
    question = _article_question(article)
    if question is None:
        return None
    index, score = question
    if any(m.on_topic for n, m in enumerate(matches) if n != index):
        return None
    decision = elided_stance(own, allowed, cue)
    if decision is None:
        return None
    profile = article.profiles[index]
    candidate = _Candidate(
        decision, [], min(1.0, score / 1.35) * float(rules()["reliability"]["article_topic"])
    )
    if candidate.confidence < MIN_CONFIDENCE:
        return None
    suggestion = _suggestion(profile, candidate)
    return replace(suggestion, reason=f"{suggestion.reason} (the article's question)")


def _partial_in_question(
    article: _Article,
    index: int,
    match: TopicMatch,
    matches: list[TopicMatch],
    around: list[Any],
    allowed: frozenset[int],
    own: set[int],
) -> list[_Candidate]:
    """'a cap would make it harder to attract sponsors' in an article about a cycling budget cap:
    some of the proposal's words, too few to name it alone, name it when the article's headline or
    lead is clearly about it and the sentence names no other proposition as much. The statement must
    hold a matched word that is not a common one; the usual rules decide, at a discounted topic
    strength. The word may be only a participant ('decayed teeth' in an article on fluoridation), so a
    modifier or an undertaking of its own never decides (partial_topic_skip_rules), and for a
    proposal that undoes something only its action word counts ('rejected the proposal' of a
    moratorium: rejected which act?)."""
    question = _article_question(article)
    if question is None or question[0] != index or not match.tokens:
        return []
    profile = article.profiles[index]
    named = {i: how for i, how in match.tokens.items() if i in own and i not in match.faint}
    if profile.undoes:
        named = {i: how for i, how in named.items() if i in match.action_tokens}
    if not named or any(m.on_topic or m.score > match.score for n, m in enumerate(matches) if n != index):
        return []
    partial = replace(match, tokens=named, action_tokens=match.action_tokens & named.keys())
    skip = word_set("partial_topic_skip_rules")
    found = [
        c
        for c in _direct(profile, partial, article.tokens, around, allowed, own)
        if c.decision.rule not in skip
    ]
    strength = min(1.0, question[1] / 1.35) * float(rules()["reliability"]["partial_topic"])
    for candidate in found:
        candidate.strength = strength
        passed_over(candidate.decision, candidate.topic[0])  # a partial name in an alternative
        candidate.decision.reason += " (some of its words, in the article's question)"
    return found


def _names_predicate(profile: Profile, own: list[Any]) -> bool:
    """The statement itself says the claim's predicate ('have no say', 'violated')."""
    return any(
        token_keys(t) & profile.predicate_keys and (not profile.predicate_is_noun or t.tag_.startswith("NN"))
        for t in own
    )


def _nearest_referent(
    candidate: _Candidate,
    index: int,
    by_profile: list[tuple[list[_Candidate], list[_Candidate]]],
    matches: list[TopicMatch] | None = None,
) -> bool:
    """An anaphor refers to one proposition: the one the article names most strongly before it (and
    never one whose rival names the very word: 'the levy' of a levy proposition)."""
    if matches and any(candidate.anaphor.i in m.core for n, m in enumerate(matches) if n != index):
        return False
    rivals = [
        c.context
        for i, (_, anaphoric) in enumerate(by_profile)
        if i != index
        for c in anaphoric
        if c.anaphor is not None and c.anaphor.i == candidate.anaphor.i
    ]
    return all(candidate.context > r for r in rivals)


_VERDICT_RULES = frozenset({"evaluation", "consequence", "evaluative_modifier"})
_REPORTED_ACTS = frozenset({"stance_verb", "volition", "enact_by_speaker", "obligation"})


def _verdict_over_report(candidates: list[_Candidate]) -> list[_Candidate]:
    """'The council wants the levy. It is a mistake.': in a statement of several sentences, a later
    sentence's verdict on the proposition outweighs an act reported of a third party before it (the
    act's subject is neither 'I' nor 'we'); the opposite-signed report is dropped."""
    verdicts = [c for c in candidates if c.decision.rule in _VERDICT_RULES and c.decision.sign]
    if not verdicts:
        return candidates
    return [c for c in candidates if not any(_reported_before(c, v) for v in verdicts)]


def _reported_before(candidate: _Candidate, verdict: _Candidate) -> bool:
    decision = candidate.decision
    if decision.rule not in _REPORTED_ACTS or decision.sign * verdict.decision.sign >= 0:
        return False
    act, judged = decision.decider, verdict.decision.decider
    if act.sent.start >= judged.sent.start:
        return False
    verb = act if act.tag_.startswith(("VB", "MD")) else act.head
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subject is not None and subject.lower_ not in word_set("first_person_words")


def _said_by_another(decider: Any, own: set[int], cue: frozenset[int]) -> bool:
    """'remarks by X, who said that Washington would be ready...': words the statement reports of a
    third party are not the speaker's stance (a speech verb above the decider, inside the statement,
    whose subject is not 'I' or 'we')."""
    child = decider
    for ancestor in decider.ancestors:
        if ancestor.i not in own or ancestor.i in cue:
            return False
        via, child = child, ancestor
        if lemma(ancestor) in speech_verbs() and via.dep_ in ("ccomp", "xcomp", "parataxis"):
            subject = next((c for c in ancestor.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            return subject is None or subject.lower_ not in ("i", "we")
    return False


def _leads(candidate: _Candidate, index: int, profiles: Sequence[Profile], matches: list[TopicMatch]) -> bool:
    """Another proposition of the same kind that names the same words much more strongly takes them."""
    ids = {t.i for t in candidate.topic}
    mine, kind = matches[index].score, profiles[index].record.kind
    return all(
        m.score * RIVAL_MARGIN <= mine
        for p, m in zip(profiles, matches, strict=True)
        if p.record.kind == kind and m.on_topic and ids & set(m.tokens)
    )


def paragraphs_of(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)] or [(0, len(text))]


def suggest_for_doc(
    doc: Any,
    statements: Sequence[object],
    propositions: Sequence[PropositionRecord],
    *,
    nlp: Any,
    headline: str = "",
) -> list[list[StanceSuggestion]]:
    """Suggestions for each statement (in order) of an article already parsed as `doc`.

    `statements`: StatementSpan, StatementRecord or anything with start/end (parts, cue,
    speaker_mention when known); offsets index `doc.text`. Propositions are parsed once per process
    (cached profiles), the headline once per call.
    """
    if not propositions or not statements:
        return [[] for _ in statements]
    profiles = build_profiles(list(propositions), nlp)
    article = _Article(doc, None, [], profiles)  # paragraphs from its tokens ('doc.text' remakes them)
    if headline and headline.strip():
        article.headline = match_many(profiles, list(nlp(headline[:500])), index=article.index)
    spans = [as_span(s) for s in statements]
    found = [_for_statement(article, span, profiles) for span in spans]
    speakers = [speaker_key(s, span) for s, span in zip(statements, spans, strict=True)]

    def read(span: StatementSpan) -> list[StanceSuggestion]:
        return _for_statement(article, span, profiles)

    found = from_narration(article, spans, speakers, found, read=read, min_confidence=MIN_CONFIDENCE)
    own = partial(_statement_tokens, article)
    return for_spokespeople(
        article, spans, speakers, found, read=read, own_tokens=own, min_confidence=MIN_CONFIDENCE
    )


def resuggest(
    *,
    nlp: Any,
    text: str,
    statements: Sequence[object],
    propositions: Sequence[PropositionRecord],
    headline: str = "",
) -> list[list[StanceSuggestion]]:
    """Suggestions for stored statements: the article's stored text is parsed and read the same way
    as at extraction (one code path: suggest_for_doc)."""
    if not propositions or not statements or not text.strip():
        return [[] for _ in statements]
    return suggest_for_doc(nlp(text), statements, propositions, nlp=nlp, headline=headline)
