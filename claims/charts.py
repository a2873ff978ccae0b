"""Stance-over-time charts as server-rendered SVG: no script, readable without colour, every text escaped.

One row per actor (or per proposition), one marker per approved stance at its date. The polarity is
carried by the marker's shape and sign (▲ +, ▼ −, ◆ ?, ● ○) as well as its colour, and each marker has
a <title> tooltip with the date, polarity and the exact words. The page shows a table with the same
data beside the chart for screen readers.
"""

from __future__ import annotations

from datetime import date

from django.utils.html import escape
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
ROW = 34
LABEL = 210
PAD = 16


def _marker(polarity: str, x: float, y: float) -> str:
    colour = COLOURS.get(polarity, "#374151")
    if polarity in ("supports", "asserts"):
        return f'<polygon points="{x},{y - 8} {x - 8},{y + 6} {x + 8},{y + 6}" fill="{colour}"/>'
    if polarity in ("opposes", "denies"):
        return f'<polygon points="{x},{y + 8} {x - 8},{y - 6} {x + 8},{y - 6}" fill="{colour}"/>'
    if polarity == "undecided":
        return f'<polygon points="{x},{y - 8} {x + 8},{y} {x},{y + 8} {x - 8},{y}" fill="none" stroke="{colour}" stroke-width="2"/>'
    return f'<circle cx="{x}" cy="{y}" r="6" fill="none" stroke="{colour}" stroke-width="2"/>'


def stance_timeline(positions: list[Position], *, label: str = "actor", width: int = 900) -> SafeString:
    """An SVG of every position's history; rows labelled by actor or by proposition."""
    dated = [e.when for p in positions for e in p.history if e.when]
    if not positions or not dated:
        return mark_safe("")
    first, last = min(dated), max(dated)
    span = max((last - first).days, 1)
    plot = width - LABEL - 2 * PAD
    height = ROW * len(positions) + 40

    def x_of(when: date | None) -> float:
        return round(LABEL + PAD + (plot * ((when or first) - first).days / span), 1)

    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" width="100%" '
        f'aria-label="Stances over time, {escape(first.isoformat())} to {escape(last.isoformat())}" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<line x1="{LABEL + PAD}" y1="{height - 28}" x2="{width - PAD}" y2="{height - 28}" stroke="#cbd5e1"/>',
        f'<text x="{LABEL + PAD}" y="{height - 10}" font-size="12" fill="#6b7280">{escape(first.isoformat())}</text>',
        f'<text x="{width - PAD}" y="{height - 10}" font-size="12" fill="#6b7280" text-anchor="end">'
        f"{escape(last.isoformat())}</text>",
    ]
    for row, position in enumerate(positions):
        y = 20 + row * ROW
        name = position.actor.name if label == "actor" else position.proposition.title
        if label == "actor" and position.member_of:
            name += f" ({position.member_of.name})"
        short = name if len(name) <= 30 else name[:29] + "…"
        parts.append(
            f'<text x="0" y="{y + 4}" font-size="13" fill="#1d2430"><title>{escape(name)}</title>{escape(short)}</text>'
        )
        parts.append(f'<line x1="{LABEL + PAD}" y1="{y}" x2="{width - PAD}" y2="{y}" stroke="#eef2f7"/>')
        for entry in position.history:
            x = x_of(entry.when)
            words = (
                entry.statement.text if len(entry.statement.text) <= 200 else entry.statement.text[:199] + "…"
            )
            tip = f"{entry.when or 'undated'} · {entry.polarity} · “{words}”"
            parts.append(
                f'<g class="mark {escape(entry.polarity)}"><title>{escape(tip)}</title>{_marker(entry.polarity, x, y)}</g>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every interpolated text above is escaped
