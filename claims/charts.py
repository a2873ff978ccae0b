"""Stance-over-time charts as server-rendered SVG: no script, readable without colour, every text escaped.

One row per actor (or per proposition), one marker per approved stance at its date. The polarity is
carried by the marker's shape and sign (▲ +, ▼ −, ◆ ?, ○) as well as its colour, a legend under the
plot names every marker, and each marker has a <title> tooltip with the date, polarity and the exact
words. Row labels wrap onto two lines; one still too long ends in "…" and shows in full as a tooltip.
A short date range is padded (at least MIN_SPAN_DAYS, centred), so a single date sits mid-axis
instead of on its left edge. The page shows a table with the same data beside the chart.
"""

from __future__ import annotations

import textwrap
from datetime import date, timedelta
from functools import lru_cache
from html import escape as html_escape

from django.utils.safestring import SafeString, mark_safe

from .positions import Position

COLOURS = {
    "supports": "#15803d",
    "asserts": "#15803d",
    "opposes": "#b91c1c",
    "denies": "#b91c1c",
    "undecided": "#b45309",
    "neutral": "#6b7280",
}
LEGEND = (
    ("supports", "supports / asserts"),
    ("opposes", "opposes / denies"),
    ("undecided", "undecided"),
    ("neutral", "neutral"),
)
ROW = 34  # a row of one label line; each further line adds LINE
LINE = 15
LABEL = 250
LABEL_CHARS = 32  # per line, at 13 px in LABEL px
LABEL_LINES = 3
PAD = 16
AXIS = 44  # the axis line and its date labels
LEGEND_HEIGHT = 26
MIN_SPAN_DAYS = 30
END_MARGIN = 0.04  # of the range, on each side, so marks at the ends are not cut by the frame


def escape(text: object) -> str:
    """What django.utils.html.escape gives, without its lazy-text wrapper. A page draws each stance's
    words in the chart, its table and the marks: each text is escaped once (a short memo), and a tooltip
    is escaped piece by piece (escaping is per character, so the pieces give what the whole gives)."""
    return _escaped(text) if type(text) is str else html_escape(str(text))


@lru_cache(maxsize=2048)
def _escaped(text: str) -> str:
    return html_escape(text)


def _marker(polarity: str, x: float, y: float) -> str:
    colour = COLOURS.get(polarity, "#374151")
    if polarity in ("supports", "asserts"):
        return f'<polygon points="{x},{y - 8} {x - 8},{y + 6} {x + 8},{y + 6}" fill="{colour}"/>'
    if polarity in ("opposes", "denies"):
        return f'<polygon points="{x},{y + 8} {x - 8},{y - 6} {x + 8},{y - 6}" fill="{colour}"/>'
    if polarity == "undecided":
        return f'<polygon points="{x},{y - 8} {x + 8},{y} {x},{y + 8} {x - 8},{y}" fill="none" stroke="{colour}" stroke-width="2"/>'
    return f'<circle cx="{x}" cy="{y}" r="6" fill="none" stroke="{colour}" stroke-width="2"/>'


def date_domain(dates: list[date]) -> tuple[date, date]:
    """The axis's first and last day: the data's range with a margin, widened to MIN_SPAN_DAYS around
    its middle when shorter, so one date (or a few days) sits mid-axis with readable end labels."""
    first, last = min(dates), max(dates)
    span = (last - first).days
    margin = max(round(span * END_MARGIN), 1)
    lo, hi = first - timedelta(days=margin), last + timedelta(days=margin)
    short = MIN_SPAN_DAYS - (hi - lo).days
    if short > 0:
        lo -= timedelta(days=short // 2)
        hi += timedelta(days=short - short // 2)
    return lo, hi


def _label_lines(name: str) -> tuple[list[str], bool]:
    """At most LABEL_LINES lines of the label, and whether anything was left out (then it ends in "…")."""
    lines = textwrap.wrap(name, LABEL_CHARS, break_long_words=True) or [""]
    if len(lines) <= LABEL_LINES:
        return lines, False
    last = lines[LABEL_LINES - 1][: LABEL_CHARS - 1].rstrip() + "…"
    return [*lines[: LABEL_LINES - 1], last], True


def _row_label(lines: list[str], cut: bool, name: str, y: float) -> str:
    top = y + 4 - LINE * (len(lines) - 1) / 2
    spans = "".join(
        f'<tspan x="0" y="{top + LINE * n}">{escape(line)}</tspan>' for n, line in enumerate(lines)
    )
    tip = f"<title>{escape(name)}</title>" if cut else ""
    return f'<text class="row-label" font-size="13" fill="#1d2430">{tip}{spans}</text>'


def _legend(y: float) -> str:
    parts, x = [], float(LABEL + PAD)
    for polarity, words in LEGEND:
        parts.append(f'<g class="legend-item">{_marker(polarity, x + 8, y)}')
        parts.append(
            f'<text x="{x + 22}" y="{y + 4}" font-size="12" fill="#374151">{escape(words)}</text></g>'
        )
        x += 26 + 7.2 * len(words) + 18
    return "".join(parts)


def _axis(lo: date, hi: date, y: float, width: int) -> str:
    left, right = LABEL + PAD, width - PAD
    return (
        f'<line x1="{left}" y1="{y}" x2="{right}" y2="{y}" stroke="#94a3b8"/>'
        f'<text x="{left}" y="{y + 18}" font-size="12" fill="#4b5563">{escape(lo.isoformat())}</text>'
        f'<text x="{right}" y="{y + 18}" font-size="12" fill="#4b5563" text-anchor="end">{escape(hi.isoformat())}</text>'
    )


def _row_name(position: Position, label: str) -> str:
    if label != "actor":
        return position.proposition.title
    name = position.actor.name
    return f"{name} ({position.member_of.name})" if position.member_of else name


def stance_timeline(positions: list[Position], *, label: str = "actor", width: int = 900) -> SafeString:
    """An SVG of every position's history; rows labelled by actor or by proposition."""
    dated = [e.when for p in positions for e in p.history if e.when]
    if not positions or not dated:
        return mark_safe("")
    lo, hi = date_domain(dated)
    span = (hi - lo).days
    plot = width - LABEL - 2 * PAD
    labels = [_label_lines(_row_name(p, label)) for p in positions]
    heights = [ROW + LINE * (len(lines) - 1) for lines, _ in labels]
    middles = [sum(heights[:n]) + h / 2 for n, h in enumerate(heights)]
    axis_y = sum(heights) + 8
    height = round(axis_y + AXIS + LEGEND_HEIGHT)

    def x_of(when: date | None) -> float:
        return round(LABEL + PAD + plot * ((when or lo) - lo).days / span, 1)

    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
        f'aria-label="Stances over time, {escape(min(dated).isoformat())} to {escape(max(dated).isoformat())}" '
        'xmlns="http://www.w3.org/2000/svg">',
        _axis(lo, hi, axis_y, width),
    ]
    for position, (lines, cut), y in zip(positions, labels, middles, strict=True):
        parts.append(_row_label(lines, cut, _row_name(position, label), y))
        parts.append(f'<line x1="{LABEL + PAD}" y1="{y}" x2="{width - PAD}" y2="{y}" stroke="#e5e7eb"/>')
        for entry in position.history:
            words = (
                entry.statement.text if len(entry.statement.text) <= 200 else entry.statement.text[:199] + "…"
            )
            polarity = escape(entry.polarity)
            tip = f"{escape(str(entry.when or 'undated'))} · {polarity} · “{escape(words)}”"
            parts.append(
                f'<g class="mark {polarity}"><title>{tip}</title>'
                f"{_marker(entry.polarity, x_of(entry.when), y)}</g>"
            )
    parts.append(_legend(height - LEGEND_HEIGHT / 2))
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every interpolated text above is escaped


def shorten(text: str, limit: int) -> str:
    """`text` cut to `limit` characters with "…" (as the template filter truncatechars does)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def chart_table(positions: list[Position], *, label: str = "actor") -> SafeString:
    """The chart's data as a table (for screen readers and exact dates), one row per stance drawn.
    Built here rather than in a template: a page draws up to 40 positions of 10 stances, and 400 template
    rows with their filters cost more than the rest of the page."""
    head = "Proposition" if label == "proposition" else "Actor"
    rows = []
    for position in positions:
        name = escape(position.proposition.title if label == "proposition" else position.actor.name)
        for entry in position.history:
            rows.append(
                f"<tr><td>{name}</td><td>{entry.when.isoformat() if entry.when else 'undated'}</td>"
                f"<td>{escape(entry.polarity)}</td><td>{escape(shorten(entry.statement.text, 160))}</td></tr>"
            )
    return mark_safe(  # noqa: S308 - every interpolated text above is escaped
        '<details><summary>The same as a table</summary>\n<table class="chart-table">\n'
        f"  <thead><tr><th>{head}</th><th>Date</th><th>Stance</th><th>Words</th></tr></thead>\n"
        f"  <tbody>{''.join(rows)}</tbody>\n</table></details>"
    )


def history_marks(position: Position) -> SafeString:
    """A position's stances as a row of polarity symbols, each with its date and words as a tooltip (the
    actor page's positions table), built once in Python instead of ten template loops per row."""
    marks = []
    for entry in position.history:
        when = entry.when.isoformat() if entry.when else "undated"
        polarity = escape(entry.polarity)
        tip = f"{escape(when)}: {polarity} — {escape(shorten(entry.statement.text, 120))}"
        marks.append(f'<span class="polarity {polarity}" title="{tip}">{escape(entry.symbol)}</span>')
    return mark_safe("".join(marks))  # noqa: S308 - every interpolated text above is escaped
