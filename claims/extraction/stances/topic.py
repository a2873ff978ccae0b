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
from functools import cache
from typing import Any

from ..resources import load
from .lexicon import lemma, token_keys, word_set
from .profile import MIN_DISTINCT, Profile, Term

TOPIC_THRESHOLD = 0.9
HEAD_DISTINCT = 0.6  # the title's head (or a keyword) this distinctive names the proposition alone
FAINT_DISTINCT = 0.3  # words commoner than this help a topic but never stand for it
_SCENE_PREPS = frozenset({"in", "at", "on", "during", "near", "inside", "outside", "within", "throughout"})
_COMPLEMENT_PREPS = frozenset({"of", "on", "about", "for", "over", "into"})
_MODIFIER_DEPS = frozenset({"compound", "amod", "poss", "nmod", "nummod"})
LOOK_BACK = 40  # words before a pronoun where an earlier subject it takes up may stand
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
    profile: Profile, ids: Sequence[int], keys: Sequence[frozenset[str]]
) -> list[tuple[list[int], float]]:
    hits: list[tuple[list[int], float]] = []
    starts = [n for n, i in enumerate(ids) if keys[i] & profile.phrase_starts]  # most words start none
    if not starts:
        return hits
    for phrase in profile.phrases:
        size = len(phrase.keys)
        for n in starts:
            if n + size <= len(ids) and all(keys[ids[n + j]] & phrase.keys[j] for j in range(size)):
                hits.append((list(ids[n : n + size]), phrase.weight))
    return hits


def term_index(profiles: Sequence[Profile]) -> dict[str, list[tuple[int, Term]]]:
    index: dict[str, list[tuple[int, Term]]] = {}
    for n, profile in enumerate(profiles):
        for key, term in profile.terms.items():
            index.setdefault(key, []).append((n, term))
    return index


@dataclass
class TokenTable:
    """What topic matching reads of each token of a doc, by token index, read from the parse once per
    article: every later match is plain list look-ups (no spaCy attribute access per stretch)."""

    keys: list[frozenset[str]]
    content: list[bool]  # neither punctuation nor space
    det: list[bool]
    hits: list[dict[int, Term]]  # proposition index -> the best term the token matches
    starts: frozenset[int] = frozenset()  # tokens that may start some proposition's phrase


def token_table(
    tokens: Sequence[Any], index: dict[str, list[tuple[int, Term]]], profiles: Sequence[Profile] = ()
) -> TokenTable:
    """The table of a whole doc's tokens (token i at position i); a word's hits are looked up once
    per article however often it recurs."""
    keys = [token_keys(t) for t in tokens]
    memo: dict[frozenset[str], dict[int, Term]] = {}
    hits = []
    for k in keys:
        found = memo.get(k)
        if found is None:
            found = memo[k] = _hits(k, index) if k else {}
        hits.append(found)
    phrase_starts = frozenset().union(*(p.phrase_starts for p in profiles)) if profiles else None
    return TokenTable(
        keys=keys,
        content=[not (t.is_punct or t.is_space) for t in tokens],
        det=[t.dep_ == "det" for t in tokens],
        hits=hits,
        starts=frozenset(i for i, k in enumerate(keys) if phrase_starts is None or k & phrase_starts),
    )


def match_range(
    profiles: Sequence[Profile], table: TokenTable, lo: int, hi: int, skip: frozenset[int] = frozenset()
) -> list[TopicMatch]:
    """How strongly tokens lo..hi-1 (minus the `skip` indices: the speaker's own name) speak to each
    proposition: one pass over the tokens for all of them."""
    content = table.content
    ids = [i for i in range(lo, hi) if content[i] and i not in skip]
    return _match_ids(profiles, table, ids)


_NO_MATCH = TopicMatch()  # shared by every proposition a stretch does not mention (never mutated)


def _match_ids(profiles: Sequence[Profile], table: TokenTable, ids: list[int]) -> list[TopicMatch]:
    hit_lists = [table.hits[i] for i in ids]
    mentioned = {n for hits in hit_lists if hits for n in hits}
    keys, det = table.keys, table.det
    phrased = [i for i in ids if not det[i]]
    can_start = not table.starts.isdisjoint(phrased)  # most stretches start no phrase at all
    phrase_hits = [_phrase_hits(p, phrased, keys) if p.phrases and can_start else [] for p in profiles]
    found = [TopicMatch() if n in mentioned or phrase_hits[n] else _NO_MATCH for n in range(len(profiles))]
    for n, profile in enumerate(profiles):
        if phrase_hits[n]:
            _add_phrases(profile, found[n], phrase_hits[n], keys)
    best: list[dict[str, float]] = [{} for _ in profiles]
    for i, hits in zip(ids, hit_lists, strict=True):
        if not hits:
            continue
        token_key = keys[i]
        for n, term in hits.items():
            match = found[n]
            if i in match.tokens:
                continue
            match.tokens[i] = "term"
            if token_key & profiles[n].action_keys:
                match.action_tokens.add(i)
            word = term.word.lower()
            best[n][word] = max(best[n].get(word, 0.0), term.weight)
            match.distinct |= term.distinct >= MIN_DISTINCT and term.role != "description"
            match.head |= term.distinct >= HEAD_DISTINCT and term.role in ("head", "keyword")
            if term.distinct < FAINT_DISTINCT and i not in match.action_tokens:
                match.faint.add(i)
            if term.role in ("head", "action", "keyword") or i in match.action_tokens:
                match.core.add(i)
    for match, weights in zip(found, best, strict=True):
        if weights:
            match.score += sum(weights.values())
    return found


def match_many(
    profiles: Sequence[Profile],
    tokens: Sequence[Any],
    skip: frozenset[int] = frozenset(),
    index: dict[str, list[tuple[int, Term]]] | None = None,
) -> list[TopicMatch]:
    """How strongly `tokens` (a short doc such as a headline, or a span of one) speak to each
    proposition; results index the doc's tokens."""
    tokens = list(tokens)
    if not tokens:
        return [TopicMatch() for _ in profiles]
    index = index if index is not None else term_index(profiles)
    doc = tokens[0].doc
    table = token_table(list(doc), index, profiles)  # token i at position i, even for a span
    chosen = frozenset(t.i for t in tokens) - skip
    return _match_ids(profiles, table, [i for i in sorted(chosen) if table.content[i]])


def _add_phrases(
    profile: Profile, match: TopicMatch, hits: list[tuple[list[int], float]], keys: list[frozenset[str]]
) -> None:
    for hit, weight in hits:
        match.score += weight
        match.distinct = True
        for i in hit:
            match.tokens[i] = "phrase"
            match.core.add(i)
            if keys[i] & profile.action_keys:
                match.action_tokens.add(i)


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
    known: dict[int, Any] = {}  # pronoun index -> its antecedent, for a later 'it' continuing it
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
                antecedent = _antecedent_before(token, known)
                known[token.i] = antecedent
                out.append(AnaphorCandidate(token, True, True, antecedent))
    return out


def cue_objects(around: Iterable[Any], cue: Iterable[int], own: Iterable[int]) -> list[Any]:
    """'called the plan "a betrayal"', 'described it as "a gift to lawyers"': the statement is only the
    quoted verdict; what it is said of is the object of the regarding cue verb, outside the quote (only
    when the verdict, the verb's object predicate or 'as' object, is the statement's own)."""
    cue, own = set(cue), set(own)
    return [
        child
        for token in around
        if token.i in cue and lemma(token) in word_set("regard_verbs") and _verdict_in(token, own)
        for child in token.children
        if child.dep_ == "dobj"
    ]


def _verdict_in(verb: Any, own: set[int]) -> bool:
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ == "as":
            return any(g.i in own for g in child.children if g.dep_ == "pobj")
        if child.dep_ in ("oprd", "ccomp", "xcomp") and child.i in own:
            return True
    return False


def _anaphoric_noun(token: Any) -> bool:
    """A common noun that is an argument, says nothing of what it refers to, and carries no
    adjective that would make it something else ('the best orders')."""
    if token.tag_ not in ("NN", "NNS") or token.dep_ in _MODIFIER_DEPS or _has_own_complement(token):
        return False
    allowed = word_set("anaphor_modifiers", "anaphors")  # 'the revised bill': the form or its lemma
    return all(lemma(c) in allowed or c.lower_ in allowed for c in token.children if c.dep_ == "amod")


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
    kind ('the move' for proposals, 'the allegation' for claims), its own head noun ('a ban'), or a
    definite noun it is named by (a synonym of its head, a keyword's head: 'the acquisition')."""
    if candidate.pronoun:  # 'a presumption ... and it will cost jobs': only if that noun names it
        antecedent = candidate.antecedent
        if antecedent is None or token_keys(antecedent) & profile.terms.keys():
            return True
        # 'welcomed the decision, calling it a win': 'it' is the decision, an anaphor of the proposition
        return any(refers(c, profile) for c in anaphor_candidates([antecedent]) if not c.pronoun)
    token = candidate.token
    if not candidate.definite and any(c.dep_ in ("relcl", "acl") for c in token.children):
        return False  # 'a law that treats them all alike', 'a law to protect children': any such law
    keys = token_keys(token)
    own_head = bool(keys & profile.action_keys)
    word = lemma(token)
    named = own_head or word in word_set("claim" if profile.is_claim else "proposal", "anaphors")
    if named and word not in word_set("generic", "anaphors") and not own_head:
        named = bool(keys & profile.terms.keys())  # 'the levy' only for a levy
    if candidate.definite and not named:  # 'the acquisition' of a takeover: but 'an acquisition' is any
        named = bool(keys & profile.name_keys)
    return named and (candidate.definite or own_head)


def is_anaphor(token: Any, profile: Profile) -> bool:
    """'the move', 'this decision', 'such a ban', 'these claims', the proposition's own head noun, or
    'it'/'this'/'that' standing alone as an argument."""
    return any(refers(c, profile) for c in anaphor_candidates([token]))


@cache
def _actor_verbs() -> frozenset[str]:
    """Verbs whose subject takes a side or wishes (one-word forms): their subject is an actor."""
    names = ("support_verbs", "oppose_verbs", "undecided_verbs", "volition_verbs", "refusal_verbs")
    return frozenset(w for name in names for w in word_set(name) if " " not in w)


def _experiencer(pronoun: Any) -> bool:
    """'it was disappointed by...', 'they were pleased', 'it wants to...', 'it intends to...': the
    pronoun feels or wishes, so it is an actor (the parser may read 'was disappointed' as a passive)."""
    head = pronoun.head
    if pronoun.dep_ == "nsubjpass":
        return lemma(head) in word_set("experiencer_adjectives") or head.lower_ in word_set(
            "experiencer_adjectives"
        )
    if pronoun.dep_ != "nsubj":
        return False
    if head.tag_.startswith("VB") and lemma(head) in _actor_verbs():
        return True  # 'it would not accept the plan', 'it intends to...': only an actor does that
    predicate = next((c for c in head.children if c.dep_ in ("acomp", "attr")), None)
    return predicate is not None and lemma(predicate) in word_set("experiencer_adjectives")


def _antecedent_before(pronoun: Any, known: dict[int, Any] | None = None, follow: bool = True) -> Any:
    """'put the projectile on display and invited them to examine it': a noun of the same number
    earlier in the sentence is the pronoun's likelier antecedent ('this'/'that' excepted), or None."""
    if pronoun.lower_ in ("this", "that"):
        return None
    plural = pronoun.lower_ in ("they", "them")
    found = None
    above = {a.i for a in pronoun.ancestors}  # 'no quarrel with it': the pronoun hangs on that noun
    inside = _inside_subjects(pronoun)
    for token in pronoun.sent:
        if token.i >= pronoun.i:
            break
        if (
            token.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj")
            and token.tag_ == ("NNS" if plural else "NN")
            and token.i not in above
            and token.i not in inside
            and (plural or not _person(token))  # 'ask the minister to overturn it': 'it' is no person
            and not _adjunct(token)
        ):
            found = token
    earlier = _same_subject_before(pronoun) if follow else None
    if earlier is not None:  # 'It costs us money, but it is fair': the same 'it' (one step back)
        return known[earlier.i] if known and earlier.i in known else _antecedent_before(earlier, follow=False)
    if found is not None and _co_argument(found, pronoun):
        return None  # 'the group would fight it': an object pronoun never stands for its own subject
    return found


def _inside_subjects(pronoun: Any) -> set[int]:
    """'A cap with an escape clause is still a cap, and it will...', 'Forty kilometres on a winter
    road is not a choice, it's a gamble': a subject pronoun takes up an earlier subject phrase as a
    whole, never a noun that only modifies that subject (the words under an earlier subject's head)."""
    if pronoun.dep_ not in ("nsubj", "nsubjpass"):
        return set()
    above = {a.i for a in pronoun.ancestors}
    return {
        t.i
        for s in _just_before(pronoun)
        if s.dep_ in ("nsubj", "nsubjpass") and s.i not in above
        for t in s.subtree
        if t.i != s.i
    }


def _just_before(pronoun: Any) -> Any:
    """The words of the pronoun's sentence before it, at most LOOK_BACK of them."""
    doc, start = pronoun.doc, pronoun.i
    while start > 0 and pronoun.i - start < LOOK_BACK and not doc[start].is_sent_start:
        start -= 1  # walking back is cheaper than `pronoun.sent` in a long sentence
    return doc[start : pronoun.i]


def _same_subject_before(pronoun: Any) -> Any:
    """The same pronoun as the subject of an earlier clause of the sentence, itself standing for
    something ('It costs us money, but it is a fair law': both are one thing), or None."""
    if pronoun.dep_ not in ("nsubj", "nsubjpass"):
        return None
    subjects = [t for t in _just_before(pronoun) if t.dep_ in ("nsubj", "nsubjpass")]
    if not subjects or subjects[-1].lower_ != pronoun.lower_:
        return None
    earlier = subjects[-1]
    return None if _expletive(earlier) or _experiencer(earlier) else earlier


def _adjunct(noun: Any) -> bool:
    """'I won't accept that in a laboratory and I won't accept it in my kitchen': the object of a
    place or time preposition on a verb sets the scene, as does a date or a span of time: it is not
    what a later 'it' stands for ('voted for the plan and it passed' keeps its antecedent)."""
    if noun.ent_type_ in ("DATE", "TIME"):  # 'pushed for a levy for a decade, said it was...'
        return True
    prep = noun.head
    return (
        noun.dep_ == "pobj"
        and prep.dep_ == "prep"
        and prep.lower_ in _SCENE_PREPS
        and prep.head.tag_.startswith("VB")
    )


@cache
def _person_nouns() -> frozenset[str]:
    """Role nouns that only a person holds ('minister', 'spokesman'; data/role_nouns.json)."""
    nouns = load("role_nouns")["nouns"]
    return frozenset(n for n, about in nouns.items() if about.get("kinds") == ["person"])


def _person(noun: Any) -> bool:
    return lemma(noun) in _person_nouns() or noun.ent_type_ == "PERSON"


def _co_argument(noun: Any, pronoun: Any) -> bool:
    """The noun is the subject of the very verb whose object the pronoun is (binding: a plain
    pronoun cannot refer to its clause-mate; 'itself' would)."""
    return (
        noun.dep_ in ("nsubj", "nsubjpass")
        and pronoun.dep_ in ("dobj", "pobj")
        and (pronoun.head.i == noun.head.i or pronoun.head.head.i == noun.head.i)
    )


def _has_own_complement(noun: Any) -> bool:
    """'the idea of a levy', 'the decision to raise fares': the noun says what it refers to."""
    return any(
        (c.dep_ in ("acl", "ccomp") and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children))
        or (c.dep_ == "prep" and c.lower_ in _COMPLEMENT_PREPS)
        for c in noun.children
    )


def anaphors_in(tokens: Iterable[Any], profile: Profile) -> list[Any]:
    return [c.token for c in anaphor_candidates(tokens) if refers(c, profile)]
