"""Naming stage (speakers, after the sentence walk): one name per speaker of the article.

A speaker not in the actor index is written as the article names it at that point: "Sandberg",
"Maria", "Cllr Gareth Lowe", "the mayor of Tumbarra Shire, Janelle Pretorius", "the minister",
"Quillon", "AIU". Here each such mention takes the fullest name the article gives the same speaker:
a surname or first name the full name of the one person in the article it fits, a title or role
noun the person the article introduced with that role, a short or abbreviated organisation name the
organisation's full name. Titles and post-nominals are not part of a name; the role stays in the
mention. Only unresolved speakers are renamed; actors from the index keep their canonical names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from actors.names import normalize_name

from ..dates import MONTHS, WEEKDAYS
from ..mentions import lower_case_name
from ..speakers import Entity, glued_words, guess_gender, lexicon
from ..state import ArticleState, Candidate

Token = Any  # spacy.tokens.Token
_NAME_CUT = ",;:()\u2014\u2013"
_PARTICLES = frozenset(
    {"van", "von", "der", "den", "de", "da", "di", "du", "la", "le", "bin", "al", "el", "ter"}
)
_POSSESSIVE = re.compile(r"\w['\u2019]s?\b")
_CHUNK_TOKENS = 12  # a role set off by commas next to a name is at most this long
_ARTICLES = frozenset({"the", "a", "an"})
_INDEFINITE = frozenset({"a", "an", "one", "another", "two", "three", "several", "some", "many"})
_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})


@dataclass
class _Named:
    """A full name the article gives, where, and the role nouns written with it."""

    words: list[str]
    pos: int
    kind: str
    roles: set[str] = field(default_factory=set)
    abbreviation: str = ""  # the abbreviation the article gives it in brackets
    names: set[str] = field(default_factory=set)  # the proper nouns among its role words ("cherwell")
    role: str = ""  # the role written right before the name ("Leeds councillor" of "Leeds councillor X")
    noun: bool = False  # written right after an organisation noun ("housebuilder X", "the company X")

    @property
    def text(self) -> str:
        return " ".join(self.words)


def name_speakers(state: ArticleState) -> None:
    """Give every unresolved speaker of the article its fullest name (see the module docstring)."""
    people, organisations = _names_in(state)
    organisations += _spelt_out(state)
    organisations += _speaking_organisations(state, organisations)
    organisations.sort(key=lambda o: o.pos)
    runs = organisations + _proper_runs(state)
    renamed: dict[str, Entity] = {}
    for st in sorted(state.statements, key=lambda s: s.record.start):
        speaker = st.speaker
        if speaker is None or speaker.slug is not None:
            continue
        better = renamed.get(speaker.key) or _fuller(state, speaker, st, people, organisations, runs)
        better = better or _as_organisation(speaker, organisations)
        if better is not None:
            renamed[speaker.key] = better
            _rename(st, better)
    _give_roles(state, people)


def _give_roles(state: ArticleState, people: list[_Named] | None = None) -> None:
    """Each unresolved named speaker's role: the first one a mention of it gives ("the mayor of X, Jane
    Doe", "General secretary Jane Doe", "the mayor"), on all its statements."""
    roles: dict[str, str] = {}
    ordered = sorted(state.statements, key=lambda s: s.record.start)
    for st in ordered:
        rec = st.record
        if st.speaker is not None and rec.speaker_slug is None and rec.speaker_named:
            role = role_in_mention(rec.speaker_mention, rec.speaker_name)
            written = [p.role for p in people or () if p.role and p.text == rec.speaker_name]
            role = role or (written[0] if written else "")  # "Leeds councillor Amy Price"
            if role:
                roles.setdefault(st.speaker.key, role)
    for st in ordered:
        if st.speaker is not None and st.speaker.key in roles and st.record.speaker_slug is None:
            st.record.speaker_role = roles[st.speaker.key]


def role_in_mention(mention: str, name: str) -> str:
    """The role a mention gives a name, as written: what is left of "the mayor of Riverton, Clara
    Vossberg" without the name, or a title mention itself ("the union leader"); honorifics ("Ms") and
    words that are no role give nothing."""
    low, lname = mention.lower(), name.lower()
    at = low.find(lname) if lname else -1
    after = mention[at + len(name) :] if at >= 0 else ""
    if after[:2] in ("'s", "\u2019s"):
        after = ""  # "Prime Minister Jane Doe's office": the office is no role of hers
    rest = (mention[:at] + " " + after) if at >= 0 else mention
    last = mention.lower().replace("\u2019", "'").split()[-1:] or [""]
    if at < 0 and _name_words(mention) and last[0] not in lexicon()["roles"]:
        return ""  # another name ("Vossberg" -> "Clara Vossberg"), no role in it; "the Ohio senator" is one
    rest = rest.replace("’", "'")
    rest = " ".join(w for w in re.split(r"[\s,;:()]+", rest) if w)
    words = rest.split()
    lex = lexicon()
    while words and (words[0].lower() in _ARTICLES or words[0].lower() in lex["male"] | lex["female"]):
        words = words[1:]
    while words and words[-1].lower().rstrip(".") in lex["male"] | lex["female"] | lex["post_nominals"]:
        words = words[:-1]
    if words and words[-1].lower().endswith("'s"):
        return ""  # "Clara's": no role
    role_words = {w.lower().strip(".'") for w in words}
    if not role_words & (set(lex["roles"]) | lex["titles"]) or role_words <= lex["male"] | lex["female"]:
        return ""
    return " ".join(words)


def _rename(st: Candidate, entity: Entity) -> None:
    st.speaker = entity
    st.record.speaker_name = entity.name
    st.record.speaker_kind = entity.kind
    st.record.speaker_named = entity.named


def _fuller(
    state: ArticleState,
    speaker: Entity,
    st: Candidate,
    people: list[_Named],
    organisations: list[_Named],
    runs: list[_Named],
) -> Entity | None:
    pos = st.record.start
    if speaker.how != "described" and speaker.named:
        found = _person(speaker.name, pos, people) if speaker.kind == "person" else None
        found = found or _organisation(speaker.name, organisations) or _organisation(speaker.name, runs)
        if found is None and len(speaker.name.split()) == 1 and speaker.name[:1].isupper():
            found = _person(speaker.name, pos, people)
    elif speaker.how == "described" and _document_owner(speaker.name, speaker.head):
        found = _document_owner(speaker.name, speaker.head)  # "figures from the Office for X"
    elif speaker.how == "described" and _document_holder(speaker.name, speaker.head):
        owner = _document_holder(speaker.name, speaker.head) or ""  # "the council's own figures"
        holder = replace(speaker, name=f"the {owner}", head=owner.split()[-1].lower())
        found = _holder(state, holder, pos, people, organisations) or owner
    elif speaker.kind == "person" and _trailing_name(speaker.name):
        found = _trailing_name(speaker.name)  # "the mayor of X, Jane Doe"
    elif speaker.kind in ("person", "organization") and _speaks_for_someone(speaker.name, speaker.head):
        found = _represented_person(speaker.name, pos, people)
        found = (
            found or _by_role(speaker.name, pos, organisations, speaker.head) or _sender(state, speaker, pos)
        )
        own = _document_of_its_own(state, speaker, pos) if found is None else None
        if own is not None:
            found = own or None  # "A poll for X found ...", later "the poll found": the poll
        elif found is None and not _POSSESSIVE.search(speaker.name):  # not "the prime minister's spokesman"
            found = _spoken_for(speaker.name, speaker.head, organisations) or _latest(organisations, pos)
    elif speaker.kind in ("person", "organization", "group") and _earlier_description(state, speaker, pos):
        found = _earlier_description(state, speaker, pos)  # "the nurse" after "one nurse said"
    elif speaker.kind == "organization" and speaker.named:
        # "the Dutch economy ministry" names itself; no other organisation is meant, unless the lede
        # describes it and the next paragraph opens with its name ("The X Authority said ...")
        found = _organisation_after_lede(state, pos)
    elif speaker.kind in ("person", "organization"):
        found = _holder(state, speaker, pos, people, organisations)
    else:
        found = None
    if found is not None and speaker.how == "described":
        found = _organisation(found, organisations) or found  # "the report" of the CAA's: the full name
    if found is None or normalize_name(found) == normalize_name(speaker.name):
        return None
    kind = (
        "person"
        if any(p.text == found for p in people)
        else "organization"
        if any(o.text == found for o in organisations)
        else speaker.kind
    )
    return replace(
        speaker, name=found, kind=kind, key=f"name:{normalize_name(found)}", named=True, how="unresolved"
    )


def _holder(
    state: ArticleState, speaker: Entity, pos: int, people: list[_Named], organisations: list[_Named]
) -> str | None:
    """Who a described person or organisation is: the one written with its role noun before it, the
    person named next, the one written with it after, or (a generic noun) the organisation named last."""
    named = people if speaker.kind == "person" else organisations
    text = state.text if speaker.kind == "person" else ""
    found = _by_role(speaker.name, pos, [n for n in named if n.pos < pos], speaker.head, text)
    if found is None and speaker.kind == "person":  # the lede's role named next, before a later namesake
        found = _named_after_lede(state, speaker.name, pos, people) or _named_next(
            state, speaker.name, pos, people
        )
    if found is None and speaker.kind == "organization":  # "the competition watchdog said", then
        found = _organisation_after_lede(state, pos)  # "The Competition Authority said ..."
    found = found or _by_role(speaker.name, pos, named, speaker.head)
    if found is None and speaker.kind == "organization" and _generic(speaker.head or speaker.name):
        found = None if _owned(speaker.name) else _latest(organisations, pos)
        if found is not None and _another_sort(speaker.name, found):
            found = None
    return found


def _trailing_name(description: str) -> str | None:
    """The name after a description's last comma ("the mayor of X, Jane Doe"), when every word of it
    is part of a name (not "$250,000 into Ledgerly ...")."""
    if ", " not in description:
        return _titled_name(description)
    tail = description.rsplit(", ", 1)[1]
    words = _name_words(tail)
    plain = [w.strip(".'\u2019") for w in tail.split()]
    if len(words) < 2 or not all(_capitalised(w) or w.lower() in lexicon()["titles"] for w in plain if w):
        return None
    return " ".join(words)


_ISSUED_BY = re.compile(
    r"\b(?:from|of|(?:published|released|issued|compiled|produced) by)\s+(?:the\s+)?([A-Z].*)$"
)
_NAME_JOINERS = frozenset({"of", "for", "and", "the", "on", "&"})
_DATE_WORDS = frozenset({*MONTHS, *WEEKDAYS})


def _document_owner(description: str, head: str) -> str | None:
    """'Figures from the Office of Rail and Road', 'figures published by the Department of Education':
    what a body issues, with the issuer named after "from", "of" or "published by", speaks for that
    issuer ('figures seen by a newspaper' name no issuer)."""
    if head not in lexicon()["issued"]:
        return None
    m = _ISSUED_BY.search(description)
    if m is None:
        return None
    words = m.group(1).split()
    for i, w in enumerate(words[1:], 1):
        if words[i - 1].lower() in ("on", "in") and w.lower().rstrip(".,") in _DATE_WORDS:
            words = words[: i - 1]  # "published by the Marston Institute on Monday": not part of the name
            break
    if not all(w[:1].isupper() or w.lower() in _NAME_JOINERS for w in words):
        return None
    while words and words[-1].lower() in _NAME_JOINERS:
        words.pop()
    return " ".join(words) or None


def _document_holder(description: str, head: str) -> str | None:
    """'The council's own figures', "the tribunal's written decision", 'council figures', 'party
    rules': what a body issues, its holder written before it as a possessive or as a noun for an
    organisation, speaks for that holder (the noun as written; the caller finds whom it names)."""
    if head not in lexicon()["issued"]:
        return None
    words = description.replace("\u2019", "'").split()
    if words and words[0].lower() in _ARTICLES:
        words = words[1:]
    if len(words) < 2 or words[-1].lower() != head:
        return None
    owned = [i for i, w in enumerate(words[:-1]) if w.lower().endswith(("'s", "s'"))]
    if owned:
        rest = words[owned[0] + 1 : -1]
        if any(w[:1].isupper() for w in rest):
            return None
        owner = " ".join(words[: owned[0] + 1])
        return owner[:-2] if owner.endswith("'s") else owner[:-1]
    spec = lexicon()["roles"].get(words[0].lower()) or {}
    if len(words) == 2 and words[0][1:].islower() and "organization" in spec.get("kinds", ()):
        return words[0].lower()
    return None


def _titled_name(description: str) -> str | None:
    """The person's name a title runs into without a comma ("Minister for Health Jane Doe", which the
    parse may read as "the minister for [Health Jane Doe]"): the capitalised words from the first known
    first name to the end, at least two of them, after at least one word of title."""
    words = description.split()
    for i in range(1, len(words) - 1):
        tail = words[i:]
        title = words[i - 1].strip(".,").lower()
        if not (words[i - 1][:1].isupper() or title in lexicon()["roles"] or title in lexicon()["titles"]):
            continue  # "a mother of three from Weston Green": a place, not a name after a title
        if all(_capitalised(w) for w in tail) and guess_gender(" ".join(tail)):
            return " ".join(_name_words(" ".join(tail))) or None
    return None


def _earlier_description(state: ArticleState, speaker: Entity, pos: int) -> str | None:
    """A definite description ("the nurse", "the source") refers to the speaker described earlier with
    the same noun ("one nurse", "a source close to the club")."""
    if not speaker.head or not speaker.name.lower().startswith("the "):
        return None
    described = [(st.record.start, st.speaker) for st in state.statements if st.speaker is not None]
    described += [(m.pos, m.entity) for m in state.discourse.history]  # "One nurse described ..."
    earlier = [
        (at, e.name)
        for at, e in described
        if at < pos
        and e.how == "described"
        and e.head == speaker.head
        and not e.name.lower().startswith("the ")
    ]
    return max(earlier)[1] if earlier else None


def _document_of_its_own(state: ArticleState, speaker: Entity, pos: int) -> str | None:
    """A poll or survey introduced as new ("a poll for the Echo", "a survey of 2,000 parents") is no
    organisation's named before: '' (it speaks itself); a later "the poll" is that one (its name);
    None for any other speaker."""
    if speaker.head not in lexicon()["self_speaking"]:
        return None
    words = speaker.name.lower().split()
    if words and words[0] in _INDEFINITE:
        return ""
    earlier = [
        (st.record.start, st.speaker.name)
        for st in state.statements
        if st.speaker is not None
        and st.record.start < pos
        and st.speaker.head == speaker.head
        and st.speaker.how == "described"
        and st.speaker.name.lower().split()[:1] != words[:1]
    ]
    return max(earlier)[1] if earlier else None


def _speaks_for_someone(description: str, head: str = "") -> bool:
    """'a spokesperson', 'the council spokesperson', 'the report', 'the statement': words of an
    organisation, not a person of their own."""
    words = description.lower().split()
    last = head or (words[-1] if words else "")
    spec = lexicon()["roles"].get(last) or {}
    if spec.get("speaks_for") and not spec.get("voice") and words[0] in _INDEFINITE:
        return False  # "an EU official": one person, described, not the EU
    return bool(spec.get("speaks_for")) or last in lexicon()["documents"]


def _sender(state: ArticleState, speaker: Entity, pos: int) -> str | None:
    """'The letter, seen by the Evening News, reads ...' after "The operators said in a joint letter
    ...": a definite document is the one a speaker of the article (this paragraph or the one before)
    was said to have written or spoken in, not whoever saw it."""
    words = speaker.name.lower().split()
    if not speaker.head or speaker.head not in lexicon()["documents"] or words[:1] != ["the"]:
        return None
    para = state.para_of(pos)
    found = None
    for st in state.statements:
        rec = st.record
        if st.speaker is None or rec.start >= pos or st.speaker.head == speaker.head:
            continue
        if para - state.para_of(rec.start) > 1:
            continue
        sentence = state.text[rec.sentence_start : rec.sentence_end].lower()
        if re.search(rf"\b(?:in|by) (?:a|an|the|its|their|his|her) (?:[a-z-]+ )?{speaker.head}\b", sentence):
            found = st.speaker.name  # "said in a joint letter", "said in a statement"
    return found


def _spoken_for(description: str, head: str, organisations: list[_Named]) -> str | None:
    """'A spokesman for Go North East': the organisation named after the head's "for" (its full name
    when the article gives one), not whichever organisation the article named last."""
    words = description.replace("\u2019", "'").split()
    low = [w.lower() for w in words]
    if not head or head not in low or head == low[-1]:
        return None
    rest = words[low.index(head) + 1 :]
    if len(rest) < 2 or rest[0].lower() not in ("for", "of", "at", "from"):
        return None
    name = rest[2:] if rest[1].lower() == "the" else rest[1:]
    if not name or not all(w[:1].isupper() or w.lower() in _NAME_JOINERS for w in name):
        return None
    text = " ".join(name)
    return _organisation(text, organisations) or text


def _generic(description: str) -> bool:
    last = description.lower().split()[-1] if description.split() else ""
    return bool((lexicon()["roles"].get(last) or {}).get("generic"))


def _owned(description: str) -> bool:
    """'the port operators' association', 'the association of municipalities': a common noun's
    possessive or "of" says whose organisation it is, so it is not whichever one the article named last."""
    words = description.replace("\u2019", "'").split()
    if re.search(r"\bof [a-z]+$", description):
        return True  # "the association of municipalities"
    return any(w[:1].islower() and (w.endswith("'") or w.endswith("'s")) for w in words[:-1])


def _another_sort(description: str, name: str) -> bool:
    """'the county health authority' after "Elmwood Hospitals Trust": a description with words of
    its own before its noun is not an organisation whose name has another organisation noun."""
    words = description.lower().replace("\u2019", "'").split()
    while words and words[0] in _ARTICLES:
        words = words[1:]
    nouns = lexicon()["organisation_nouns"]
    own = {w.lower() for w in name.split()} & nouns
    return len(words) > 1 and bool(own) and words[-1] not in own


def _latest(named: list[_Named], pos: int) -> str | None:
    """The organisation the article named last before `pos` (with more than one word, or an acronym)."""
    before = [n for n in named if n.pos < pos]
    return before[-1].text if before else None


def _speaking_organisations(state: ArticleState, known: list[_Named]) -> list[_Named]:
    """Organisations that speak in the article under a name the tagger did not label ("Vireo+ said"):
    names of organisations too, where the statement is."""
    texts = {normalize_name(o.text) for o in known}
    out: list[_Named] = []
    for st in state.statements:
        e = st.speaker
        if e is None or e.kind != "organization" or e.how != "unresolved" or not e.named:
            continue
        words = _organisation_words(e.name)
        if words and normalize_name(" ".join(words)) not in texts:
            texts.add(normalize_name(" ".join(words)))
            out.append(_Named(words, st.record.start, "organization", {w.lower() for w in words}))
    return out


# -- people -----------------------------------------------------------------------------------------
def _person(name: str, pos: int, people: list[_Named]) -> str | None:
    words = _name_words(name)
    if not words:
        return _by_role(name, pos, people)
    if len([w for w in words if w.lower() not in _PARTICLES]) >= 2:
        return " ".join(words)
    return _unique(
        [
            p.text
            for p in people
            if len(p.words) >= 2 and (_ends_with(p.words, words) or p.words[0] == words[0])
        ]
    ) or (" ".join(words) if words != name.split() else None)


def _ends_with(full: list[str], tail: list[str]) -> bool:
    return len(full) > len(tail) and [w.lower() for w in full[-len(tail) :]] == [w.lower() for w in tail]


def _name_words(name: str) -> list[str]:
    """The name in a mention: after the last comma ("the mayor of X, Jane Doe"), without titles,
    lower-case role words and post-nominals ("Cllr Gareth Lowe", "Jonathan Pryor KC")."""
    lex = lexicon()
    part = name
    for mark in _NAME_CUT:
        if mark in part:
            tail = part.rsplit(mark, 1)[1].strip()
            if any(w[:1].isupper() for w in tail.split()):
                part = tail
    words = [w.strip(".'\u2019") for w in part.split()]
    while words and (words[0].lower() in lex["titles"] | _ARTICLES or not _capitalised(words[0])):
        if " ".join(words[:2]).lower() in lex["styles"] and len(words) > 2:
            break  # "Lady Justice Harrow" is the judge's name
        words = words[1:]
    while words and words[-1].lower().rstrip(".") in lex["post_nominals"]:
        words = words[:-1]
    if words and words[-1].lower().endswith(("'s", "\u2019s")):
        words[-1] = words[-1][:-2]
    return [w for w in words if w]


def _organisation_words(name: str) -> list[str]:
    """An organisation's name as written, without a leading article or a trailing possessive: its
    words are never titles ("Environment Agency" keeps "Environment")."""
    words = [
        w.strip(".'\u2019") if w[-1:] in ".'\u2019" and len(w) > 1 and not w.isupper() else w
        for w in name.split()
    ]
    while words and words[0].lower() in _ARTICLES:
        words = words[1:]
    if words and words[-1].lower().endswith(("'s", "\u2019s")):
        words[-1] = words[-1][:-2]
    return [w for w in words if w]


def _capitalised(word: str) -> bool:
    return word[:1].isupper() or word.lower() in _PARTICLES


def _unique(names: list[str]) -> str | None:
    distinct = {normalize_name(n): n for n in names}
    return next(iter(distinct.values())) if len(distinct) == 1 else None


# -- organisations ----------------------------------------------------------------------------------
def _organisation(name: str, organisations: list[_Named]) -> str | None:
    """'Quillon' -> 'Quillon Software'; 'AIU' -> 'Athletics Integrity Unit'; 'Greens' -> 'Green Party'."""
    words = name.split()
    if len(words) != 1:
        return None
    word = words[0]
    if word.isupper() and len(word) >= 2:
        found = _unique([o.text for o in organisations if o.abbreviation == word])
        found = found or _unique([o.text for o in organisations if _initials(o.words) == word])
        if found:
            return found
    plural = word[:-1] if word.endswith("s") and len(word) > 3 else ""  # "the Greens": the Green Party
    return _unique([o.text for o in organisations if len(o.words) > 1 and o.words[0] in (word, plural)])


def _initials(words: list[str]) -> str:
    return "".join(w[0] for w in words if w[:1].isupper())


_ABBREVIATION = re.compile(r"\(([A-Z][A-Z&]{1,9})\)")
_NAME_WORD = re.compile(r"[A-Z][\w&'\u2019.-]*|of|for|and|the|on|de|du|des|la|le|et|&")


def _spelt_out(state: ArticleState) -> list[_Named]:
    """Organisations the article spells out before their abbreviation, "the Union of Nursing Staff
    (UNS)": the fewest words before the bracket whose capitals are the abbreviation's letters (in any
    order: "the National Union of Pharmacists (UNP)" translates a French name)."""
    text, out = state.text, []
    for m in _ABBREVIATION.finditer(text):
        abbr = m.group(1).replace("&", "")
        words = text[max(0, m.start() - 200) : m.start()].split()
        taken: list[str] = []
        for w in reversed(words):
            if not _NAME_WORD.fullmatch(w) or len(taken) > 12:
                break
            taken.insert(0, w)
            caps = _initials(taken)
            if len(caps) == len(abbr) and sorted(caps) == sorted(abbr) and taken[0][:1].isupper():
                named = _Named(taken, m.start() - 1, "organization", abbreviation=m.group(1))
                named.roles = {w.lower() for w in taken}
                out.append(named)
                break
    return out


# -- role nouns -------------------------------------------------------------------------------------
def _by_role(name: str, pos: int, named: list[_Named], head: str = "", text: str = "") -> str | None:
    """'the minister', "the trust's chief executive": the person (or organisation) the article wrote
    with that role noun, the latest before the mention, else the first after it. Of two holders named
    before, the one the article last wrote by name (with the article's `text`): "Finance Minister A
    ... Prime Minister B ... A signalled she was willing to talk. ..., the minister said" is A."""
    words = name.lower().replace("\u2019", "'").split()
    if not words or words[0] in _INDEFINITE or words[0][:1].isdigit():
        return None  # "a retired nurse", "one commuter": someone new, not someone named before
    nouns = {head, f"{words[words.index(head) - 1]} {head}"} if head in words[1:] else {head or words[-1]}
    if not head:
        nouns.add(" ".join(words[-2:]))
    nouns |= {w for w in words if "-" in w and w.rsplit("-", 1)[1] in nouns}  # "the vice-chancellor"
    holders = [n for n in named if (nouns & n.roles or _shortened(nouns, n.roles)) and _full(n)]
    if not holders:  # "the union boss": the one written "General secretary X"
        same = set((lexicon()["roles"].get(head or words[-1]) or {}).get("same_as", ()))
        holders = [n for n in named if same & n.roles and len(n.words) >= 2]
    specific = _specific_role(words, head or words[-1])
    if specific:  # "the finance minister" is not the one written "Prime Minister X"
        holders = [n for n in holders if specific in n.roles or not _other_roles(n.roles, specific)]
    of = _names_after_head(name, head or words[-1])
    if of:  # "the director of the Town Museum": not one written with another organisation
        holders = [n for n in holders if not n.names or of & n.names]
    before = [n for n in holders if n.pos < pos]
    if len(before) > 1 and text:
        return max(before, key=lambda n: (_last_written(n, text, pos), n.pos)).text
    if before:
        return before[-1].text
    return holders[0].text if holders else None


def _full(named: _Named) -> bool:
    """A name that can hold a role: a person's in full, an organisation's of two words or more or one
    written right after an organisation noun ("the delivery company Parcelia")."""
    return len(named.words) >= 2 or (named.kind != "person" and named.noun)


def _last_written(named: _Named, text: str, pos: int) -> int:
    """Where the article last wrote a person's surname before `pos` (-1: never)."""
    found = [m.start() for m in re.finditer(rf"\b{re.escape(named.words[-1])}\b", text[:pos])]
    return found[-1] if found else -1


def _named_after_lede(state: ArticleState, description: str, pos: int, people: list[_Named]) -> str | None:
    """Wire copy's lede gives the role ("Portugal's finance minister on Tuesday defended ...") and the
    next paragraph opens with the name ("Henrique Sarmento told lawmakers ..."): a definite role in the
    lede that no one named before holds is the person whose full name opens the next paragraph."""
    words = description.lower().split()
    if not words or words[0] in _INDEFINITE or state.lede_para >= len(state.paragraphs) - 1:
        return None
    lede = state.paragraphs[state.lede_para]
    if not lede[0] <= pos < lede[1] or any(p.pos < pos for p in people if p.pos >= lede[0]):
        return None
    start = state.paragraphs[state.lede_para + 1][0]
    opening = [
        p for p in people if start <= p.pos and len(p.words) >= 2 and _only_titles(state.text[start : p.pos])
    ]
    return opening[0].text if opening else None


def _organisation_after_lede(state: ArticleState, pos: int) -> str | None:
    """Wire copy's lede describes an organisation ("Britain's competition watchdog said Tuesday ...")
    and the next paragraph opens with its name as a speaker ("The Competition and Markets Authority
    said ..."): the described speaker of the lede is that organisation."""
    para = state.lede_para
    if para >= len(state.paragraphs) - 1 or not state.paragraphs[para][0] <= pos < state.paragraphs[para][1]:
        return None
    start = state.paragraphs[para + 1][0]
    for st in state.statements:
        subject = st.cue.speaker if st.cue is not None else None
        if st.para != para + 1 or st.speaker is None or subject is None:
            continue
        opens = state.text[start : subject.left_edge.idx].strip().lower() in ("", "the")
        if opens and st.speaker.kind == "organization" and st.speaker.how != "described" and st.speaker.named:
            return st.speaker.name
    return None


def _named_next(state: ArticleState, description: str, pos: int, people: list[_Named]) -> str | None:
    """'The trust's chief executive ... she said.' then "Jane Doe, who has led the trust since 2022,
    said ...": a definite role no one named before holds is the person named next, when that name opens
    the next sentence or paragraph, is new to the article and comes with no role of its own."""
    words = description.lower().split()
    if not words or words[0] in _INDEFINITE or words[0][:1].isdigit():
        return None
    para = state.para_of(pos)
    end = state.paragraphs[min(para + 1, len(state.paragraphs) - 1)][1]
    later = [p for p in people if pos < p.pos < end]
    if not later or len(later[0].words) < 2 or later[0].roles:
        return None
    first = later[0]
    if any(p.pos < first.pos and p.text == first.text for p in people):
        return None  # someone the article named before
    before = state.text[max(0, first.pos - 3) : first.pos]
    opens = first.pos in state.para_starts or before.rstrip(" ")[-1:] in (".", '"', "\u201d")
    return first.text if opens else None


def _only_titles(text: str) -> bool:
    """Nothing but titles before a name at a paragraph's start ("Cllr ", "Dr ", "")."""
    return all(w.lower().rstrip(".") in lexicon()["titles"] for w in text.split())


def _represented_person(description: str, pos: int, people: list[_Named]) -> str | None:
    """'a spokeswoman for the minister': the person whose role follows "for the", when the article
    named one with that role (her spokeswoman speaks for her; the actor is hers)."""
    m = re.search(r"\b(?:for|to) the ([a-z][\w\s'-]*)$", description)
    if m is None:
        return None
    role = m.group(1).split()
    if not role or "person" not in (lexicon()["roles"].get(role[-1]) or {}).get("kinds", ()):
        return None
    return _by_role("the " + " ".join(role), pos, people)


def _shortened(nouns: set[str], roles: set[str]) -> bool:
    """'the head' for the one written "Headteacher X", 'the chair' for "Chairwoman X": a role noun
    news shortens to its first part (one word, at least four letters)."""
    return any(
        r.startswith(n) and r != n and r.isalpha()
        for n in nouns
        if len(n) >= 4 and " " not in n
        for r in roles
    )


def _specific_role(words: list[str], head: str) -> str:
    """The head noun with the plain word before it ("finance minister" of "Portugal's finance
    minister"), or '' when nothing but an article or a possessive precedes it."""
    if head not in words[1:]:
        return ""
    before = words[words.index(head) - 1]
    if before in _ARTICLES or before.endswith("'s") or before.endswith("'") or not before.isalpha():
        return ""
    return f"{before} {head}"


def _other_roles(roles: set[str], specific: str) -> set[str]:
    """The holder's roles with the same head and another plain modifier ("prime minister")."""
    head = specific.split()[-1]
    return {
        r
        for r in roles
        if r != specific
        and r.endswith(f" {head}")
        and len(r.split()) == 2
        and r.split()[0].isalpha()
        and r.split()[0] not in _ARTICLES
    }


def _names_after_head(name: str, head: str) -> set[str]:
    """The capitalised words after a description's head noun, lower-case ("the director of the Town
    Museum" -> town, museum): the organisation whose title it is."""
    words = name.replace("\u2019", "'").split()
    low = [w.lower() for w in words]
    if head not in low:
        return set()
    return {w.lower().strip(".,'") for w in words[low.index(head) + 1 :] if w[:1].isupper()}


def _names_in(state: ArticleState) -> tuple[list[_Named], list[_Named]]:
    """The full names of people and organisations the article writes outside quotations."""
    people: list[_Named] = []
    organisations: list[_Named] = []
    in_quote = state.quotes.in_quote
    for ent in [*state.doc.ents, *_unlabelled_people(state)]:
        if ent.label_ == "GPE" and _organisation_noun_before(ent):  # "the delivery company Parcelia"
            ent = ent.doc.char_span(ent.start_char, ent.end_char, label="ORG")
        if ent.label_ not in ("PERSON", "ORG") or in_quote[ent.start] or lower_case_name(ent):
            continue
        if ent.label_ == "PERSON":
            ent = _with_given_names(ent)
        written = state.text[ent.start_char : ent.end_char]
        words = _name_words(written) if ent.label_ == "PERSON" else _organisation_words(written)
        if ent.label_ == "PERSON":
            words = words[glued_words(words) :]  # "Cluj Andrei Munteanu": the place is no name
        style = state.doc[max(0, ent.start - 2) : ent.start]
        if ent.label_ == "PERSON" and ent.start >= 2 and style.text.lower() in lexicon()["styles"]:
            words = [t.text for t in style] + words  # "Lady Justice Harrow": the style is part of it
        if ent.label_ == "ORG" and len(words) < 2 and ent.start_char < state.body_start:
            continue  # "Education editor Jane Doe" in a byline names no organisation
        if state.dateline_word(ent.start_char, ent.end_char):
            continue  # "CORK —"
        if " ".join(words).lower() in lexicon()["not_names"]:
            continue  # "GMT"
        if ent.label_ == "ORG" and state.text[ent.start_char - 1 : ent.start_char] == "(" == _closes(
            state, ent
        ):
            continue  # "LONDON (AP) --", "(CAA)": a dateline's agency or an abbreviation, no antecedent
        if not words or not all(w[:1].isalpha() and _capitalised(w) for w in words):
            continue  # "Sandberg 4-5 Kowal" in a live score line is no name
        person = ent.label_ == "PERSON" or (len(words) in (2, 3) and guess_gender(" ".join(words)) != "")
        named = _Named(words, ent.start_char, "person" if person else "organization")
        named.roles, named.names = _roles_around(state, ent)
        if ent.label_ == "PERSON":
            named.role = _role_before(state, ent, " ".join(words))
        if ent.label_ == "ORG":
            named.roles |= {w.lower() for w in words}
            named.noun = _organisation_noun_before(ent)  # "the delivery company Parcelia"
        if person and not guess_gender(named.text) and _organisation_noun_before(ent):
            person, named.kind = False, "organization"  # "housebuilder Cherwell Homes"
            named.noun = True
            named.roles |= {w.lower() for w in words}
        (people if person else organisations).append(named)
    surnames = {p.words[-1].lower() for p in people if len(p.words) >= 2 and guess_gender(p.text)}
    # "Eklund said" tagged an organisation after "Tomas Eklund": the person, no organisation
    organisations = [o for o in organisations if not (len(o.words) == 1 and o.words[0].lower() in surnames)]
    return people, organisations


def _as_organisation(speaker: Entity, organisations: list[_Named]) -> Entity | None:
    """A 'person' with no first name the article writes with an organisation noun somewhere
    ("housebuilder Cherwell Homes", then "Cherwell Homes said"): one article means one kind."""
    if speaker.kind != "person" or not speaker.named or guess_gender(speaker.name):
        return None
    if not any(o.noun and o.text == speaker.name for o in organisations):
        return None
    return replace(speaker, kind="organization")


def _organisation_noun_before(ent: Any) -> bool:
    """A noun for an organisation written right before the name or as the phrase it stands in
    apposition to ("housebuilder Cherwell Homes", "the site's owner, housebuilder X")."""
    doc = ent.doc
    before = doc[ent.start - 1] if ent.start > 0 else None
    return before is not None and before.tag_ == "NN" and before.lower_ in lexicon()["organisation_nouns"]


def _closes(state: ArticleState, ent: Any) -> str:
    """'(' when a closing bracket follows the name right away (the pair as a comparable mark)."""
    return "(" if state.text[ent.end_char : ent.end_char + 1] == ")" else ""


def _role_before(state: ArticleState, ent: Any, name: str) -> str:
    """The role words written right before a person's name, as one phrase ("Leeds councillor",
    "Shadow justice secretary" of "Shadow justice secretary Amira Haddad"): a place or party before
    the title belongs to the role, never to the name."""
    doc, start = state.doc, ent.start
    while start > ent.sent.start and doc[start - 1].dep_ in ("compound", "amod", "nmod"):
        if not (ent.start <= doc[start - 1].head.i < ent.end or start <= doc[start - 1].head.i < ent.start):
            break
        start -= 1
    if start == ent.start:
        return ""
    before = state.text[doc[start].idx : ent.start_char]
    return role_in_mention(f"{before}{name}", name)


def _proper_runs(state: ArticleState) -> list[_Named]:
    """Capitalised proper nouns written together outside quotations that the tagger labelled no person
    or place ("Quillon Software", "Orkra Space"): the full names a short organisation name may stand
    for ("Quillon said"). Only for that: they are no antecedent of "the company"."""
    doc, in_quote, out = state.doc, state.quotes.in_quote, []
    titles = lexicon()["titles"]
    run: list[Token] = []
    for t in [*doc, None]:
        if (
            t is not None
            and t.tag_ in ("NNP", "NNPS")
            and t.text[:1].isupper()
            and t.ent_type_ not in ("PERSON", "GPE", "LOC", "NORP", "DATE", "TIME")
            and not in_quote[t.i]
            and (run or t.lower_.rstrip(".") not in titles)
        ):
            run.append(t)
            continue
        if len(run) >= 2 and run[0].idx >= state.body_start:
            out.append(_Named([x.text for x in run], run[0].idx, "organization"))
        run = []
    return out


def _with_given_names(ent: Any) -> Any:
    """A person's name with the capitalised names the tagger left before it ("Pradeep" of "Pradeep
    Bhalla" labelled "Bhalla")."""
    doc, start = ent.doc, ent.start
    while start > ent.sent.start and _given_name(doc[start - 1]) and start > ent.end - 3:
        start -= 1
    return doc[start : ent.end] if start != ent.start else ent


def _given_name(t: Token) -> bool:
    lex = lexicon()
    return (
        t.tag_ == "NNP"
        and t.text[:1].isupper()
        and not t.ent_type_
        and t.lower_.rstrip(".") not in lex["titles"]
        and t.lower_ not in lex["roles"]
    )


def _unlabelled_people(state: ArticleState) -> list[Any]:
    """Names the tagger gave no label: a run of capitalised proper nouns that opens with a known first
    name ("Dr Rakesh Nair" where only "Nair" was tagged, as an organisation)."""
    doc, out = state.doc, []
    i = 0
    while i < len(doc):
        t = doc[i]
        if (
            t.tag_ == "NNP"
            and guess_gender(f"{t.text} x")
            and (i == 0 or doc[i - 1].tag_ != "NNP" or doc[i - 1].lower_.rstrip(".") in lexicon()["titles"])
        ):
            j = i + 1
            while j < len(doc) and j - i < 4 and doc[j].tag_ == "NNP" and doc[j].text[:1].isupper():
                j += 1
            if j - i >= 2 and not any(doc[k].ent_type_ == "PERSON" for k in range(i, j)):
                span = doc[i:j]
                span.label_ = "PERSON"
                out.append(span)
            i = j
            continue
        i += 1
    return out


def _roles_around(state: ArticleState, ent: Any) -> tuple[set[str], set[str]]:
    """Role nouns written with a name: its modifiers ("Education Minister X"), the phrase it is in
    apposition to ("the trust's chief executive, X") and its own apposition ("X, the jury president")."""
    root = ent.root
    tokens = [t for c in root.lefts if c.i < ent.start for t in c.subtree]
    for c in root.children:
        if c.dep_ == "appos":
            tokens += [c, *(g for g in c.lefts if g.dep_ in ("compound", "amod"))]
    if root.dep_ == "appos":
        tokens += [root.head, *(g for g in root.head.lefts if g.dep_ in ("compound", "amod"))]
    tokens += [t for t in ent if t.lower_ in lexicon()["titles"]]
    tokens += _comma_chunk(ent, before=True) + _comma_chunk(ent, before=False)
    found: set[str] = set()
    names: set[str] = set()
    doc = state.doc
    for at in (ent.start - 2, ent.start):  # "Lady Justice Harrow" is a judge
        style = " ".join(t.lower_ for t in doc[max(0, at) : at + 2]) if at >= 0 else ""
        if style in lexicon()["style_roles"]:
            found.add(lexicon()["style_roles"][style])
    for t in tokens:
        if t.tag_ not in ("NN", "NNS", "NNP", "NNPS"):
            continue
        if t.i + 1 < len(doc) and doc[t.i + 1].text == "-":
            continue  # "director" of "director-general" is not the role
        if t.i > 1 and doc[t.i - 1].text == "-" and not doc[t.i - 1].whitespace_:
            found.add(f"{doc[t.i - 2].lower_}-{t.lower_}")  # a "co-president" is no "president"
            continue
        low = t.lower_
        found.add(low)
        if t.tag_ in ("NNP", "NNPS") and low not in lexicon()["roles"] and low not in lexicon()["titles"]:
            names.add(low)
        if t.i > 0:
            found.add(f"{doc[t.i - 1].lower_} {low}")
    return found, names


def _comma_chunk(ent: Any, before: bool) -> list[Token]:
    """The words set off by commas right before ("The mayor of X, Jane Doe") or after ("Jane Doe,
    the mayor of X,") a name, in its sentence (the parse often attaches them elsewhere)."""
    doc, sent = ent.doc, ent.sent
    edge = ent.start - 1 if before else ent.end
    if not (sent.start <= edge < sent.end) or doc[edge].text != ",":
        return []
    step = -1 if before else 1
    out: list[Token] = []
    i = edge + step
    while sent.start <= i < sent.end and len(out) < _CHUNK_TOKENS and doc[i].text not in ',;:\u201c\u201d"':
        if not before and doc[i].tag_ in _FINITE_TAGS:
            break  # "Jane Doe, said the minister had ...": the predicate, no role of hers
        out.append(doc[i])
        i += step
    return out
