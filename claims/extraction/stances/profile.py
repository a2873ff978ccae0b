"""A proposition's profile: the words and phrases that name it, weighted, and what its action is.

Built once per proposition and parser (the title and description are parsed once, then cached):
- phrases: keywords, aliases, entities and the title's multiword names (strong, matched as lemma
  sequences);
- terms: the title's head, action (verb or deverbal noun), objects/themes and named entities, and the
  description's content words (weaker), each weighted by its distinctiveness in general English and
  shared terms divided among the propositions that share them (see `weigh_shared`);
- `undoes`: the action undoes its theme ('withdrawal from the accord', 'a ban on X'), so a statement
  about the theme alone counts inverted;
- claims: the predicate ('violates', 'unsafe') and whether the title itself negates it.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any

from ..nlp import load_nlp
from ..resources import load
from .lexicon import distinctiveness, lemma, match_keys, rules, token_keys, word_set
from .records import PropositionRecord

HEAD_FACTOR = 1.2  # the title's head noun or verb names the proposition best
COMMON_VERB = 0.6  # a title verb commoner than this (add, make, put) names no proposition by itself
THEME_FACTOR = 0.9
ENTITY_FACTOR = 0.8
OTHER_FACTOR = 0.6
DESCRIPTION_FACTOR = 0.45
PHRASE_WEIGHT = 1.2
HEAD_NAME_DISTINCT = 0.6  # a compound modifier this distinctive names its head's act ('the safeguard')
MIN_DISTINCT = 0.4  # a topic needs at least one word at least this distinctive (or a phrase)
_CONTENT_TAGS = ("NN", "VB", "JJ")
_SKIP_DEPS = frozenset({"det", "aux", "auxpass", "punct", "cc", "case", "neg", "prep", "mark"})
_MODIFIER_DEPS = frozenset({"compound", "amod", "poss", "nmod", "det", "nummod", "pobj", "dobj"})
_LOCK = threading.Lock()
_CACHE: dict[tuple[PropositionRecord, int], Profile] = {}
_BATCHES: dict[tuple[tuple[PropositionRecord, ...], int], list[Profile]] = {}


@dataclass
class Term:
    word: str
    weight: float
    role: str  # head | action | theme | entity | other | description | keyword
    distinct: float


@dataclass
class Phrase:
    text: str
    keys: tuple[frozenset[str], ...]
    weight: float


@dataclass
class Profile:
    record: PropositionRecord
    terms: dict[str, Term] = field(default_factory=dict)  # match key -> term
    phrases: list[Phrase] = field(default_factory=list)
    action_keys: frozenset[str] = frozenset()
    name_keys: frozenset[str] = frozenset()  # nouns a definite 'the X' names it by (see `_name_keys`)
    predicate_keys: frozenset[str] = frozenset()
    predicate_lemmas: frozenset[str] = frozenset()
    predicate_is_noun: bool = False  # 'have no say': the noun 'say', not the verb
    undoes: bool = False
    negated: bool = False  # a claim worded with a negation ("have no say")

    @property
    def is_claim(self) -> bool:
        return self.record.kind == "claim"

    @cached_property
    def phrase_starts(self) -> frozenset[str]:
        """The keys a phrase can start with: a word without them starts no phrase (read once matching starts)."""
        return frozenset(k for phrase in self.phrases if phrase.keys for k in phrase.keys[0])


def _add(
    profile: Profile, keys: frozenset[str], word: str, weight: float, role: str, distinct: float
) -> None:
    for key in keys:
        known = profile.terms.get(key)
        if known is None or known.weight < weight:
            profile.terms[key] = Term(word, weight, role, distinct)


def _content_token(token: Any) -> bool:
    if not token.is_alpha and not any(ch.isdigit() for ch in token.text):
        return False
    if token.dep_ in _SKIP_DEPS or token.is_stop:
        return False
    return (
        token.tag_.startswith(_CONTENT_TAGS)
        or token.ent_type_ != ""
        or any(ch.isdigit() for ch in token.text)
    )


def _title_root(doc: Any) -> Any:
    """The title's head. A proposal's title is usually a noun phrase the parser reads as a clause
    ('Withdrawal from the X pact' with 'pact' as a verb): its head is the leftmost noun or gerund
    that modifies nothing."""
    root = next(iter(doc.sents)).root
    if root.tag_.startswith(("VB", "MD")) and root.tag_ != "VBG":
        return root  # a clause: 'The dam is unsafe', 'Tenants have no say'; or 'Extending the quotas'
    for token in doc:
        if token.tag_ in ("NN", "NNS", "VBG") and token.dep_ not in _MODIFIER_DEPS:
            return token
    return root


def _head_and_action(doc: Any) -> tuple[Any, Any]:
    """The title's head (its root) and action: the root verb, or the deverbal noun / verb it governs."""
    root = _title_root(doc)
    if root.tag_.startswith("NN") and lemma(root) in word_set("undo_nouns"):
        return root, root  # 'a ban on issuing X': the ban is the action, issuing its theme
    if lemma(root) in word_set("light_verbs"):
        obj = next((c for c in root.children if c.dep_ == "dobj"), None)
        if obj is not None:  # 'tenants have no say': the say is what is claimed
            return root, obj
    if root.tag_.startswith("VB") and lemma(root) in word_set("enact_verbs"):
        obj = next((c for c in root.children if c.dep_ == "dobj"), None)
        if obj is not None:  # 'Introduce a levy on flyers': the levy is what is proposed
            return obj, obj
    if root.tag_ == "VB" and not _undoing(root) and distinctiveness(lemma(root)) < COMMON_VERB:
        obj = next((c for c in root.children if c.dep_ == "dobj" and c.tag_.startswith("NN")), None)
        if obj is not None:  # 'Add fluoride to the water': a common verb; what it adds names it
            return obj, root
    if root.tag_.startswith("VB") and lemma(root) != "be":
        return root, root
    if lemma(root) == "be":
        predicate = next((c for c in root.children if c.dep_ in ("acomp", "attr")), None)
        return root, predicate if predicate is not None else root
    verb = next(
        (t for t in root.subtree if t.tag_.startswith("VB") and t.dep_ in ("pcomp", "acl", "pobj")), None
    )
    return root, verb if verb is not None and verb.i > root.i else root


def _undoing(token: Any) -> bool:
    return lemma(token) in word_set("undo_verbs") | word_set("undo_nouns")


def _role(token: Any, head: Any, action: Any) -> tuple[str, float]:
    if token.i in (head.i, action.i):
        return ("head" if token.i == head.i else "action"), HEAD_FACTOR
    if token.ent_type_ or token.tag_ in ("NNP", "NNPS"):
        return "entity", ENTITY_FACTOR
    if token.dep_ in (
        "dobj",
        "pobj",
        "nsubj",
        "nsubjpass",
        "attr",
        "acomp",
        "compound",
    ) and token.tag_.startswith("NN"):
        return "theme", THEME_FACTOR
    return "other", OTHER_FACTOR


def _title_terms(profile: Profile, doc: Any) -> None:
    head, action = _head_and_action(doc)
    for token in doc:
        named = token.i in (head.i, action.i) and token.is_alpha
        if (not _content_token(token) and not named) or lemma(token) == "be":
            continue
        if token.dep_ == "ROOT" and not named and lemma(token) in word_set("enact_verbs"):
            continue  # 'Introduce a levy': 'introduce' says nothing of which proposition
        role, factor = _role(token, head, action)
        distinct = distinctiveness(lemma(token))
        _add(profile, token_keys(token), token.text, factor * distinct, role, distinct)
    profile.action_keys = token_keys(action) | (
        token_keys(head) if head.tag_.startswith("NN") else frozenset()
    )
    profile.name_keys |= (
        profile.action_keys | _name_keys(head, kinds=True) | _name_keys(action, kinds=True) | _verb_names(doc)
    )
    undo_words = word_set("undo_verbs") | word_set("undo_nouns")
    profile.undoes = lemma(action) in undo_words or lemma(head) in undo_words
    if profile.is_claim:
        profile.predicate_keys = token_keys(action)
        profile.predicate_lemmas = frozenset({lemma(action), action.lower_})
        profile.predicate_is_noun = action.dep_ == "dobj" and lemma(action.head) in word_set("light_verbs")
        _responsibility(profile, action)
        _causal(profile, action)
        profile.negated = any(
            c.dep_ == "neg" or c.lower_ in ("no", "never") for c in (*action.children, *head.children)
        )
    for ent in doc.ents:
        if len(ent) > 1:
            _add_phrase(profile, ent, PHRASE_WEIGHT)


def _responsibility(profile: Profile, predicate: Any) -> None:
    """'X is responsible for the demise of Y' is also asserted by 'X destroyed Y' (data: responsibility)."""
    data = rules()["responsibility"]
    if lemma(predicate) not in data["predicates"]:
        return
    ends = [t for t in predicate.subtree if t.tag_.startswith("NN") and lemma(t) in data["ends"]]
    if not ends:
        return
    verbs = frozenset(data["verbs"])
    profile.predicate_lemmas |= verbs
    for verb in verbs:
        profile.predicate_keys |= match_keys(verb)
        _add(profile, match_keys(verb), verb, HEAD_FACTOR * 0.6, "action", 0.6)


def _causal(profile: Profile, predicate: Any) -> None:
    """'X caused Y' is also asserted by 'X was the source of Y', 'Y was linked to X' (data: causal)."""
    data = rules()["causal"]
    if lemma(predicate) not in data["predicates"]:
        return
    for word in data["words"]:
        profile.predicate_lemmas |= {word}
        profile.predicate_keys |= match_keys(word)
        _add(profile, match_keys(word), word, HEAD_FACTOR * 0.5, "action", 0.5)


def _add_phrase(profile: Profile, tokens: Sequence[Any], weight: float, role: str = "keyword") -> None:
    """A phrase that names the proposition (keyword, alias) or a participant (entity: a single word
    of it is a participant, not the proposition, so it never stands for it)."""
    words = [t for t in tokens if not t.is_punct and t.dep_ != "det" and t.lower_ not in ("the", "a", "an")]
    if not words:
        return
    if len(words) == 1:
        token = words[0]
        distinct = distinctiveness(lemma(token))
        _add(
            profile,
            token_keys(token),
            token.text,
            max(0.5, distinct) * (HEAD_FACTOR if role == "keyword" else ENTITY_FACTOR),
            role,
            max(0.5, distinct),
        )
        return
    if role == "keyword":  # 'Corvel takeover': 'the takeover' names it too
        head = _phrase_head(tokens)
        if head is not None and distinctiveness(lemma(head)) >= HEAD_NAME_DISTINCT:
            profile.name_keys |= _name_keys(head)
    text = " ".join(t.text for t in words)
    if all(p.text.lower() != text.lower() for p in profile.phrases):
        profile.phrases.append(Phrase(text, tuple(token_keys(t) for t in words), weight))
    for token in words:  # each word of a phrase also helps, as a weaker term
        if _content_token(token):
            distinct = distinctiveness(lemma(token))
            _add(profile, token_keys(token), token.text, OTHER_FACTOR * distinct, "other", distinct)


def _phrase_head(tokens: Sequence[Any]) -> Any:
    """A keyword's head noun, read from the words (a short phrase parses unreliably): an English noun
    phrase ends in its head before any preposition ('duty on imported tiles', 'riders bill'). A phrase
    that opens with a verb ('classify riders as employees') names its act by no noun: None."""
    words = [t for t in tokens if t.is_alpha or "-" in t.text]
    if not words or words[0].tag_.startswith("VB"):
        return None
    head = None
    for token in words:
        if token.tag_ in ("IN", "TO"):
            break
        head = token
    if head is not None and not (head.tag_.startswith("NN") or lemma(head) in _synonyms()):
        return None
    return head


@cache
def _synonyms() -> dict[str, frozenset[str]]:
    """Each word of a group of interchangeable nouns for one kind of act -> the keys of its group."""
    out: dict[str, frozenset[str]] = {}
    for group in load("topic_words")["name_synonyms"]:
        keys = frozenset().union(*(match_keys(w) for w in group))
        for word in group:
            out[word] = keys
    return out


def _name_keys(head: Any, kinds: bool = False) -> frozenset[str]:
    """The nouns 'the X' can name a proposition by, from its title's (or a keyword's) head noun: the head
    itself, the words its group of synonyms holds ('the acquisition' for a takeover) and, for the
    title's head (`kinds`), its distinctive compound modifiers ('the safeguard' for 'a safeguard duty';
    a keyword's are its theme: 'the riders' of 'riders bill' are people, not the bill)."""
    if head is None or not (head.tag_.startswith("NN") or lemma(head) in _synonyms()):
        return frozenset()
    keys = token_keys(head) | _synonyms().get(lemma(head), frozenset())
    for child in head.children if kinds else ():
        compound = child.dep_ == "compound" and child.tag_ in ("NN", "NNS") and child.is_alpha
        if compound and distinctiveness(lemma(child)) >= HEAD_NAME_DISTINCT:
            keys |= token_keys(child)
    return keys


def _verb_names(doc: Any) -> frozenset[str]:
    """'Allow X to take over Y', 'Merge the two boards': a title verb whose act has nouns of its own
    ('the takeover', 'the acquisition', 'the merger') is named by them."""
    keys: frozenset[str] = frozenset()
    for token in doc:
        if token.tag_.startswith("VB"):
            particle = next((c.lower_ for c in token.children if c.dep_ == "prt"), "")
            verb = f"{lemma(token)} {particle}".strip()
            keys |= _synonyms().get(verb, frozenset())
    return keys


def _description_terms(profile: Profile, doc: Any) -> None:
    for token in doc:
        if _content_token(token) and lemma(token) != "be":
            distinct = distinctiveness(lemma(token))
            _add(
                profile, token_keys(token), token.text, DESCRIPTION_FACTOR * distinct, "description", distinct
            )


def build_profile(record: PropositionRecord, nlp: Any) -> Profile:
    """The profile of one proposition for this parser (cached: the title is parsed once)."""
    key = (record, id(nlp))
    cached = _CACHE.get(key)
    if cached is not None:
        return cached
    profile = Profile(record)
    if record.description.strip():
        _description_terms(profile, nlp(record.description[:2000]))
    if record.title.strip():
        _title_terms(profile, nlp(record.title[:500]))
    for role, texts in (("keyword", (*record.keywords, *record.aliases)), ("entity", record.entities)):
        for text in texts:
            if text and text.strip():
                _add_phrase(profile, nlp(text.strip()[:200]), PHRASE_WEIGHT, role)
    with _LOCK:
        if len(_CACHE) > 2000:
            _CACHE.clear()
        _CACHE[key] = profile
    return profile


def build_profiles(records: Sequence[PropositionRecord], nlp: Any) -> list[Profile]:
    """Profiles for a batch, with the weight of a term shared by several propositions divided among
    them (cached for the same propositions and parser, as every article of a batch asks again)."""
    key = (tuple(records), id(nlp))
    cached = _BATCHES.get(key)
    if cached is None:
        cached = weigh_shared([build_profile(r, nlp) for r in records])
        with _LOCK:
            if len(_BATCHES) > 64:
                _BATCHES.clear()
            _BATCHES[key] = cached
    return cached


def weigh_shared(profiles: list[Profile]) -> list[Profile]:
    """A word in several propositions' titles tells them apart less: its weight is divided by the square
    root of how many share it (copies, so the cached profiles stay as built)."""
    counts: dict[str, int] = {}
    for profile in profiles:
        for key in profile.terms:
            counts[key] = counts.get(key, 0) + 1
    if all(n == 1 for n in counts.values()):
        return profiles
    out = []
    for profile in profiles:
        terms = {
            k: Term(t.word, t.weight / counts[k] ** 0.5, t.role, t.distinct) for k, t in profile.terms.items()
        }
        out.append(
            Profile(
                profile.record,
                terms,
                profile.phrases,
                profile.action_keys,
                profile.name_keys,
                profile.predicate_keys,
                profile.predicate_lemmas,
                profile.predicate_is_noun,
                profile.undoes,
                profile.negated,
            )
        )
    return out


def proposition_problems(record: PropositionRecord, nlp: Any = None) -> list[str]:
    """What keeps the suggester from finding this proposition in statements, in words an editor can act on."""
    problems = []
    if not record.title.strip():
        problems.append("The title is empty: write the question as a short sentence or phrase.")
        return problems
    if record.kind not in ("claim", "proposal"):
        problems.append(f"Unknown kind {record.kind!r}: a proposition is a claim or a proposal.")
    if nlp is None:
        nlp = load_nlp()
    profile = build_profile(record, nlp)
    if not profile.phrases and not any(t.distinct >= MIN_DISTINCT for t in profile.terms.values()):
        words = ", ".join(sorted({f"'{t.word}'" for t in profile.terms.values()})) or "none"
        problems.append(
            "The title and description have no distinctive words (only common ones: "
            f"{words}), so statements cannot be matched to it: add keywords or aliases, phrases of two "
            "or more words that name it."
        )
    for keyword in (*record.keywords, *record.aliases):
        parts = keyword.split()
        if len(parts) == 1 and distinctiveness(parts[0]) < MIN_DISTINCT / 2:
            problems.append(f"The keyword '{keyword}' is too common to find the topic alone; use a phrase.")
    if record.kind == "claim" and not profile.predicate_keys - match_keys("be"):
        problems.append("A claim needs a verb or predicate that statements can assert or deny.")
    return problems
