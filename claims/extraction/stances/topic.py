"""Topic: does a stretch of the parse speak to a proposition, and which words stand for it (targets)?

A proposition's phrases match as sequences of derivation keys; its single terms add their weights
(each term once). A stretch is on topic when the weights reach TOPIC_THRESHOLD and at least one matched
word is distinctive (MIN_DISTINCT) or a phrase matched: a single common word never makes a topic.
Targets are the topmost matched words in the parse (the head of 'the moratorium on deploying
missiles' rather than each word of it). Anaphors ('the move', 'this decision', 'it') stand for a
proposition only when the article around the statement is on its topic (see suggest.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .lexicon import lemma, token_keys, word_set
from .profile import MIN_DISTINCT, Profile

TOPIC_THRESHOLD = 0.9
_COMPLEMENT_PREPS = frozenset({"of", "on", "about", "for", "over", "against", "into"})
_MODIFIER_DEPS = frozenset({"compound", "amod", "poss", "nmod", "nummod"})


@dataclass
class TopicMatch:
    """What of one proposition a stretch of tokens mentions."""

    score: float = 0.0
    tokens: dict[int, str] = field(default_factory=dict)  # token index -> how it matched ("term"/"phrase")
    distinct: bool = False  # a distinctive word or a phrase is among the matches
    action_tokens: set[int] = field(default_factory=set)

    @property
    def on_topic(self) -> bool:
        return self.distinct and self.score >= TOPIC_THRESHOLD

    @property
    def strength(self) -> float:
        return min(1.0, self.score / (TOPIC_THRESHOLD * 1.5))


def _phrase_hits(profile: Profile, tokens: Sequence[Any]) -> list[tuple[list[Any], float]]:
    words = [t for t in tokens if not t.is_punct and not t.is_space and t.dep_ != "det"]
    keys = [token_keys(t) for t in words]
    hits = []
    for phrase in profile.phrases:
        n = len(phrase.keys)
        for i in range(len(words) - n + 1):
            if all(keys[i + j] & phrase.keys[j] for j in range(n)):
                hits.append((words[i : i + n], phrase.weight))
    return hits


def match_topic(profile: Profile, tokens: Sequence[Any], skip: frozenset[int] = frozenset()) -> TopicMatch:
    """How strongly `tokens` (minus the `skip` indices: the speaker's own name) speak to the proposition."""
    tokens = [t for t in tokens if t.i not in skip]
    found = TopicMatch()
    for words, weight in _phrase_hits(profile, tokens):
        found.score += weight
        found.distinct = True
        for t in words:
            found.tokens[t.i] = "phrase"
            if token_keys(t) & profile.action_keys:
                found.action_tokens.add(t.i)
    best: dict[str, float] = {}
    for t in tokens:
        if t.i in found.tokens or t.is_punct:
            continue
        terms = [profile.terms[k] for k in token_keys(t) if k in profile.terms]
        if not terms:
            continue
        term = max(terms, key=lambda x: x.weight)
        found.tokens[t.i] = "term"
        if token_keys(t) & profile.action_keys:
            found.action_tokens.add(t.i)
        best[term.word.lower()] = max(best.get(term.word.lower(), 0.0), term.weight)
        found.distinct |= term.distinct >= MIN_DISTINCT and term.role != "description"
    found.score += sum(best.values())
    return found


def targets(match: TopicMatch, doc: Any) -> list[Any]:
    """The topmost matched tokens: none of their ancestors within the sentence is a matched token."""
    chosen = []
    for i in sorted(match.tokens):
        token = doc[i]
        if not any(a.i in match.tokens for a in token.ancestors):
            chosen.append(token)
    return chosen


def is_anaphor(token: Any, profile: Profile) -> bool:
    """'the move', 'this decision', 'such a ban', 'these claims', the proposition's own head noun with a
    definite determiner, or 'it'/'this'/'that' standing alone as an argument."""
    anaphors = word_set("proposal" if not profile.is_claim else "claim", "anaphors")
    if token.tag_ in ("NN", "NNS") and token.dep_ not in _MODIFIER_DEPS:
        definite = any(
            c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in word_set("determiners", "anaphors"))
            for c in token.children
        )
        own_head = bool(token_keys(token) & profile.action_keys)  # 'a ban would...', 'the levy'
        named = lemma(token) in anaphors or own_head
        return (definite or own_head) and named and not _has_own_complement(token)
    if token.lower_ in word_set("pronouns", "anaphors") and token.tag_ in ("PRP", "DT"):
        argument = token.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "csubj") and token.head.i != token.i
        return argument and not _antecedent_before(token)
    return False


def _antecedent_before(pronoun: Any) -> bool:
    """'put the projectile on display and invited them to examine it': a noun of the same number
    earlier in the sentence is the pronoun's likelier antecedent ('this'/'that' excepted)."""
    if pronoun.lower_ in ("this", "that"):
        return False
    plural = pronoun.lower_ in ("they", "them")
    for token in pronoun.sent:
        if token.i >= pronoun.i:
            return False
        if token.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj") and token.tag_ == ("NNS" if plural else "NN"):
            return True
    return False


def _has_own_complement(noun: Any) -> bool:
    """'the idea of a moratorium', 'the decision to raise fares': the noun says what it refers to."""
    return any(
        (c.dep_ in ("acl", "ccomp") and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children))
        or (c.dep_ == "prep" and c.lower_ in _COMPLEMENT_PREPS)
        for c in noun.children
    )


def anaphors_in(tokens: Iterable[Any], profile: Profile) -> list[Any]:
    return [t for t in tokens if is_anaphor(t, profile)]
