"""Noun phrase -> Entity: the speaker (or via) a subject token stands for.

Order: pronoun; relative pronoun's antecedent; alias of the whole phrase or of any part containing the
head; an appositive name ("the opposition leader, Jane Doe"); a spokesperson's organisation; a fuzzy
person match; a surname of an earlier full name; a role noun; else an unresolved mention of a named
entity or a collective noun ("officials"). Titles are stripped from unresolved names.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from functools import lru_cache
from typing import Any

from actors.names import normalize_name

from .reported import lexicon as reported_lexicon
from .speakers import ROLE_ALIAS_KINDS, ActorIndex, Discourse, Entity, glued_words, guess_gender, lexicon

Token = Any
NAME_LABELS = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "state",
    "NORP": "group",
    "FAC": "organization",
}
NP_LEFT_DEPS = frozenset(
    {"det", "compound", "amod", "poss", "case", "nmod", "nummod", "punct", "quantmod", "npadvmod"}
)
_DEFINITE = frozenset({"the", "this", "that", "these", "those"})
SUBJECT_DEPS = ("nsubj", "nsubjpass")
_INDEFINITE = frozenset({"a", "an", "another", "one"})
_MAX_CLAUSE_WORDS = 7  # a description keeps a short participle clause ("sitting on a car"), not a story
# A "who"/"whose" clause identifies the person ("who lives near the site"). Up to 13 words it gained on
# realnews and political5 (+4, +5 speakers) and lost as many on real news held back (-4 of 397, gold
# that names the person without the clause): kept at the participle clauses' length until a set says more.
_MAX_RELATIVE_WORDS = 7
_RELATIVE_PRONOUNS = frozenset({"who", "whose", "whom"})
_AGE = re.compile(r"\d+-year-old")
_FOREIGN_TAGS = frozenset({"NN", "NNS", "NNP", "NNPS", "FW", "XX", "ADD", "JJ", "VB", "VBD", "VBN"})
_LATIN_END = 0x24F  # the last code point of Latin Extended-B
_SPEAKS_FOR_PREPS = ("for", "of", "at", "from")  # "a spokesman for X", "observers from X"
NP_CUT_DEPS = frozenset({"appos", "relcl", "acl", "punct", "cc", "conj", "advmod", "prep"})


def lower_case_name(ent: Any) -> bool:
    """'a 17-year-old apprentice electrician' with "electrician" tagged a person: a person's name is
    capitalised; one written all in lower case is a common noun."""
    return ent.label_ == "PERSON" and all(t.text.islower() for t in ent)


def is_proper(t: Token) -> bool:
    """A proper noun, also when the tagger called a capitalised surname a plural noun ("Mendes"), or a
    noun written in another script than the article's Latin one ("习近平"): in English news such a word
    is a name the model does not know."""
    if t.tag_ in ("NNP", "NNPS"):
        return True
    if t.tag_ in _FOREIGN_TAGS and non_latin(t.text):
        return True
    return t.tag_ in ("NN", "NNS") and t.text[:1].isupper() and not t.is_sent_start and bool(t.ent_type_)


@lru_cache(maxsize=8192)
def non_latin(word: str) -> bool:
    """Every letter of the word belongs to a script other than Latin (Han, Cyrillic, Arabic, Greek...)."""
    letters = [ch for ch in word if ch.isalpha()]
    return bool(letters) and all(
        ord(ch) > _LATIN_END and not unicodedata.name(ch, "").startswith("LATIN") for ch in letters
    )


def _hyphenated(t: Token) -> bool:
    """The last part of a hyphenated modifier ("second-tier", "cash-strapped")."""
    return t.i > 0 and t.doc[t.i - 1].text == "-" and not t.doc[t.i - 1].whitespace_


def is_indefinite(head: Token) -> bool:
    """'a 47-year-old crane operator', 'another company', 'one operator': a new referent."""
    return any(c.dep_ in ("det", "nummod") and c.lower_ in _INDEFINITE for c in head.children)


def _place_slot(ent: Any) -> bool:
    """A one-word name where a place goes: "the mayor of X" (a role noun's "of"), "in X", "at X"."""
    if len(ent) != 1:
        return False
    root = ent.root
    prep = root.head
    if root.dep_ != "pobj" or prep.lower_ not in ("of", "in", "at"):
        return False
    if prep.lower_ != "of":
        return True
    spec = lexicon()["roles"].get(prep.head.lower_) or {}
    return "person" in spec.get("kinds", ())


def _names_itself(x: Token, top: Token, ent: Any = None) -> bool:
    """A name that is the phrase's own, not one inside its prepositional or relative modifiers ("a
    retired postman from Leeds", "a group that campaigns in Scotland"); a person's name the tagger glued
    to the place of a role's "of" ("former mayor of Cluj Andrei Munteanu") is the phrase's own."""
    glued = ent is not None and ent.label_ == "PERSON" and glued_words([t.text for t in ent]) > 0
    if glued and x.dep_ == "pobj" and x.head.head.i == top.i:
        return True
    while x.i != top.i:
        if x.dep_ in ("prep", "relcl", "acl", "advcl", "pobj") or x.head.i == x.i:
            return False
        x = x.head
    return True


def _coordinated_people(head: Token, conj: Token) -> bool:
    """'Parents and prospective students at an open day': a plural common noun coordinated with
    another, no comma between, describes one group of speakers."""
    if conj.dep_ == "cc":
        return head.tag_ == "NNS" and any(
            c.dep_ == "conj" and _coordinated_people(head, c) for c in head.children
        )
    if conj.dep_ != "conj" or head.tag_ != "NNS" or conj.tag_ not in ("NN", "NNS"):
        return False
    return not any(t.text == "," for t in head.doc[head.i : conj.i])


def _clause_limit(head: Token, clause: Token) -> int:
    """How many words of a clause after a described person's noun belong to the description: a relative
    clause with "who"/"whose" names who they are ("a crofter who lives about three miles from the launch
    site"), unless a phrase already placed them ("a dentist from New Jersey") or the clause tells what
    had happened ("who had fled his farm at 3 a.m."); a participle clause only when short. A clause
    that reports speech or a state of mind is a statement of its own, never the description ("an elderly
    man who said his son ...", "MPs who want the leader to go")."""
    if clause.lower_ in reported_lexicon().forms:
        return 0
    relative = clause.dep_ == "relcl" and any(
        x.lower_ in _RELATIVE_PRONOUNS for x in clause.subtree if x.i < clause.i
    )
    placed = any(c.dep_ == "prep" and c.i < clause.i for c in head.rights)
    story = any(c.dep_ == "aux" and c.lower_ == "had" for c in clause.children) and clause.tag_ == "VBN"
    if not relative or placed or story:
        return _MAX_CLAUSE_WORDS
    return _MAX_RELATIVE_WORDS


def _set_off(t: Token) -> bool:
    """A phrase that opens right after a comma."""
    first = min(x.i for x in t.subtree)
    return first > 0 and t.doc[first - 1].text == ","


class Resolver:
    """Resolves noun phrases of one article against the actor index and its discourse."""

    def __init__(self, index: ActorIndex, discourse: Discourse, ent_of: dict[int, Any], text: str) -> None:
        self.text = text  # the parsed text (same offsets as the article text)
        self.index = index
        self.discourse = discourse
        self.ent_of = ent_of  # token index -> named-entity span
        self.doc_authors: dict[str, Entity] = {}
        self.lex = lexicon()
        self._org_names = self._names_labelled_org(ent_of)
        self._full_name_words = self._words_of_full_names(ent_of)
        self._one_word_names = self._names_never_in_full(ent_of)

    @staticmethod
    def _words_of_full_names(ent_of: dict[int, Any]) -> frozenset[str]:
        """The words of the people's names of two words or more the tagger found in the article."""
        return frozenset(
            t.lower_
            for ent in {id(e): e for e in ent_of.values()}.values()
            if ent.label_ == "PERSON" and len(ent) > 1
            for t in ent
        )

    def _names_never_in_full(self, ent_of: dict[int, Any]) -> frozenset[str]:
        """One-word names the tagger called a person that the article never gives in full nor with a
        title, written somewhere inside a sentence (a sentence's first word may be any capitalised
        word) and no known first name: news introduces people by their full name, so these name an
        organisation or a brand ("Aldwater said")."""
        out, titled = set(), set()
        for ent in {id(e): e for e in ent_of.values()}.values():
            if ent.label_ != "PERSON" or len(ent) != 1:
                continue
            low = ent.text.lower()
            if self._titled(ent) or self._given_name_before(ent):
                titled.add(low)
            elif not ent.root.is_sent_start:
                out.add(low)
        return frozenset(
            w
            for w in out - titled - self._full_name_words
            if not guess_gender(f"{w} x") and w not in self.lex["roles"]
        )

    def _given_name_before(self, ent: Any) -> bool:
        """A first name the tagger left out of the name ("The Greens' [Anton] Varga"): given in full."""
        return self._left_out_given_name(ent) is not None

    def _left_out_given_name(self, ent: Any) -> Token | None:
        """The capitalised word the tagger left out before a one-word person's name and hung on it as a
        compound, itself no name of anything else nor a title ("Labour's [Amrit] Sohal"), or a known
        first name ("The Greens' [Anton] Varga")."""
        j = ent.start - 1
        if len(ent) != 1 or j < 0 or ent.doc[j].tag_ != "NNP" or ent.doc[j].head.i != ent.root.i:
            return None
        word = ent.doc[j]
        if guess_gender(f"{word.text} {ent.text}"):
            return word
        low = word.lower_.rstrip(".")
        plain = word.ent_type_ == "" and word.dep_ == "compound" and word.text[:1].isupper()
        if not plain or low in self.lex["titles"] or low in self.lex["roles"] or word.is_sent_start:
            return None
        return word

    def _titled(self, ent: Any) -> bool:
        """A title right before the name ("Ms Osei", "Dr Nair")."""
        j = ent.start - 1
        return j >= 0 and ent.doc[j].lower_.rstrip(".") in self.lex["titles"]

    @staticmethod
    def _names_labelled_org(ent_of: dict[int, Any]) -> frozenset[str]:
        """The names the tagger labelled an organisation more often than a person in the article: the
        small model calls the same name a person now and then ("Skylark Air said"), and one article
        means one kind. A person's full name votes for its surname too."""
        votes: dict[str, int] = {}
        for ent in {id(e): e for e in ent_of.values()}.values():
            key = normalize_name(ent.text)
            if ent.label_ in ("ORG", "FAC"):
                votes[key] = votes.get(key, 0) + 1
            elif ent.label_ == "PERSON":
                for k in {key, key.rsplit(" ", 1)[-1]}:
                    votes[k] = votes.get(k, 0) - 1
        return frozenset(k for k, v in votes.items() if v > 0)

    # -- text helpers -------------------------------------------------------------------------------
    @staticmethod
    def left_part(head: Token) -> list[Token]:
        """The head with its contiguous pre-modifiers ("Finance Ministry spokeswoman Jane Doe")."""
        toks = [head]
        j = head.i - 1
        doc = head.doc
        while j >= 0 and doc[j].head.i in {t.i for t in toks} | {head.i} and doc[j].dep_ in NP_LEFT_DEPS:
            if doc[j].dep_ == "punct" and doc[j].text not in "-'\u2019":
                break
            toks.insert(0, doc[j])
            j -= 1
        # pull in modifiers of modifiers (compound chains)
        while (
            j >= 0
            and doc[j].dep_ in NP_LEFT_DEPS
            and toks[0].i > 0
            and doc[j].head.i >= toks[0].i
            and doc[j].head.i <= head.i
        ):
            if doc[j].dep_ == "punct" and doc[j].text not in "-'\u2019":
                break
            toks.insert(0, doc[j])
            j -= 1
        return toks

    @staticmethod
    def full_np(head: Token) -> list[Token]:
        """The head's phrase without appositions, relative clauses and trailing punctuation."""
        cut = {
            x.i for c in head.children if c.dep_ in ("appos", "relcl", "acl", "cc", "conj") for x in c.subtree
        }
        toks = [x for x in head.subtree if x.i not in cut]
        while toks and toks[-1].is_punct:
            toks.pop()
        while toks and toks[0].is_punct:
            toks.pop(0)
        return toks

    def text_of(self, toks: list[Token]) -> str:
        """The text a token run covers (from the article string: Doc.text is rebuilt on every access)."""
        toks = [t for t in toks if not t.is_space]
        if not toks:
            return ""
        return " ".join(self.text[toks[0].idx : toks[-1].idx + len(toks[-1].text)].split())

    # -- alias lookups -------------------------------------------------------------------------------
    def _pick(
        self, hits: list[tuple[int, str]], pos: int, mention: str, described: bool = False
    ) -> Entity | None:
        """The actor an alias hit stands for: a name, else a role alias the article already tied to an
        actor, else a confirmed actor's metonym ("Washington"). A description ("the health ministry")
        matches only confirmed actors or those the article mentioned."""
        if described:
            hits = [(i, k) for i, k in hits if self.index.actors[i].confirmed or self._seen(i, pos)]
        if not hits:
            return None
        roles = [i for i, k in hits if k in ROLE_ALIAS_KINDS]
        names = [i for i, k in hits if k not in ROLE_ALIAS_KINDS]
        if names:
            best = self.discourse.recent_actor_among(names, pos) if len(names) > 1 else names[0]
            return self.index.entity(best if best is not None else names[0], mention, "alias")
        seen = self.discourse.recent_actor_among(roles, pos)
        if seen is not None:
            return self.index.entity(seen, mention, "role")
        confirmed = [i for i in roles if self.index.actors[i].confirmed]
        if confirmed and any(k == "metonym" and self.index.actors[i].confirmed for i, k in hits):
            return self.index.entity(confirmed[0], mention, "alias")
        return None

    def _seen(self, idx: int, pos: int) -> bool:
        return self.discourse.recent_actor_among([idx], pos) is not None

    def by_alias(self, toks: list[Token], head: Token, pos: int, described: bool = False) -> Entity | None:
        mention = self.text_of(toks)
        hit = self._pick(self.index.lookup(mention), pos, mention, described)
        if hit:
            return hit
        words = [t for t in toks if not t.is_punct or t.text in "-'\u2019"]
        n = len(words)
        if head not in words:
            return None
        h = words.index(head)
        max_len = min(n, self.index.max_words + 1)
        name = self.proper_run(head)
        for length in range(max_len, 0, -1):
            for s in range(max(0, h - length + 1), min(h, n - length) + 1):
                part = words[s : s + length]
                if len(part) == n:
                    continue
                hit = self._pick(self.index.lookup(self.text_of(part)), pos, mention, described)
                if hit and not (hit.kind == "state" and name[0].i < part[0].i):
                    return hit
        return None

    def _unlabelled_name(self, head: Token, ent: Any) -> bool:
        """Proper nouns the tagger gave no name label as a whole ("Tech Workers United", "Privacy
        Alliance UK" with only "UK" a place): an organisation's name, when no title starts it."""
        if not is_proper(head) or (ent is not None and ent.label_ not in ("GPE", "NORP", "LOC", "PRODUCT")):
            return False
        run = self.proper_run(head)
        lex = self.lex
        return (
            len(run) > 1
            and (ent is None or ent.start > run[0].i or ent.label_ == "PRODUCT")
            and all(t.text[:1].isupper() for t in run)
            and not any(
                t.lower_.rstrip(".") in lex["titles"]
                or "person" in (lex["roles"].get(t.lower_) or {}).get("kinds", ())
                for t in run[:-1]
            )
        )

    def proper_run(self, head: Token) -> list[Token]:
        """The proper nouns written right before a proper head, with it: "Privacy Alliance UK",
        "Medicaments France" (a country's name closing an organisation's name is part of that name)."""
        run = [head]
        j = head.i - 1
        while j >= 0 and is_proper(head.doc[j]) and head.doc[j].head.i in {t.i for t in run}:
            run.insert(0, head.doc[j])
            j -= 1
        return run + self._of_name(head)

    @staticmethod
    def _of_name(head: Token) -> list[Token]:
        """'The Port of Rotterdam Authority' parsed as "Port" with a prepositional phrase: the proper
        nouns after "of"/"for" right after the head are part of the name."""
        prep = next((c for c in head.children if c.dep_ == "prep" and c.i == head.i + 1), None)
        if prep is None or prep.lower_ not in ("of", "for"):
            return []
        pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
        if pobj is None or not is_proper(pobj):
            return []
        span = list(head.doc[prep.i : pobj.i + 1])
        if all(is_proper(t) or t.lower_ in ("of", "for", "and", "the") for t in span):
            return span
        return []

    # -- main entry ----------------------------------------------------------------------------------
    def resolve(
        self,
        head: Token,
        pos: int,
        para: int,
        exclude: tuple[int, int] | None = None,
        depth: int = 0,
        speaker: bool = False,
    ) -> Entity | None:
        """The entity a noun phrase headed by `head` refers to, or None when it is not an actor at all.
        A cue's subject (`speaker`) that names nobody is a described speaker ("a retired nurse")."""
        if head.tag_ in ("PRP", "PRP$"):
            if head.lower_ in self.lex["first_person"]:
                return None
            return self.discourse.pronoun(head.lower_, pos, para, exclude)
        if head.tag_ in ("WP", "WDT") and head.head.dep_ == "relcl":
            head = head.head.head  # "X, who said": the relative pronoun's antecedent
        head = self._named_after_coordinated_titles(head)
        left, full = self.left_part(head), self.full_np(head)
        ent = self.ent_of.get(head.i)
        hit = self._surname_as_noun(head)
        hit = hit or self._by_name(head, full, left, ent, pos)
        if hit is None and depth == 0 and self._described_by_head(head):
            hit = self._by_apposition(head, pos, para, exclude, depth)
        if hit is None and depth == 0:
            hit = self._person_voice(head, pos, para, exclude)
        if hit is not None:
            return hit
        role_key, spec = self._role_spec(head)
        if (
            spec
            and spec.get("speaks_for")
            and not spec.get("voice")
            and head.tag_ == "NN"
            and is_indefinite(head)
        ):
            spec = None  # "an EU official said": one person, described; a spokesperson speaks for them
        if spec and spec.get("speaks_for") and depth == 0:
            hit = self._speaks_for(head, pos, para, exclude)
        if hit is None and is_proper(head):
            hit = self._proper(head, left, ent, pos)
        if hit is not None:
            return hit
        hit = self._common_noun(head, full, ent, (role_key, spec), (pos, para, exclude))
        if hit is None and speaker and depth == 0:
            hit = self._earlier_with_word(head, pos)
        if hit is None and speaker and depth == 0:
            hit = self._quantified(head, pos, para, exclude)
        if hit is None and speaker and depth == 0:
            return self.describe(head) or self._unknown_speaker_name(head, ent)
        return hit

    def _named_after_coordinated_titles(self, head: Token) -> Token:
        """'Jury member and French actor Camille Aubry said': two titles of one person, parsed as a bare
        singular noun coordinated with the name; the person is the name."""
        if head.tag_ != "NN" or any(c.dep_ in ("det", "poss", "nummod") for c in head.children):
            return head
        conj = next((c for c in head.children if c.dep_ == "conj"), None)
        cc = next((c for c in head.children if c.dep_ == "cc"), None)
        if conj is None or cc is None or cc.lower_ != "and" or conj.ent_type_ != "PERSON":
            return head
        return conj if any(c.dep_ == "compound" and c.tag_ == "NN" for c in conj.children) else head

    def _quantified(self, head: Token, pos: int, para: int, exclude: tuple[int, int] | None) -> Entity | None:
        """'About 200 strikers gathered ... Many said ...': a quantifier subject is the group written just
        before (this paragraph or the one before), or the group after its "of" ("Many of the owners")."""
        appos = next((c for c in head.children if c.dep_ == "appos" and c.tag_ in ("NN", "NNS")), None)
        if head.lower_ == "one" and appos is not None:
            return self.describe(appos)  # "One of them, a 41-year-old care worker, said"
        if head.lower_ not in self.lex["quantifiers"] or head.tag_ not in ("DT", "JJ", "NNS", "NN", "PDT"):
            return None
        of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        group = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if group is not None:
            return self.resolve(group, group.idx, para, exclude, depth=1, speaker=True) or self.describe(
                group
            )
        breaks = 0
        for t in reversed(head.doc[max(0, head.i - 60) : head.i]):
            breaks += t.is_space and "\n" in t.text
            if breaks > 1:
                break  # this paragraph and the one before only
            group = (
                self.describe(t) if t.tag_ == "NNS" and t.dep_ in SUBJECT_DEPS and not t.ent_type_ else None
            )
            if group is not None:
                return group  # the last plural subject before ("200 strikers gathered")
        found = self.discourse.find(
            pos, para, lambda m: m.entity.kind == "group" and para - m.para <= 1, exclude, salient=False
        )
        return replace(found, how="role") if found is not None else None

    def _earlier_with_word(self, head: Token, pos: int) -> Entity | None:
        """'According to the operators' after "the port operators' association": a definite common noun
        that no lexicon knows refers to the latest organisation or group the article wrote with that
        word in its name or mention, or to the latest speaker described with that head noun."""
        if head.tag_ not in ("NN", "NNS") or not any(
            c.dep_ == "det" and c.lower_ in ("the", "these", "those") for c in head.children
        ):
            return None
        word = head.lower_.replace("\u2019", "'")
        for m in reversed(self.discourse.history):
            if m.pos < pos and m.entity.how == "described" and m.entity.head == word:
                return m.entity  # "a senior adviser said ... The adviser said": the one described
            if m.pos >= pos or m.entity.kind not in ("organization", "group"):
                continue
            words = {w.strip("'.,").removesuffix("'s") for w in m.text.lower().replace("\u2019", "'").split()}
            if word in words and normalize_name(m.text) != normalize_name(head.text):
                return m.entity
        return None

    def _surname_as_noun(self, head: Token) -> Entity | None:
        """'Tremblay noted ...' with the surname tagged a common noun, or an adverb as subject ("Donnelly
        later told ..."): the person the article named in full before, by that surname."""
        adverb = head.tag_ == "RB" and head.dep_ in SUBJECT_DEPS
        if (
            (head.tag_ not in ("NN", "NNS") and not adverb)
            or not head.text[:1].isupper()
            or head.text.isupper()
        ):
            return None
        if any(c.dep_ == "det" for c in head.children):
            return None
        found = self.discourse.unresolved.get(normalize_name(head.text))
        return found if found is not None and found.kind == "person" else None

    def _unknown_speaker_name(self, head: Token, ent: Any) -> Entity | None:
        """A name nothing else resolved that speaks ("Quillon said", "The NTF said", "Repubblika, a civil
        society group, said"): the tagger labelled it no person or organisation, or nothing at all. News
        introduces a person by their full name, so a speaking name never given in full is an organisation;
        the statement is kept and the name becomes a new actor, as a labelled organisation would."""
        if (
            not is_proper(head)
            or head.lower_.rstrip(".") in self.lex["titles"]
            or head.lower_ in self.lex["roles"]
        ):
            return None
        if ent is not None and ent.label_ == "PERSON":
            return None  # a person's name the earlier steps could not place is left to them
        toks = list(ent) if ent is not None and ent.label_ not in NAME_LABELS else self.proper_run(head)
        toks = [
            t for t in toks if not (t.tag_ in ("DT", "POS") or t.is_punct and t.text not in "+&.-'\u2019")
        ]
        name = self.text_of(toks)
        if not name or name.lower() in self.lex["not_names"] or not any(ch.isalpha() for ch in name):
            return None
        return Entity(
            f"name:{normalize_name(name)}", name, "organization", "", None, name, "unresolved", True
        )

    def _by_name(
        self, head: Token, full: list[Token], left: list[Token], ent: Any, pos: int
    ) -> Entity | None:
        """An alias of the whole phrase, of its pre-modified head, or of the named entity around it."""
        described = not is_proper(head) or head.lower_ in self.lex["roles"]
        for toks in (full, left):
            hit = self.by_alias(toks, head, pos, described)
            if hit:
                return hit
        if ent is not None and not self._unlabelled_name(head, ent):
            return self._pick(self.index.lookup(ent.text), pos, ent.text)
        return None

    def _person_voice(
        self, head: Token, pos: int, para: int, exclude: tuple[int, int] | None
    ) -> Entity | None:
        """'Jane Doe's office said', 'her spokesman said', "Doe's lawyers said": the person's own words. A
        role noun's ("the prime minister's spokesperson") stays a description: no name is given."""
        if head.lower_ not in self.lex["person_voices"]:
            return None
        poss = next((c for c in head.children if c.dep_ == "poss"), None)
        if poss is None or not (is_proper(poss) or poss.tag_ == "PRP$"):
            return None
        if poss.tag_ == "PRP$":
            word = {"his": "he", "her": "she"}.get(poss.lower_)
            person = self.discourse.pronoun(word, pos, para, exclude) if word else None
        else:
            person = self.resolve(poss, pos, para, exclude, depth=1)
        if person is None or person.kind != "person" or not person.named:
            return None
        return replace(person, mention=self.text_of(self.full_np(head)))

    def _described_by_head(self, head: Token) -> bool:
        """A common noun ("the opposition leader, Jane Doe") or a lone capitalised role noun or title the
        tagger named nothing ("the Minister, Jane Doe", "the local MP, Jane Doe"), not a name ending in a role noun ("the India Meteorological Department
        (IMD)", whose apposition is its abbreviation)."""
        if not is_proper(head) or head.text[:1].islower():
            return True  # "Doe's national association, X" with the lower-case noun tagged a proper one
        if len(self.proper_run(head)) != 1:
            return False
        return head.lower_ in self.lex["roles"] or self.ent_of.get(head.i) is None  # "the local MP, X"

    def _by_apposition(
        self, head: Token, pos: int, para: int, exclude: tuple[int, int] | None, depth: int
    ) -> Entity | None:
        """An appositive name wins over a common-noun head: "the opposition leader, Jane Doe" (also when
        the parse did not attach the name: a person's name set off by commas right after the phrase)."""
        for c in head.children:
            if c.dep_ == "appos":
                for cand in self._appositive_names(c):
                    hit = self.resolve(cand, pos, para, exclude, depth + 1)
                    if hit:
                        return hit
        doc = head.doc
        edge = max(x.i for x in head.subtree) + 1
        ent = self.ent_of.get(edge + 1) if edge + 1 < len(doc) and doc[edge].text == "," else None
        set_off = (
            ent is not None and ent.start == edge + 1 and ent.end < len(doc) and doc[ent.end].text == ","
        )
        if ent is not None and set_off and ent.label_ == "PERSON":
            return self.resolve(ent.root, pos, para, exclude, depth + 1)
        if edge + 1 < len(doc) and doc[edge].text == "," and ent is None:
            # "Its flood duty manager, Adrian Holt, said" with the name unlabelled
            end = edge + 1
            while end < len(doc) and is_proper(doc[end]) and self.ent_of.get(end) is None:
                end += 1
            if end - edge > 2 and end < len(doc) and doc[end].text == ",":
                return self._unlabelled_person(doc[end - 1])
        return None

    def _role_spec(self, head: Token) -> tuple[str, dict[str, Any] | None]:
        """The role-noun entry for the head, or for the head with the word before it ("prime minister")."""
        roles = self.lex["roles"]
        low = head.lower_
        role_key = low
        if head.i > 0 and f"{head.doc[head.i - 1].lower_} {low}" in roles:
            role_key = f"{head.doc[head.i - 1].lower_} {low}"
        return role_key, roles.get(role_key)

    def _common_noun(
        self,
        head: Token,
        full: list[Token],
        ent: Any,
        role: tuple[str, dict[str, Any] | None],
        where: tuple[int, int, tuple[int, int] | None],
    ) -> Entity | None:
        """A document's author, a role noun's referent, an unresolved named entity or group noun."""
        pos, para, exclude = where
        role_key, spec = role
        low = head.lower_
        if low in self.lex["documents"] and head.tag_ in ("NN", "NNS"):
            return self._author(head, pos, para, exclude)
        if spec and is_indefinite(head) and "person" not in spec["kinds"]:
            return None  # "a 47-year-old crane operator", "a company": someone new, described
        if spec and (head.tag_ in ("NN", "NNS") or low in self.lex["roles"]):
            titled = self._title_of(head, pos, para, exclude)
            if titled is not None:
                return titled  # "its director": that organisation's, whoever held the title before
            names = self._own_names(head, role_key)
            found = self.discourse.role(role_key, pos, para, exclude, names)
            if found is not None and self._modifiers_fit(head, found):
                return replace(found, mention=self.text_of(full), how="role")
            if names and ent is not None and ent.label_ in NAME_LABELS and ent.start <= head.i < ent.end:
                return self._unresolved_entity(ent, head)
            return self._unresolved_common(full, head, spec["kinds"][0])
        if ent is None and is_proper(head):
            person = self._unlabelled_person(head)
            if person is not None:
                return person
        if self._unlabelled_name(head, ent):
            run = self.proper_run(head)
            name = self.text_of(run)
            return Entity(f"name:{normalize_name(name)}", name, "organization", "", None, name, "unresolved")
        if self._demonym(head, ent) and self._definite_singular(head):
            found = self.discourse.find(
                pos, para, lambda m: m.entity.kind == "person" and m.entity.named, exclude, salient=True
            )
            if found is not None:  # "the Swede said": the person the article is about there
                return replace(found, mention=self.text_of(full), how="role")
        if ent is not None and ent.label_ in NAME_LABELS:
            return self._unresolved_entity(ent, head)
        if ent is None and non_latin(head.text) and is_proper(head):
            return self._foreign_name(head)
        if low in self.lex["groups"] and head.tag_ in ("NN", "NNS"):
            return self._unresolved_common(full, head, "group")
        return None

    def _demonym(self, head: Token, ent: Any) -> bool:
        """'the Swede' tagged a nationality, or 'the Pole' the tagger left unlabelled."""
        if ent is not None:
            return bool(ent.label_ == "NORP")
        return head.text[:1].isupper() and head.lower_ in self.lex["demonyms"]

    @staticmethod
    def _definite_singular(head: Token) -> bool:
        """'the Swede', not 'the Swedes' nor 'Swedish'."""
        the = any(c.dep_ == "det" and c.lower_ == "the" for c in head.children)
        return the and head.tag_ in ("NNP", "NN") and not head.lower_.endswith("s")

    def _unlabelled_person(self, head: Token) -> Entity | None:
        """A person's name the tagger gave no label: capitalised proper nouns that open with a title
        ("Superintendent Gillian Marsh") or a known first name ("Adrian Holt"); the title is left out
        and gives the gender when it can, as the first name does."""
        run = self.proper_run(head)
        if not all(t.text[:1].isupper() for t in run):
            return None
        if len(run) > 2 and run[-1].tag_ == "NNPS" and not run[0].ent_type_:
            return None  # "Kestrel Home Appliances": a plural noun ends no person's name
        if len(run) > 1 and run[-1].lower_ in self.lex["business_words"]:
            return None  # "Harbour Foods", "Norland Motors": a company's name, whatever its first word
        glued = glued_words([t.text for t in run])
        if glued and all(t.ent_type_ in ("NORP", "GPE", "LOC") for t in run[:glued]):
            run = run[glued:]  # "Republican Corwin Ashdale": the party is no part of the name
        titles, lex = self.lex["titles"], self.lex
        j = run[0].i - 1
        before = [head.doc[j]] if j >= 0 and head.doc[j].lower_.rstrip(".") in titles else []
        toks = list(run)
        gender = ""
        titled = bool(before)
        for t in [*before, *run]:
            low = t.lower_.rstrip(".")
            if low not in titles or len(toks) <= 1 or (t in toks and t is not toks[0]):
                break
            titled = True
            gender = gender or ("male" if low in lex["male"] else "female" if low in lex["female"] else "")
            if t in toks:
                toks.remove(t)
        name = self.text_of(toks)
        first = guess_gender(name) if len(toks) >= 2 else ""
        if not (first or (titled and toks)) or any(t.lower_ in lex["roles"] for t in toks):
            return None
        if name.lower() in lex["not_names"]:
            return None
        key = normalize_name(name)
        known = self.discourse.unresolved.get(key)
        if known is not None and known.kind == "person":
            return replace(known, mention=self.text_of(run))
        if len(toks) == 1:
            return None  # "Mr Holt" of nobody named before: the surname path decides
        entity = Entity(f"name:{key}", name, "person", gender or first, None, self.text_of(run), "unresolved")
        self.discourse.unresolved.setdefault(key.rsplit(" ", 1)[-1], entity)
        self.discourse.unresolved.setdefault(key, entity)
        return entity

    def _foreign_name(self, head: Token) -> Entity:
        """A name in another script the model gave no label ("习近平 said"): a person, unless the article
        said otherwise; a later mention of the same name is the same speaker."""
        run = [t for t in self.proper_run(head) if non_latin(t.text)] or [head]
        name = self.text_of(run)
        key = normalize_name(name)
        known = self.discourse.unresolved.get(key)
        if known is not None:
            return replace(known, mention=name)
        entity = Entity(f"name:{key}", name, "person", "", None, name, "unresolved")
        self.discourse.unresolved[key] = entity
        return entity

    def _modifiers_fit(self, head: Token, found: Entity) -> bool:
        """'The health ministry' is not 'the Dutch trade ministry': a common noun compounded with the
        role noun must be a word of the actor it refers to, when the actor was written with the same
        noun and another compound ("the trade ministry" is the Dutch trade ministry), or with another
        organisation noun ("the health authority" is not the Elmwood Hospitals Trust)."""
        mods = {
            c.lower_
            for c in head.lefts
            if c.dep_ == "compound" and c.tag_ in ("NN", "NNS") and not _hyphenated(c)
        }  # "the second-tier club" describes the club named before; "second-tier" is no sort of club
        owners = {c.lower_ for c in head.lefts if c.dep_ == "poss" and c.tag_ in ("NN", "NNS")}
        owners |= {  # "the association of municipalities": whose association it is, as for a possessive
            g.lower_
            for c in head.rights
            if c.dep_ == "prep" and c.lower_ == "of"
            for g in c.children
            if g.dep_ == "pobj" and g.tag_ in ("NN", "NNS") and not any(d.dep_ == "det" for d in g.children)
        }
        written = f"{found.name} {found.mention}".lower().replace("\u2019", "'").split()
        if owners and not owners <= {w.removesuffix("'s").rstrip("'") for w in written}:
            return False  # "the port operators' association" is not the dockers' union named last
        if not mods:
            return True
        if head.lower_ not in written:  # "the energy regulator" for an actor whose name has no "regulator"
            other = {w for w in written if w in self.lex["organisation_nouns"]}
            return not other or mods <= set(written)
        at = written.index(head.lower_)
        return mods <= set(written) or at == 0 or written[at - 1][:1].isupper()

    def _own_names(self, head: Token, role_key: str) -> frozenset[str]:
        """The names a role-noun phrase carries itself: proper nouns and named entities before the head
        ("the Rothwell Museum", "the Dutch economy ministry", "Romania's culture ministry")."""
        role_words = set(role_key.split())
        return frozenset(
            t.lower_
            for c in head.lefts
            for t in c.subtree
            if c.dep_ in NP_LEFT_DEPS
            and t.lower_ not in role_words
            and (is_proper(t) or t.ent_type_ in NAME_LABELS)
            and any(ch.isalpha() for ch in t.text)
        )

    def _appositive_names(self, appos: Token) -> list[Token]:
        """Heads inside an apposition that can name the speaker: named entities first (people before the
        party or place written with them: "Republican Dale Whitcomb"), then proper nouns."""
        out = []
        for x in appos.subtree:
            ent = self.ent_of.get(x.i)
            if (
                ent is not None
                and ent.label_ in NAME_LABELS
                and x.i == ent.root.i
                and _names_itself(x, appos, ent)
            ):
                out.append(x)
        out.sort(key=lambda x: self.ent_of[x.i].label_ != "PERSON")
        if is_proper(appos) and self.ent_of.get(appos.i) is None:
            out.insert(0, appos)  # "Republican Corwin Ashdale" with only the party labelled
        out += [x for x in appos.subtree if is_proper(x) and x.dep_ in ("appos",) and x not in out]
        if is_proper(appos):
            out.append(appos)
        return out

    def _proper(self, head: Token, left: list[Token], ent: Any, pos: int) -> Entity | None:
        """A misspelt known person, a known surname, or the surname of a person named earlier; a role
        noun the tagger took for a proper noun ("the trade Ministry") is none of these."""
        if head.lower_ in self.lex["roles"]:
            return None
        names = [t for t in left if is_proper(t) and t.lower_.rstrip(".") not in self.lex["titles"]]
        text = self.text_of(names) if names else head.text
        idx = self.index.fuzzy(text)
        if idx is None and len(names) > 1:
            idx = self.index.fuzzy(head.text)
        if idx is not None:
            return self.index.entity(idx, text, "fuzzy")
        if len(names) <= 1:
            surname = normalize_name(head.text)
            people = self.index.surnames.get(surname, set())
            if len(people) == 1:
                return self.index.entity(next(iter(people)), head.text, "alias")
            known = self.discourse.unresolved.get(surname)
            if known is not None:
                return Entity(known.key, known.name, known.kind, known.gender, None, head.text, "unresolved")
        return None

    def _speaks_for(self, head: Token, pos: int, para: int, exclude: tuple[int, int] | None) -> Entity | None:
        """'a spokesman for the ministry', 'the State Department spokesperson', 'a council spokesperson'
        -> the organisation; a bare 'a spokesperson' -> the organisation in focus (see `_voice_of`)."""
        speaks_for_phrase = {  # "a spokesperson for Hanbit": the organisation's own words, no apposition
            x.i
            for c in head.children
            if c.dep_ == "prep" and c.lower_ in _SPEAKS_FOR_PREPS
            for g in c.children
            if g.dep_ == "pobj"
            for x in self.full_np(g)
        }
        if any(c.dep_ == "appos" for c in head.children) or any(
            t.tag_ in ("NNP", "NNPS")
            and t.i not in speaks_for_phrase
            and self.ent_of.get(t.i) is not None
            and self.ent_of[t.i].label_ == "PERSON"
            for t in head.subtree
        ):
            return None
        for c in head.children:
            if c.dep_ == "prep" and c.lower_ in _SPEAKS_FOR_PREPS:
                pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if pobj is not None:
                    org = self.resolve(pobj, pos, para, exclude, depth=1)
                    if org is not None and org.kind == "person" and org.how == "unresolved":
                        org = replace(org, kind="organization")  # a spokesperson speaks for an organisation
                    if org is not None and org.kind != "person":
                        return org
        for c in head.children:
            if c.dep_ in ("poss", "compound", "nmod") and (
                c.tag_ in ("NNP", "NNPS") or (c.tag_ in ("NN", "NNS") and c.lower_ in self.lex["roles"])
            ):
                org = self.resolve(c, pos, para, exclude, depth=1)
                if org is not None and org.kind != "person":
                    return org
        return self._voice_of(head, pos, para, exclude)

    def _voice_of(self, head: Token, pos: int, para: int, exclude: tuple[int, int] | None) -> Entity | None:
        """'The spokesperson said': the organisation of the spokesperson quoted before, or the one
        described before ("the mayor's spokesperson said ... the spokesperson added"); 'a spokesperson
        said': the organisation the article is about there (the latest organisation speaker or subject)."""
        spec = self.lex["roles"].get(head.lower_) or {}
        if not spec.get("voice") or any(c.dep_ in ("prep", "poss", "nmod") for c in head.children):
            return None  # "the prime minister's official spokesman" speaks for nobody in the index
        if any(c.lower_ in _DEFINITE for c in head.children if c.dep_ == "det"):
            earlier = self.discourse.find(
                pos,
                para,
                lambda m: head.lower_ in m.text and (m.entity.kind != "person" or not m.entity.named),
                exclude,
                salient=True,
            )
            if earlier is not None:
                return replace(earlier, how="role")
        found = self.discourse.find(
            pos, para, lambda m: m.entity.kind == "organization", exclude, salient=True
        )
        return replace(found, how="role") if found is not None else None

    def _author(self, head: Token, pos: int, para: int, exclude: tuple[int, int] | None) -> Entity | None:
        """'The message said ...': whoever sent, wrote or issued that document, when the article says so."""
        for c in head.children:
            if c.dep_ in ("poss", "nmod") or (c.dep_ == "compound" and is_proper(c)):
                found = self.resolve(c, pos, para, exclude, depth=1)  # "the CAA's report", "Agency data"
                if found is not None:
                    return found
            if c.dep_ == "prep" and c.lower_ in ("by", "from"):  # "a report by X", "data from X"
                pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                found = self.resolve(pobj, pos, para, exclude, depth=1) if pobj is not None else None
                if found is not None:
                    return found
        author = self.doc_authors.get(head.lower_)
        if author is not None:
            return replace(author, mention=self.text_of(self.full_np(head)), how="document")
        return None

    def _entity_kind(self, ent: Any, name: str) -> str:
        """The kind of a named entity: its label, unless the article labels the same name an
        organisation elsewhere or describes it with an organisation noun ("consumer group X")."""
        kind = NAME_LABELS[ent.label_]
        if kind != "person" or guess_gender(name):
            return kind
        if _place_slot(ent):
            return "other"  # "the mayor of Riverton", "in Riverton": a place the tagger took for a person
        if len(ent) > 1 and ent[-1].lower_ in self.lex["business_words"]:
            return "organization"  # "Westmoor Trains" tagged a person: no first name, a business word
        if len(ent) == 1 and ent.text.lower() in self._one_word_names:
            # a one-word "person" the article never names in full, with no title ("Aldwater said"): news
            # introduces people by their full name, so this is an organisation or brand
            return "organization"
        if normalize_name(name) in self._org_names or self._described_as_organisation(ent):
            return "organization"
        return kind

    def _described_as_organisation(self, ent: Any) -> bool:
        """'Consumer group Fair Fares Now', 'Fair Fares Now, a charity': an organisation noun written
        right before the name or as its apposition."""
        root = ent.root
        words = [t for t in root.children if t.i < ent.start and t.dep_ in ("compound", "amod", "nmod")]
        words += [c for c in root.children if c.dep_ == "appos"]
        if root.dep_ == "appos":
            words.append(root.head)
        # "X, one of the main suppliers of ...": the noun after "one of"
        words += [g for t in list(words) for p in t.children if p.lower_ == "of" for g in p.children]
        roles, nouns = self.lex["roles"], self.lex["organisation_nouns"]
        return any(
            t.tag_ in ("NN", "NNS")
            and (
                "organization" in (roles.get(t.lower_) or roles.get(t.lower_[:-1]) or {}).get("kinds", ())
                or (t.lower_ in nouns and t.i == ent.start - 1)  # "housebuilder Cherwell Homes"
            )
            for t in words
        )

    def _without_titles(self, toks: list[Token], ent: Any) -> tuple[list[Token], str]:
        """A person's name without leading titles, and the gender an honorific says ("Mrs", "Sir")."""
        titles, lex = self.lex["titles"], self.lex
        gender = ""
        while len(toks) > 1 and (toks[0].lower_.rstrip(".") in titles or toks[0].tag_ in ("DT", "POS")):
            low = toks[0].lower_.rstrip(".")
            gender = gender or ("male" if low in lex["male"] else "female" if low in lex["female"] else "")
            toks = toks[1:]
        j = ent.start - 1
        while j >= 0 and not gender and ent.doc[j].lower_.rstrip(".") in titles:
            low = ent.doc[j].lower_.rstrip(".")
            gender = "male" if low in lex["male"] else "female" if low in lex["female"] else ""
            j -= 1
        return toks, gender

    def _without_glued_place(self, toks: list[Token]) -> list[Token]:
        """The name without the place the tagger glued before it, counted in written words, so that a
        hyphenated first name ("Jean-Luc Arnaud", three tokens) is one word, not a place and "Luc"."""
        words = self.text_of(toks).split()
        glued = glued_words(words)
        if not glued or not toks:
            return toks
        start = toks[0].idx + self.text_of(toks).find(" ".join(words[glued:]))
        return [t for t in toks if t.idx >= start]

    def _styled(self, ent: Any, name: str) -> str:
        """'Lady Justice Harrow': courts name their judges with the style, which stays in the name."""
        style = " ".join(t.text for t in ent.doc[max(0, ent.start - 2) : ent.start])
        return f"{style} {name}" if style.lower() in self.lex["styles"] else name

    def _unresolved_entity(self, ent: Any, head: Token) -> Entity | None:
        kind = NAME_LABELS[ent.label_]
        toks = list(ent)
        commas = [t.i for t in toks if t.text == ","]
        if commas:  # "the Evening Post, Smith": two names glued by the tagger; keep the head's
            lo = max([c for c in commas if c < head.i], default=ent.start - 1)
            hi = min([c for c in commas if c > head.i], default=ent.end)
            toks = [t for t in toks if lo < t.i < hi]
        toks = [t for t in toks if not t.is_punct or t.text in "-'\u2019."]
        while len(toks) > 1 and toks[-1].tag_ == "POS":
            toks = toks[:-1]  # "Martin Feeney's father": the name is Martin Feeney
        gender = ""
        given = self._left_out_given_name(ent) if kind == "person" else None
        if given is not None:
            toks = [given, *toks]  # "Labour's Amrit Sohal": the name in full
        if kind == "person":
            toks, gender = self._without_titles(toks, ent)
            toks = self._without_glued_place(toks)  # "Cluj Andrei Munteanu"
        else:
            while toks and toks[0].tag_ == "DT":
                toks = toks[1:]
            while toks and toks[-1].tag_ == "POS":
                toks = toks[:-1]
        name = self.text_of(toks) if toks else ent.text
        if name.lower() in self.lex["not_names"]:
            return None
        if kind == "person":
            name = self._styled(ent, name)
            kind = self._entity_kind(ent, name)
        if (
            kind == "organization"
            and len(name.split()) in (2, 3)
            and guess_gender(name)
            and toks[-1].tag_ != "NNPS"
        ):
            kind = "person"  # "Leah Costa" tagged as an organisation: a first name says otherwise
        if kind == "person" and not gender:
            gender = guess_gender(name)
        if kind == "organization" and any(w in self.lex["media_words"] for w in name.lower().split()):
            kind = "media"
        key = f"name:{normalize_name(name)}"
        known = self.discourse.unresolved.get(normalize_name(name))
        if known is not None and known.key == key:
            return known
        if known is not None and known.kind == "person" and kind in ("person", "organization"):
            # "Eklund said" (tagged an organisation) after "Tomas Eklund": the person named before
            return replace(known, mention=ent.text)
        if kind == "person":
            # a later mention by surname only ("Mendes said") is the same person
            entity = Entity(key, name, kind, gender, None, ent.text, "unresolved")
            self.discourse.unresolved.setdefault(normalize_name(name).rsplit(" ", 1)[-1], entity)
            self.discourse.unresolved.setdefault(normalize_name(name), entity)
            return entity
        return Entity(key, name, kind, gender, None, ent.text, "unresolved")

    def _title_of(self, head: Token, pos: int, para: int, exclude: tuple[int, int] | None) -> Entity | None:
        """'Its chief executive said', with nobody named in that role: the unnamed holder of a title,
        written out with the organisation "its" stands for ("the chief executive of Better Buses")."""
        spec = self._role_spec(head)[1]
        poss = next((c for c in head.children if c.dep_ == "poss" and c.lower_ in ("its", "their")), None)
        if poss is None or not spec or "person" not in spec["kinds"] or spec.get("speaks_for"):
            return None
        org = self.discourse.pronoun({"its": "it", "their": "they"}[poss.lower_], pos, para, exclude)
        if org is None or org.kind not in ("organization", "media"):
            return None
        title = self.text_of([t for t in self.left_part(head) if t.i != poss.i])
        article = "the " if org.mention.lower().startswith("the ") and org.how != "pronoun" else ""
        name = f"the {title.lower()} of {article}{org.name}"  # "of the Office for Students", as written
        return Entity(
            f"name:{normalize_name(name)}",
            name,
            "person",
            "",
            None,
            self.text_of(self.full_np(head)),
            "described",
            False,
            head.lower_,
        )

    def describe(self, head: Token) -> Entity | None:
        """A speaker described, not named ("a 38-year-old nurse from Leeds", "one commuter", "two people
        familiar with the plans"): the description as written is the mention; no actor is made."""
        if head.tag_ not in ("NN", "NNS") or not self._describes_someone(head):
            return None
        appos = next((c for c in head.children if c.dep_ == "appos" and c.tag_ in ("NN", "NNS")), None)
        if appos is not None and self._describes_someone(appos):
            head = appos  # "Another striker, a younger agency worker, said": the fuller description
        name = self.text_of(self.description(head))
        if not name or not any(ch.isalpha() for ch in name):
            return None
        low = head.lower_
        if _AGE.search(name):
            kind = "group" if head.tag_ == "NNS" else "person"  # "a 47-year-old crane operator"
        elif low in self.lex["documents"]:
            kind = "organization"  # "the report says": someone's words, never a "she"
        elif head.tag_ == "NNS":
            kind = "group"
        else:
            kind = "organization" if low in self.lex["organisation_nouns"] else "person"
        gender = self._noun_gender(head)
        return Entity(f"name:{normalize_name(name)}", name, kind, gender, None, name, "described", False, low)

    def _describes_someone(self, head: Token) -> bool:
        """'a 38-year-old nurse', 'one commuter', 'two people', or a noun for people or organisations
        ('the landlord', 'the source'); not 'the range of the missile'."""
        lex, low = self.lex, head.lower_
        if any(
            low in lex[key]
            for key in (
                "person_nouns",
                "groups",
                "organisation_nouns",
                "female_nouns",
                "male_nouns",
                "documents",
            )
        ):
            return True
        if low in lex["roles"]:
            return True
        lefts = [c for c in head.children if c.i < head.i]
        if not lefts:
            return head.tag_ == "NNS"  # "Business owners say"
        return any(not (c.dep_ == "det" and c.lower_ in _DEFINITE) for c in lefts)

    @staticmethod
    def description(head: Token) -> list[Token]:
        """The noun phrase as written up to the first comma after its head, with its first relative or
        participle clause when it is short ("one woman sitting on the tailgate of a car"), one set off by
        commas only when nothing else describes the head ("one mother, whose daughter is in Year 9,"):
        appositions, later clauses and a clause's own coordinated verbs are left out ("who lives on X
        Street [and cycles to work]")."""
        cut = {
            x.i
            for c in head.children
            if c.dep_ in ("appos", "cc", "conj") and not _coordinated_people(head, c)
            for x in c.subtree
        }
        inside: set[int] = set()
        bare = all(c.dep_ in ("det", "nummod", "quantmod") and not _AGE.search(c.text) for c in head.lefts)
        bare = bare and not any(c.dep_ == "prep" for c in head.rights)
        clauses = [c for c in head.children if c.dep_ in ("relcl", "acl") and c.i > head.i]
        for n, c in enumerate(clauses):
            nested = {  # "services, both of which are being withdrawn": a clause of the clause
                x.i for g in c.subtree if g.dep_ == "relcl" and g.i != c.i and _set_off(g) for x in g.subtree
            }
            aside = {x.i for g in c.subtree if g.dep_ == "appos" and _set_off(g) for x in g.subtree}
            words = [x for x in c.subtree if not x.is_punct and x.i not in nested | aside]
            first = min(x.i for x in c.subtree)
            set_off = first - 1 > head.i and head.doc[first - 1].text == ","
            if (
                n > 0
                or len(words) > _clause_limit(head, c)
                or (set_off and not (bare and first - 1 == head.i + 1))
            ):
                cut |= {x.i for x in c.subtree}  # "a woman from Lichfield, whose daughter ..."
                continue
            cut |= nested | {x.i for g in c.children if g.dep_ in ("cc", "conj") for x in g.subtree}
            inside |= set(range(first - 1, max(x.i for x in c.subtree if x.i not in cut) + 1))
        out = []
        for x in head.subtree:
            if (
                x.i > head.i
                and x.i not in inside
                and (x.text in ',;:()\u2014\u2013"\u201c\u201d' or x.is_space)
            ):
                break
            if x.i not in cut:
                out.append(x)
        while out and out[-1].is_punct:
            out.pop()
        while out and out[0].is_punct:
            out.pop(0)
        return out

    def _unresolved_common(self, toks: list[Token], head: Token, kind: str) -> Entity:
        """A speaker described, not named: "the health ministry", "a 32-year-old nurse". Only an
        organisation described with a proper name ("the Dutch trade ministry") names someone."""
        toks = [t for t in toks if t.i <= head.i or t.dep_ == "prep" or t.head.dep_ in ("prep", "pobj")]
        while toks and toks[0].tag_ in ("DT", "PRP$") and len(toks) > 1:
            toks = toks[1:]
        name = self.text_of(toks)
        named = kind in ("organization", "media") and any(
            t.i != head.i and (is_proper(t) or t.ent_type_ in NAME_LABELS) for t in toks
        )
        return Entity(
            f"name:{normalize_name(name)}",
            name,
            kind,
            self._noun_gender(head),
            None,
            name,
            "described",
            named,
            head.lower_,
        )

    def _noun_gender(self, head: Token) -> str:
        """The gender a noun says ("the spokesman", "the chairwoman"): a later "she" is not him."""
        low = head.lower_
        spec = self.lex["roles"].get(low) or {}
        if low in self.lex["female_nouns"]:
            return "female"
        if low in self.lex["male_nouns"]:
            return "male"
        return spec.get("gender", "")
