"""Who is speaking: the actor index (aliases -> actors) and the per-article discourse that resolves
role nouns ("the spokesperson") and pronouns ("she") to the most recent compatible actor.

Actors come in as data (ActorRecord); nothing here knows any particular actor. A mention resolves by
normalised alias (actors.names.normalize_name), then by a conservative fuzzy match on person names
(misspelt surnames), then by role noun or pronoun against what the article mentioned before.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from actors.names import normalize_name

from .resources import load
from .types import ActorRecord

FUZZY_MIN_RATIO = 0.86
FUZZY_MIN_LENGTH = 5
ROLE_ALIAS_KINDS = frozenset({"role", "metonym"})
_ROLE_TAIL = re.compile(r",|\b(?:of|for|at|in|to|on|with)\b")
_WORD = re.compile(r"[^\W_]+(?:['\u2019-][^\W_]+)*")


@lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """normalize_name, memoised: the same mentions recur across an article and a batch."""
    return normalize_name(text)


@dataclass(frozen=True)
class Entity:
    """A speaker or via as the pipeline passes it on: a known actor (slug set) or an unresolved mention."""

    key: str  # "actor:<slug>" or "name:<normalised name>"
    name: str  # canonical name, or the mention as written (titles stripped)
    kind: str
    gender: str = ""
    slug: str | None = None
    mention: str = ""
    how: str = "alias"  # alias | fuzzy | role | pronoun | unresolved | described | document
    named: bool = True  # False for a description that names nobody ("the health ministry")
    head: str = ""  # a description's head noun, lower-case ("minister" of "the Minister for Education")


@dataclass
class ActorIndex:
    """Aliases -> actors, built once per batch (build_actor_index)."""

    actors: list[ActorRecord]
    by_key: dict[str, list[tuple[int, str]]] = field(
        default_factory=dict
    )  # alias key -> [(actor, alias kind)]
    person_keys: dict[str, list[str]] = field(default_factory=dict)  # first letter -> person alias keys
    by_slug: dict[str, int] = field(default_factory=dict)
    surnames: dict[str, set[int]] = field(default_factory=dict)  # last word of a person's name -> persons
    max_words: int = 1

    def entity(self, idx: int, mention: str, how: str) -> Entity:
        a = self.actors[idx]
        gender = a.gender or (guess_gender(a.name) if a.kind == "person" else "")
        return Entity(f"actor:{a.slug}", a.name, a.kind, gender, a.slug, mention, how)

    def lookup(self, text: str) -> list[tuple[int, str]]:
        return self.by_key.get(normalize(text), [])

    def fuzzy(self, text: str) -> int | None:
        """A person whose name or surname is a near-spelling of `text` (one clear winner only)."""
        key = normalize(text)
        if len(key) < FUZZY_MIN_LENGTH:
            return None
        best, best_ratio, second = None, 0.0, 0.0
        for cand in self.person_keys.get(key[0], ()):
            if abs(len(cand) - len(key)) > 3:
                continue
            ratio = difflib.SequenceMatcher(None, key, cand).ratio()
            if ratio > best_ratio:
                best, best_ratio, second = cand, ratio, best_ratio
            elif ratio > second:
                second = ratio
        if best is None or best_ratio < FUZZY_MIN_RATIO or second >= best_ratio:
            return None
        people = {i for i, _ in self.by_key.get(best, ()) if self.actors[i].kind == "person"}
        people |= self.surnames.get(best, set())
        return people.pop() if len(people) == 1 else None


def build_actor_index(actors: Sequence[ActorRecord]) -> ActorIndex:
    """Index actors by the normalised form of their name and aliases (cheap; reuse it across articles)."""
    return extend_actor_index(ActorIndex([]), actors)


def extend_actor_index(index: ActorIndex, actors: Sequence[ActorRecord]) -> ActorIndex:
    """Add actors after those the index holds, in place: the same index build_actor_index makes of the
    whole list (each actor only appends to the index's lists), so a kept index takes new actors without
    being rebuilt."""
    for actor in actors:
        i = len(index.actors)
        index.actors.append(actor)
        index.by_slug[actor.slug] = i
        kinds = list(actor.alias_kinds) + [""] * (len(actor.aliases) - len(actor.alias_kinds))
        for alias, kind in [(actor.name, "name"), *zip(actor.aliases, kinds, strict=False)]:
            key = normalize_name(alias)
            if not key:
                continue
            entries = index.by_key.setdefault(key, [])
            if all(j != i for j, _ in entries):
                entries.append((i, kind or "name"))
            index.max_words = max(index.max_words, key.count(" ") + 1)
            if actor.kind == "person" and kind not in ROLE_ALIAS_KINDS and _is_personal_name(alias):
                surname = key.rsplit(" ", 1)[-1]
                index.surnames.setdefault(surname, set()).add(i)
                for part in (key, surname):
                    bucket = index.person_keys.setdefault(part[0], [])
                    if len(part) >= FUZZY_MIN_LENGTH and part not in bucket:
                        bucket.append(part)
    return index


def role_head(role: str) -> set[str]:
    """The head noun of a role description, alone and with the word before it: "UK airline regulator"
    is a regulator (not an airline), "chief executive of X" a chief executive."""
    words = _WORD.findall(_ROLE_TAIL.split(role.lower(), 1)[0])
    return {words[-1], " ".join(words[-2:])} if words else set()


@cache
def _first_names() -> dict[str, str]:
    data = load("first_names")
    return {**{n: "female" for n in data["female"]}, **{n: "male" for n in data["male"]}}


@cache
def _function_words() -> frozenset[str]:
    return frozenset(load("stopwords_en")["words"])


def guess_gender(name: str) -> str:
    """'female' or 'male' when the name's first word is a clearly gendered first name, else ''."""
    words = name.split()
    if len(words) < 2 or _names_organisation(words[-1]):
        return ""  # "India Meteorological Department" is no woman
    first = words[0].lower()
    return _first_names().get(first) or _first_names().get(_unaccented(first), "")


@lru_cache(maxsize=4096)
def _unaccented(word: str) -> str:
    """'siobhán' -> 'siobhan': the name list is mostly written without diacritics, the news with them."""
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def glued_words(words: Sequence[str]) -> int:
    """How many words before a person's name the tagger glued to it: "Cluj Andrei Munteanu" (of "mayor
    of Cluj Andrei Munteanu") is Andrei Munteanu; the first of three or more words is no first name and
    a later one, not the last, is."""
    first = words[0].lower().rstrip(".") if words else ""
    if len(words) < 3 or _first_names().get(first) or first in lexicon()["titles"]:
        return 0
    if words[-1].lower() in _function_words():
        return 0  # "Fair Fares Now" is no Fares
    for i, w in enumerate(words[1:-1], start=1):
        if w[:1].isupper() and _first_names().get(w.lower()):
            return i
    return 0


def _names_organisation(word: str) -> bool:
    spec = lexicon()["roles"].get(word.lower().strip(".,'\u2019"))
    return spec is not None and "person" not in spec["kinds"]


def _is_personal_name(alias: str) -> bool:
    """A name, not a description: its last word is not lower-case ("Oana Lungescu", "Лавров") and not
    a role noun ("Brazil's deputy finance minister")."""
    words = alias.split()
    last = words[-1].strip(".,'\u2019") if words else ""
    return bool(last) and not last[:1].islower() and last.lower() not in lexicon()["roles"]


@cache
def lexicon() -> dict[str, Any]:
    """The name-related word lists (titles, honorifics, document and medium nouns...)."""
    names = load("names")
    return {
        "titles": frozenset(names["titles"]),
        "styles": frozenset(names["styles"]),
        "style_roles": names["style_roles"],  # "lady justice" -> "judge": the role a style says
        "male": frozenset(names["male_honorifics"]),
        "female": frozenset(names["female_honorifics"]),
        "documents": frozenset(names["document_nouns"]),
        "issued": frozenset(names["document_nouns"]) | frozenset(names["issued_nouns"]),
        "self_speaking": frozenset(names["self_speaking_documents"]),
        "media_nouns": frozenset(names["medium_nouns"]),
        "media_words": frozenset(names["media_words"]),
        "addressees": frozenset(names["generic_addressees"]),
        "groups": frozenset(names["group_nouns"]),
        "post_nominals": frozenset(names["post_nominals"]),
        "not_names": frozenset(names["not_names"]),
        "person_nouns": frozenset(names["person_nouns"]),
        "female_nouns": frozenset(names["female_nouns"]),
        "male_nouns": frozenset(names["male_nouns"]),
        "organisation_nouns": frozenset(names["organisation_nouns"]),
        "business_words": frozenset(names["business_name_words"]),
        "person_voices": frozenset(names["person_voices"]),
        "quantifiers": frozenset(names.get("quantifier_subjects", ())),
        "demonyms": frozenset(names.get("person_demonyms", ())),
        "roles": load("role_nouns")["nouns"],
        "pronouns": load("pronouns")["pronouns"],
        "first_person": frozenset(load("pronouns")["first_person"]),
    }


@dataclass
class Mention:
    pos: int
    para: int
    entity: Entity
    salient: bool  # a speaker or a main-clause subject: preferred antecedent
    text: str  # as written, lower-cased (role-noun matching)


class Discourse:
    """What an article has mentioned so far, for role nouns and pronouns (most recent compatible first)."""

    def __init__(self, index: ActorIndex) -> None:
        self.index = index
        self.history: list[Mention] = []
        self.unresolved: dict[str, Entity] = {}  # full unresolved names, for later surname-only mentions
        self.genders: dict[str, str] = {}  # learned from pronouns / honorifics for unresolved people

    def add(self, pos: int, para: int, entity: Entity, salient: bool, text: str = "") -> None:
        self.history.append(Mention(pos, para, entity, salient, text.lower()))

    def gender(self, entity: Entity) -> str:
        return entity.gender or self.genders.get(entity.key, "")

    def recent_actor_among(self, candidates: list[int], pos: int) -> int | None:
        """The candidate actor mentioned most recently before pos, if any was."""
        keys = {f"actor:{self.index.actors[i].slug}": i for i in candidates}
        for m in reversed(self.history):
            if m.pos < pos and m.entity.key in keys:
                return keys[m.entity.key]
        return None

    def _search(
        self,
        pos: int,
        para: int,
        ok: Callable[[Mention], bool],
        exclude: tuple[int, int] | None,
        window: int = 4,
    ) -> Entity | None:
        for salient_only, paras in ((True, window), (False, window), (True, 10_000)):
            for m in reversed(self.history):
                if m.pos >= pos or para - m.para > paras:
                    continue
                if exclude and exclude[0] <= m.pos < exclude[1]:
                    continue
                if salient_only and not m.salient:
                    continue
                if ok(m):
                    return m.entity
        return None

    def find(
        self,
        pos: int,
        para: int,
        ok: Callable[[Mention], bool],
        exclude: tuple[int, int] | None = None,
        salient: bool = False,
    ) -> Entity | None:
        """The most recent mention before `pos` that passes `ok` (salient ones only, if asked), within
        the usual window of paragraphs."""
        return self._search(pos, para, (lambda m: m.salient and ok(m)) if salient else ok, exclude)

    def pronoun(
        self, word: str, pos: int, para: int, exclude: tuple[int, int] | None = None
    ) -> Entity | None:
        spec = lexicon()["pronouns"].get(word.lower())
        if not spec:
            return None
        kinds, want = set(spec["kinds"]), spec.get("gender", "")

        def ok(m: Mention) -> bool:
            e = m.entity
            if (
                e.kind not in kinds
                and not ("group" in kinds and _voices_of_person(m))
                and not ("person" in kinds and _voice_of_organisation(m, want))
            ):
                return False
            g = self.gender(e)
            return not (want and g and g != want)

        found = self._search(pos, para, ok, exclude)
        if found and want and found.kind == "person" and not self.gender(found):
            self.genders[found.key] = want
        return found

    def role(
        self,
        noun: str,
        pos: int,
        para: int,
        exclude: tuple[int, int] | None = None,
        names: frozenset[str] = frozenset(),
    ) -> Entity | None:
        """A role noun ("the embassy", "the bloc"): the most recent compatible actor that carries the noun
        as a word of its name, role or mention; for generic collective nouns, the most recent actor of that
        kind. A phrase with names of its own ("the Rothwell Museum", "the Dutch economy ministry") refers
        only to an actor that carries those names too, never to whichever organisation came last."""
        spec = lexicon()["roles"].get(noun.lower())
        if not spec:
            return None
        kinds = set(spec["kinds"])
        want = spec.get("gender", "")
        noun_l = noun.lower()
        actors, index = self.index.actors, self.index.by_slug

        def written(m: Mention) -> set[str]:
            words = set(_WORD.findall(m.text)) | set(_WORD.findall(m.entity.name.lower()))
            if m.entity.slug is not None:
                a = actors[index[m.entity.slug]]
                words |= role_head(a.role)
                for al in a.aliases:
                    words |= set(_WORD.findall(al.lower()))
            return words

        def carries(m: Mention) -> bool:
            if m.entity.kind not in kinds:
                return False
            g = self.gender(m.entity)
            if want and g and g != want:
                return False
            words = written(m)
            return (noun_l in words or set(noun_l.split()) <= words) and names <= words

        sort = spec.get("sort", "")

        def fits(m: Mention) -> bool:
            return m.entity.kind in kinds and (not sort or _sort_fits(sort, noun_l, written(m)))

        # "Hanbit Motors will build a plant ..., the company said": the organisation the words before
        # the cue are about, written first in them
        inside = []
        if exclude is not None and exclude[1] <= pos and spec.get("generic") and not names:
            inside = sorted(
                (m for m in self.history if exclude[0] <= m.pos < exclude[1]), key=lambda m: m.pos
            )
        found = next((m.entity for m in inside if carries(m)), None)
        found = found or self._search(pos, para, carries, exclude, window=10_000)
        if found is None and spec.get("generic") and not names:
            found = next((m.entity for m in inside if fits(m)), None) or self._search(
                pos, para, fits, exclude
            )
        return found


def _voices_of_person(m: Mention) -> bool:
    """ "Doe's lawyers said ...", then "they said": the lawyers, who speak for Doe."""
    last = m.text.split()[-1] if m.text else ""
    return m.entity.kind == "person" and last.endswith("s") and last in lexicon()["person_voices"]


def _voice_of_organisation(m: Mention, want: str) -> bool:
    """'A spokeswoman for the union said ...', then "she said": the spokeswoman, whose words are the
    union's (the statement's speaker is the organisation, the pronoun's antecedent its voice)."""
    if m.entity.kind == "person":
        return False
    roles = lexicon()["roles"]
    for word in m.text.split():
        spec = roles.get(word.strip(".,'\u2019"))
        if spec and spec.get("voice") and "person" in spec["kinds"]:
            return not want or spec.get("gender", want) == want
    return False


def _sort_fits(sort: str, noun: str, words: set[str]) -> bool:
    """A generic noun of one sort ("the ministry") does not stand for an organisation the article wrote
    with a noun of another sort ("the Havenbond union", "Meridian, the shipping company")."""
    roles = lexicon()["roles"]
    sorts = {roles[w]["sort"] for w in words if w in roles and roles[w].get("sort")}
    return not sorts or sort in sorts or noun in words
