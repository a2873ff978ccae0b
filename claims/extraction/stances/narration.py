"""Stances the article's own narration gives a speaker (pure Python over the spaCy doc).

Two document-level readings beside the per-statement ones in `suggest`: a narration sentence whose
subject names one of the article's speakers ("X rejected the levy") read as that speaker's words, and a
spokesperson introduced as the role of the side named just before ("The group opposed it. Its leader,
X, said...") speaking for that side. Both only fill a proposition the speaker has no reading on in the
article, at a discounted confidence (`stance_rules.json`, "narration"). `article` is suggest's parsed
article (tokens, sentences, paragraphs, the propositions it mentions); `read` reads a span with the
usual rules.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from .lexicon import lemma, rules, speech_verbs, word_set
from .records import StanceSuggestion, StatementSpan

Reader = Callable[[StatementSpan], list[StanceSuggestion]]


def for_spokespeople(
    article: Any,
    spans: Sequence[StatementSpan],
    speakers: Sequence[str],
    found: list[list[StanceSuggestion]],
    *,
    read: Reader,
    own_tokens: Callable[[StatementSpan], tuple[list[Any], list[Any]]],
    min_confidence: float,
) -> list[list[StanceSuggestion]]:
    """'The Conservative group opposed the trial. Its leader, Martin Ashcroft, said residents would
    "pay for a three-day weekend".': a statement whose sentence opens with its speaker introduced as
    a role of the subject of the sentence just before ('Its leader, X', 'Their spokeswoman, Y'; in its
    paragraph or ending the one before) speaks for that side: the stance the sentence before gives
    (its statements' readings, or read as narration when no statement is in it) goes to the statement
    on a proposition its speaker has no reading on anywhere in the article, at a discounted
    confidence."""
    mentioned = {p.record.slug for n, p in enumerate(article.profiles) if article.mentions(n)}
    if not mentioned:
        return found
    factor = float(rules()["narration"]["factor"])
    skip = word_set("skip_rules", "narration")
    seen = _read_so_far(speakers, found)
    firsts = [own_tokens(span)[0] for span in spans]
    by_sentence = _statements_by_sentence(article, firsts)
    out = [list(x) for x in found]
    for n in range(len(spans)):
        own = firsts[n]
        if not own or not speakers[n] or all((speakers[n], slug) in seen for slug in mentioned):
            continue
        lo, hi = article.sentence_of[own[0].i]
        if not _opens_with_its_role(article.tokens[lo:hi]):
            continue
        bounds = _sentence_before(article, lo)
        if bounds is None:
            continue
        plo, phi = bounds
        there = [m for m in by_sentence.get(plo, []) if speakers[m] != speakers[n]]
        if there:
            given = [x for m in there for x in found[m]]
        else:
            tokens = [t for t in article.tokens[plo:phi] if not t.is_space]
            given = _narration_reading(read, tokens, _narration_clause(tokens))
        for suggestion in given:
            slug = suggestion.proposition_slug
            confidence = round(suggestion.confidence * factor, 2)
            if (
                (speakers[n], slug) in seen
                or suggestion.rule in skip
                or suggestion.polarity == "neutral"  # 'had no position': the side's, not the person's
                or confidence < min_confidence
            ):
                continue
            seen.add((speakers[n], slug))
            out[n].append(_passed_on(suggestion, confidence, "spokesperson"))
    return out


_PASSED_ON_REASONS = {
    "spokesperson": "speaks for the side the sentence before names",
    "narration": "the article says of the speaker",
}


def _passed_on(suggestion: StanceSuggestion, confidence: float, rule: str) -> StanceSuggestion:
    """A reading given to another statement than the one read: its discounted confidence, the rule
    that passed it on, and why, before the reading's own reason."""
    reason = f"{_PASSED_ON_REASONS[rule]}: {suggestion.reason}"
    return replace(suggestion, confidence=confidence, reason=reason, rule=rule)


def _read_so_far(speakers: Sequence[str], found: list[list[StanceSuggestion]]) -> set[tuple[str, str]]:
    """(speaker, proposition) pairs some statement of the speaker already has a reading on."""
    return {
        (k, s.proposition_slug) for k, suggestions in zip(speakers, found, strict=True) for s in suggestions
    }


def _statements_by_sentence(article: Any, tokens: list[list[Any]]) -> dict[int, list[int]]:
    """Each sentence's first token -> the statements (by index) with words in it."""
    by_sentence: dict[int, list[int]] = {}
    for n, own in enumerate(tokens):
        for lo in {article.sentence_of[t.i][0] for t in own}:
            by_sentence.setdefault(lo, []).append(n)
    return by_sentence


def _sentence_before(article: Any, lo: int) -> tuple[int, int] | None:
    """The token bounds of the sentence just before the one starting at `lo`, when it is in the same
    paragraph or ends the one before; None otherwise."""
    before = lo - 1
    while before >= 0 and article.tokens[before].is_space:
        before -= 1
    if before < 0:
        return None
    plo, phi = article.sentence_of[before]
    if article.para_of(article.tokens[lo].idx) - article.para_of(article.tokens[plo].idx) > 1:
        return None
    return plo, phi


def _opens_with_its_role(tokens: list[Any]) -> bool:
    """'Its leader, Martin Ashcroft, said': the sentence's subject is a role noun with a possessive
    pronoun standing for the sentence before's subject."""
    words = [t for t in tokens if not t.is_space]
    if not words or words[0].lower_ not in word_set("possessives", "narration"):
        return False
    head = words[0].head
    return words[0].dep_ == "poss" and head.dep_ in ("nsubj", "nsubjpass") and head.head.dep_ == "ROOT"


def speaker_key(statement: object, span: StatementSpan) -> str:
    """Who said it, one key per speaker in the article: the resolved name when the extractor gives
    one, else the mention."""
    return " ".join(str(getattr(statement, "speaker_name", "") or span.speaker).lower().split())


def _name_words(key: str) -> frozenset[str]:
    """The words of a speaker's name that can name it alone ('voss' of 'pieter voss')."""
    common = word_set("narration_skip_words", "narration")
    return frozenset(w for w in re.findall(r"[\w'-]+", key) if len(w) > 2 and w not in common)


def from_narration(
    article: Any,
    spans: Sequence[StatementSpan],
    speakers: Sequence[str],
    found: list[list[StanceSuggestion]],
    *,
    read: Reader,
    min_confidence: float,
) -> list[list[StanceSuggestion]]:
    """'Its spokesman, Pieter Voss, called the plan "a gimmick".' "Nobody asked for this," Voss said.':
    a sentence of the article's own narration (no statement's words in it) whose main verb's subject
    names one of the speakers is read with the usual rules as that speaker's words (the words after
    the verb as the statement, the verb as its cue). A stance it gives on a proposition none of the
    speaker's statements in the article has a reading on goes to the speaker's statement nearest to
    it, when that statement is in the same paragraph or the one next to it, at a discounted
    confidence, with the narration's words as evidence. A claim's predicate merely told by the
    narration, or an act the narration reports ('skip_rules'), is not the speaker's stance."""
    owners = _speakers_by_word(speakers)
    mentioned = {p.record.slug for n, p in enumerate(article.profiles) if article.mentions(n)}
    if not owners or not mentioned:
        return found
    covered = [0] * (len(article.tokens) + 1)
    for span in spans:
        for t in (t for start, end in span.pieces for t in article.tokens_in(start, end)):
            covered[t.i] = 1
    seen = _read_so_far(speakers, found)
    open_to = {k for k in owners.values() if any((k, slug) not in seen for slug in mentioned)}
    factor = float(rules()["narration"]["factor"])
    skip = word_set("skip_rules", "narration")
    out = [list(suggestions) for suggestions in found]
    for lo, hi in article.sentences:
        # cheap tests first: a word of an open speaker's name, no statement's words
        if not any(owners.get(t.lower_) in open_to for t in article.tokens[lo:hi]):
            continue
        tokens = [t for t in article.tokens[lo:hi] if not t.is_space]
        if not tokens or any(covered[t.i] for t in tokens):
            continue
        clause = _narration_clause(tokens)
        speaker = _narrated_speaker(clause[1], owners) if clause is not None else ""
        nearest = _nearest_statement(spans, speakers, speaker, tokens[0].idx) if speaker else None
        if nearest is None:
            continue
        gap = article.para_of(spans[nearest].start) - article.para_of(tokens[0].idx)
        if abs(gap) > int(rules()["narration"]["paragraphs_apart"]):
            continue  # it frames the speaker's words: in their paragraph or the one next to it
        for suggestion in _narration_reading(read, tokens, clause):
            if (speaker, suggestion.proposition_slug) in seen or suggestion.rule in skip:
                continue
            confidence = round(suggestion.confidence * factor, 2)
            if confidence < min_confidence:
                continue
            seen.add((speaker, suggestion.proposition_slug))
            out[nearest].append(_passed_on(suggestion, confidence, "narration"))
    return out


def _speakers_by_word(speakers: Sequence[str]) -> dict[str, str]:
    """Each name word that names exactly one speaker of the article -> that speaker."""
    by_word: dict[str, set[str]] = {}
    for key in set(speakers):
        for word in _name_words(key):
            by_word.setdefault(word, set()).add(key)
    return {w: next(iter(keys)) for w, keys in by_word.items() if len(keys) == 1}


def _narrated_speaker(subject: Any, owners: dict[str, str]) -> str:
    """The speaker a narration sentence's subject names: the full name, or its last word as the
    subject's head or apposition, among the subject's proper nouns; '' when none or several."""
    heads = {subject.i} | {c.i for c in subject.children if c.dep_ == "appos"}
    proper = [t for t in subject.subtree if t.tag_ in ("NNP", "NNPS")]
    words = {t.lower_ for t in proper}
    named = {
        key
        for key in {owners[t.lower_] for t in proper if t.lower_ in owners}
        if _name_words(key) <= words or any(t.i in heads and t.lower_ == key.split()[-1] for t in proper)
    }
    return next(iter(named)) if len(named) == 1 else ""


def _narration_clause(tokens: list[Any]) -> tuple[Any, Any] | None:
    """A narration sentence's main verb and its subject; None for a question, a verbless sentence or
    a report of speech ('X said she backs it' is a statement, whether or not one was extracted
    there; a regarding verb, 'called the plan a gimmick', is narration)."""
    root = next((t for t in tokens if t.dep_ == "ROOT"), None)
    if root is None or tokens[-1].text == "?" or not root.tag_.startswith("VB"):
        return None
    if lemma(root) in speech_verbs() and lemma(root) not in word_set("regard_verbs"):
        return None
    subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return None if subject is None else (root, subject)


def _narration_reading(
    read: Reader, tokens: list[Any], clause: tuple[Any, Any] | None
) -> list[StanceSuggestion]:
    """What a narration sentence says of its subject's side, read as the extractor reads "X called the
    plan 'a gimmick'": the words after the main verb are the statement, the verb its cue, the subject
    its speaker. A 'no position' is the side's, never passed on (neutral is left out)."""
    if clause is None:
        return []
    root, subject = clause
    rest = [t for t in tokens if t.i > root.i]
    if not rest:
        return []
    words = " ".join(t.text for t in subject.subtree)
    span = StatementSpan(rest[0].idx, rest[-1].idx + len(rest[-1].text), cue=root.text, speaker=words)
    return [s for s in read(span) if s.polarity != "neutral"]


def _nearest_statement(
    spans: Sequence[StatementSpan], speakers: Sequence[str], speaker: str, at: int
) -> int | None:
    mine = [n for n, k in enumerate(speakers) if k == speaker]
    return min(mine, key=lambda n: abs(spans[n].start - at)) if mine else None
