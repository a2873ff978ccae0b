"""Polarity: what the speaker says about a target, read through the dependency parse.

From the target (the words standing for the proposition) the walk goes up the parse:
- through verbs and nouns that carry the proposition out ('extend the quota', 'the adoption of'),
  unchanged; through those that undo it ('scrap', 'leave', 'repeal of'), inverted;
- to the word that decides: a support/opposition/weighing verb or noun whose object it is; an
  evaluation predicated of it or of a clause holding it ('X was a costly error'); a consequence
  framed as good or bad with it as subject or in a subordinate clause ('streets will be quieter once the
  charge starts'); volition and readiness over its action ('ready to', 'would like to'); an
  emotion verb over it ('we regret', 'we welcome'); an obligation ('must keep');
- negation counts where the parse puts it (a `neg` child of a word on the path, 'never', 'no' on the
  target, a negated 'think' above), and a condition on the deciding clause ('only if', 'as long as')
  makes a support undecided.
The decider must lie in the statement (or be its cue): the speaker's own words decide, not the
sentence around them. Claims (claims.py) use the same walk with assertion and denial rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from ..resources import load
from .lexicon import is_negator, lemma, match_keys, phrase_valence, rules, token_keys, valence, word_set

MAX_STEPS = 10
_COPULAS = frozenset({"be", "seem", "look", "remain", "become", "sound", "prove", "appear", "feel", "stay"})
_SUBJECT_DEPS = frozenset({"nsubj", "csubj", "nsubjpass", "csubjpass", "expl"})
_OBJECT_DEPS = frozenset({"dobj", "nsubjpass", "attr", "oprd", "dative"})
_CLAUSE_DEPS = frozenset({"xcomp", "ccomp"})
_QUANTITIES = frozenset(
    {
        "thousand",
        "thousands",
        "million",
        "millions",
        "hundred",
        "hundreds",
        "lot",
        "lots",
        "number",
        "dozen",
        "dozens",
        "many",
        "most",
        "some",
        "all",
        "half",
        "billion",
        "billions",
    }
)
_ACTS_OF_A_SUBJECT = frozenset(
    {"stance_verb", "emotion_verb", "worry", "volition", "undecided_verb", "refusal"}
)
_QUESTION_MARKS = frozenset({"whether", "how", "why", "what", "which", "whatever", "whichever", "however"})
_CONDITIONAL_ACTS = frozenset({"stance_verb", "stance_noun", "volition"})
_STANCE_ACTS = frozenset(
    {"stance_verb", "stance_noun", "volition", "enact_by_speaker", "obligation", "refusal"}
)
_HEDGING_MODALS = frozenset({"could", "might", "may", "can"})
_AMOUNT_WORDS = frozenset(
    {
        "fewer",
        "less",
        "lower",
        "smaller",
        "reduced",
        "weaker",
        "poorer",
        "more",
        "higher",
        "greater",
        "bigger",
        "larger",
        "extra",
        "increased",
        "stronger",
    }
)
_OWN = frozenset({"our", "their", "my", "your", "his", "her"})
_FIRST_PERSON = frozenset({"we", "i", "us", "our"})
_PREDICATE_DEPS = frozenset(
    {"acomp", "attr", "oprd", "amod", "pobj", "prep", "advmod", "compound", "xcomp", "dobj"}
)
_NOT_NEGATING = frozenset({"merely", "just", "only", "simply", "solely"})
_WEAK_NEGATORS = frozenset({"without", "little", "nor"})
_PARTICLE_ADVERBS = frozenset({"forward", "ahead", "away"})
_FUTURE_AUX = frozenset({"will", "'ll", "shall", "wo", "going"})
_PERFECT_AUX = frozenset({"have", "has", "had", "'ve", "'d"})


@dataclass
class Decision:
    sign: int  # +1 for the proposition, -1 against, 0 undecided
    rule: str  # a key of stance_rules.json "reliability"
    decider: Any  # the token that decided
    reason: str
    evidence: list[tuple[Any, str]] = field(default_factory=list)  # (token, role)
    consumed: frozenset[int] = frozenset()  # negators the rule itself read ('no evidence')
    raw: int = 0  # the decider's own sign, before the walk's inversions
    neutral: bool = False  # the speaker explicitly declines to take a side

    @property
    def reliability(self) -> float:
        return float(rules()["reliability"].get(self.rule, 0.6))


@dataclass
class Walk:
    """State carried up the parse: the sign so far and the words that changed it."""

    sign: int
    allowed: frozenset[int]  # tokens where a decider may be: the statement and its cue
    cue: frozenset[int] = frozenset()  # the statement's cue words (their subject is the speaker)
    neutral_path: bool = False  # the walk went through a verb that neither carries out nor undoes it
    unasserted: bool = False  # a claim's predicate met only in a condition ('unless it violates')
    theme_only: bool = False  # the target is only the theme of an undoing proposition ('the flights')
    evidence: list[tuple[Any, str]] = field(default_factory=list)
    visited: list[Any] = field(default_factory=list)


def verb_forms(token: Any, via: Any = None) -> set[str]:
    """A verb's lemma, with its particle ('rule out') and with the preposition on the path ('call for')."""
    base = lemma(token)
    forms = {base}
    for child in token.children:
        if child.dep_ == "prt" or (child.dep_ == "advmod" and child.lower_ in _PARTICLE_ADVERBS):
            forms.add(f"{base} {child.lower_}")  # 'rule out', 'look forward (to)', 'push ahead (with)'
        elif child.dep_ == "prep":  # 'put at risk', 'put on the line'
            obj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if obj is not None:
                forms.add(f"{base} {child.lower_} {lemma(obj)}")
    if via is not None and via.dep_ in ("prep", "agent", "prt"):
        forms.add(f"{base} {via.lower_}")
        forms |= {f"{f} {via.lower_}" for f in list(forms) if " " in f}
    return forms


def negation_of(token: Any) -> Any:
    """A negator governed by this word ('not', "n't", 'never', 'no' as its determiner), or None."""
    for child in token.children:
        if child.dep_ == "neg":
            following = token.doc[child.i + 1] if child.i + 1 < len(token.doc) else None
            if following is not None and following.lower_ in _NOT_NEGATING:
                continue  # 'did not merely support it': more than support
            return child
        if (
            child.dep_ in ("advmod", "det", "preconj")
            and is_negator(child)
            and child.lower_ not in _WEAK_NEGATORS
        ):
            return child
        if (
            child.dep_ == "advmod"
            and child.lower_ in ("longer", "more")
            and any(g.lower_ == "no" for g in child.children)
        ):
            return child  # 'we no longer dispute it'
    return None


def _negated_above(token: Any) -> Any:
    """ "I don't think we should back it": a negated neg-raising verb above the decider; "we are not
    willing to back it": a negated readiness adjective."""
    node = token
    for _ in range(3):
        if node.dep_ not in _CLAUSE_DEPS or node.head.i == node.i:
            return None
        node = node.head
        if lemma(node) in word_set("neg_raising_verbs"):
            return negation_of(node)
        if node.tag_.startswith("JJ") and lemma(node) in word_set("volition_adjectives"):
            # 'we are not willing to support it': the negation sits on the copula of the readiness
            return negation_of(node) or (negation_of(node.head) if node.dep_ == "acomp" else None)
    return None


def _excess(adjective: Any) -> Any:
    """'too easy to get round', 'too generous': the 'too' that makes any adjective a fault, or None."""
    if not adjective.tag_.startswith("JJ"):
        return None
    return next((c for c in adjective.children if c.dep_ == "advmod" and c.lower_ == "too"), None)


def _compared(token: Any) -> bool:
    """'a better law than it was', 'better than nothing': a comparison, not a verdict on it."""
    comparative = token.tag_ in ("JJR", "RBR") or any(
        c.dep_ in ("amod", "advmod") and c.tag_ in ("JJR", "RBR") for c in token.children
    )
    return comparative and any(t.lower_ == "than" for t in token.subtree)


def np_valence(token: Any) -> tuple[float, Any]:
    """How good or bad a noun or adjective phrase is ('a costly error', 'long overdue', 'no solution')."""
    if _excess(token) is not None and lemma(token) not in word_set("premature_adjectives"):
        return -1.5, token
    if _compared(token):
        return 0.0, token
    phrase = " ".join(t.lower_ for t in token.subtree if not t.is_punct and t.dep_ != "det")
    words = [t for t in token.subtree if t.i <= token.i + 4]
    for n in range(min(len(words), 5), 1, -1):  # a listed phrase inside ('a step in the right direction')
        for i in range(len(words) - n + 1):
            text = " ".join(w.lower_ for w in words[i : i + n])
            if phrase_valence(text):
                return phrase_valence(text), token
    value = valence(token)
    best = token
    for child in token.children:
        if (
            child.dep_ in ("amod", "advmod", "compound", "npadvmod")
            and abs(valence(child)) > abs(value) * 0.8
        ):
            # 'a costly error' (the same sign), 'the wrong answer' (a stronger opposite: it wins)
            agrees = valence(child) * value > 0 or abs(valence(child)) > abs(value)
            value, best = valence(child) if not value or agrees else value, child
    if not value and phrase:
        value = phrase_valence(phrase)
    if not value and token.tag_.startswith("NN"):  # 'a project that would raise prices'
        clause = next((c for c in token.children if c.dep_ == "relcl"), None)
        found = consequence(clause) if clause is not None else None
        if found:
            return found[0], found[1]
    return value, best


def _say(token: Any) -> str:
    """The words of a predicate worth quoting: 'a costly error', 'long overdue' (not its whole clause)."""
    if not token.tag_.startswith(("NN", "JJ")):
        return token.text
    words = [t for t in token.subtree if t.i <= token.i and t.i >= token.i - 4]
    words = words[
        next(
            (n for n, t in enumerate(words) if t.dep_ in ("det", "amod", "advmod", "compound") or t == token),
            0,
        ) :
    ]
    return " ".join(t.text for t in words)[:60]


def evaluate_predicate(verb: Any, subject: Any = None) -> tuple[float, Any] | None:
    """What a clause says is good or bad: its predicate adjective or noun, or a consequence verb.
    `subject`: the target when it is the clause's subject (then it is not what the verb affects)."""
    if lemma(verb) in _COPULAS:
        predicate = next((c for c in verb.children if c.dep_ in ("acomp", "attr", "oprd")), None)
        if predicate is None:
            return _prep_verdict(verb)
        value, word = np_valence(predicate)
        return (value, word) if value else None
    return consequence(verb, subject)


def _prep_verdict(copula: Any) -> tuple[float, Any] | None:
    """'it's about time', 'this is on the right track', 'they are out of touch': a listed phrase
    after a copula with no predicate noun or adjective."""
    for prep in (c for c in copula.children if c.dep_ == "prep"):
        words = [t.lower_ for t in prep.subtree]
        value = phrase_valence(" ".join(words)) or phrase_valence(" ".join(w for w in words if w != "the"))
        if value:
            return value, prep
    return None


def consequence(verb: Any, target: Any = None) -> tuple[float, Any] | None:
    """'will hurt farmers' (bad), 'will cut bills' (good: less of a bad), 'will create jobs' (good)."""
    base = verb_forms(verb)
    if base & word_set("causative_verbs"):  # 'will make our ports safer', 'leave growers with less'
        result = next((c for c in verb.children if c.dep_ in ("ccomp", "oprd", "xcomp", "acomp")), None)
        if result is not None:
            target = next((c for c in result.children if c.dep_ == "acomp"), result)
            value, word = np_valence(target)
            if value:
                return value, word
        given = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "with"), None)
        pobj = next((g for g in given.children if g.dep_ == "pobj"), None) if given is not None else None
        if pobj is not None and _worth(pobj):
            return _worth(pobj), verb
    on_people = _on_people(verb, base) or _moved_into(verb) or _done_for(verb)
    if on_people:
        return on_people, verb
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "attr")), None)
    subject = next((c for c in verb.children if c.dep_ in ("nsubj",)), None)
    if subject is not None and subject is target:
        subject = None  # 'the levy would start in May': the proposition is not what it affects
    affected = obj if obj is not None else subject if verb.tag_ != "VBN" else None
    direction = _direction(base)
    if affected is not None and not _worth(affected):  # 'add 3,200 reais to the cost'
        to = next(
            (
                c
                for c in (*verb.children, *affected.children)  # the parser may hang 'to' on the amount
                if c.dep_ in ("prep", "dative") and c.lower_ in ("to", "on")
            ),
            None,
        )
        affected = (
            next((g for g in to.children if g.dep_ == "pobj"), affected) if to is not None else affected
        )
    if direction and affected is not None:
        worth = _worth(affected)
        if worth:
            return direction * worth, verb
    verdict = _verdict_phrase(verb)
    if verdict:
        return verdict, verb
    if lemma(verb) in word_set("happen_verbs"):
        return None  # 'the levy would start in May': it happening is no verdict on it ('a start' is)
    value = valence(verb) or max((phrase_valence(f) for f in base), key=abs, default=0.0)
    return (value, verb) if value else None


_PEOPLE_PRONOUNS = frozenset({"us", "them", "me", "you", "him", "her"})
_PEOPLE_ENTITIES = frozenset({"PERSON", "NORP", "ORG", "GPE"})
_AGENT_ENDINGS = ("ers", "ors", "ists", "ants", "ents", "ians")
_NOBODY = frozenset({"nothing", "nobody", "none", "no-one"})


def is_people(token: Any) -> bool:
    """'us', 'small traders', 'its members', 'the council', 'Spain': persons or groups, whose harm is bad."""
    if token.lower_ in _PEOPLE_PRONOUNS or token.ent_type_ in _PEOPLE_ENTITIES:
        return True
    if not token.tag_.startswith("NN") or valence(token) < 0:
        return False
    word = lemma(token)
    if word in word_set("speaker_nouns") or word in word_set("people_nouns"):
        return True
    return token.tag_ == "NNS" and token.lower_.endswith(_AGENT_ENDINGS)


def _on_people(verb: Any, forms: set[str]) -> float:
    """'the charge would hit small traders', 'it will cost us', 'it helps families': a verb that harms
    (or serves) whoever it acts on, with persons or a group as its object; 0.0 otherwise."""
    sign = -1 if forms & word_set("harm_verbs") else 1 if forms & word_set("benefit_verbs") else 0
    if not sign:
        return 0.0
    affected = [c for c in verb.children if c.dep_ in ("dobj", "dative")]
    if any(c.lower_ in _NOBODY or any(d.lower_ == "no" for d in c.children) for c in affected):
        return -1.5 * sign  # 'it costs the taxpayer nothing', 'it will hurt nobody'
    return 1.5 * sign if any(is_people(c) for c in affected) else 0.0


def _done_for(verb: Any) -> float:
    """'the remedies would do little for shoppers' (bad), 'it will do wonders for the town' (good): how
    much a 'do ... for' says it does; 0.0 otherwise."""
    if lemma(verb) != "do" or not any(c.dep_ == "prep" and c.lower_ == "for" for c in verb.children):
        return 0.0
    amounts = rules()["done_for_amounts"]
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    return float(amounts.get(obj.lower_, 0.0)) if obj is not None else 0.0


def _moved_into(verb: Any) -> float:
    """'will push families into debt' (bad), 'lift children out of poverty' (good), 'put half of us out
    of work' (a listed phrase): where the verb moves someone; 0.0 when it says nothing of that."""
    for prep in (c for c in verb.children if c.dep_ in ("prep", "advmod") and c.lower_ in ("into", "out")):
        text = " ".join(t.lower_ for t in prep.subtree if t.dep_ != "det")
        if phrase_valence(text):
            return phrase_valence(text)
        of = next((c for c in prep.children if c.dep_ == "prep" and c.lower_ == "of"), prep)
        place = next((c for c in of.children if c.dep_ == "pobj"), None)
        if place is not None and lemma(place) in word_set("bads"):
            return -1.5 if prep.lower_ == "into" else 1.5
    return 0.0


def _verdict_phrase(verb: Any) -> float:
    """'it makes sense', 'it makes no sense', 'it will backfire', 'it goes too far', 'it will work'
    (a bare 'work', with nothing after it but adverbs): a listed verb phrase that judges its subject."""
    after = [t for t in verb.subtree if t.i >= verb.i and not t.is_punct]
    words = " ".join(lemma(t) for t in after)
    phrases = rules()["verdict_phrases"]
    for phrase, value in phrases.items():
        if " " in phrase and (words == phrase or words.startswith(phrase + " ")):
            return float(value)
    bare = all(t.dep_ in ("advmod", "neg") for t in after[1:])
    return float(phrases.get(lemma(verb), 0.0)) if bare else 0.0


def _direction(forms: set[str]) -> int:
    """+1 if the verb makes more of its object ('raise', 'create'), -1 if less ('cut', 'bring down');
    the longest form decides ('bring down' over 'bring')."""
    for form in sorted(forms, key=lambda f: -len(f.split())):
        if form in word_set("decrease_verbs"):
            return -1
        if form in word_set("increase_verbs"):
            return 1
    return 0


def _worth(token: Any) -> float:
    """Whether more of this is good (jobs, safety) or bad (prices, emissions), from data and VADER."""
    word = lemma(token)
    if word in _QUANTITIES:  # 'thousands of children': what there are thousands of
        of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        counted = next((g for g in of.children if g.dep_ == "pobj"), None) if of is not None else None
        return _worth(counted) if counted is not None else 0.0
    for child in token.children:
        if child.dep_ == "compound" and f"{lemma(child)} {word}" in word_set("bads"):
            return -1.5
    amount = next((c for c in token.children if c.dep_ == "amod" and c.lower_ in _AMOUNT_WORDS), None)
    scale = 1.0 if amount is None else (-1.0 if amount.lower_ in word_set("less_words") else 1.0)
    if word in word_set("goods"):
        return 1.5 * scale
    if word in word_set("bads"):
        return -1.5 * scale
    value, _ = np_valence(token)
    if not value and any(c.dep_ == "poss" and c.lower_ in _OWN for c in token.children):
        return 1.0  # 'our high street', 'their livelihoods': what people call theirs they value
    return value


def _polarity_sign(value: float) -> int:
    return 1 if value > 0 else -1


def _decide(walk: Walk, sign: int, rule: str, decider: Any, reason: str) -> Decision | None:
    if decider.i not in walk.allowed:
        return None
    if walk.neutral_path and rule not in ("evaluation", "consequence"):
        return None  # 'we want to discuss it' does not back it
    others = rule in _ACTS_OF_A_SUBJECT and decider.tag_.startswith("VB") and decider.i not in walk.cue
    asked = verb_forms(decider) | {
        f"{lemma(decider)} {c.lower_}" for c in decider.children if c.dep_ == "prep"
    }
    nobody_act = others and sign > 0 and bool(asked & word_set("demand_verbs"))
    if nobody_act and _nobody_subject(decider) is not None:  # 'nobody has asked for this'
        nobody = _nobody_subject(decider)
        return Decision(
            -walk.sign,
            rule,
            decider,
            f"says nobody wants it: '{nobody.text} {decider.text}'",
            [*walk.evidence, (nobody, "negation"), (decider, "polarity")],
            raw=sign,
        )
    if others and not speaker_like(decider):
        return None  # 'the PM's friends call it fair', 'people want it': someone else's stance
    if _counted_subject(decider) or _unasserted(decider, walk.allowed) or _weighed_already(rule, decider):
        return None
    return Decision(
        walk.sign * sign, rule, decider, reason, [*walk.evidence, (decider, "polarity")], raw=sign
    )


def _nobody_subject(verb: Any) -> Any:
    """'nobody asked for it', 'no one wants this': the verb's subject says no one holds it, or None."""
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None:
        return None
    if subject.lower_ in _NOBODY - {"nothing"}:
        return subject
    no = any(c.lower_ == "no" for c in subject.children)
    return subject if no and subject.lower_ in ("one", "resident", "voter", "member", "parent") else None


def _weighed_already(rule: str, decider: Any) -> bool:
    """'we've thought hard about it', 'we have studied the plan': weighing done (a perfect, not 'have
    been studying') leaves no question open; what was concluded is said elsewhere."""
    if rule != "undecided_verb" or decider.tag_ != "VBN":
        return False
    auxes = {c.lower_ for c in decider.children if c.dep_ == "aux"}
    return bool(auxes & _PERFECT_AUX) and not any(c.dep_ == "neg" for c in decider.children)


def _clause_verb(token: Any) -> Any:
    node = token
    for _ in range(4):
        if node.tag_.startswith(("VB", "MD")) or node.head.i == node.i:
            return node
        node = node.head
    return node


def _counted_subject(decider: Any) -> bool:
    """'eleven of the 18 teams voted in favour', '39 per cent opposed it': a tally of others' stances."""
    verb = _clause_verb(decider)
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None and verb.dep_ == "conj":
        subject = next((c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None:
        return False
    tally = word_set("tally_nouns")
    return (
        subject.tag_ == "CD"
        or subject.like_num
        or lemma(subject) in tally
        or any(
            c.dep_ == "nummod" or (c.dep_ in ("amod", "det") and c.lower_ in tally) for c in subject.children
        )
    )


def _unasserted(decider: Any, allowed: frozenset[int]) -> bool:
    """'I won't pretend we love it', 'that doesn't mean it's illegal', 'I'd rather X than fight it':
    a clause the speaker puts forward only to set it aside."""
    node = decider
    for _ in range(6):
        head = node.head
        if head.i == node.i or head.i not in allowed:
            return False
        if node.dep_ in ("ccomp", "xcomp") and lemma(head) in word_set("non_assertive_verbs"):
            return True
        if node.tag_.startswith("VB") and any(c.lower_ == "than" and c.i < node.i for c in node.children):
            return True  # the alternative after 'rather ... than'
        node = head
    return False


def _flip(walk: Walk, token: Any) -> None:
    walk.sign = -walk.sign
    walk.evidence.append((token, "polarity"))


def verb_decision(verb: Any, forms: set[str], walk: Walk) -> Decision | Any | None:
    """The target is this verb's object: a stance verb decides, an undoing verb inverts, one that
    carries it out passes it up; an evaluative verb ('we regret', 'we welcome') decides by its valence."""
    if forms & word_set("support_verbs"):
        return _decide(walk, 1, "stance_verb", verb, f"backs it: '{verb.text}'")
    if forms & word_set("oppose_verbs"):
        return _decide(walk, -1, "stance_verb", verb, f"opposes it: '{verb.text}'")
    if forms & word_set("undecided_verbs"):
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
        if passive or (forms & word_set("undecided_only_first_person") and not _first_person(verb)):
            return None  # 'the scheme will be reviewed after a year' is procedure, not weighing
        return _decide(walk, 0, "undecided_verb", verb, f"weighs it: '{verb.text}'")
    if forms & word_set("undo_verbs"):
        _flip(walk, verb)
        return verb
    if forms & word_set("enact_verbs"):
        return verb
    regarded = _regarded_as(verb, forms)
    if regarded is not None and (speaker_like(verb) or verb.i in walk.cue):
        value, word = np_valence(regarded)
        if value:
            return _decide(walk, _polarity_sign(value), "evaluation", word, f"sees it as '{_say(regarded)}'")
    value = valence(verb)
    if value and speaker_like(verb) and not (walk.theme_only and len(walk.visited) == 1):
        return _decide(walk, _polarity_sign(value), "emotion_verb", verb, f"feels about it: '{verb.text}'")
    if verb.dep_ in ("csubj", "xcomp", "ccomp", "acl", "advcl") and verb.tag_ in ("VBG", "VB"):
        walk.neutral_path = True  # 'taxing flyers is right': only an evaluation of the clause decides
        return verb
    return None


def _regarded_as(verb: Any, forms: set[str]) -> Any:
    """'saw it as not a credible offer', 'considers it a mistake', 'called it reckless': what the
    target is regarded as (the 'as' object, or the object predicate), or None."""
    if not forms & word_set("regard_verbs"):
        return None
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ == "as":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
        if child.dep_ in ("oprd", "ccomp", "xcomp") and child.tag_.startswith(("NN", "JJ")):
            return child
    return None


def speaker_like(verb: Any) -> bool:
    """Whether the verb's subject can be the speaker's side: a pronoun ('we', 'it', 'they'), a noun
    with a first-person possessor ('our members'), an organisation's role noun ('the union'), or none
    (an infinitive, an imperative). 'Ministers', 'people in Ashworth' are others."""
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None and verb.dep_ in ("xcomp", "conj") and verb.head.i != verb.i:
        return speaker_like(verb.head)  # 'Moscow has to destroy': the subject of 'has'
    if subject is None:
        return verb.dep_ not in ("relcl",) or verb.head.i == verb.i
    if subject.tag_ in ("PRP", "WP") and subject.lower_ not in ("that", "which", "who", "you"):
        return True
    if any(c.dep_ == "poss" and c.lower_ in ("our", "my") for c in subject.children):
        return True
    return lemma(subject) in _role_nouns()


@cache
def _role_nouns() -> frozenset[str]:
    return frozenset(load("role_nouns")["nouns"]) | word_set("speaker_nouns")


def _first_person(verb: Any) -> bool:
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subject is not None and subject.lower_ in _FIRST_PERSON


def noun_decision(noun: Any, prep: Any, walk: Walk) -> Decision | Any | None:
    """The target hangs on this noun by a preposition: 'support for X', 'opposition to X', 'the repeal
    of X' (inverts), 'the extension of X' (passes up), 'no position on X' (neutral)."""
    word, preps = lemma(noun), rules()["stance_noun_preps"]
    p = prep.lower_
    if word in word_set("neutral_nouns") and p in ("on", "over", "about", "regarding") and negation_of(noun):
        decision = _decide(walk, 0, "neutral", noun, f"takes no side: 'no {noun.text} {p}'")
        if decision is not None:
            decision.consumed = frozenset({negation_of(noun).i})
            decision.neutral = True
        return decision
    if (
        _is_stance_noun(noun)
        and noun.dep_ in ("nsubj", "nsubjpass")
        and not any(c.dep_ == "poss" and c.lower_ in ("our", "my") for c in noun.children)
    ):
        return None  # 'support for it has slipped to 41%': a figure about others, not a stance
    if word in word_set("support_nouns") and p in preps["support"]:
        return _decide(walk, 1, "stance_noun", noun, f"backs it: '{noun.text} {p}'")
    if (word in word_set("oppose_nouns") or f"{word} {p}" in word_set("oppose_nouns")) and p in preps[
        "oppose"
    ]:
        return _decide(walk, -1, "stance_noun", noun, f"opposes it: '{noun.text} {p}'")
    if word in word_set("undecided_nouns") and p in preps["undecided"]:
        return _decide(walk, 0, "stance_noun", noun, f"weighs it: '{noun.text} {p}'")
    if word in word_set("undo_nouns"):
        _flip(walk, noun)
        return noun
    value = valence(noun)
    if value and p == "of":
        return _decide(walk, _polarity_sign(value), "evaluative_modifier", noun, f"calls it '{noun.text}'")
    return noun if _carries(noun) else None


def _carries(noun: Any) -> bool:
    """Nouns a stance passes through to what they hang on: 'the extension of X' (a deed that carries
    it out), 'the plan for X' (a name for it). 'A review of the decision' is something else."""
    word = lemma(noun)
    if word in word_set("transparent_nouns") or noun.lower_ in word_set("transparent_nouns"):
        return True  # 'no position on the merits of X', 'the principle of X': about X itself
    return word in word_set("proposal", "anaphors") or bool(token_keys(noun) & _enact_keys())


@cache
def _enact_keys() -> frozenset[str]:
    return frozenset(k for verb in word_set("enact_verbs") if " " not in verb for k in match_keys(verb))


def _is_stance_noun(token: Any) -> bool:
    word = lemma(token)
    return any(word in word_set(name) for name in ("support_nouns", "oppose_nouns", "undecided_nouns"))


def _through_prep(node: Any, prep: Any, walk: Walk) -> Decision | Any | None:
    governor = prep.head
    if prep.dep_ == "conj" and governor.dep_ == "prep":  # 'campaign for nor against it'
        governor = governor.head
    p = prep.lower_
    if governor.i == prep.i:
        return None
    if p == "against":
        if lemma(governor) in word_set("against_heads") or f"{lemma(governor)} against" in word_set(
            "oppose_nouns"
        ):
            if _neither_nor(prep):  # 'campaign neither for nor against it'
                decision = _decide(walk, 0, "neutral", prep, "takes neither side: 'for nor against'")
                if decision is not None:
                    decision.neutral = True
                    decision.consumed = frozenset(c.i for c in governor.children if c.lower_ == "neither")
                return decision
            negator = negation_of(governor)
            if negator is not None and negator.lower_ not in ("longer", "more"):
                return None  # 'we are not against X in principle, but...': no side taken yet
            return _decide(walk, -1, "stance_verb", prep, f"against it: '{governor.text} against'")
        return None  # 'protection against storms': the target is not what is opposed
    if p == "of" and lemma(governor) in ("favour", "favor") and governor.head.lower_ == "in":
        return _decide(walk, 1, "stance_noun", governor, "in favour of it")
    if p in word_set("worry_preps") and {lemma(governor), governor.lower_} & word_set("worry_words"):
        above = governor.head if governor.dep_ == "acomp" else governor
        if negation_of(governor) is not None or negation_of(above) is not None:
            return None  # 'we are not worried about it' sides with nobody
        return _decide(walk, -1, "worry", governor, f"worried about it: '{governor.text} {p}'")
    if governor.tag_.startswith("VB"):
        return _verb_prep(prep, governor, walk)
    if governor.tag_.startswith("NN"):
        return noun_decision(governor, prep, walk)
    if governor.tag_.startswith("JJ"):
        return adjective_decision(governor, walk)
    return None


def _verb_prep(prep: Any, governor: Any, walk: Walk) -> Decision | Any | None:
    """The target hangs on a verb by a preposition: 'With the charge, streets will be safer', 'we
    insist on keeping it', 'give serious consideration to it', 'vote for it'."""
    p = prep.lower_
    framed = (
        _with_or_without(prep, governor, walk)
        if p in ("with", "without") and _fronted(prep, governor)
        else None
    )
    if framed is not None:
        return framed
    if verb_forms(governor, via=prep) & word_set("volition_prep_verbs"):
        if speaker_like(governor) or governor.i in walk.cue:  # 'we insist on keeping it'
            return _decide(walk, 1, "volition", governor, f"wants it: '{governor.text} {p}'")
        return None
    light = next((c for c in governor.children if c.dep_ == "dobj" and _is_stance_noun(c)), None)
    if light is not None:  # 'give serious consideration to it', 'voiced support for it'
        return noun_decision(light, prep, walk)
    return verb_decision(governor, verb_forms(governor, via=prep), walk)


def _fronted(prep: Any, verb: Any) -> bool:
    """'With a cap, ...', 'Without the duty, ...': the phrase opens its clause, before the verb."""
    return prep.i < verb.i and (prep.i == verb.left_edge.i or prep.doc[prep.i - 1].is_punct)


def _with_or_without(prep: Any, verb: Any, walk: Walk) -> Decision | None:
    """'With the charge, our streets will be safer' (good with it: backs it); 'Without the duty,
    the kilns will close' (bad without it: backs it too)."""
    evaluated = evaluate_predicate(verb)
    if not evaluated:
        return None
    value, word = evaluated
    sign = _polarity_sign(value) * (-1 if prep.lower_ == "without" else 1)
    return _decide(walk, sign, "consequence", word, f"says {prep.lower_} it: '{_say(word)}'")


def adjective_decision(adjective: Any, walk: Walk) -> Decision | None:
    """'ready to extend it', 'opposed to it', 'happy with it', 'undecided on it', 'important to keep it'."""
    word = lemma(adjective)
    if _excess(adjective) is not None:
        if word in word_set("premature_adjectives"):  # 'too early to judge it'
            return _decide(walk, 0, "evaluation", adjective, f"too {adjective.text} to judge it")
        return _decide(walk, -1, "evaluation", adjective, f"calls it 'too {adjective.text}'")
    if word in word_set("volition_adjectives") and not valence(adjective) < 0:
        return _decide(walk, 1, "volition", adjective, f"ready for it: '{adjective.text}'")
    if word in word_set("refusal_adjectives"):
        return _decide(walk, -1, "refusal", adjective, f"against it: '{adjective.text}'")
    if word in word_set("hesitant_adjectives"):
        return _decide(walk, 0, "undecided_verb", adjective, f"undecided: '{adjective.text}'")
    value = valence(adjective)
    if value:
        return _decide(walk, _polarity_sign(value), "evaluation", adjective, f"calls it '{adjective.text}'")
    return None


def clause_decision(verb: Any, head: Any, walk: Walk) -> Decision | Any | None:
    """The target's verb is the complement of `head`: 'want to keep', 'refuse to sign', 'urge them to
    extend', 'considering whether to join', 'a mistake to scrap', 'it is vital to keep'."""
    forms = verb_forms(head)
    if head.tag_.startswith("JJ"):
        return adjective_decision(head, walk)
    if head.tag_.startswith("NN"):
        value, word = np_valence(head)
        if value:
            return _decide(walk, _polarity_sign(value), "evaluation", head, f"calls it '{_say(head)}'")
        return head
    if forms & word_set("refusal_verbs"):
        return _decide(walk, -1, "refusal", head, f"refuses it: '{head.text}'")
    if forms & (word_set("volition_verbs") | word_set("obligation_modals")):
        if not speaker_like(head):
            return None  # 'people want it': someone else's wish
        return _decide(walk, 1, "volition", head, f"wants it: '{head.text}'")
    if lemma(head) in _COPULAS:
        evaluated = evaluate_predicate(head)
        if evaluated:
            value, word = evaluated
            return _decide(walk, _polarity_sign(value), "evaluation", word, f"calls it '{_say(word)}'")
        return None
    return verb_decision(head, forms, walk)


def subject_decision(node: Any, verb: Any, walk: Walk) -> Decision | Any | None:
    """The target (or a clause holding it) is the subject: 'X was a costly error', 'X will hurt farmers'.
    A bare theme of an undoing proposition is not judged this way ('the flights were full...' says
    nothing of a levy on them)."""
    if walk.theme_only and not any(v.tag_.startswith("VB") for v in walk.visited):
        return None
    if _small_clause(node, verb):  # 'we'd like to see the levy scrapped': the levy is what is scrapped
        wisher = verb.head
        passed = verb_decision(verb, verb_forms(verb), walk)
        if passed is not verb:
            return passed
        return wisher if lemma(wisher) == "see" else clause_decision(verb, wisher, walk)
    declined = _not_ours(verb) if lemma(verb) in _COPULAS else None
    if declined is not None:
        decision = _decide(walk, 0, "neutral", declined, f"leaves it to others: '{_say(declined)}'")
        if decision is not None:
            decision.neutral = True
            decision.consumed = frozenset(c.i for c in verb.children if c.dep_ == "neg")
        return decision
    evaluated = evaluate_predicate(verb, node)
    feared = verb.head if verb.dep_ == "ccomp" and verb.head.i != verb.i else None
    if not evaluated and feared is not None and {lemma(feared), feared.lower_} & word_set("worry_words"):
        walk.visited.append(verb)  # 'we fear it will not survive': the clause's negation counts
        return _decide(walk, -1, "worry", feared, f"fears what it will do: '{feared.text}'")
    if not evaluated:
        # 'if the strike goes ahead', 'once the fee is in place': a clause saying it happens stands for it
        bare_copula = lemma(verb) == "be" and not any(c.dep_ in ("acomp", "attr") for c in verb.children)
        return verb if bare_copula or verb_forms(verb) & word_set("happen_verbs") else None
    value, word = evaluated
    rule = "evaluation" if lemma(verb) in _COPULAS else "consequence"
    if rule == "consequence" and verb.dep_ == "advcl" and _advcl_mark(verb).split()[-1:] == ["if"]:
        walk.visited.append(verb)  # 'if it costs me a few pounds, that's fair': the main clause judges
        judged = subordinate_decision(verb, verb.head, walk)
        if isinstance(judged, Decision):
            return judged
    what = "calls it" if rule == "evaluation" else "says it will"
    return _decide(walk, _polarity_sign(value), rule, word, f"{what} '{_say(word)}'")


def _small_clause(subject: Any, verb: Any) -> bool:
    """'see the levy scrapped', 'want the quotas extended': a participle with its own subject and no
    auxiliary, the complement of a verb of wishing or seeing."""
    return (
        subject.dep_ == "nsubj"
        and verb.tag_ in ("VBN", "VBD")
        and verb.dep_ in ("ccomp", "xcomp", "oprd")
        and lemma(verb.head) in word_set("small_clause_verbs")
        and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)
    )


def _not_ours(copula: Any) -> Any:
    """'it's not our fight', 'that is a matter for the regulator': the speaker leaves the question to
    others (the predicate noun), or None."""
    predicate = next((c for c in copula.children if c.dep_ == "attr" and c.tag_.startswith("NN")), None)
    if predicate is None or lemma(predicate) not in word_set("others_business_nouns"):
        return None
    if any(c.dep_ == "amod" or c.tag_ == "JJS" for c in predicate.children):
        return None  # 'the most important decision for farmers' weighs it; 'a decision for the board' not
    negated = any(c.dep_ == "neg" for c in copula.children)
    ours = any(c.dep_ == "poss" and c.lower_ in ("our", "my") for c in predicate.children)
    for_others = any(c.dep_ == "prep" and c.lower_ == "for" for c in predicate.children)
    return predicate if (negated and ours) or (for_others and not negated) else None


def _advcl_mark(verb: Any) -> str:
    """The words opening a subordinate clause ('only if', 'as long as', 'once'), lower-cased: from
    its first word up to its subject or verb."""
    if verb.head.tag_.startswith("RB"):  # 'as long as ...': the clause hangs on 'long'
        lead = [t for t in verb.head.subtree if verb.head.i - 1 <= t.i < verb.i]
    else:
        lead = [t for t in verb.subtree if t.i < verb.i]
    marks = []
    for t in lead[:5]:
        if t.dep_ not in ("mark", "advmod", "prep", "cc") and t.lower_ not in ("only", "long", "soon"):
            break
        marks.append(t.lower_)
    return " ".join(marks)


def subordinate_decision(verb: Any, main: Any, walk: Walk) -> Decision | Any | None:
    """'our streets will be quieter once the charge starts': the main clause frames the target's clause.
    'pressing for the levy to be dropped': a for-to clause is the object of the verb before 'for'."""
    mark = _advcl_mark(verb)
    if mark == "for":
        first = verb.left_edge
        governor = verb.doc[first.i - 1] if first.i > 0 else None
        if governor is not None and governor.tag_.startswith("VB"):
            return verb_decision(governor, verb_forms(governor) | {f"{lemma(governor)} for"}, walk)
    marks = word_set("consequence_marks")
    if not mark or not any(mark == m or mark.endswith(" " + m) or mark.startswith(m) for m in marks):
        return None
    evaluated = evaluate_predicate(main)
    if not evaluated:
        return None
    value, word = evaluated
    sign = _polarity_sign(value) * (-1 if mark.split()[-1] in ("unless", "without") else 1)
    return _decide(walk, sign, "consequence", word, f"says it will mean '{_say(word)}'")


_FOCUS_DEPS = frozenset({"attr", "xcomp", "ccomp", "acomp", "oprd"})
_LIGHT_DO = frozenset({"do"})


def pseudo_cleft(copula: Any) -> Any:
    """'What we need is X', 'what we will not do is accept X': the verb of the 'what' clause that is
    the copula's subject, or None. X is that verb's object (or, after 'do', its action)."""
    if not copula.tag_.startswith("VB") or lemma(copula) != "be":
        return None
    clause = next(
        (c for c in copula.children if c.dep_ in ("csubj", "nsubj") and c.tag_.startswith("VB")), None
    )
    if clause is None or clause.i > copula.i:
        return None
    what = next(
        (c for c in clause.children if c.lower_ == "what" and c.dep_ in ("dobj", "nsubj", "pobj")), None
    )
    return clause if what is not None else None


def cleft_decision(node: Any, clause: Any, walk: Walk) -> Decision | Any | None:
    """The focus of a pseudo-cleft is what its 'what' clause says of it: 'what we need is X' wants X,
    'what we oppose is X' opposes it; after 'what we will not do is', the focus verb is the act
    (negation from the 'what' clause counts: Walk.visited holds its verb)."""
    walk.visited.append(clause)
    if lemma(clause) in _LIGHT_DO:  # 'what we will do is extend it': the speaker's own undertaking
        auxes = {c.lower_ for c in clause.children if c.dep_ in ("aux", "auxpass")}
        acts = verb_forms(node) & (word_set("enact_verbs") | word_set("undo_verbs"))
        if node.tag_.startswith("VB") and acts and _undertaking(clause, auxes):
            return _decide(walk, 1, "enact_by_speaker", node, f"will do it: 'what ... do is {node.text}'")
        return None
    forms = verb_forms(clause)
    if forms & (word_set("volition_verbs") | word_set("obligation_modals")) and speaker_like(clause):
        return _decide(walk, 1, "volition", clause, f"wants it: 'what ... {clause.text} is'")
    if forms & word_set("refusal_verbs"):
        return _decide(walk, -1, "refusal", clause, f"refuses it: 'what ... {clause.text} is'")
    return verb_decision(clause, forms, walk)


def step(node: Any, walk: Walk) -> Decision | Any | None:
    """One step up from `node`: a Decision, the next node to look from, or None (nothing decides)."""
    head, dep = node.head, node.dep_
    if head.i == node.i:
        return None
    if _rejected_alternative(node):  # 'back a tourist tax instead of the fee': the fee is passed over
        _flip(walk, node.head)
        if dep == "pobj" and head.head.tag_.startswith("VB"):
            passed = verb_decision(head.head, verb_forms(head.head), walk)
            return head.head if passed is None else passed
        if dep == "pobj":
            return head.head  # 'see a tourist tax than the fee': on from the preferred alternative
    if dep in ("conj", "appos", "compound", "amod", "nmod", "poss", "nummod", "quantmod"):
        if head.tag_.startswith("NN") and lemma(head) in word_set("undo_nouns") and dep != "conj":
            _flip(walk, head)
        return head
    if dep in ("pobj", "pcomp"):
        return _through_prep(node, head, walk)
    cleft = pseudo_cleft(head) if dep in _FOCUS_DEPS else None
    if cleft is not None:
        return cleft_decision(node, cleft, walk)
    if dep in _OBJECT_DEPS:
        return verb_decision(head, verb_forms(head), walk) if head.tag_.startswith("VB") else None
    if dep in _SUBJECT_DEPS:
        return subject_decision(node, head, walk)
    if dep in ("xcomp", "ccomp", "acl", "relcl") and node.tag_.startswith("VB"):
        if dep == "relcl" and head.tag_.startswith("NN") and any(t.i == node.i for t, _ in walk.evidence):
            return head  # 'reject amendments that would gut the law': the amendments undo it
        if dep == "relcl" or (dep == "ccomp" and not head.tag_.startswith(("JJ", "NN"))):
            return None if dep == "relcl" else _ccomp_decision(node, head, walk)
        return clause_decision(node, head, walk)
    if dep == "advcl":
        return subordinate_decision(node, head, walk)
    return None


def _rejected_alternative(node: Any) -> bool:
    """'instead of X', 'rather than X', 'would rather see Y than X', 'prefer Y to X': X is the
    alternative the speaker passes over."""
    head = node.head
    if node.dep_ == "conj":
        links = [c for c in head.children if c.dep_ in ("cc", "prep") and head.i < c.i < node.i]
    elif node.dep_ == "pobj":
        links = [head]
    else:
        return False
    for link in links:
        before = link.doc[link.i - 1] if link.i > 0 else link
        if f"{before.lower_} {link.lower_}" in word_set("alternative_links"):
            return True
        verb = link.head if link.head.tag_.startswith("VB") else link.head.head
        if link.lower_ == "than" and any(c.dep_ == "advmod" and c.lower_ == "rather" for c in verb.children):
            return True
        preferred = link.head.dep_ == "dobj" or any(c.dep_ == "dobj" for c in link.head.children)
        if link.lower_ == "to" and lemma(verb) in word_set("preference_verbs") and preferred:
            return node.dep_ == "pobj"
    return False


def passed_over(decision: Decision | None, anaphor: Any) -> Decision | None:
    """'she would back an expansion of the school scheme instead': a bare 'instead' on the deciding
    verb makes its object an alternative, so a word in it that refers back does not name the
    proposition; the proposition is what the speaker passes over (the stance flips)."""
    if decision is None or decision.rule not in _STANCE_ACTS or not decision.decider.tag_.startswith("VB"):
        return decision
    verb = decision.decider
    bare = [
        c for c in verb.children if c.dep_ == "advmod" and f"{c.lower_} of" in word_set("alternative_links")
    ]
    if not bare or any(g.dep_ in ("prep", "cc", "pobj") for c in bare for g in c.children):
        return decision
    inside = any(
        c.dep_ in _OBJECT_DEPS and c.left_edge.i <= anaphor.i <= c.right_edge.i for c in verb.children
    )
    if inside:
        decision.sign = -decision.sign
        decision.evidence.append((bare[0], "polarity"))
        decision.reason = f"an alternative ('{bare[0].text}'): {decision.reason}"
    return decision


def _ccomp_decision(node: Any, head: Any, walk: Walk) -> Decision | None:
    """A that-clause: only weighing verbs ('considering whether to...') and copulas decide over it."""
    forms = verb_forms(head)
    if forms & word_set("undecided_verbs"):
        return _decide(walk, 0, "undecided_verb", head, f"weighs it: '{head.text}'")
    if forms & (word_set("support_verbs") | word_set("oppose_verbs")) and lemma(head) not in ("say", "tell"):
        return verb_decision(head, forms, walk)
    return None


def _negations(decision: Decision, walk: Walk) -> list[Any]:
    """Negators on the path: on each word walked through, on the decider and the verb it hangs on."""
    words = [*walk.visited, decision.decider]
    words += [  # 'what we will not do is accept it': the negation sits in the 'what' clause
        cleft for w in list(words) if w.dep_ in _FOCUS_DEPS and (cleft := pseudo_cleft(w.head)) is not None
    ]
    node = decision.decider
    for _ in range(3):  # 'is not a real offer': the negation sits on the copula above the predicate
        participle = node.dep_ == "acomp" and lemma(node.head) in _COPULAS  # 'we are not opposed to it'
        if (node.tag_.startswith("VB") and not participle) or node.head.i == node.i:
            break
        if node.dep_ not in _PREDICATE_DEPS:
            break
        node = node.head
        words.append(node)
    found, seen = [], set()
    for word in words:
        negator = negation_of(word)
        if negator is not None and negator.i not in seen and negator.i not in decision.consumed:
            seen.add(negator.i)
            found.append(negator)
    above = _negated_above(decision.decider)
    if above is not None and above.i not in seen and above.i not in decision.consumed:
        found.append(above)
    return found


def _condition(decision: Decision, walk: Walk) -> Any:
    """'we will back it only if...', 'as long as...': a condition on the deciding clause, or None."""
    clause = decision.decider if decision.decider.tag_.startswith("VB") else decision.decider.head
    marks = word_set("condition_marks")
    clauses = {clause.i: clause, **{v.i: v for v in walk.visited if v.tag_.startswith("VB")}}
    node = clause
    while node.dep_ in ("xcomp", "acomp") and node.head.i in walk.allowed:  # 'ready to back it, if...'
        node = node.head
        clauses[node.i] = node
    demand = _imperative_first(clause)
    if demand is not None:
        return demand
    for verb in clauses.values():
        # 'as long as ...' hangs its clause on 'long', an adverb of the verb
        children = [*verb.children, *(g for c in verb.children if c.dep_ == "advmod" for g in c.children)]
        for child in children:
            if child.lower_ in ("provided", "providing") and child.dep_ in ("prep", "advcl", "mark", "dep"):
                return child  # 'we will support it provided that...', parsed as a preposition
            if child.dep_ == "advcl" and not _counterfactual_self(child) and not _unconditional(child):
                mark = _advcl_mark(child) or (lemma(child) if lemma(child) in marks else "")
                if mark and any(mark == m or mark.endswith(" " + m) or mark.startswith(m) for m in marks):
                    return child
            if child.dep_ == "prep" and lemma(child) == "on":
                pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
                if pobj is not None and lemma(pobj) in word_set("condition_nouns"):
                    return pobj
    return None


def _imperative_first(clause: Any) -> Any:
    """'Drop the penalties and we will back it': an imperative opening the sentence, joined by 'and' to
    the deciding clause, is a condition on it; the imperative, or None."""
    head = clause.head
    if clause.dep_ != "conj" or head.tag_ != "VB" or head.i >= clause.i:
        return None
    opens = head.i == head.sent.start or all(t.is_punct for t in head.doc[head.sent.start : head.i])
    subject = any(c.dep_ in ("nsubj", "nsubjpass", "aux") for c in head.children)
    joined = any(c.dep_ == "cc" and c.lower_ == "and" for c in head.children)
    return head if opens and joined and not subject else None


def _unconditional(clause: Any) -> bool:
    """'if that's what it takes', 'if need be', 'if necessary': a readiness, no condition set."""
    words = " ".join(lemma(t) for t in clause.subtree if not t.is_punct)
    return any(words.startswith(phrase) for phrase in word_set("unconditional_ifs"))


def _counterfactual_self(clause: Any) -> bool:
    """'if I were an MP, I would vote for it': a wish about the speaker, not a condition on the stance."""
    subject = next((c for c in clause.children if c.dep_ == "nsubj"), None)
    return clause.lower_ == "were" and subject is not None and subject.lower_ in ("i", "we")


def _accused_of(decision: Decision) -> Any:
    """'accused them of ignoring the offer': the speaker condemns what the decider does (an accusing
    verb whose 'of'/'for' complement holds the decider), or None."""
    node = decision.decider
    for _ in range(4):
        head = node.head
        if head.i == node.i:
            return None
        if (
            node.dep_ in ("pcomp", "pobj")
            and head.lower_ in ("of", "for")
            and lemma(head.head) in word_set("accusing_verbs")
        ):
            return head.head
        node = head
    return None


def _urged(decision: Decision) -> Any:
    """'we suggest our partners give it serious consideration': urging others to weigh it backs it."""
    node = decision.decider
    for _ in range(4):
        if node.head.i == node.i:
            return None
        node = node.head
        if node.tag_.startswith("VB") and verb_forms(node) & word_set("urging_verbs"):
            return node
        if node.dep_ not in (
            "xcomp",
            "ccomp",
            "dobj",
            "pobj",
            "prep",
            "acl",
            "attr",
        ) and node.tag_.startswith("VB"):
            return None
    return None


def _counterfactual(decision: Decision) -> Any:
    """'would have opposed': a modal with 'have' and a past participle, on a stance act."""
    verb = decision.decider
    if decision.rule not in _STANCE_ACTS or verb.tag_ != "VBN":
        return None
    auxes = [c for c in verb.children if c.dep_ == "aux"]
    if any(a.lower_ in ("would", "could", "might", "'d") for a in auxes) and any(
        lemma(a) == "have" for a in auxes
    ):
        return auxes[0]
    return None


def _hedging_modal(decision: Decision) -> Any:
    verb = decision.decider if decision.decider.tag_.startswith("VB") else decision.decider.head
    return next((c for c in verb.children if c.dep_ == "aux" and c.lower_ in _HEDGING_MODALS), None)


def finish(decision: Decision, walk: Walk) -> Decision:
    """Apply negation (each flips; a negated weighing is a refusal), an accusation over the decider
    (flips), and conditions (support -> undecided)."""
    urging = _urged(decision) if decision.sign == 0 else None
    if urging is not None and urging.i in walk.allowed:
        decision.sign = walk.sign
        decision.evidence.append((urging, "polarity"))
        decision.reason = f"urges others ('{urging.text}') to weigh it"
    accusing = _accused_of(decision)
    if accusing is not None:
        decision.sign = -1 if decision.sign == 0 else -decision.sign
        decision.evidence.append((accusing, "polarity"))
        decision.reason = f"accuses others ('{accusing.text}'): {decision.reason}"
    counterfactual = _counterfactual(decision)
    if counterfactual is not None:  # 'without them, we would have opposed it': we do not
        decision.sign = -decision.sign
        decision.evidence.append((counterfactual, "negation"))
        decision.reason = f"would have ('{counterfactual.text}'): {decision.reason}"
    negators = _negations(decision, walk)
    for negator in negators:
        decision.evidence.append((negator, "negation"))
        decision.sign = -1 if decision.sign == 0 else -decision.sign
        decision.reason = f"negated ('{negator.text}'): {decision.reason}"
    condition = _condition(decision, walk) if decision.rule in _CONDITIONAL_ACTS and decision.sign else None
    hedge = _hedging_modal(decision) if decision.sign > 0 and decision.rule in _STANCE_ACTS else None
    if hedge is not None:  # 'the group could support it', 'we can live with it'
        decision.sign, decision.rule = 0, "condition"
        decision.evidence.append((hedge, "condition"))
        decision.reason = f"only possibly ('{hedge.text}'): {decision.reason}"
    if condition is not None:
        decision.sign = 0
        decision.rule = "condition"
        decision.evidence.append((condition, "condition"))
        decision.reason = f"conditional ('{_advcl_mark(condition) or condition.text}'): {decision.reason}"
    return decision


def _undertaking(verb: Any, auxes: set[str]) -> bool:
    """'we will extend it', 'it would scrap the levy' (the speaker, said of itself): a pronoun subject
    (first person, or the 'it'/'they' of reported speech) with a future or no modal."""
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.tag_ != "PRP" or (verb.tag_ == "VBD" and not auxes):
        return False  # 'I signed this bill in good faith' reports a deed, it promises nothing
    if subject.lower_ in _FIRST_PERSON:
        return bool(auxes & (_FUTURE_AUX | {"would"})) or not auxes
    return bool(auxes & (_FUTURE_AUX | {"would"}))


def fallback(target: Any, last: Any, walk: Walk) -> Decision | None:
    """When no word above decides: an obligation ('we must keep it'), the speaker's own undertaking
    ('we will extend it'), or an evaluation on the target itself ('this reckless plan')."""
    for verb in reversed([v for v in walk.visited if v.tag_.startswith("VB")]):
        auxes = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
        # 'have worked', 'has not made': an auxiliary 'have' is the perfect, not 'have to'
        if auxes & word_set("obligation_modals") - _PERFECT_AUX:
            if any(c.dep_ == "advmod" and c.lower_ == "why" for c in verb.children):
                return _decide(walk, -1, "obligation", verb, f"asks why it should: '{verb.text}'")
            return _decide(walk, 1, "obligation", verb, f"says it should: '{verb.text}'")
        acts = verb_forms(verb) & (word_set("enact_verbs") | word_set("undo_verbs"))
        if acts and _undertaking(verb, auxes):
            return _decide(walk, 1, "enact_by_speaker", verb, f"will do it: '{verb.text}'")
    if target.tag_.startswith("NN") and not _compared(target):
        for child in target.children:
            if child.dep_ in ("amod", "relcl") and child.i in walk.allowed:
                value = valence(child) if child.dep_ == "amod" else (consequence(child) or (0.0, None))[0]
                if value and lemma(child) not in ("propose", "new", "plan"):
                    return _decide(
                        walk, _polarity_sign(value), "evaluative_modifier", child, f"calls it '{child.text}'"
                    )
    return None


def _asked(walk: Walk, decider: Any) -> bool:
    """'decide next year whether to consult on it', 'watch how it treats suppliers': a question
    under the decider leaves the stance open."""
    return any(
        c.dep_ in ("mark", "advmod", "nsubj") and c.lower_ in _QUESTION_MARKS
        for node in walk.visited
        if node.tag_.startswith("VB") and node.i != decider.i
        for c in node.children
    )


def _open_question_above(decider: Any, allowed: frozenset[int]) -> Any:
    """'decide in September whether to keep backing it': the decider sits in a question clause the
    speaker leaves open; the verb the question hangs on (within the statement), or None."""
    node = decider
    for _ in range(4):
        if node.tag_.startswith("VB") and any(
            c.dep_ in ("mark", "advmod") and c.lower_ == "whether" and c.i < node.i for c in node.children
        ):
            head = node.head
            return head if head.tag_.startswith("VB") and head.i in allowed else node
        if node.head.i == node.i or node.head.i not in allowed:
            return None
        if node.dep_ not in ("xcomp", "ccomp", "dobj", "pobj", "prep", "pcomp", "attr", "acomp", "amod"):
            return None
        node = node.head
    return None


def _conceded(decision: Decision) -> bool:
    """'it is not perfect (, but...)', 'no silver bullet', 'not a panacea': denying it is flawless is
    a concession its supporters make, no verdict against it."""
    if decision.rule != "evaluation" or not any(kind == "negation" for _, kind in decision.evidence):
        return False
    words = {lemma(decision.decider), decision.decider.lower_, _say(decision.decider).lower()}
    words |= {
        f"{c.lower_} {decision.decider.lower_}"
        for c in decision.decider.children
        if c.dep_ in ("amod", "compound")
    }
    return bool(words & word_set("concession_words"))


def _neither_nor(decider: Any) -> bool:
    """'we will neither support nor oppose it', 'campaign neither for nor against it': both sides
    named and both refused, so no side taken."""
    words = [decider, decider.head] if decider.dep_ == "conj" else [decider]
    words += [w.head for w in list(words) if w.dep_ == "conj"]
    return any(c.lower_ in ("neither", "nor") for w in words for c in w.children)


def decide(
    target: Any,
    sign: int,
    allowed: frozenset[int],
    theme_only: bool = False,
    cue: frozenset[int] = frozenset(),
) -> Decision | None:
    """Walk up from the target; the decision (with negation and conditions applied) or None.
    `theme_only`: the target is only a theme or participant, not the proposition itself."""
    walk = Walk(sign, allowed, cue=cue, theme_only=theme_only)
    node = target
    for _ in range(MAX_STEPS):
        walk.visited.append(node)
        result = step(node, walk)
        if isinstance(result, Decision):
            if _asked(walk, result.decider):
                return None
            if result.rule in ("stance_verb", "stance_noun") and _neither_nor(result.decider):
                result.sign, result.rule, result.neutral = 0, "neutral", True
                result.reason = f"takes neither side: '{result.decider.text}'"
                return result
            question = _open_question_above(result.decider, allowed) if result.sign else None
            if question is not None:  # 'will decide whether to back it': weighing it
                result.sign, result.rule = 0, "undecided_verb"
                result.evidence.append((question, "condition"))
                result.reason = f"leaves it open ('{question.text} whether'): {result.reason}"
                return result
            finished = finish(result, walk)
            return None if _conceded(finished) else finished
        if result is None:
            break
        node = result
    found = fallback(target, node, walk)
    return finish(found, walk) if found is not None else None


_SUBORDINATE_DEPS = frozenset({"relcl", "acl", "amod", "aux", "auxpass", "advcl", "pcomp", "csubj"})
_OBJECT_PREPS = frozenset({"with", "to", "on"})  # 'disagree with X', 'agree to X', 'decide on X'
_ELIDED_OBJECT_DEPS = frozenset({"dobj", "ccomp", "xcomp", "nsubjpass", "attr", "oprd", "dative", "pcomp"})


def _has_object(verb: Any, forms: set[str]) -> bool:
    """Whether the stance word names what it is about: an object, a clause, or the preposition of
    its stance form with an object ('object to the plan', 'vote against it')."""
    for child in verb.children:
        if child.dep_ in _ELIDED_OBJECT_DEPS:
            return True
        named = child.dep_ in ("prep", "agent") and any(g.dep_ in ("pobj", "pcomp") for g in child.children)
        stance_prep = {
            f"{f} {child.lower_}" for f in forms
        } & _stance_forms() or child.lower_ in _OBJECT_PREPS
        if named and stance_prep:
            return True
    return False


@cache
def _stance_forms() -> frozenset[str]:
    return word_set("support_verbs") | word_set("oppose_verbs") | word_set("undecided_verbs")


def _elided_word(token: Any) -> tuple[int, str, str] | None:
    """(sign, rule, reason) when the token takes a side without saying on what: 'we disagree', 'they
    were disappointed', 'I'm for', 'we are still considering'; None otherwise."""
    if token.tag_ == "VBN" and token.lower_ in word_set("experiencer_adjectives"):
        if any(c.dep_ in ("prep", "agent", "xcomp", "ccomp", "advcl") for c in token.children):
            return None  # 'disappointed by the timetable': said of something named
        value = valence(token)  # 'it was disappointed', parsed as a passive
        return (_polarity_sign(value), "emotion_verb", f"feels about it: '{token.text}'") if value else None
    if token.tag_.startswith("VB") and token.dep_ not in _SUBORDINATE_DEPS:
        forms = verb_forms(token)
        if _has_object(token, forms) or any(c.dep_ == "auxpass" for c in token.children):
            return None
        if forms & word_set("volition_verbs"):
            return None  # 'work when I want': a bare wish says nothing of the question
        if forms & word_set("support_verbs"):
            return 1, "stance_verb", f"backs it: '{token.text}'"
        if forms & word_set("oppose_verbs"):
            return -1, "stance_verb", f"opposes it: '{token.text}'"
        if forms & word_set("undecided_verbs") and _first_person(token):
            return 0, "undecided_verb", f"weighs it: '{token.text}'"
        return None
    if token.tag_.startswith("JJ") and token.dep_ in ("acomp", "ROOT"):
        return _elided_adjective(token)
    stranded = token.dep_ == "prep" and not list(token.children)
    if token.lower_ in ("for", "against") and stranded and lemma(token.head) in _side_heads(token.lower_):
        # 'I'm for', 'we are against', 'it voted against': the question left unsaid
        return (1 if token.lower_ == "for" else -1), "stance_verb", f"is '{token.lower_}' it"
    in_favour = token.lower_ in ("favour", "favor") and token.head.lower_ == "in"
    if in_favour and not list(token.children) and lemma(token.head.head) in _side_heads("for"):
        return (
            1,
            "stance_verb",
            f"is in favour: '{token.head.head.text} in {token.text}'",
        )  # 'voted in favour'
    return None


def _side_heads(word: str) -> frozenset[str]:
    return frozenset(word_set("for_heads" if word == "for" else "against_heads"))


def _elided_adjective(token: Any) -> tuple[int, str, str] | None:
    """'we are opposed', 'still undecided', 'disappointed', 'we are prepared to sign' (readiness to
    carry out the question's act, its object left unsaid)."""
    word = lemma(token)
    act = _bare_act(token)
    if act is not None and word in word_set("volition_adjectives") and not valence(token) < 0:
        return 1, "volition", f"ready to do it: '{token.text} to {act.text}'"
    if any(c.dep_ in ("prep", "xcomp", "ccomp", "advcl") for c in token.children):
        return None  # 'disappointed by the union's decision': said of something named
    if word in word_set("refusal_adjectives"):
        return -1, "refusal", f"against it: '{token.text}'"
    if word in word_set("hesitant_adjectives"):
        return 0, "undecided_verb", f"undecided: '{token.text}'"
    value = valence(token)
    if value and word in word_set("experiencer_adjectives"):
        return _polarity_sign(value), "emotion_verb", f"feels about it: '{token.text}'"
    return None


def _bare_act(adjective: Any) -> Any:
    """'prepared to sign', 'ready to implement': the adjective's infinitive that carries a
    proposition out with its object left unsaid, or None."""
    verb = next((c for c in adjective.children if c.dep_ == "xcomp" and c.tag_ == "VB"), None)
    if verb is None or not verb_forms(verb) & word_set("enact_verbs"):
        return None
    if any(c.dep_ in ("dobj", "ccomp", "xcomp", "prep", "attr") for c in verb.children):
        return None  # 'ready to sign a deal with X': said of something named
    return verb


def elided_stance(
    tokens: list[Any], allowed: frozenset[int], cue: frozenset[int] = frozenset()
) -> Decision | None:
    """A side taken with the object left unsaid ('we simply disagree', 'they were disappointed', 'I'm
    for'): the question is the one the article is about (the caller checks that). The word's subject
    must be the speaker's side; negation and conditions apply as for any decision."""
    for token in tokens:
        found = _elided_word(token)
        if found is None:
            continue
        sign, rule, reason = found
        clause = token if token.tag_.startswith("VB") or token.dep_ == "ROOT" else token.head
        clause = clause.head if clause.dep_ == "prep" else clause  # 'voted in favour'
        if not _own_side(clause, cue):
            continue
        walk = Walk(1, allowed, cue=cue)
        decision = _decide(walk, sign, rule, token, reason)
        if decision is not None and not _asked(walk, token):
            return finish(decision, walk)
    return None


def _reported(clause: Any, cue: frozenset[int]) -> bool:
    """The clause is the indirect speech of the cue verb ('said they were...', no quotation marks)."""
    verb = clause.head
    return clause.dep_ == "ccomp" and verb.i in cue and not any(c.is_quote for c in verb.children)


def _own_side(verb: Any, cue: frozenset[int] = frozenset()) -> bool:
    """An elided stance needs the speaker's side as its stated subject: a pronoun ('we', 'I', the 'it'
    or 'they' of reported speech: 'airlines said they were disappointed') or 'our ...'. An imperative
    ('Ask the couriers first') is advice, and a named third party ('the management will be
    pleased') is someone else's stance."""
    node = verb
    for _ in range(3):
        subject = next((c for c in node.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None:
            reported = subject.lower_ == "they" and _reported(node, cue)
            return (
                reported
                or (subject.tag_ == "PRP" and subject.lower_ not in ("you", "they", "them"))
                or any(c.dep_ == "poss" and c.lower_ in ("our", "my") for c in subject.children)
            )
        if node.dep_ not in ("xcomp", "conj", "acomp") or node.head.i == node.i:
            return False
        node = node.head
    return False
