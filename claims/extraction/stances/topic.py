"""Topic: does a stretch of the parse speak to a proposition, and which words stand for it (targets)?

A proposition's phrases match as sequences of derivation keys; its single terms add their weights
(each term once). A stretch is on topic when the weights reach TOPIC_THRESHOLD and at least one matched
word is distinctive (MIN_DISTINCT) or a phrase matched: a single common word never makes a topic.
Targets are the topmost matched words in the parse (the head of 'the ban on issuing
licences' rather than each word of it). Anaphors ('the move', 'this decision', 'it') stand for a
proposition only when the article around the statement is on its topic (see suggest.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from .lexicon import lemma, token_keys, word_set
from .profile import MIN_DISTINCT, Profile, Term

TOPIC_THRESHOLD = 0.9
HEAD_DISTINCT = 0.6  # the title's head (or a keyword) this distinctive names the proposition alone
FAINT_DISTINCT = 0.3  # words commoner than this help a topic but never stand for it
_COMPLEMENT_PREPS = frozenset({"of", "on", "about", "for", "over", "into"})
_MODIFIER_DEPS = frozenset({"compound", "amod", "poss", "nmod", "nummod"})
_ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "csubj"})


@dataclass
class TopicMatch:
    """What of one proposition a stretch of tokens mentions."""

    score: float = 0.0
    tokens: dict[int, str] = field(default_factory=dict)  # token index -> how it matched ("term"/"phrase")
    distinct: bool = False  # a distinctive word or a phrase is among the matches
    action_tokens: set[int] = field(default_factory=set)
    head: bool = False  # the title's distinctive head word (or a keyword) is among the matches
    faint: set[int] = field(default_factory=set)  # tokens matched only by common words
    core: set[int] = field(default_factory=set)  # tokens naming the proposition itself (head, action, phrase)

    @property
    def on_topic(self) -> bool:
        return (self.distinct and self.score >= TOPIC_THRESHOLD) or self.head

    @property
    def strength(self) -> float:
        return min(1.0, self.score / (TOPIC_THRESHOLD * 1.5))


def _phrase_hits(
    profile: Profile, words: Sequence[Any], keys: Sequence[frozenset[str]]
) -> list[tuple[list[Any], float]]:
    hits: list[tuple[list[Any], float]] = []
    starts = [i for i, k in enumerate(keys) if k & profile.phrase_starts]  # most words start no phrase
    if not starts:
        return hits
    for phrase in profile.phrases:
        n = len(phrase.keys)
        for i in starts:
            if i + n <= len(words) and all(keys[i + j] & phrase.keys[j] for j in range(n)):
                hits.append((list(words[i : i + n]), phrase.weight))
    return hits


def term_index(profiles: Sequence[Profile]) -> dict[str, list[tuple[int, Term]]]:
    index: dict[str, list[tuple[int, Term]]] = {}
    for n, profile in enumerate(profiles):
        for key, term in profile.terms.items():
            index.setdefault(key, []).append((n, term))
    return index


def match_many(
    profiles: Sequence[Profile],
    tokens: Sequence[Any],
    skip: frozenset[int] = frozenset(),
    index: dict[str, list[tuple[int, Term]]] | None = None,
    key_cache: dict[int, frozenset[str]] | None = None,
    hit_cache: dict[int, dict[int, Term]] | None = None,
) -> list[TopicMatch]:
    """How strongly `tokens` (minus the `skip` indices: the speaker's own name) speak to each
    proposition: one pass over the tokens for all of them. `key_cache`: token index -> keys, kept
    by the caller across calls on the same doc."""
    words = [t for t in tokens if t.i not in skip and not t.is_punct and not t.is_space]
    cache = key_cache if key_cache is not None else {}
    keys = []
    for t in words:
        found_keys = cache.get(t.i)
        if found_keys is None:
            found_keys = cache[t.i] = token_keys(t)
        keys.append(found_keys)
    found = [TopicMatch() for _ in profiles]
    content = [(w, k) for w, k in zip(words, keys, strict=True) if w.dep_ != "det"]
    for profile, match in zip(profiles, found, strict=True):
        if profile.phrases:
            _add_phrases(profile, match, [w for w, _ in content], [k for _, k in content])
    index = index if index is not None else term_index(profiles)
    best: list[dict[str, float]] = [{} for _ in profiles]
    hit_cache = hit_cache if hit_cache is not None else {}
    for t, token_key in zip(words, keys, strict=True):
        hits = hit_cache.get(t.i)
        if hits is None:
            hits = hit_cache[t.i] = _hits(token_key, index)
        for n, term in hits.items():
            match = found[n]
            if t.i in match.tokens:
                continue
            match.tokens[t.i] = "term"
            if token_key & profiles[n].action_keys:
                match.action_tokens.add(t.i)
            word = term.word.lower()
            best[n][word] = max(best[n].get(word, 0.0), term.weight)
            match.distinct |= term.distinct >= MIN_DISTINCT and term.role != "description"
            match.head |= term.distinct >= HEAD_DISTINCT and term.role in ("head", "keyword")
            if term.distinct < FAINT_DISTINCT and t.i not in match.action_tokens:
                match.faint.add(t.i)
            if term.role in ("head", "action", "keyword") or t.i in match.action_tokens:
                match.core.add(t.i)
    for match, weights in zip(found, best, strict=True):
        match.score += sum(weights.values())
    return found


def _add_phrases(profile: Profile, match: TopicMatch, words: list[Any], keys: list[frozenset[str]]) -> None:
    for hit, weight in _phrase_hits(profile, words, keys):
        match.score += weight
        match.distinct = True
        for t in hit:
            match.tokens[t.i] = "phrase"
            match.core.add(t.i)
            if token_keys(t) & profile.action_keys:
                match.action_tokens.add(t.i)


def _hits(keys: frozenset[str], index: dict[str, list[tuple[int, Term]]]) -> dict[int, Term]:
    """The best-weighted term of each proposition that a word with these keys matches."""
    hits: dict[int, Term] = {}
    for key in keys:
        for n, term in index.get(key, ()):
            if n not in hits or term.weight > hits[n].weight:
                hits[n] = term
    return hits


def match_topic(profile: Profile, tokens: Sequence[Any], skip: frozenset[int] = frozenset()) -> TopicMatch:
    """How strongly `tokens` speak to one proposition (see match_many)."""
    return match_many([profile], tokens, skip)[0]


def targets(match: TopicMatch, doc: Sequence[Any]) -> list[Any]:
    """The topmost matched tokens: none of their ancestors within the sentence is a matched token."""
    chosen = []
    for i in sorted(match.tokens):
        if i in match.faint:
            continue
        token = node = doc[i]
        while node.head.i != node.i and (node.head.i not in match.tokens or node.head.i in match.faint):
            node = node.head
        if node.head.i == node.i:  # reached the root without meeting another matched word
            chosen.append(token)
    return chosen


@dataclass(frozen=True)
class AnaphorCandidate:
    """A word that may refer back to a proposition: a noun with a determiner or possessor and no
    complement of its own ('the move', 'this decision', 'the minister's proposal'), or a pronoun argument."""

    token: Any
    definite: bool
    pronoun: bool
    antecedent: Any = None  # a noun earlier in the sentence the pronoun more likely stands for


def anaphor_candidates(tokens: Iterable[Any]) -> list[AnaphorCandidate]:
    """The words of a statement that could refer back (checked against each proposition by `refers`)."""
    out = []
    for token in tokens:
        if _anaphoric_noun(token):
            definite = any(
                c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in word_set("determiners", "anaphors"))
                for c in token.children
            )
            out.append(AnaphorCandidate(token, definite, False))
        elif token.lower_ in word_set("pronouns", "anaphors") and token.tag_ in ("PRP", "DT"):
            argument = token.dep_ in _ARGUMENT_DEPS and token.head.i != token.i
            people = token.lower_ == "they" and token.dep_ == "nsubj"  # 'they won', 'they want': people
            if argument and not people and not _expletive(token) and not _experiencer(token):
                out.append(AnaphorCandidate(token, True, True, _antecedent_before(token)))
    return out


def _anaphoric_noun(token: Any) -> bool:
    """A common noun that is an argument, says nothing of what it refers to, and carries no
    adjective that would make it something else ('the best orders')."""
    if token.tag_ not in ("NN", "NNS") or token.dep_ in _MODIFIER_DEPS or _has_own_complement(token):
        return False
    allowed = word_set("anaphor_modifiers", "anaphors")
    return all(lemma(c) in allowed for c in token.children if c.dep_ == "amod")


def _expletive(pronoun: Any) -> bool:
    """'it would be irresponsible not to act', 'it is clear that...': a dummy 'it' refers to nothing."""
    if pronoun.lower_ != "it" or pronoun.dep_ != "nsubj":
        return False
    head = pronoun.head
    clauses = [*head.children, *(g for c in head.children if c.dep_ in ("acomp", "attr") for g in c.children)]
    return any(
        c.dep_ in ("xcomp", "ccomp", "csubj", "acl", "relcl")
        and any(g.lower_ in ("to", "that") for g in c.children)
        for c in clauses
    )


def refers(candidate: AnaphorCandidate, profile: Profile) -> bool:
    """Whether the candidate can stand for this proposition: a pronoun, a noun of the proposition's
    kind ('the move' for proposals, 'the allegation' for claims), or its own head noun ('a ban')."""
    if candidate.pronoun:  # 'a presumption ... and it will cost jobs': only if that noun names it
        return candidate.antecedent is None or bool(token_keys(candidate.antecedent) & profile.terms.keys())
    token = candidate.token
    if not candidate.definite and any(c.dep_ in ("relcl", "acl") for c in token.children):
        return False  # 'a law that treats them all alike', 'a law to protect children': any such law
    own_head = bool(token_keys(token) & profile.action_keys)
    word = lemma(token)
    named = own_head or word in word_set("claim" if profile.is_claim else "proposal", "anaphors")
    if named and word not in word_set("generic", "anaphors") and not own_head:
        named = bool(token_keys(token) & profile.terms.keys())  # 'the levy' only for a levy
    return named and (candidate.definite or own_head)


def is_anaphor(token: Any, profile: Profile) -> bool:
    """'the move', 'this decision', 'such a ban', 'these claims', the proposition's own head noun, or
    'it'/'this'/'that' standing alone as an argument."""
    return any(refers(c, profile) for c in anaphor_candidates([token]))


def _experiencer(pronoun: Any) -> bool:
    """'it was disappointed by...', 'they were pleased': the pronoun feels, so it is an actor."""
    if pronoun.dep_ != "nsubj":
        return False
    predicate = next((c for c in pronoun.head.children if c.dep_ in ("acomp", "attr")), None)
    return predicate is not None and lemma(predicate) in word_set("experiencer_adjectives")


def _antecedent_before(pronoun: Any) -> Any:
    """'put the projectile on display and invited them to examine it': a noun of the same number
    earlier in the sentence is the pronoun's likelier antecedent ('this'/'that' excepted), or None."""
    if pronoun.lower_ in ("this", "that"):
        return None
    plural = pronoun.lower_ in ("they", "them")
    found = None
    for token in pronoun.sent:
        if token.i >= pronoun.i:
            break
        if token.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj") and token.tag_ == ("NNS" if plural else "NN"):
            found = token
    return found


def _has_own_complement(noun: Any) -> bool:
    """'the idea of a levy', 'the decision to raise fares': the noun says what it refers to."""
    return any(
        (c.dep_ in ("acl", "ccomp") and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children))
        or (c.dep_ == "prep" and c.lower_ in _COMPLEMENT_PREPS)
        for c in noun.children
    )


def anaphors_in(tokens: Iterable[Any], profile: Profile) -> list[Any]:
    return [c.token for c in anaphor_candidates(tokens) if refers(c, profile)]
