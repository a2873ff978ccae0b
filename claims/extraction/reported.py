"""Speech cues in the dependency parse: the verb, its frame (who, to whom, when) and its content.

A cue is a verb from the speech-verb lexicon (data/speech_verbs.json) outside quotation marks. The
subject is the speaker; the content is the complement clause to the right ("said that ..."), the
clause to the left of a trailing attribution ("..., X said"), a quotation after a colon, or for some
verbs the object and its complement ("accused X of Y"). Everything is computed on tokens of one
sentence, with character offsets for the pipeline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from .resources import load

Token = Any  # spacy.tokens.Token (kept loose: the pipeline never imports spaCy types at module import)

SUBJECTS = ("nsubj", "nsubjpass", "csubj")
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
WH_WORDS = frozenset(
    {"what", "which", "who", "whom", "whose", "when", "where", "why", "how", "whether", "if"}
    | {"whatever", "whoever", "whichever", "whenever", "wherever"}  # "would accept whatever X decided"
)
LEFT_END_CHARS = ",\u201d\"\u2019'\u2014\u2013-"
OPEN_QUOTE_CHARS = "\u201c\"\u2018'\u201e\u00ab"
DASHES = frozenset({"\u2014", "\u2013", "-", "--"})
QUOTE_CHARS = '\u201c\u201d"\u201e\u00ab\u00bb'
FRAME_DEPS = frozenset(
    {
        "aux",
        "auxpass",
        "neg",
        "prt",
        "advmod",
        "npadvmod",
        "prep",
        "agent",
        "dative",
        "dobj",
        "tmod",
        "nsubj",
        "nsubjpass",
        "attr",
    }
)


EXPLETIVES = frozenset({"it", "there", "this", "that"})  # "it is certain that ...": no source


@dataclass(frozen=True)
class VerbSpec:
    lemma: str
    cls: str  # clause | finite | object | both | attribution
    particle: str = ""
    object_text: str = "object"
    requires_prep: str = ""
    subject: str = ""  # "document": only a document noun can be the subject ("the statement reads")
    outer_only: bool = False  # not a cue inside another cue's content, nor with a particle
    subject_infinitive: bool = (
        False  # a finite verb that also takes "X to Y" ("expects the walkout to start")
    )
    np_object: bool = False  # an attitude whose noun-phrase object is its content ("wants a pay rise")
    attitude: bool = False  # an internal state ("hopes to", "fears that"), not a speech act


@dataclass
class Lexicon:
    forms: dict[str, VerbSpec]
    alternates: dict[str, list[VerbSpec]]  # further senses of a form ("called on X to" / "called it Y")
    claim_nouns: frozenset[str]
    negating_heads: frozenset[str]
    infinitive_verbs: frozenset[str]  # lemmas whose to-infinitive is their content
    requests: frozenset[str]  # "urged X to Y", "called for Y": asking someone to act
    requests_are_statements: bool  # data switch: requests report speech (else only as participles)
    request_min_words: int  # a request's content has at least this many words ("urged caution" has not)
    gerund_verbs: frozenset[str]  # lemmas whose gerund complement is their content ("denied lying")
    circumstances: frozenset[str]  # "..., speaking in Leeds": how it was said, not what
    view_nouns: frozenset[str]  # "in his view, ...": a phrase attributing the rest of the sentence
    statement_nouns: frozenset[str]  # "the minister's claim that ...": a noun reporting its holder's words
    attitude_adjectives: frozenset[str] = frozenset()  # "she is confident that ...": a copula's subject
    attitude_min_words: int = 1  # an attitude's noun-phrase content has at least this many words
    negating_subjects: frozenset[str] = frozenset()  # "not all lawyers are convinced": no one's belief
    told_by: frozenset[str] = frozenset()  # "he had been told by X that ...": the passive's agent speaks
    conceding_marks: frozenset[str] = frozenset()  # "..., though they concede ...": the next statement
    small_clause_verbs: frozenset[str] = frozenset()  # "the poll shows X on 36 percent": a finding


def _spec(lemma: str, e: dict[str, Any], attitude: bool = False) -> VerbSpec:
    return VerbSpec(
        lemma,
        e["class"],
        e.get("particle", ""),
        e.get("object_text", "object"),
        e.get("requires_prep", ""),
        e.get("subject", ""),
        e.get("outer_only", False),
        e.get("subject_infinitive", False),
        e.get("np_object", False),
        attitude,
    )


@cache
def lexicon() -> Lexicon:
    return build_lexicon(load("speech_verbs"))


def build_lexicon(data: dict[str, Any]) -> Lexicon:
    """The cue lexicon of speech_verbs.json's data (apart from `lexicon` so a switch can be tried)."""
    forms: dict[str, VerbSpec] = {}
    alternates: dict[str, list[VerbSpec]] = {}
    for lemma, e in data["verbs"].items():
        spec = _spec(lemma, e)
        for form in e["forms"]:
            if form in forms:
                alternates.setdefault(form, []).append(spec)
            forms.setdefault(form, spec)
    attitudes = data["attitudes"]
    on = bool(attitudes.get("statements", False))
    states = attitudes["verbs"] if on else {}
    for lemma, e in states.items():  # the data switch: internal states are attributions
        for form in e["forms"]:
            forms[form] = _spec(lemma, e, attitude=True)
    return Lexicon(
        forms,
        alternates,
        frozenset(data["claim_nouns"]),
        frozenset(data["negating_heads"]),
        frozenset(data["infinitive_content"]["verbs"])
        | {k for k, e in states.items() if e.get("infinitive")},
        frozenset(data["requests"]["verbs"]),
        bool(data["requests"].get("statements", False)),
        int(data["requests"].get("min_words", 1)),
        frozenset(data["gerund_content"]["verbs"]) | {k for k, e in states.items() if e.get("gerund")},
        frozenset(data["circumstance_participles"]["words"]),
        frozenset(data["view_phrases"]["nouns"]),
        frozenset(data["statement_nouns"]["words"]) | frozenset(attitudes["nouns"] if on else ()),
        frozenset(attitudes["adjectives"] if on else ()),
        int(attitudes.get("min_words", 1)),
        frozenset(attitudes.get("negating_subject_words", ())),
        frozenset(data.get("told_by", {}).get("verbs", ())),
        frozenset(data.get("conceding_marks", {}).get("words", ())),
        frozenset(data.get("small_clause_findings", {}).get("verbs", ())),
    )


@dataclass
class Cue:
    """One speech cue found in a sentence, before speaker resolution."""

    token: Token
    spec: VerbSpec
    cue_text: str
    speaker: Token | None  # the head of the speaker's noun phrase
    via: Token | None = None  # the head of who quoted / was told
    frame: tuple[int, int] = (0, 0)  # char span of speaker + verb + its adjuncts
    content: tuple[int, int] | None = None  # char span of the content before quote snapping
    side: str = ""  # right | left | colon | object | according | parenthetical
    # Char spans of the content's pieces when the cue interrupts it ("The plan, he said, will fail").
    pieces: list[tuple[int, int]] = field(default_factory=list)
    object_clause: bool = False  # an object statement that keeps its whole clause
    head_cue: Token | None = None  # the cue this participle / conjunct depends on ("adding that")
    wh: bool = False
    notes: list[str] = field(default_factory=list)
    outer: Token | None = None  # the trailing speech verb whose whole content this internal state is
    silent: bool = False  # a nested state's outer verb: its speaker is a mention, it makes no statement


def is_verb(t: Token) -> bool:
    return t.tag_.startswith("VB") or t.tag_ == "MD"


def subject_of(v: Token, depth: int = 0) -> Token | None:
    """The grammatical subject of a verb, inherited through conjunctions and participial clauses."""
    subjects = [c for c in v.children if c.dep_ in SUBJECTS]
    if len(subjects) > 1:
        # "HARRISBURG — Senate Democrats urged ...": a dateline set off by a dash is no subject
        subjects = [c for c in subjects if not _dateline(c)] or subjects
    named = [c for c in subjects if c.tag_ in ("NNP", "NNPS") and c.ent_type_ == "PERSON"]
    if len(subjects) > 1 and named:
        # "Its vice-president for X, Dr Jane Doe, said" parsed with two subjects: the name is the speaker
        subjects = [named[-1]]
    elif len(subjects) > 1 and v.i > 0 and v.doc[v.i - 1] in subjects and v.doc[v.i - 1].tag_ == "PRP":
        # "It would also, she said, protect ...": the pronoun right before the verb speaks
        subjects = [v.doc[v.i - 1]]
    for c in subjects:
        if c.tag_ in ("WP", "WDT") and v.dep_ == "relcl":
            return v.head
        return c
    if depth < 3 and v.dep_ in ("conj", "xcomp", "advcl", "acl") and v.head.i != v.i:
        if v.dep_ == "acl" and not is_verb(v.head):
            return _with_participle_subject(v)
        head = v.head
        if v.lower_ in lexicon().forms:
            head = outer_cue_of_conjunct(v) or head  # "X said the offer was fair and urged Y": X's
        if (
            v.dep_ == "advcl"
            and v.tag_ == "VBG"
            and head.dep_ == "ccomp"
            and head.head.lower_ in lexicon().forms
        ):
            head = head.head  # "X said that Y would ..., rejecting Z": the participle is X's
        return subject_of(head, depth + 1)
    return _subject_of_aside(v)


def _with_participle_subject(v: Token) -> Token | None:
    """'..., with forecasters warning that the worst is yet to come': the noun after "with" is the
    subject of the participle that follows it."""
    head = v.head
    if v.tag_ == "VBG" and v.i > head.i and head.dep_ == "pobj" and head.head.lower_ == "with":
        return head
    return None


def _subject_of_aside(v: Token) -> Token | None:
    """'Lady Justice Okafor, giving the lead judgment, said ...' parsed with the name as the subject of
    the participle set off before the verb: the name is the verb's subject."""
    for c in v.children:
        if c.dep_ == "advcl" and c.tag_ == "VBG" and c.i < v.i:
            subject = next((x for x in c.children if x.dep_ in SUBJECTS and x.i < c.i), None)
            if subject is not None and subject.tag_ in ("NNP", "NNPS", "NN", "NNS"):
                return subject
    return None


def _dateline(t: Token) -> bool:
    """A place name opening its sentence and set off by a dash ("HARRISBURG — ...", "LONDON (AP) —")."""
    if t.i != t.sent.start or t.i + 1 >= len(t.doc):
        return False
    after = t.doc[t.i + 1 : t.i + 5]
    if len(after) == 4 and after[0].text == "(" and after[2].text == ")":
        return after[3].text in DASHES
    return after[0].text in DASHES


def _subtree_ids(t: Token) -> set[int]:
    return {x.i for x in t.subtree}


def _chars(tokens: list[Token]) -> tuple[int, int]:
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _trim(tokens: list[Token]) -> list[Token]:
    """Drop edge punctuation and a leading complementiser ("that")."""
    while tokens and (tokens[0].is_punct and tokens[0].text not in "\u201c\"\u2018'(" or tokens[0].is_space):
        tokens = tokens[1:]
    if tokens and tokens[0].lower_ == "that" and tokens[0].dep_ == "mark":
        tokens = tokens[1:]
    while tokens and (
        tokens[-1].is_space
        or tokens[-1].text in ",;:-\u2013\u2014"
        or (tokens[-1].text == "." and len(tokens) > 1 and tokens[-2].text not in '\u201d"')
    ):
        tokens = tokens[:-1]
    return tokens


def _is_wh(tokens: list[Token]) -> bool:
    return (
        bool(tokens) and tokens[0].lower_ in WH_WORDS and tokens[0].tag_ in ("WP", "WDT", "WRB", "IN", "WP$")
    )


def find_cues(sent: Any, in_quote: list[bool]) -> list[Cue]:
    """The speech cues of one sentence (content not yet snapped to quotation marks)."""
    lex = lexicon()
    cues: list[Cue] = []
    views: list[Cue] = []
    for t in sent:
        if in_quote[t.i]:
            continue
        low = t.lower_
        if low == "according" and t.i + 1 < sent.end and t.nbor(1).lower_ == "to":
            cue = _according(t, sent)
            if cue:
                cues.append(cue)
            continue
        if low in lex.attitude_adjectives and t.tag_ in ("JJ", "VBN"):
            cues.extend(filter(None, [_adjectival(t, lex)]))
            continue
        if low in lex.statement_nouns and t.tag_ in ("NN", "NNS"):
            cues.extend(filter(None, [_nominal(t, sent, lex)]))
            continue
        if low == "in" and t.dep_ == "prep":
            views.extend(filter(None, [_in_view(t, sent, lex)]))
            continue
        spec = lex.forms.get(low)
        if spec is None or not is_verb(t) or t.dep_ in ("amod", "compound"):
            continue
        for sense in (spec, *lex.alternates.get(low, ())):
            cue = _analyse(t, sense, sent, lex)
            if cue is not None:
                cues.append(cue)
                break
    return _without_outer_of_nested(cues) or views[:1]  # "said that, in his view, ...": the speech verb's
    # statement holds it


def nested_outer(v: Token, lex: Lexicon) -> Token | None:
    """'President X wants Congress to ..., the White House said': an internal state whose clause is the
    whole content of a trailing speech verb, with a holder named as a noun (not a pronoun), is
    attributed once, to the inner source (as attribution corpora annotate it). Returns that speech verb."""
    outer = v.head
    if v.dep_ != "ccomp" or outer.i < v.i or outer.lower_ not in lex.forms or not is_verb(outer):
        return None
    if lex.forms[outer.lower_].attitude or any(a.lower_ in lex.forms and is_verb(a) for a in outer.ancestors):
        return None
    subject = next((c for c in v.children if c.dep_ in SUBJECTS and c.i < v.i), None)
    if subject is None or subject.tag_ in ("PRP", "DT", "EX") or subject.left_edge.i != v.left_edge.i:
        return None
    return outer


def _without_outer_of_nested(cues: list[Cue]) -> list[Cue]:
    """The outer speech verbs of nested internal states (see nested_outer) made silent: their speaker
    is a mention ("..., a senior adviser said. The adviser said ..."), their statement is the inner one."""
    outers = {c.outer.i for c in cues if c.outer is not None}
    for c in cues:
        c.silent = c.token.i in outers
    return cues


def _nominal(t: Token, sent: Any, lex: Lexicon) -> Cue | None:
    """ "The minister's claim that the freeze would save 300 million euros": a statement noun with a
    possessive holder and a that-clause reports the holder's words (not inside another statement)."""
    holder = next((c for c in t.children if c.dep_ == "poss"), None)
    clause = next(
        (
            c
            for c in t.children
            if c.dep_ in ("acl", "ccomp")
            and c.i > t.i
            and any(m.lower_ == "that" and m.dep_ == "mark" for m in c.children)
        ),
        None,
    )
    if clause is None and t.dep_ == "nsubj" and t.head.lower_ in _COPULA_FORMS:
        clause = _that_clause(t.head)  # "Her view is that the fund should have acted sooner"
    if holder is None or clause is None or _inside_cue_content(t, lex):
        return None
    tokens = _trim([x for x in clause.subtree if x.i > t.i])
    if not tokens:
        return None
    cue = Cue(t, VerbSpec(t.lower_, "clause"), t.text, holder)
    frame = [x for x in holder.subtree] + [t]
    cue.frame = (min(x.idx for x in frame), t.idx + len(t.text))
    cue.content, cue.side = _chars(tokens), "right"
    return cue


_COPULA_FORMS = frozenset({"is", "was", "remains", "remained"})


def _that_clause(v: Token) -> Token | None:
    """The clause opened by 'that' right of a verb (its complement or its predicate)."""
    return next(
        (
            c
            for c in v.children
            if c.dep_ in ("ccomp", "attr", "acomp")
            and c.i > v.i
            and any(m.lower_ == "that" and m.dep_ == "mark" for m in c.children)
        ),
        None,
    )


def _adjectival(t: Token, lex: Lexicon) -> Cue | None:
    """'Renner is confident that his record will win', 'Halder is determined to govern alone': an
    attitude adjective after a copula (or a passive-looking 'is convinced that') attributes its
    that-clause or to-infinitive to the copula's subject; an expletive subject ('it is certain that')
    or a negation is none, and inside another statement it is part of that one."""
    if t.dep_ == "acomp":
        head = t.head
    elif t.tag_ == "VBN" and any(c.dep_ == "auxpass" for c in t.children):
        head = t
    else:
        return None
    holders = [head, *(c for c in head.children if c.dep_ in ("aux", "auxpass") and c.i < t.i)]
    subject = next((c for h in holders for c in h.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if (
        subject is None
        or subject.lower_ in EXPLETIVES
        or _negated(head, lex)
        or _negated(t, lex)
        or _negating_subject(subject, lex)
    ):
        return None
    outer = nested_outer(head, lex)
    if outer is None and (_inside_cue_content(head, lex) or _under_cue(head, lex)):
        return None
    content = next(
        (
            c
            for h in (t, head)
            for c in h.children
            if c.i > t.i
            and (
                (c.dep_ == "ccomp" and _finite(c))
                or (
                    c.dep_ in ("xcomp", "advcl")
                    and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
                )
            )
        ),
        None,
    )
    if content is None:
        return None
    tokens = _trim([x for x in content.subtree if x.i > t.i])
    if not tokens:
        return None
    cue = Cue(t, VerbSpec(t.lower_, "clause"), t.text, subject)
    cue.frame = (subject.left_edge.idx, t.idx + len(t.text))
    cue.content, cue.side = _chars(tokens), "right"
    cue.outer = outer
    return cue


def _inside_cue_content(t: Token, lex: Lexicon) -> bool:
    """Some speech verb above the token holds it outside its subject ("rejected X's claim that ..."),
    so the token is part of that verb's statement; a subject ("X's claim ... was questioned") is not."""
    below = t
    for a in t.ancestors:
        if a.lower_ in lex.forms and is_verb(a) and below.dep_ not in SUBJECTS:
            return True
        below = a
    return False


def _in_view(t: Token, sent: Any, lex: Lexicon) -> Cue | None:
    """'It was, in his view, a cut dressed up as prudence': 'in X's view' / 'in the view of X' makes
    the rest of its sentence X's statement (in pieces around the phrase), when no verb frames it."""
    noun = next((c for c in t.children if c.dep_ == "pobj" and c.lower_ in lex.view_nouns), None)
    if noun is None or _inside_cue_content(t, lex):
        return None
    holder = next((c for c in noun.children if c.dep_ == "poss"), None)
    of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    if holder is None and of is not None:
        holder = next((c for c in of.children if c.dep_ == "pobj"), None)
    if holder is None:
        return None
    frame = sorted(t.subtree, key=lambda x: x.i)
    fs, fe = frame[0].i, frame[-1].i
    left = _trim([x for x in sent if x.i < fs])
    right = _trim([x for x in sent if x.i > fe])
    if not any(is_verb(x) for x in left + right):
        return None
    cue = Cue(t, VerbSpec("in view", "clause"), t.doc[fs : fe + 1].text, holder)
    cue.frame = _chars(frame)
    cue.pieces = [_chars(p) for p in (left, right) if p]
    cue.content, cue.side = (cue.pieces[0][0], cue.pieces[-1][1]), "parenthetical"
    return cue


def _according(t: Token, sent: Any) -> Cue | None:
    to = t.nbor(1)
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if pobj is None:
        pobj = next((c for c in t.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    frame_tokens = sorted({*t.subtree, *to.subtree}, key=lambda x: x.i)
    fs, fe = frame_tokens[0].i, frame_tokens[-1].i
    before = [x for x in sent if x.i < fs]
    after = [x for x in sent if x.i > fe]
    side_tokens = _trim(after) if len(_trim(after)) >= len(_trim(before)) else _trim(before)
    if not side_tokens or not any(is_verb(x) for x in side_tokens):
        return None
    return Cue(
        t,
        VerbSpec("according to", "clause"),
        "according to",
        pobj,
        frame=_chars(frame_tokens),
        content=_chars(side_tokens),
        side="according",
    )


def _negated(t: Token, lex: Lexicon) -> bool:
    if any(c.dep_ == "neg" for c in t.children):
        return True
    return t.dep_ == "xcomp" and t.head.lower_ in lex.negating_heads


@dataclass
class _Who:
    """Who speaks through a cue verb, and who quoted or was told."""

    speaker: Token | None
    via: Token | None
    cue_text: str
    as_saying: Token | None = None  # the "saying" of "quoted X as saying"
    stranded: bool = False  # a speaker found without a subject arc ("..., Jane Doe, a colonel, said")


def _analyse(t: Token, spec: VerbSpec, sent: Any, lex: Lexicon) -> Cue | None:
    """The cue a speech verb makes, or None when it reports nothing (negated, passive, no speaker)."""
    if _negated(t, lex) or not _has_particle(t, spec):
        return None
    outer = nested_outer(t, lex) if spec.attitude else None
    if spec.outer_only and (
        any(c.dep_ == "prt" for c in t.children) or (outer is None and _under_cue(_first_conjunct(t), lex))
    ):
        return None  # "found out"; "said the figures showed that ...": part of the outer statement
    if spec.attitude and t.tag_ == "VBG":
        return None  # "..., hoping the fire would pass": the state of someone acting, not an attribution
    who = _speaker_and_via(t, spec, sent)
    if who is None or (spec.attitude and _negating_subject(who.speaker, lex)):
        return None
    content_heads = [c for c in t.children if c.dep_ == "ccomp"]
    placed: list[Token] = []
    if not content_heads and spec.cls in ("clause", "finite", "both"):
        content_heads = _misattached_content(t) or _object_and_modal(t) or _clause_as_xcomp(t)
        placed = [] if content_heads else _clause_after_place(t)
        content_heads = content_heads or placed
    if who.as_saying is not None:
        content_heads += [c for c in who.as_saying.children if c.dep_ == "ccomp"]
    cue = Cue(t, spec, who.cue_text, who.speaker, who.via)
    if t.dep_ in ("advcl", "conj", "xcomp") and t.tag_ in ("VBG", "VBD", "VBZ", "VBP", "VBN"):
        cue.head_cue = t.head
    cue.frame = _frame(t, who.speaker, content_heads, sent, who.stranded)
    cue.outer = outer
    if placed and content_heads == placed:
        cue.notes.append(_PLACE_SWALLOWED)
    return _with_content(cue, content_heads, sent, lex)


def _first_conjunct(t: Token) -> Token:
    """'He knows A but doubts B': the internal state a coordinated one shares its place with ('said A,
    but that it wanted B' or 'said A and wants B' stay themselves: part of the speech verb's statement)."""
    forms = lexicon().forms
    while (
        t.dep_ == "conj"
        and t.head.i < t.i
        and t.head.lower_ in forms
        and forms[t.head.lower_].attitude
        and not any(c.lower_ == "that" and c.dep_ == "mark" for c in t.children)
    ):
        t = t.head
    return t


def _under_cue(t: Token, lex: Lexicon) -> bool:
    return any(a.lower_ in lex.forms and is_verb(a) for a in t.ancestors)


def _misattached_content(t: Token) -> list[Token]:
    """'said in a statement that he would ...', 'told councillors he expected ...': the parser hangs
    the content clause on the addressee or the channel noun as a noun clause; it is the verb's
    complement when it opens with 'that' or has a subject of its own (a pronoun or a name)."""
    holders = [c for c in t.children if c.dep_ in ("dobj", "dative") and c.i > t.i]
    for prep in (c for c in t.children if c.dep_ == "prep" and c.i > t.i):
        holders += [g for g in prep.children if g.dep_ == "pobj"]
    for noun in holders:
        for x in noun.children:
            if x.dep_ not in ("acl", "relcl") or not is_verb(x) or x.left_edge.i <= noun.i:
                continue
            marked = any(m.lower_ == "that" and m.dep_ == "mark" for m in x.children)
            subject = next((c for c in x.children if c.dep_ in SUBJECTS), None)
            own = subject is not None and subject.tag_ in ("PRP", "NNP", "NNPS") and subject.i < x.i
            if marked or (own and subject is not None and x.left_edge.i == subject.left_edge.i):
                return [x]
            if _contact_clause(noun, x, subject):
                return [x]
    return []


_PLACE_SWALLOWED = "place swallowed by the content's subject"


def _clause_after_place(t: Token) -> list[Token]:
    """'told reporters outside Leinster House teachers were leaving ...': a finite clause the parser
    made the complement of the circumstance's preposition (its subject swallowing the place's name)."""
    for prep in (c for c in t.children if c.dep_ == "prep" and c.i > t.i):
        for g in prep.children:
            subject = next((x for x in g.children if x.dep_ in SUBJECTS and x.i < g.i), None)
            if g.dep_ != "pcomp" or not is_verb(g) or subject is None or not _finite(g):
                continue
            if subject.tag_ in ("NN", "NNS") and subject.left_edge.i < subject.i:
                return [g]
    return []


def _clause_as_xcomp(t: Token) -> list[Token]:
    """'told members the government had "run out of excuses"': a clause with a subject and a finite
    auxiliary of its own, parsed as an open complement, is the verb's content clause."""
    for c in t.children:
        if (
            c.dep_ == "xcomp"
            and c.i > t.i
            and any(x.dep_ in SUBJECTS and x.i < c.i for x in c.children)
            and any(x.dep_ in ("aux", "auxpass") and x.tag_ in FINITE_TAGS for x in c.children)
        ):
            return [c]
    return []


_FILLED = frozenset({"dobj", "attr", "acomp", "ccomp", "xcomp", "auxpass", "oprd"})


def _contact_clause(noun: Token, x: Token, subject: Token | None) -> bool:
    """'told reporters after the vote foreign producers had been dumping steel': a clause with a
    common-noun subject of its own right after the addressee's or the circumstance's noun, no relative
    pronoun and nothing missing (an object or complement of its own), is the content the parser hung
    on that noun, not a relative clause of it ("the vote [that] producers had demanded" lacks its object)."""
    if subject is None or subject.tag_ not in ("NN", "NNS") or subject.i > x.i:
        return False
    if x.left_edge.i != max(t.i for t in noun.subtree if t.i < subject.left_edge.i) + 1:
        return False
    if any(c.tag_ in ("WDT", "WP", "WP$") or c.lower_ == "that" for c in x.children):
        return False
    finite = x.tag_ in ("VBD", "VBZ", "VBP") or any(
        c.dep_ == "aux" and c.tag_ in ("MD", "VBD", "VBZ", "VBP") for c in x.children
    )
    return finite and any(c.dep_ in _FILLED for c in x.children)


def _object_and_modal(t: Token) -> list[Token]:
    """'warned small businesses in rural areas would cut hours': the parser makes the content's subject
    the verb's object and its verb an adverbial clause; a modal verb with no subject of its own right
    after the object's phrase (and the cue's prepositions) joins them into the content clause."""
    if t.tag_ not in ("VBD", "VBZ", "VBP") or any(c.dep_ == "dative" for c in t.children):
        return []
    dobj = next((c for c in t.children if c.dep_ == "dobj" and c.i > t.i), None)
    if dobj is None or dobj.tag_ not in ("NN", "NNS", "NNP", "NNPS") or dobj.left_edge.i != t.i + 1:
        return []
    for v in t.children:
        if (
            v.dep_ not in ("advcl", "conj", "ccomp")
            or v.i < dobj.i
            or any(c.dep_ in SUBJECTS for c in v.children)
        ):
            continue
        modal = any(c.dep_ == "aux" and c.tag_ == "MD" and c.i == v.left_edge.i for c in v.children)
        between = [x for x in t.doc[dobj.right_edge.i + 1 : v.left_edge.i]]
        if modal and all(
            x.dep_ in ("prep", "pobj", "amod", "det", "compound", "nummod") or x.head.dep_ == "prep"
            for x in between
        ):
            return [dobj, v]
    return []


def _has_particle(t: Token, spec: VerbSpec) -> bool:
    """A phrasal cue ('point out') needs its particle, right after the verb when it opens a clause
    ('called for the bill to be withdrawn': 'for' parsed as the clause's marker)."""
    if not spec.particle:
        return True
    if any(
        c.lower_ == spec.particle and (c.dep_ in ("prt", "advmod") or c.dep_ == "prep" and c.i == t.i + 1)
        for c in t.children
    ):
        return True  # a preposition only right after the verb ("called for a review", not "call it in for")
    nxt = t.doc[t.i + 1] if t.i + 1 < len(t.doc) else None
    return nxt is not None and nxt.lower_ == spec.particle and nxt.dep_ == "mark" and nxt.head.head.i == t.i


def _speaker_and_via(t: Token, spec: VerbSpec, sent: Any) -> _Who | None:
    children = list(t.children)
    passive = any(c.dep_ == "auxpass" for c in children)
    who = _Who(subject_of(t), None, f"{t.text} {spec.particle}" if spec.particle else t.text)
    if spec.lemma == "quote":
        if not _quoted_as_saying(t, children, passive, who):
            return None
    elif passive:
        agent = _announced_by(t, children, who.speaker, spec.lemma in lexicon().told_by)
        if agent is None:
            return None  # "is said to be": the subject is the topic, not the speaker
        who.speaker = agent  # "It was announced by the electoral office that ...": the agent speaks
    if who.speaker is None and t.tag_ in ("VBD", "VBZ", "VBP") and t.dep_ == "ROOT":
        who.speaker = _stranded_speaker(t, sent) or _split_off_subject(t, sent)
        who.stranded = who.speaker is not None
    if who.speaker is None:
        return None
    if spec.subject == "document" and who.speaker.lower_ not in _document_nouns():
        return None
    if who.speaker.lower_ == "it" and who.speaker.dep_ == "nsubjpass":
        return None
    if passive and spec.lemma != "quote" and who.speaker.dep_ != "pobj":
        return None  # only an impersonal passive's agent speaks ("It was announced by X that ...")
    if t.dep_ == "pcomp" and t.head.lower_ == "as":
        return None  # the "saying" of "quoted as saying": handled by its "quoted"
    if spec.lemma == "tell":
        who.via = next((c for c in children if c.dep_ in ("dative", "dobj")), None)
    return who


def _announced_by(t: Token, children: list[Token], subject: Token | None, telling: bool) -> Token | None:
    """The agent of an impersonal passive with a content clause ("It was announced by the office
    that ..."): only with the expletive "it" and a clause, never "the plan was criticised by X"; a verb
    of telling's agent speaks to any subject ("she had been told by the landlord that ...")."""
    if subject is None or not (telling or subject.lower_ == "it"):
        return None
    if not any(c.dep_ == "ccomp" for c in children):
        return None
    by = next((c for c in children if c.dep_ == "agent"), None)
    return next((g for g in by.children if g.dep_ == "pobj"), None) if by is not None else None


@cache
def _document_nouns() -> frozenset[str]:
    return frozenset(load("names")["document_nouns"])


def _quoted_as_saying(t: Token, children: list[Token], passive: bool, who: _Who) -> bool:
    """'X quoted Y as saying' (speaker Y, via X), 'Y was quoted as saying by X'."""
    as_saying = None
    for c in children:
        if c.dep_ == "prep" and c.lower_ == "as":
            as_saying = next((g for g in c.children if g.lower_ in ("saying", "stating", "telling")), None)
    if as_saying is None:
        return False
    who.as_saying = as_saying
    if passive:
        who.via = _agent(t) or _agent(as_saying)
        who.cue_text = f"{t.text} as {as_saying.text}"
    else:
        who.via = who.speaker
        who.speaker = next((c for c in children if c.dep_ in ("dobj", "dative")), None)
    return True


def _with_content(cue: Cue, content_heads: list[Token], sent: Any, lex: Lexicon) -> Cue | None:
    """Where the cue's content is, by the verb's class: a clause to the right, a quotation after a
    colon, the words before a trailing attribution, an adjacent quotation, the object, an infinitive."""
    t, spec = cue.token, cue.spec
    right = [c for c in content_heads if c.i > t.i]
    left = [c for c in content_heads if c.i < t.i]
    if _aside_in_reported_clause(cue, sent, lex):
        return None  # "argued that staff who, he said, had failed him": one statement, the outer one
    if spec.cls in ("clause", "finite", "both"):
        found = _parenthetical(cue, sent)
        if found is not None:
            return found
    if spec.cls in ("clause", "finite", "both") and right:
        if left and _between_quotations(cue, sent):
            cue.side = "left"  # '"...," X said, "..."': a split quotation, joined by the pipeline
            return cue
        joined = tuple(right[1:]) if right[0].dep_ == "dobj" else _second_predicates(t, right, lex)
        return _right_content(cue, right[0], sent, lex, joined) or _small_clause(cue, sent, lex)
    if spec.cls in ("clause", "finite") and spec.lemma in lex.infinitive_verbs and _infinitive(t) is not None:
        return _infinitive_or_quote(cue, lex)  # "On the economy, he pledged to cut ...": not "..., X said"
    if spec.cls == "finite":
        found = _finite_object(cue, sent, lex)
        if found is not None:
            return found
    if spec.cls in ("clause", "finite", "both", "attribution"):
        found = _colon_or_left(cue, left, sent)
        if found is not None:
            return found
    if spec.cls in ("object", "both"):
        return _object_content(cue, t, spec, list(t.children), lex)
    if spec.cls == "naming":
        return _naming_content(cue, t, lex)
    if spec.cls == "question":
        return _question_content(cue, t, right, sent)
    if spec.cls == "clause":
        return _infinitive_or_quote(cue, lex)
    return None


def _second_predicates(t: Token, right: list[Token], lex: Lexicon) -> tuple[Token, ...]:
    """'said he spent £30 a week and a £1 fare would make "a difference"', 'said she was "devastated"
    and would appeal': a second clause the parser hung on the speech verb (another complement, or a
    conjunct with a modal and no subject of its own) continues the content."""
    if right[0].dep_ != "ccomp":
        return ()
    more = [c for c in right[1:] if c.dep_ == "ccomp"]
    more += [
        c
        for c in t.children
        if c.dep_ == "conj"
        and c.i > right[0].i
        and c.lower_ not in lex.forms
        and not any(x.dep_ in SUBJECTS for x in c.children)
        and any(x.dep_ == "aux" and x.tag_ == "MD" and x.i == c.left_edge.i for x in c.children)
    ]
    if not more:
        return ()
    between = t.doc[right[0].right_edge.i + 1 : min(x.left_edge.i for x in more)]
    if not all(x.lower_ in ("and", ",") for x in between):
        return ()
    return (right[0], *more)


def _finite_object(cue: Cue, sent: Any, lex: Lexicon) -> Cue | None:
    """A finite-class verb without a clause: an attitude's object or a finding's verbless clause."""
    spec = cue.spec
    found = None
    if spec.np_object or spec.lemma in lex.gerund_verbs:
        found = _attitude_object(cue, lex)
    return found or _small_clause(cue, sent, lex)


def _small_clause(cue: Cue, sent: Any, lex: Lexicon) -> Cue | None:
    """'A poll by X shows the candidates tied at 46 percent', 'the survey found Y on 36 percent and Z on
    19': a finding verb of a document subject (`small_clause_verbs`) whose object and figures form a
    clause without a verb; the object with its figures is the document's content (not words of Y)."""
    t = cue.token
    if cue.spec.lemma not in lex.small_clause_verbs or cue.speaker is None:
        return None
    if cue.speaker.lower_ not in _document_nouns() or cue.speaker.i > t.i:
        return None
    clause = next(
        (
            c
            for c in t.children
            if c.dep_ == "ccomp"
            and c.i > t.i
            and c.tag_ in ("VBN", "JJ")
            and any(x.dep_ in SUBJECTS for x in c.children)
            and _has_figure(c)
        ),
        None,
    )
    tokens = _trim(list(clause.subtree)) if clause is not None else _object_with_figures(t)
    if not tokens:
        return None
    cue.content, cue.side = _chars(tokens), "right"
    return cue


def _has_figure(x: Token) -> bool:
    return any(y.tag_ == "CD" for y in x.subtree)


def _object_with_figures(t: Token) -> list[Token]:
    """The verb's object and the figures after it ('Okafor on 46 percent and Vance on 44 percent'), up to
    the first dependant that is neither an object nor a figure ('..., within the margin of error')."""
    kept: list[Token] = []
    figures = 0
    for c in sorted((c for c in t.children if c.i > t.i), key=lambda c: c.i):
        if c.dep_ == "dobj" or (c.dep_ in ("conj", "npadvmod") and c.tag_.startswith("NN")):
            kept.append(c)
        elif c.dep_ == "prep" and _has_figure(c):
            kept.append(c)
            figures += 1
        elif c.dep_ in ("cc", "punct") and c.text in (",", "and"):
            continue
        else:
            break
    if not figures or kept[0].dep_ != "dobj":
        return []
    return _trim([x for x in t.doc[kept[0].left_edge.i : max(k.right_edge.i for k in kept) + 1]])


def _negating_subject(subject: Token | None, lex: Lexicon) -> bool:
    """'Not all lawyers are convinced ...', 'No one expects ...': the subject denies the state."""
    return subject is not None and any(x.lower_ in lex.negating_subjects for x in subject.subtree)


def _attitude_object(cue: Cue, lex: Lexicon) -> Cue | None:
    """'The union wants a pay rise of at least 10 percent', 'fear being pushed out': an attitude's
    gerund or noun-phrase object is its content (an attribution corpus's annotation); a short object
    ('wants more', 'doubts it') is none."""
    t = cue.token
    gerund = _gerund(t, lex, cue.spec)
    if gerund is not None and not _nested(t, lex):
        cue.content, cue.side = _chars(_trim(list(gerund.subtree))), "object"
        return cue
    dobj = next((c for c in t.children if c.dep_ == "dobj" and c.i > t.i), None)
    if not cue.spec.np_object or dobj is None or dobj.tag_ in ("PRP", "WP", "WDT"):
        return None
    tokens = _trim(list(dobj.subtree))
    if len([x for x in tokens if not x.is_punct]) < lex.attitude_min_words:
        return None
    cue.content, cue.side = _chars(tokens), "object"
    return cue


def _between_quotations(cue: Cue, sent: Any) -> bool:
    """The frame sits between a closing quotation mark (or comma) and ', "' opening another quotation."""
    before = [x for x in sent if x.idx < cue.frame[0] and not x.is_space]
    if not before or before[-1].text[-1:] not in LEFT_END_CHARS:
        return False
    comma = _next_after_frame(sent, cue.frame)
    if comma is None or comma.text != "," or comma.i + 1 >= sent.end:
        return False
    return comma.nbor(1).text[:1] in OPEN_QUOTE_CHARS


def _right_content(
    cue: Cue, head: Token, sent: Any, lex: Lexicon, joined: tuple[Token, ...] = ()
) -> Cue | None:
    """'said (that) ...': the complement clause after the frame, without coordinated cues; `joined`:
    the verb of a clause whose subject the parser made the cue's object (see _object_and_modal)."""
    t = cue.token
    if joined:
        last = max(x.right_edge.i for x in joined)
        tokens = [x for x in sent if head.left_edge.i <= x.i <= last]
        tokens = _trim(tokens)
        if (
            len(tokens) > 1
            and tokens[0].lower_ == "that"
            and any(c.dep_ in SUBJECTS and c.i > tokens[0].i for c in head.children)
        ):
            tokens = tokens[1:]  # "said that A and B": the clauses, not the conjunction
        cue.content, cue.side = _chars(tokens), "right"
        return cue if tokens else None
    if cue.spec.cls == "finite" and not (
        _finite(head) or (cue.spec.subject_infinitive and _subject_infinitive(head))
    ):
        return None
    cut = coordinated_cues(head, lex) | _circumstances(head, lex) | _conceding_clauses(head, lex)
    first = cue_frame_end_token(t, sent, cue.frame)
    tokens = [x for x in head.subtree if x.i > t.i and x.i >= first and x.i not in cut]
    while tokens and (
        tokens[0].ent_type_ == "DATE" and tokens[0].ent_iob_ in ("B", "I") or tokens[0].is_space
    ):
        tokens = tokens[1:]  # "said last month it had ...": the date is the saying's
    tokens = _trim(tokens)
    if len(tokens) > 1 and tokens[0].lower_ == "that" and _second_subject(head, tokens[0]):
        tokens = tokens[1:]  # "announced that turnout had ...", "that" parsed as a subject beside "turnout"
    while _PLACE_SWALLOWED in cue.notes and len(tokens) > 1 and tokens[0].tag_ in ("NNP", "NNPS"):
        tokens = tokens[1:]  # "outside Leinster House teachers were ...": the place is the saying's
    if not tokens or _is_wh(tokens):
        return None
    cue.content, cue.side = _chars(tokens), "right"
    return cue


def _second_subject(head: Token, that: Token) -> bool:
    """'that' taken for the clause's subject although the clause has another one right after it."""
    return that.head.i == head.i and any(
        c.dep_ in ("nsubj", "nsubjpass") and c.i > that.i and c.i < head.i for c in head.children
    )


def _parenthetical(cue: Cue, sent: Any) -> Cue | None:
    """'The plan, he said, will fail': a cue set off by commas inside the clause it reports (parsed as
    parataxis of that clause's verb); the content is the clause without the cue, in two pieces."""
    t = cue.token
    if not _commas_around(cue, sent):
        return None
    head = t.head
    inside_main = t.dep_ == "parataxis" and head.dep_ == "ROOT" and t.i < head.i < sent.end
    inside_main = inside_main or _before_conjunct(cue, sent)
    # "It would also, she said, protect ...": the parser made the content's subject the cue's
    if not (inside_main and is_verb(head)) and not _subject_left_of_cue(t, cue.speaker, cue.frame):
        return None
    tokens = [x for x in sent if not cue.frame[0] <= x.idx < cue.frame[1]]
    left = _trim([x for x in tokens if x.idx < cue.frame[0]])
    right = _trim([x for x in tokens if x.idx >= cue.frame[1]])
    if not left or not right or in_quotes_edge(left[0]):
        return None
    cue.pieces = [_chars(left), _chars(right)]
    cue.content, cue.side = (cue.pieces[0][0], cue.pieces[1][1]), "parenthetical"
    return cue


def _before_conjunct(cue: Cue, sent: Any) -> bool:
    """'Footfall had dropped, he said, and the charges would drive ...': the cue between a main clause
    and its coordinated clause reports both."""
    t, head = cue.token, cue.token.head
    if t.dep_ != "parataxis" or head.dep_ != "ROOT" or head.i > t.i:
        return False
    comma = _next_after_frame(sent, cue.frame)
    cc = comma.nbor(1) if comma is not None and comma.i + 1 < sent.end else None
    return (
        cc is not None
        and cc.dep_ == "cc"
        and cc.head.i == head.i
        and any(c.dep_ == "conj" and c.i > cc.i and is_verb(c) for c in head.children)
    )


def _commas_around(cue: Cue, sent: Any) -> bool:
    before_frame = [x for x in sent if x.idx < cue.frame[0] and not x.is_space]
    after = _next_after_frame(sent, cue.frame)
    return bool(before_frame) and before_frame[-1].text == "," and after is not None and after.text == ","


def _aside_in_reported_clause(cue: Cue, sent: Any, lex: Lexicon) -> bool:
    """A cue set off by commas inside the content clause of another speech verb."""
    t = cue.token
    if t.dep_ != "parataxis" or t.head.dep_ == "ROOT" or not _commas_around(cue, sent):
        return False
    return any(a.lower_ in lex.forms and is_verb(a) for a in t.head.ancestors)


def _subject_left_of_cue(t: Token, speaker: Token | None, frame: tuple[int, int]) -> bool:
    """The cue verb has a second subject before its frame, besides its speaker, and content after it."""
    others = [c for c in t.children if c.dep_ in SUBJECTS and c is not speaker and c.idx < frame[0]]
    content = [c for c in t.children if c.dep_ in ("ccomp", "xcomp") and c.idx >= frame[1]]
    return t.dep_ == "ROOT" and speaker is not None and bool(others) and bool(content)


def in_quotes_edge(x: Token) -> bool:
    """The piece opens with a quotation mark: a split direct quotation, handled as one."""
    return x.text[:1] in OPEN_QUOTE_CHARS


def _colon_or_left(cue: Cue, left: list[Token], sent: Any) -> Cue | None:
    """'she replied: ...'; '..., X said' (content to the left); or only an adjacent quotation."""
    t = cue.token
    nxt = _next_after_frame(sent, cue.frame)
    if nxt is not None and nxt.text == ":":
        rest = _trim([x for x in sent if x.i > nxt.i])
        if rest:
            cue.content, cue.side = _chars(rest), "colon"
            return cue
    if t.tag_ != "VBG" and (left or _trailing_attribution(t, cue.speaker, sent, cue.frame)):
        cue.side = "left"
        return cue
    if cue.spec.cls == "attribution":
        cue.side = "quote-only"
        return cue
    return None


def outer_cue_of_conjunct(v: Token) -> Token | None:
    """A past-tense conjunct with no subject of its own inside a speech verb's content is the
    speaker's next act, not part of what was said ("said A and urged B", "said she was worried and
    called on Y"): the parser hangs it on A. Returns that speech verb."""
    if v.dep_ != "conj" or v.tag_ != "VBD" or any(c.dep_ in SUBJECTS for c in v.children):
        return None
    forms = lexicon().forms
    cues = [a for a in v.ancestors if a.lower_ in forms and is_verb(a) and a.dep_ != "conj"]
    return cues[-1] if cues else None  # the outermost: "said the cuts nobody predicted ... and accused"


def _nested(t: Token, lex: Lexicon) -> bool:
    """The verb sits inside another speech verb's content ("said they would urge members to ..."),
    unless it is coordinated with that content ("said A and urged B")."""
    if outer_cue_of_conjunct(t) is not None:
        return False
    return any(a.lower_ in lex.forms and is_verb(a) for a in t.ancestors)


def _infinitive(t: Token) -> Token | None:
    """The verb's to-infinitive complement to its right ('pledged to cut taxes')."""
    return next(
        (
            c
            for c in t.children
            if c.dep_ == "xcomp" and c.i > t.i and any(a.lower_ == "to" for a in c.children)
        ),
        None,
    )


def _gerund(t: Token, lex: Lexicon, spec: VerbSpec) -> Token | None:
    """The gerund complement right after the verb (or its particle) that is its content ('denied
    ignoring the consultation', 'ruled out calling early elections'), for the verbs listed in data."""
    if spec.lemma not in lex.gerund_verbs:
        return None
    for c in t.children:
        if c.dep_ in ("xcomp", "advcl") and c.tag_ == "VBG" and c.i > t.i:
            between = t.doc[t.i + 1 : c.i]
            if all(x.dep_ in ("prt", "neg", "advmod") and not x.is_punct for x in between) and not any(
                g.dep_ in SUBJECTS or g.dep_ == "mark" for g in c.children
            ):
                return c
    return None


def _infinitive_or_quote(cue: Cue, lex: Lexicon) -> Cue:
    """'pledged to cut taxes' for the verbs whose infinitive is their content, 'admitted lying' for
    those whose gerund is; else a quotation."""
    t = cue.token
    xcomp = _infinitive(t) if cue.spec.lemma in lex.infinitive_verbs else None
    if xcomp is None and not _nested(t, lex):
        xcomp = _gerund(t, lex, cue.spec)
    if xcomp is not None:
        tokens = _trim(list(xcomp.subtree))
        cue.content, cue.side = _chars(tokens), "right"
        return cue
    cue.side = "quote-only"
    return cue


def _stranded_speaker(t: Token, sent: Any) -> Token | None:
    """'..., Jane Doe, a retired colonel, said.' parsed without a subject: the nearest person (else
    organisation) named between the last comma-separated chunk's start and the verb, outside quotes."""
    prev = t.doc[t.i - 1] if t.i > sent.start else None
    if prev is None or prev.text != ",":
        return None
    best = None
    for x in reversed(list(t.doc[max(sent.start, t.i - 30) : t.i])):
        if x.text in '\u201d"' or x.tag_ in ("VBD", "VBZ", "VBP", "MD"):
            break
        if (
            x.ent_type_ == "PERSON"
            and x.ent_iob_ in ("B", "I")
            and (x.i + 1 >= t.i or t.doc[x.i + 1].ent_type_ != "PERSON")
        ):
            return x
        if best is None and x.ent_type_ in ("ORG", "GPE", "NORP") and x.dep_ not in ("poss", "compound"):
            best = x
            if x.dep_ == "pobj" and x.head.dep_ == "prep" and x.head.head.tag_ in ("NN", "NNS"):
                best = x.head.head  # "a retired postman from Leeds, said": the postman, not Leeds
    return best


def _split_off_subject(t: Token, sent: Any) -> Token | None:
    """'Vireo+ also said ...' where the parser ended a sentence after the name ("+" read as its end):
    the verb opens its sentence (adverbs aside) and the sentence before it, on the same line, is
    nothing but that name."""
    if any(x.dep_ != "advmod" for x in t.doc[sent.start : t.i]) or sent.start == 0:
        return None
    prev = t.doc[sent.start - 1]
    if prev.is_space or prev.tag_ not in ("NNP", "NNPS"):
        return None
    words = [x for x in prev.sent if not x.is_space]
    if not words or words[-1].i != prev.i or not all(x.tag_ in ("NNP", "NNPS") for x in words):
        return None
    return prev


def _circumstances(head: Token, lex: Lexicon) -> set[int]:
    """A trailing participle clause of how the words were said ('..., speaking in Leeds on Monday')."""
    cut: set[int] = set()
    for x in head.subtree:
        if x.dep_ == "advcl" and x.tag_ == "VBG" and x.lower_ in lex.circumstances and x.i > head.i:
            ids = {y.i for y in x.subtree}
            if x.left_edge.i > 0 and x.doc[x.left_edge.i - 1].text == ",":
                ids.add(x.left_edge.i - 1)
            cut |= ids
    return cut


def _conceding_clauses(head: Token, lex: Lexicon) -> set[int]:
    """'believe a deal is possible, though they concede the offer is final': a trailing adverbial clause
    (opened by a word of `conceding_marks`) whose verb is an active, affirmative speech verb with a
    pronoun subject (the speaker going on) is
    that speaker's next statement, not part of this one."""
    cut: set[int] = set()
    for x in head.subtree:
        if x.dep_ != "advcl" or x.i <= head.i or x.lower_ not in lex.forms or not is_verb(x):
            continue
        mark = next((c for c in x.children if c.dep_ == "mark" and c.i < x.i), None)
        if mark is None or mark.lower_ not in lex.conceding_marks:
            continue
        subject = next((c for c in x.children if c.dep_ in SUBJECTS), None)
        if (
            subject is None
            or subject.tag_ != "PRP"
            or _negated(x, lex)
            or any(c.dep_ == "auxpass" for c in x.children)
        ):
            continue  # only the same speaker's own, active, affirmative words ("though they concede")
        ids = {y.i for y in x.subtree}
        if x.left_edge.i > 0 and x.doc[x.left_edge.i - 1].text == ",":
            ids.add(x.left_edge.i - 1)
        cut |= ids
    return cut


def coordinated_cues(head: Token, lex: Lexicon) -> set[int]:
    """Tokens of speech verbs coordinated inside a content clause ("said that A and pointed out that B"):
    B is the speaker's next statement, not part of A."""
    cut: set[int] = set()
    for x in head.subtree:
        participle = x.dep_ == "advcl" and x.tag_ == "VBG"
        if (
            (x.dep_ == "conj" or participle)
            and x.i != head.i
            and x.lower_ in lex.forms
            and not lex.forms[x.lower_].attitude
            and is_verb(x)
            and not any(c.dep_ in SUBJECTS for c in x.children)
            and (lex.forms[x.lower_].cls != "finite" or any(c.dep_ == "ccomp" for c in x.children))
            and (participle or _own_content(x, lex))
        ):
            ids = {y.i for y in x.subtree}
            cc = [c.i for c in x.head.children if c.dep_ in ("cc", "punct") and c.i < x.i]
            cut |= ids | set(cc[-1:])
    return cut


def _own_content(x: Token, lex: Lexicon) -> bool:
    """A coordinated speech verb says something of its own: a clause, an infinitive of its own
    ("and promised to cut"), an object it takes as content ("and accused X of Y"), or a quotation or
    colon after it. "it had found the breach and had reported it to the regulator" has none: one
    content, not a second statement with nothing in it."""
    spec = lex.forms[x.lower_]
    if spec.cls not in ("clause", "question") or any(c.dep_ == "ccomp" for c in x.children):
        return True
    if spec.lemma in lex.infinitive_verbs and any(c.dep_ == "xcomp" for c in x.children):
        return True
    return any(y.text in QUOTE_CHARS or y.text == ":" for y in x.subtree)


def cue_frame_end_token(t: Token, sent: Any, frame: tuple[int, int]) -> int:
    """The index of the first token after the frame (content cannot start inside the frame)."""
    for x in sent:
        if x.idx >= frame[1]:
            return x.i
    return sent.end


def _subject_infinitive(v: Token) -> bool:
    """'the first walkout to take place': a to-infinitive with a subject of its own before it."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children) and any(
        c.dep_ in ("nsubj", "nsubjpass") and c.i < v.i for c in v.children
    )


def _finite(v: Token) -> bool:
    """A finite clause; a bare verb with a subject of its own and no 'to' ('knows the rules give ...',
    the tagger's VB for a present tense) is one too."""
    return (
        v.tag_ in FINITE_TAGS
        or any(c.dep_ in ("aux", "auxpass") and c.tag_ in FINITE_TAGS for c in v.children)
        or (
            v.tag_ == "VB"
            and any(c.dep_ in SUBJECTS and c.i < v.i for c in v.children)
            and not any(c.dep_ in ("aux", "auxpass") for c in v.children)
        )
    )


def _agent(v: Token | None) -> Token | None:
    if v is None:
        return None
    for c in v.children:
        if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by"):
            return next((g for g in c.children if g.dep_ == "pobj"), None)
    return None


def _frame(
    t: Token, speaker: Token, content_heads: list[Token], sent: Any, stranded: bool = False
) -> tuple[int, int]:
    """Chars of the attribution: the subject (when next to the verb), the verb and its right adjuncts."""
    excluded: set[int] = set()
    for c in content_heads:
        excluded |= _subtree_ids(c)
    start = t
    for c in t.lefts:
        if (
            c.dep_ in ("aux", "auxpass", "neg", "advmod")
            and c.i >= t.i - 3
            and not any(x.is_punct for x in t.doc[c.i + 1 : t.i])
        ):
            start = min(start, c, key=lambda x: x.i)
    if speaker is not None and speaker.i < t.i and (speaker.head.i == t.i or stranded):
        left_edge = speaker.left_edge if speaker.head.i == t.i else _name_start(speaker)
        if left_edge.i < start.i:
            start = left_edge
    end = t
    subtree = _subtree_ids(t)
    j = t.i + 1
    doc = t.doc
    while j < sent.end and j in subtree and j not in excluded:
        x = doc[j]
        if (
            x.is_punct
            and x.text in ',;:.!?\u201c\u201d"'
            and not (speaker is not None and speaker.i > t.i and j < speaker.i)
        ):
            break
        if x.dep_ in ("conj", "cc", "advcl", "parataxis", "ccomp", "xcomp") and x.head.i == t.i:
            break
        end = x
        j += 1
    return start.idx, end.idx + len(end.text)


def _name_start(x: Token) -> Token:
    """The first token of the name (compound chain) ending at x."""
    doc = x.doc
    j = x.i
    while j > 0 and doc[j - 1].dep_ == "compound" and doc[j - 1].head.i >= x.i - 3:
        j -= 1
    return doc[j]


def _next_after_frame(sent: Any, frame: tuple[int, int]) -> Token | None:
    for x in sent:
        if x.idx >= frame[1] and not x.is_space:
            return x
    return None


def _trailing_attribution(t: Token, speaker: Token, sent: Any, frame: tuple[int, int]) -> bool:
    """'..., X said.' -- the verb attributes what precedes it in the sentence."""
    before = [x for x in sent if x.idx < frame[0] and not x.is_space]
    if not before:
        return False
    last = before[-1]
    return last.text in LEFT_END_CHARS or last.text[-1:] in LEFT_END_CHARS


def _question_content(cue: Cue, t: Token, right: list[Token], sent: Any) -> Cue | None:
    """'asked whether the minister had read the report': the question, wh-word included, when the verb
    has a subject of its own (not the circumstance 'Asked whether ..., she said ...')."""
    if not right or not any(c.dep_ in ("nsubj",) for c in t.children):
        return None
    first = cue_frame_end_token(t, sent, cue.frame)
    tokens = _trim([x for x in right[0].subtree if x.i >= first])
    if not _is_wh(tokens):
        return None
    cue.content, cue.side = _chars(tokens), "right"
    return cue


def _naming_content(cue: Cue, t: Token, lex: Lexicon) -> Cue | None:
    """'called the plan "a gamble"', 'calling it a betrayal', 'what he called a betrayal': the name
    given (the object predicate after the object), not the thing named. Inside another speech verb's
    content ("said it was a scheme which he called a vanity project") it is part of that statement."""
    children = list(t.children)
    if not any(c.dep_ == "dobj" for c in children):
        return None
    oprd = next((c for c in children if c.dep_ == "oprd" and c.i > t.i), None) or _quoted_apposition(children)
    if oprd is None or not oprd.tag_.startswith(("NN", "JJ", "VB", "CD")):
        return None
    if t.dep_ != "advcl" and any(a.lower_ in lex.forms and is_verb(a) for a in t.ancestors):
        return None
    tokens = _trim(list(oprd.subtree))
    if not tokens:
        return None
    cue.content, cue.side = _chars(tokens), "object"
    return cue


def _quoted_apposition(children: list[Token]) -> Token | None:
    """'called the freeze "economic vandalism"' parsed with the name as the object's apposition: an
    apposition that opens with a quotation mark right after the object is the name given."""
    dobj = next((c for c in children if c.dep_ == "dobj"), None)
    if dobj is None:
        return None
    for c in dobj.children:
        if c.dep_ != "appos" or c.i < dobj.i:
            continue
        first = c.left_edge
        if first.tag_ == "``" or (first.i > dobj.i + 1 and first.doc[first.i - 1].tag_ == "``"):
            return c
    return None


def _gerund_content(cue: Cue, t: Token, spec: VerbSpec, children: list[Token], lex: Lexicon) -> bool | None:
    """'denied ignoring the consultation': sets the gerund as content (True); False when the verb sits
    inside another statement; None when there is no gerund complement."""
    gerund = _gerund(t, lex, spec)
    if gerund is None or any(c.dep_ == "dobj" for c in children):
        return None
    if _nested(t, lex):
        return False  # "said the committee had recommended selling": part of the outer statement
    cue.content, cue.side = _chars(_trim(list(gerund.subtree))), "object"
    return True


def _request_kept(t: Token, tokens: list[Token], lex: Lexicon) -> bool:
    """A request ('urged X to Y', 'called for Y') is a statement when requests are (data switch) or
    when it quotes words; never with one or two words ('urged caution')."""
    if len([x for x in tokens if not x.is_punct]) < lex.request_min_words:
        return False
    return lex.requests_are_statements or any(x.text in QUOTE_CHARS for x in tokens)


def _object_content(cue: Cue, t: Token, spec: VerbSpec, children: list[Token], lex: Lexicon) -> Cue | None:
    request = spec.lemma in lex.requests and t.tag_ != "VBG"
    if request and _nested(t, lex):
        return None  # "said they would urge members to act": part of the outer statement
    gerund = _gerund_content(cue, t, spec, children, lex)
    if gerund is not None:
        return cue if gerund else None
    right = [
        c
        for c in children
        if c.i > t.i
        and (
            c.dep_ in ("dobj", "prep", "xcomp", "ccomp", "oprd", "dative", "attr")
            or (c.dep_ == "advcl" and spec.particle and c.left_edge.i == t.i + 1)
        )
    ]
    dobj = next((c for c in children if c.dep_ == "dobj"), None)
    if spec.requires_prep:
        holders = children + (list(dobj.children) if dobj is not None else [])
        if not any(c.dep_ == "prep" and c.lower_ == spec.requires_prep for c in holders):
            return None
    if not right:
        return None
    if spec.cls == "both":
        if dobj is None:
            return None
        sub = list(dobj.subtree)
        claim = dobj.lower_ in lex.claim_nouns
        clausal = any(is_verb(x) and x.dep_ in ("xcomp", "acl", "ccomp") and x.tag_ != "VBN" for x in sub[1:])
        if not (claim or clausal):
            return None
        if any(c.dep_ in ("advcl", "conj") and c.lower_ in lexicon().forms for c in children):
            return None  # "dismissed the offer, saying ...": the participle carries the statement
        if cue.head_cue is not None and cue.token.tag_ == "VBG":
            return None  # "..., rejecting a proposal": commentary on the main statement
    start_tok = min((x for c in right for x in c.subtree), key=lambda x: x.i)
    end_tok = max((x for c in right for x in c.subtree), key=lambda x: x.i)
    cut = coordinated_cues(t, lex)
    tokens = [x for x in t.doc[start_tok.i : end_tok.i + 1] if x.i not in cut]
    colon = next((x.i for x in tokens if x.text == ":"), None)
    tokens = _trim([x for x in tokens if colon is None or x.i < colon])  # ': "..."' is its own quote
    if spec.particle and tokens and tokens[0].lower_ == spec.particle and tokens[0].i == t.i + 1:
        tokens = tokens[1:]  # "called on the government to act": what follows the particle
    if not tokens or (request and not _request_kept(t, tokens, lex)):
        return None  # "urged both sides to return to talks": an action reported, not words
    cue.content, cue.side = _chars(tokens), "object"
    cue.object_clause = spec.object_text == "clause"
    return cue
