"""Stance suggestions: which tracked propositions a statement speaks to, and with what polarity.

Topic: the proposition's keywords (data an editor maintains) match as phrases; otherwise the statement
and its sentence must share enough of the proposition title's distinctive words (words that occur in
fewer propositions weigh more). Polarity: cue verbs and evaluative phrases from a lexicon kept as data
(`data/stance_lexicon.json`); opposing and denying cues win over supporting ones, and a negated
assertion denies (a negation counts only right before a cue or one of the proposition's own words). Pure Python over plain data: the editor confirms or changes every suggestion.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from .resources import load

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
MIN_TOPIC_SCORE = 0.5
MIN_CLAIM_SCORE = 0.75  # a claim needs its predicate too, not just its subject: more evidence
FULL_MATCH_WEIGHT = 2.0  # two words found in only one proposition's title make a certain match
NEAR_BEST = 0.95  # other propositions scoring this close to the best one are suggested too


@dataclass(frozen=True)
class PropositionRecord:
    slug: str
    kind: str  # "claim" | "proposal"
    title: str
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class StanceSuggestion:
    proposition_slug: str
    polarity: str
    confidence: float
    evidence: str  # the cue or phrase that decided the polarity


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("\u2019", "'"))


def _stem(word: str) -> str:
    """A crude prefix stem so "missiles"/"missile", "deploying"/"deployment", "proposal"/"proposed" meet."""
    return word[:6]


def _content(words: Sequence[str]) -> set[str]:
    stop = set(load("stopwords_en")["words"])
    return {_stem(w) for w in words if w not in stop and len(w) > 2}


def _has_phrase(words: Sequence[str], phrase: str) -> bool:
    return bool(_phrase_starts(words, phrase))


@dataclass(frozen=True)
class _Topic:
    record: PropositionRecord
    weights: dict[str, float]


def _topics(propositions: Sequence[PropositionRecord]) -> list[_Topic]:
    terms = {p.slug: _content(_words(p.title)) for p in propositions}
    document_frequency = Counter(t for ts in terms.values() for t in ts)
    return [_Topic(p, {t: 1 / document_frequency[t] for t in terms[p.slug]}) for p in propositions]


def _topic_score(topic: _Topic, words: Sequence[str], content: set[str]) -> float:
    if any(_has_phrase(words, k) for k in topic.record.keywords):
        return 1.0
    shared = content & set(topic.weights)
    return min(1.0, sum(topic.weights[t] for t in shared) / FULL_MATCH_WEIGHT)


def _phrase_starts(words: Sequence[str], phrase: str) -> list[int]:
    target = _words(phrase)
    n = len(target)
    if not n:
        return []
    return [i for i in range(len(words) - n + 1) if list(words[i : i + n]) == target]


def _is_negation(word: str) -> bool:
    return word in load("stance_lexicon")["negations"] or word.endswith("n't")


def _negation_before(words: Sequence[str], index: int) -> str:
    """The negation within the lexicon's window before words[index], if any ("did not support")."""
    window = load("stance_lexicon").get("negation_window", 3)
    return next((w for w in words[max(0, index - window) : index] if _is_negation(w)), "")


def _first_cue(words: Sequence[str], phrases: Sequence[str], *, negated: bool | None = None) -> str:
    """The first phrase found; with `negated` set, only an occurrence that is (or is not) negated."""
    for phrase in phrases:
        for start in _phrase_starts(words, phrase):
            if negated is None or bool(_negation_before(words, start)) == negated:
                return phrase
    return ""


def _negated_topic(words: Sequence[str], topic_terms: set[str]) -> str:
    """A negation right before one of the proposition's own words ("was not unsafe", "did not violate")."""
    for index, word in enumerate(words):
        if _stem(word) in topic_terms:
            negation = _negation_before(words, index)
            if negation:
                return f"{negation} … {word}"
    return ""


def _polarity(topic: _Topic, cue: str, words: Sequence[str]) -> tuple[str, str]:
    lexicon = load("stance_lexicon")
    cue_words = _words(cue)

    def found(phrases: Sequence[str], *, negated: bool | None = None) -> str:
        return _first_cue(cue_words, phrases, negated=negated) or _first_cue(words, phrases, negated=negated)

    if topic.record.kind == "proposal":
        cues = lexicon["proposal"]
        if opposing := found(cues["opposes"], negated=False):
            return "opposes", opposing
        if refused := found(cues["supports"] + cues["undecided"], negated=True):
            return "opposes", f"not … {refused}"
        if weighing := found(cues["undecided"], negated=False):
            return "undecided", weighing
        if backing := found(cues["supports"], negated=False):
            return "supports", backing
        return "", ""
    cues = lexicon["claim"]
    if denial := found(cues["denies"], negated=False):
        return "denies", denial
    # A claim worded with a negation ("allies have no say") is not denied by a negated statement.
    title_negated = any(_is_negation(w) for w in _words(topic.record.title))
    negated = _negated_topic(words, set(topic.weights)) or (
        (n := found(cues["asserts"], negated=True)) and f"not … {n}"
    )
    if negated and not title_negated:
        return "denies", negated
    assertion = found(cues["asserts"], negated=False)
    if assertion or cue_words:
        return "asserts", assertion or cue
    return "", ""


def suggest_stances(
    *, text: str, context: str, cue: str, propositions: Sequence[PropositionRecord], speaker: str = ""
) -> list[StanceSuggestion]:
    """Stances the statement (its words `text`, in the sentence `context`) takes on the propositions.
    The speaker's own name is not evidence of the topic, so its words are left out."""
    if not propositions or not text.strip():
        return []
    if any(_words(cue) == _words(r) for r in load("stance_lexicon")["reporting_cues"]):
        return []  # an outlet reporting what happened takes no position by reporting it
    own = _words(text)
    around = _words(context) if context else own
    content = (_content(around) | _content(own)) - _content(_words(speaker))
    scored = [(topic, _topic_score(topic, around, content)) for topic in _topics(propositions)]
    best = max((score for _, score in scored), default=0.0)
    suggestions = []
    for topic, score in scored:
        needed = MIN_CLAIM_SCORE if topic.record.kind == "claim" else MIN_TOPIC_SCORE
        if score < needed or score < best * NEAR_BEST:
            continue
        polarity, evidence = _polarity(topic, cue, around)
        if polarity:
            suggestions.append(
                StanceSuggestion(topic.record.slug, polarity, round(0.4 + 0.6 * score, 2), evidence)
            )
    return suggestions


_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)]?\s+(?=[A-Z\"\u201c'])|\n\n")


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence(s) holding text[start:end]: where the cue and the topic words usually are."""
    begin = 0
    for match in _SENTENCE_END.finditer(text, 0, max(0, start)):
        begin = match.end()
    after = _SENTENCE_END.search(text, max(end, start))
    return text[begin : after.start() + 1 if after else len(text)].strip()
