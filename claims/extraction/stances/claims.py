"""Claims: does the speaker assert or deny it? The same walk up the parse as for proposals, with the
rules of assertion and denial:
- the claim's predicate ('violates', 'unsafe') said plainly asserts it; negated ('did not violate',
  'never reached', 'no violation') it denies; an antonym predicate ('full compliance', 'within the
  limits', 'safe' for 'unsafe': data/stance_rules.json "antonyms", or a negative prefix) denies;
- under a denial verb ('denied that...', 'rejected claims that...') it is denied, under an assertion
  verb ('accused X of...', 'confirmed that...') asserted, under a weighing verb ('investigating
  whether...') nothing is decided;
- accusation nouns carry it: 'baseless accusations that...', 'the allegations are false' deny,
  'there is no evidence that...' denies; a reported accusation nobody evaluates decides nothing;
- an anaphor ('these claims', 'it') called false, a lie, nonsense, or 'the opposite', denies.
A claim worded with a negation ('tenants have no say') is asserted by a statement that negates too.
"""

from __future__ import annotations

from typing import Any

from .lexicon import lemma, rules, word_set
from .polarity import (
    MAX_STEPS,
    Decision,
    Walk,
    _advcl_mark,
    _decide,
    _say,
    finish,
    negation_of,
    speaker_like,
    verb_forms,
)
from .profile import Profile

_COPULAS = frozenset({"be", "seem", "remain", "prove", "appear", "sound", "look"})
_UNASSERTED_MARKS = frozenset({"if", "unless", "until", "whether", "before", "once", "when", "lest", "till"})
_POSSIBILITY = frozenset({"could", "might", "may"})
_QUESTION_WORDS = frozenset({"whether", "which", "who", "what"})
_TOPIC_PREPS = frozenset({"as", "regarding", "concerning", "about", "over", "on"})
_PREFIXES = ("un", "in", "il", "im", "ir", "non", "dis", "non-")


def antonyms(profile: Profile) -> frozenset[str]:
    """Words that say the opposite of the claim's predicate (data, and 'unsafe' <-> 'safe')."""
    data = rules()["antonyms"]
    out: set[str] = set()
    for word in profile.predicate_lemmas:
        out |= set(data.get(word, ()))
        for prefix in _PREFIXES:
            if word.startswith(prefix) and len(word) - len(prefix) >= 4:
                out.add(word[len(prefix) :])
        out |= {prefix + word for prefix in ("un", "in", "il", "ir", "non")}
    return frozenset(out)


def predicated_of_topic(token: Any, topic: set[int]) -> bool:
    """An antonym counts only as what the claim's own subject is or does ('the emissions are within the
    limits', 'the plant stayed within'), not as someone's goal ('get them back into compliance')."""
    clause = token
    for _ in range(4):
        if clause.tag_.startswith("VB") or clause.head.i == clause.i:
            break
        clause = clause.head
    subjects = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not any(t.i in topic or t.lower_ in ("it", "they") for s in subjects for t in s.subtree):
        return False
    # 'kept burning coal' is not 'kept the permit': a verb's own complement must be the claim's too
    if token is clause and any(c.dep_ in ("xcomp", "ccomp") for c in token.children):
        return False
    objects = [c for c in token.children if c.dep_ == "dobj"]
    return token is not clause or all(any(t.i in topic for t in c.subtree) for c in objects)


_EMBEDDING_DEPS = frozenset({"relcl", "acl", "advcl", "appos"})


def _reported_of_others(verb: Any, walk: Walk) -> bool:
    """An assertion verb inside the statement whose subject is someone other than the speaker's
    side ('critics say', 'the fishermen believe'): the speaker reports a claim, does not make it.
    Accusations ('accused X of ...') keep their own rule."""
    if lemma(verb) in ("accuse", "blame", "charge", "allege"):
        return False
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.tag_ not in ("NN", "NNS"):
        return False  # a pronoun or a name may be the speaker ('Washington has argued')
    return not speaker_like(verb)


def _embedded(walk: Walk) -> bool:
    """The claim's predicate sits in a relative, participial or adverbial clause, not in what the
    speaker reports: a plain 'said' over it asserts nothing of it."""
    return any(node.dep_ in _EMBEDDING_DEPS for node in walk.visited)


def _claim_words(name: str) -> frozenset[str]:
    return word_set(name, "claim")


def _accusations() -> frozenset[str]:
    return _claim_words("accusation_nouns") | frozenset({"case", "theory", "explanation", "link"})


def _evaluate_claim_noun(noun: Any, walk: Walk) -> Decision | None:
    """'baseless accusations', 'the allegations are false', 'we reject the claim', 'no evidence'."""
    word = lemma(noun)
    negator = negation_of(noun)
    if word in _claim_words("doubt_nouns"):  # 'no serious doubt that...' asserts; 'doubts that...' weighs
        if negator is None:
            return None
        decision = _decide(walk, 1, "claim_true", noun, f"has no {noun.text} of it")
        if decision is not None:
            decision.consumed = frozenset({negator.i})
        return decision
    if word in _claim_words("evidence_nouns") and negator is not None:
        decision = _decide(walk, -1, "claim_no_evidence", noun, f"sees no {noun.text} for it")
        if decision is not None:
            decision.consumed = frozenset({negator.i})
            decision.evidence.append((negator, "negation"))
        return decision
    for child in noun.children:
        if child.dep_ in ("amod", "compound") and lemma(child) in _claim_words("denial_adjectives"):
            return _decide(walk, -1, "claim_false", child, f"calls it '{child.text}'")
        if child.dep_ == "amod" and lemma(child) in _claim_words("open_adjectives"):
            return _decide(walk, 0, "claim_open", child, f"leaves it open: '{child.text}'")
    head = noun.head
    if noun.dep_ in ("nsubj", "nsubjpass") and lemma(head) in _COPULAS:
        return _copula_verdict(head, walk)
    if noun.dep_ in ("dobj", "nsubjpass") and head.tag_.startswith("VB"):
        return _verb_verdict(head, verb_forms(head), walk, through_noun=True)
    return _holds_or_fails(noun, walk) if word in _accusations() else None


def _holds_or_fails(noun: Any, walk: Walk) -> Decision | None:
    """'the argument that X did it did not stand up' (negated: denies), 'the theory has collapsed'
    (denies), 'the case holds up' (asserts). A noun left as the root or a clause (the parser hung the
    verb inside the claim) looks for that verb after the claim's own words."""
    if noun.dep_ == "nsubj":
        verbs = [noun.head]
    elif noun.dep_ in ("ROOT", "ccomp"):
        verbs = [t for t in noun.subtree if t.i > walk.visited[0].i and t.tag_.startswith("VB")][-1:]
    else:
        return None
    for verb in verbs:
        forms = verb_forms(verb) | {f"{lemma(verb)} {lemma(c)}" for c in verb.children if c.dep_ == "dobj"}
        if forms & _claim_words("holding_verbs"):
            return _decide(walk, 1, "claim_true", verb, f"says it holds: '{verb.text}'")
        if forms & _claim_words("failing_verbs"):
            return _decide(walk, -1, "claim_false", verb, f"says it fails: '{verb.text}'")
    return None


def _copula_verdict(copula: Any, walk: Walk) -> Decision | None:
    predicate = next((c for c in copula.children if c.dep_ in ("acomp", "attr", "oprd")), None)
    if predicate is None:
        return None
    words = {lemma(t) for t in predicate.subtree} | {" ".join(t.lower_ for t in predicate.subtree)}
    if words & (_claim_words("denial_adjectives") | _claim_words("denial_nouns")):
        return _decide(walk, -1, "claim_false", predicate, f"calls it '{_say(predicate)}'")
    if lemma(predicate) in _claim_words("truth_adjectives"):
        return _decide(walk, 1, "claim_true", predicate, f"calls it '{_say(predicate)}'")
    if lemma(predicate) in _claim_words("open_adjectives"):  # 'the link is unproven', 'speculative'
        return _decide(walk, 0, "claim_open", predicate, f"leaves it open: '{_say(predicate)}'")
    return None


def _unseen_evidence(verb: Any, walk: Walk) -> Decision | None:
    """'had seen no evidence linking X to Y', 'found no sign of it': a verb whose object is negated
    evidence denies the claim hanging on it (however the parser attaches the claim)."""
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is None or lemma(obj) not in _claim_words("evidence_nouns"):
        return None
    negator = negation_of(obj)
    if negator is None:
        return None
    decision = _decide(walk, -1, "claim_no_evidence", obj, f"sees no {obj.text} for it")
    if decision is not None:
        decision.consumed = frozenset({negator.i})
        decision.evidence.append((negator, "negation"))
    return decision


def _verb_verdict(
    verb: Any, forms: set[str], walk: Walk, through_noun: bool = False
) -> Decision | Any | None:
    if not through_noun and forms & _claim_words("assert_verbs"):
        unseen = _unseen_evidence(verb, walk)
        if unseen is not None:
            return unseen
    if forms & _claim_words("denial_verbs"):
        return _decide(walk, -1, "claim_denial_verb", verb, f"denies it: '{verb.text}'")
    if forms & _claim_words("weighing_verbs"):
        return None
    if forms & _claim_words("assert_verbs"):
        if lemma(verb) in _claim_words("report_verbs") and _embedded(walk):
            walk.unasserted = True  # 'said that the cases, which some linked to X, ...': not said of X
            return None
        if _reported_of_others(verb, walk):
            walk.unasserted = True  # 'the fishermen say the works did it, but...': their claim, not ours
            return None
        rule = (
            "claim_accusation"
            if lemma(verb) in ("accuse", "blame", "charge", "allege")
            else "claim_reported"
            if lemma(verb) in _claim_words("report_verbs")  # said, not confirmed or found
            else "claim_assertion"
        )
        return _decide(walk, 1, rule, verb, f"asserts it: '{verb.text}'")
    return None if through_noun else verb


def claim_step(node: Any, walk: Walk) -> Decision | Any | None:
    head, dep = node.head, node.dep_
    if head.i == node.i:
        return None
    if head.tag_.startswith("NN") and (
        lemma(head)
        in _claim_words("accusation_nouns") | _claim_words("evidence_nouns") | _claim_words("doubt_nouns")
    ):
        return _evaluate_claim_noun(head, walk)
    if dep in ("conj", "amod", "compound", "advmod", "acomp", "attr", "aux", "neg"):
        return head
    if dep in ("pobj", "pcomp"):
        governor = head.head
        if governor.i == head.i:
            return None
        if governor.tag_.startswith("VB"):
            return _verb_verdict(governor, verb_forms(governor, via=head), walk)
        return governor
    if (
        dep == "advcl"
        and _advcl_mark(node).split()[-1:]
        and _advcl_mark(node).split()[-1] in _UNASSERTED_MARKS
    ):
        walk.unasserted = True  # 'unless X destroys it', 'if X violated it': not said to be so
        return None
    if head.tag_.startswith("VB") and dep in ("ccomp", "xcomp", "dobj", "nsubjpass", "advcl", "csubj"):
        return _verb_verdict(head, verb_forms(head), walk)
    if dep in ("nsubj", "nsubjpass") and lemma(head) in _COPULAS:
        return _copula_verdict(head, walk)
    if dep in ("acl", "relcl", "appos", "prep"):
        return head
    return None


def _clause_predicate(token: Any) -> bool:
    """A verb or adjective, or a noun the clause predicates ('X was the source')."""
    if token.dep_ == "pobj" and token.head.lower_ == "in" and any(c.lower_ == "of" for c in token.children):
        return True  # 'deployed it in violation of the treaty': the deed is said to breach it
    if token.dep_ == "amod":
        return False  # 'nobody asked for a lower number': a modifier in passing asserts nothing
    return token.tag_.startswith(("VB", "JJ")) or token.dep_ in ("attr", "acomp", "ROOT", "oprd")


def _in_question_or_condition(word: Any, target: Any) -> bool:
    """'if the review finds they were responsible', 'too early to say which was to blame', 'whether':
    a claim inside a condition or an open question is not asserted."""
    for node in [target, *target.ancestors]:
        if any(c.dep_ in ("mark", "nsubj", "advmod") and c.lower_ in _QUESTION_WORDS for c in node.children):
            return True
        if (
            node.dep_ == "advcl"
            and _advcl_mark(node).split()[-1:]
            and _advcl_mark(node).split()[-1] in _UNASSERTED_MARKS
        ):
            return True
        if node.i == word.i:
            break
    return False


def _hedged(walk: Walk) -> bool:
    """'allegedly', 'could have been contaminated': a possibility is not an assertion."""
    hedges = _claim_words("hedges") | _POSSIBILITY
    return any(c.lower_ in hedges for v in walk.visited for c in v.children)


def decide_claim(target: Any, sign: int, allowed: frozenset[int], anaphor: bool = False) -> Decision | None:
    """Walk up from the claim's predicate (or an anaphor of the claim) to what the speaker does with it.
    The walk has no cue words: a claim under the cue verb of a common-noun speaker ('residents say')
    is read like any reported claim (measured: more often wrong than right on unseen text)."""
    walk = Walk(sign, allowed)
    if sign < 0:
        walk.evidence.append((target, "polarity"))
    node = target
    for _ in range(MAX_STEPS):
        walk.visited.append(node)
        result = claim_step(node, walk)
        if isinstance(result, Decision):
            if result.sign > 0 and _hedged(walk):
                return None  # 'the fruit could have been contaminated there': a possibility
            return None if _in_question_or_condition(result.decider, target) else finish(result, walk)
        if result is None:
            break
        node = result
    if anaphor or walk.unasserted or _hedged(walk) or target.i not in allowed:
        return None
    if not _clause_predicate(target) or _in_question_or_condition(target, target):
        return None  # 'the data behind the link': a noun in passing asserts nothing
    rule = "claim_antonym" if sign < 0 else "claim_stated"
    reason = f"says the opposite: '{target.text}'" if sign < 0 else f"states it: '{_say(target)}'"
    decision = Decision(sign, rule, target, reason, [*walk.evidence, (target, "polarity")])
    decision = finish(decision, walk)
    if decision.sign < 0 and sign > 0:
        decision.rule = "claim_negated"
    return decision


def compliance(tokens: list[Any]) -> list[Any]:
    """'fully within EU limits', 'within our licence conditions', 'in full compliance with the rules':
    the words saying the speaker's side kept within the rules (unnegated), or []."""
    nouns = _claim_words("compliance_nouns")
    for token in tokens:
        if token.dep_ != "prep" or token.lower_ not in ("within", "with"):
            continue
        obj = next((c for c in token.children if c.dep_ == "pobj"), None)
        if obj is None or lemma(obj) not in nouns:
            continue
        if token.lower_ == "with" and lemma(token.head) not in (
            "compliance",
            "compliant",
            "comply",
            "accordance",
            "line",
        ):
            continue
        if any(negation_of(n) is not None for n in (token, token.head, token.head.head)):
            return []  # 'not within the limits' says the opposite
        return [token, obj]
    return []


def contrary(tokens: list[Any], allowed: frozenset[int]) -> Decision | None:
    """'The opposite is true', 'nothing of the sort': a denial of what was said before."""
    text = " ".join(t.lower_ for t in tokens)
    for phrase in _claim_words("contrary_phrases"):
        at = text.find(phrase)
        if at >= 0:
            index = len(text[:at].split())
            token = tokens[min(index, len(tokens) - 1)]
            if token.i in allowed:
                return Decision(
                    -1, "claim_contrary", token, f"says the opposite: '{phrase}'", [(token, "polarity")]
                )
    return None


def rebuttal(predicates: list[Any], own: set[int], allowed: frozenset[int]) -> Decision | None:
    """'As for the plant allegedly breaching its permit, X said that...': a claim the frame
    introduces as alleged, and the speaker then answers, is denied by the answer."""
    hedges = _claim_words("hedges") | _claim_words("accusation_nouns")
    for predicate in predicates:
        if predicate.i in own:
            continue
        chain = [predicate, *predicate.ancestors]
        hedged = any(c.lower_ in hedges for t in chain[:3] for c in t.children) or any(
            lemma(t) in hedges for t in chain[:4]
        )
        topic_prep = next((t for t in chain if t.dep_ == "prep" and t.lower_ in _TOPIC_PREPS), None)
        if hedged and topic_prep is not None:
            answer = topic_prep.head  # the verb the 'as for ...' phrase belongs to: the speaker's cue
            if answer.i in allowed:
                return Decision(
                    -1,
                    "claim_rebuttal",
                    answer,
                    f"answers the allegation ('{topic_prep.text}')",
                    [(answer, "polarity")],
                )
    return None
