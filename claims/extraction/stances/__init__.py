"""Stance suggestions: where a statement's speaker stands on the tracked propositions, read from the
parse (pure Python over the spaCy doc; no database). Editors confirm, flip or drop every suggestion.

Interface:
- PropositionRecord(slug, kind, title, description="", keywords=(), aliases=(), entities=()): a
  tracked question. Title and description alone work; keywords/aliases/entities (phrases) help.
- StanceSuggestion(proposition_slug, polarity, confidence, evidence, reason): polarity is supports /
  opposes / undecided for proposals, asserts / denies for claims; `evidence` is a tuple of
  Evidence(start, end, text, role) with offsets into the article text the statements' offsets use
  (roles: topic, anaphor, polarity, negation, condition); `reason` a short phrase for the review card
  ("calls it 'a reckless gamble'", "negated ('not'): backs it: 'back'").
- suggest_for_doc(doc, statements, propositions, nlp=, headline=""): one list of suggestions per
  statement, for an article already parsed (the extraction pipeline's stance stage calls this with
  its own doc, so stances cost no second parse). A statement is anything with start/end and,
  when known, parts, cue and speaker_mention (StatementRecord, StatementSpan).
- resuggest(nlp=, text=, statements=, propositions=, headline=""): the same for statements already
  stored (the article's stored text is parsed once); used to re-suggest when propositions change.
- proposition_problems(record, nlp=None): messages for a proposition the suggester cannot work with
  (no distinctive words and no phrases, a keyword too common, a claim without a predicate).
- build_profiles(records, nlp): the parsed propositions (cached per process and parser).

How it decides (modules): topic.py (does the statement speak to the proposition, which words stand
for it), polarity.py (what the speaker says about those words, through the parse), claims.py
(assertion and denial), profile.py (the proposition's words, weighted by distinctiveness),
lexicon.py (lemmas, derivations, word ranks, valence), suggest.py (the stage itself, anaphora and
confidence). Word lists are data: data/stance_rules.json, data/derivations.json,
data/word_ranks_en.txt, and the VADER lexicon of the vaderSentiment package (data/README.md).
"""

from __future__ import annotations

from .profile import build_profiles, proposition_problems
from .records import Evidence, PropositionRecord, StanceSuggestion, StatementSpan
from .suggest import MIN_CONFIDENCE, resuggest, suggest_for_doc

__all__ = [
    "MIN_CONFIDENCE",
    "Evidence",
    "PropositionRecord",
    "StanceSuggestion",
    "StatementSpan",
    "build_profiles",
    "proposition_problems",
    "resuggest",
    "suggest_for_doc",
]
