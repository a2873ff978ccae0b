"""Dates: the publication date from a dateline, and statement dates from expressions like "on Friday".

Relative expressions resolve against the publication date: a weekday is the most recent such day on or
before it, "last month" is the previous calendar month (month precision), and so on.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for name in names
}
WEEKDAYS = {
    d: i for i, d in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))
}
NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "a": 1,
}

_MONTH = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY = r"(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"

# Statement-date expressions, most specific first. Each names the groups it needs.
_EXPRESSIONS = [
    ("month_day", rf"\b(?:on\s+)?(?:{_WEEKDAY},?\s+)?{_MONTH}\s+{_DAY}\b(?:,?\s+{_YEAR})?"),
    (
        "day_month",
        rf"\b(?:on\s+)?(?:{_WEEKDAY},?\s+)?(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}\b(?:,?\s+{_YEAR})?",
    ),
    ("month_year", rf"\b(?:in\s+|during\s+|since\s+)?(?:early\s+|mid-?|late\s+)?{_MONTH}\s+{_YEAR}\b"),
    (
        "weekday",
        rf"\b(?:(?P<rel>last|this|on|earlier on|late on|early on)\s+)?{_WEEKDAY}(?:\s+(?:morning|afternoon|evening|night))?\b",
    ),
    ("named_day", r"\b(?P<named>yesterday|today|tonight|this (?:morning|afternoon|evening))\b"),
    ("days_ago", r"\b(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten|a) days? ago\b"),
    (
        "rel_period",
        r"\b(?P<which>last|this|earlier this|later this|past|previous) (?P<period>week|month|year)\b",
    ),
    (
        "month_only",
        rf"\b(?:in|on|during|since|earlier in|late in|early in)\s+(?:early\s+|mid-?|late\s+)?{_MONTH}(?![\w-])",
    ),
    ("year_only", rf"\b(?:in|during)\s+{_YEAR}\b"),
]
_DATE_RE = re.compile(
    "|".join(f"(?P<{name}>{pattern.replace('(?P<', f'(?P<{name}_')})" for name, pattern in _EXPRESSIONS),
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DateMention:
    """A date expression found in the text, resolved when possible."""

    start: int
    end: int
    text: str
    value: date | None
    precision: str  # day | month | year | unknown


def _group(m: re.Match[str], kind: str, name: str) -> str | None:
    return m.groupdict().get(f"{kind}_{name}")


def _month_before(published: date, month: int) -> int:
    """The year of `month` at or before the publication month."""
    return published.year if month <= published.month else published.year - 1


Groups = Callable[[str], str]  # a named group of the matched expression ("" when absent)
Resolved = tuple[date | None, str]  # value, precision


def _month_of(g: Groups) -> int:
    return MONTHS[g("month").lower().rstrip(".")]


def _calendar_day(g: Groups, published: date | None) -> Resolved:
    """'on September 26', '26 September 2019': a year-less date is the latest one not a week ahead."""
    month, day = _month_of(g), int(g("day"))
    year = int(g("year")) if g("year") else None
    if year is None:
        if published is None:
            return None, "unknown"
        year = published.year
        try:
            if date(year, month, day) > published + timedelta(days=7):
                year -= 1
        except ValueError:
            return None, "unknown"
    try:
        return date(year, month, day), "day"
    except ValueError:
        return None, "unknown"


def _month_year(g: Groups, published: date | None) -> Resolved:
    return date(int(g("year")), _month_of(g), 1), "month"


def _year_only(g: Groups, published: date | None) -> Resolved:
    return date(int(g("year")), 1, 1), "year"


def _weekday(g: Groups, published: date) -> Resolved:
    """'on Friday': the most recent such day on or before publication ('last Friday': before it)."""
    back = (published.weekday() - WEEKDAYS[g("weekday").lower()]) % 7
    if g("rel").lower() == "last" and back == 0:
        back = 7
    return published - timedelta(days=back), "day"


def _named_day(g: Groups, published: date) -> Resolved:
    return (published - timedelta(days=1) if g("named").lower() == "yesterday" else published), "day"


def _days_ago(g: Groups, published: date) -> Resolved:
    n = g("n").lower()
    return published - timedelta(days=int(n) if n.isdigit() else NUMBER_WORDS[n]), "day"


def _relative_period(g: Groups, published: date) -> Resolved:
    """'last month', 'this year', 'past week' (a week is given the month of its middle day)."""
    which, period = g("which").lower(), g("period").lower()
    back = which in ("last", "past", "previous")
    if period == "year":
        return date(published.year - back, 1, 1), "year"
    if period == "month":
        if not back:
            return published.replace(day=1), "month"
        first = published.replace(day=1) - timedelta(days=1)
        return first.replace(day=1), "month"
    middle = published - timedelta(days=7 if back else 0)
    return middle.replace(day=1), "month"


def _month_only(g: Groups, published: date) -> Resolved:
    month = _month_of(g)
    return date(_month_before(published, month), month, 1), "month"


# Expressions that carry their own year (or guess it) and those relative to the publication date.
_ABSOLUTE: dict[str, Callable[[Groups, date | None], Resolved]] = {
    "month_day": _calendar_day,
    "day_month": _calendar_day,
    "month_year": _month_year,
    "year_only": _year_only,
}
_RELATIVE: dict[str, Callable[[Groups, date], Resolved]] = {
    "weekday": _weekday,
    "named_day": _named_day,
    "days_ago": _days_ago,
    "rel_period": _relative_period,
    "month_only": _month_only,
}


def _resolve(m: re.Match[str], published: date | None) -> Resolved:
    kind = m.lastgroup or ""

    def g(name: str) -> str:
        return _group(m, kind, name) or ""

    if kind in _ABSOLUTE:
        return _ABSOLUTE[kind](g, published)
    if published is None or kind not in _RELATIVE:
        return None, "unknown"
    return _RELATIVE[kind](g, published)


# Every date expression holds one of these words; the full expression is tried only near them, since
# running the alternation at every position of an article cost more than the rest of the date stage.
def _capitalised(names: Iterable[str]) -> str:
    """'May' and 'MAY', never the verb 'may': calendar names count only capitalised (see _dates_in)."""
    return "|".join(f"{n[0].upper()}(?i:{n[1:]})" for n in sorted(names, key=len, reverse=True))


_ANCHOR_RE = re.compile(
    rf"\b(?:(?:{_capitalised([*MONTHS, 'sept', *WEEKDAYS])})\b|(?i:yesterday|today|tonight|morning|afternoon"
    r"|evening|ago|week|month|year)\b|(?:19|20)\d\d\b)"
)
_BEFORE_ANCHOR = (
    30  # longest lead-in before an expression's first calendar word ("earlier in early ", "three days ")
)
_AFTER_ANCHOR = 16  # longest tail after its last one (" 26th" after "September")


def _windows(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Merged stretches of text[start:end] around anchor words, each ending at a word boundary."""
    lo = hi = -1
    for m in _ANCHOR_RE.finditer(text, start, end):
        w_lo, w_hi = max(start, m.start() - _BEFORE_ANCHOR), min(end, m.end() + _AFTER_ANCHOR)
        while w_hi < end and text[w_hi].isalnum():
            w_hi += 1
        if w_lo > hi:
            if hi >= 0:
                yield lo, hi
            lo = w_lo
        hi = max(hi, w_hi)
    if hi >= 0:
        yield lo, hi


def find_dates(
    text: str, published: date | None, start: int = 0, end: int | None = None
) -> list[DateMention]:
    """Date expressions in text[start:end], resolved against `published`."""
    end = len(text) if end is None else end
    return [d for lo, hi in _windows(text, start, end) for d in _dates_in(text, published, lo, hi)]


def _dates_in(text: str, published: date | None, start: int, end: int) -> list[DateMention]:
    found = []
    for m in _DATE_RE.finditer(text, start, end):
        kind = m.lastgroup or ""
        names = [_group(m, kind, "month"), _group(m, kind, "weekday")]
        if any(name and not name[0].isupper() for name in names):
            continue  # "may" the verb, "march" the noun: calendar names are capitalised in English
        value, precision = _resolve(m, published)
        found.append(DateMention(m.start(), m.end(), m.group(0), value, precision))
    return found


# ---- the publication date written in the text ----------------------------------------------------------
_DATELINE = re.compile(
    rf"^(?P<place>[A-Z][A-Za-z .'\-]{{1,40}}?),?\s+{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?\s*[.,]?\s*(?:/[A-Z][A-Za-z]{{1,}}/|\([A-Za-z .]{{2,30}}\)|[-\u2013\u2014])(?:\s*[-\u2013\u2014.](?=\s))?",
    re.IGNORECASE | re.MULTILINE,
)
_STAMP = re.compile(
    rf"^(?:(?:published|updated|posted|last updated)\s*:?\s*)?(?:(?:{_WEEKDAY}),?\s+)?(?:{_DAY}\s+{_MONTH}|{_MONTH.replace('month', 'month2')}\s+(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?),?\s+{_YEAR}\b",
    re.IGNORECASE | re.MULTILINE,
)
_ISO = re.compile(
    r"^(?:(?:published|updated|posted)\s*:?\s*)?(?P<year>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b",
    re.IGNORECASE | re.MULTILINE,
)
_ANY_YEAR = re.compile(r"\b(?:19[5-9]\d|20\d\d)\b")


@dataclass(frozen=True)
class Dateline:
    value: date
    source: str  # "dateline" (place + date) | "text" (a date stamp)
    start: int
    end: int


def _plausible_year(text: str, month: int, day: int, today: date) -> int:
    """For a year-less dateline: the latest year the text mentions (not in the future), else this year."""
    years = [int(y) for y in _ANY_YEAR.findall(text) if int(y) <= today.year]
    year = max(years) if years else today.year
    try:
        if date(year, month, day) > today:
            year -= 1
    except ValueError:
        pass
    return year


def find_publication_date(
    text: str, published: date | None = None, *, head: int = 3000, today: date | None = None
) -> Dateline | None:
    """A dateline ("BRUSSELS, September 25. /AGENCY/", "LISBON, May 16 (Wire) -") or a date stamp
    ("26 Sep, 2019 18:03") near the top. Year-less datelines take the year of `published`, else the most
    plausible one."""
    today = today or date.today()
    top = text[:head]
    m = _DATELINE.search(top)
    if m:
        month, day = MONTHS[m.group("month").lower().rstrip(".")], int(m.group("day"))
        year = (
            int(m.group("year"))
            if m.group("year")
            else (published.year if published else _plausible_year(text, month, day, today))
        )
        try:
            return Dateline(date(year, month, day), "dateline", m.start(), m.end())
        except ValueError:
            pass
    m = _STAMP.search(top)
    if m:
        month_name = m.group("month") or m.group("month2")
        day = int(m.group("day") or m.group("day2"))
        try:
            return Dateline(
                date(int(m.group("year")), MONTHS[month_name.lower().rstrip(".")], day),
                "text",
                m.start(),
                m.end(),
            )
        except ValueError:
            pass
    m = _ISO.search(top)
    if m:
        try:
            return Dateline(
                date(int(m.group("year")), int(m.group("m")), int(m.group("d"))), "text", m.start(), m.end()
            )
        except ValueError:
            pass
    return None
