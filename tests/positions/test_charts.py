"""Stance charts: a short date range is padded so marks do not sit on an edge, labels are shown in
full (or in full as a tooltip), and the legend names every marker's colour and shape."""

from __future__ import annotations

import re
from datetime import date
from types import SimpleNamespace

from claims.charts import COLOURS, LEGEND, date_domain, stance_timeline
from claims.positions import Entry, Position


def _position(title: str, *entries: tuple[str, date]) -> Position:
    actor = SimpleNamespace(name="Ada Port", slug="ada-port")
    proposition = SimpleNamespace(title=title, slug="p")
    history = [Entry(polarity, when, SimpleNamespace(text="the words")) for polarity, when in entries]
    position = Position(actor, proposition, history)
    return position


def _mark_xs(svg: str) -> list[float]:
    marks = re.findall(
        r'<g class="mark [a-z]+"><title>[^<]*</title><(?:polygon points|circle cx)="([\d.]+)', svg
    )
    return [float(x.split(",")[0]) for x in marks]


def test_a_single_date_sits_in_the_middle_of_a_padded_axis():
    lo, hi = date_domain([date(2019, 9, 26)])
    assert lo < date(2019, 9, 26) < hi
    assert (hi - lo).days >= 30
    svg = stance_timeline([_position("A bridge toll", ("supports", date(2019, 9, 26)))], label="proposition")
    assert "2019-09-26 → 2019-09-26" not in svg
    assert lo.isoformat() in svg and hi.isoformat() in svg
    (x,) = _mark_xs(svg)
    left, right = 250 + 16, 900 - 16
    assert abs(x - (left + right) / 2) < 20


def test_marks_at_the_ends_of_a_long_range_stay_off_the_frame():
    svg = stance_timeline(
        [_position("A toll", ("supports", date(2019, 1, 1)), ("opposes", date(2021, 1, 1)))],
        label="proposition",
    )
    xs = _mark_xs(svg)
    assert min(xs) > 250 + 16 and max(xs) < 900 - 16


def test_long_labels_wrap_and_a_cut_one_is_a_tooltip_in_full():
    medium = "Russia's proposed moratorium on deploying intermediate-range missiles"  # fits in three lines
    long = "A proposition whose title goes on and on, far past what three lines of the label column can hold"
    svg = stance_timeline(
        [_position(medium, ("supports", date(2020, 1, 1))), _position(long, ("opposes", date(2020, 2, 1)))],
        label="proposition",
    )
    shown = " ".join(re.findall(r"<tspan[^>]*>([^<]*)</tspan>", svg))
    assert "Russia&#x27;s proposed moratorium on deploying intermediate-range missiles" in shown
    assert f"<title>{long}</title>" in svg
    assert "…" in shown


def test_the_legend_names_every_colour_used():
    svg = stance_timeline(
        [_position("T", ("supports", date(2020, 1, 1)), ("undecided", date(2020, 3, 1)))], label="proposition"
    )
    legend = svg[svg.index('<g class="legend-item">') :]
    for polarity, words in LEGEND:
        assert words in legend
        assert COLOURS[polarity] in legend
    assert set(COLOURS.values()) <= set(re.findall(r"#[0-9a-f]{6}", legend))


def test_label_text_is_escaped():
    svg = stance_timeline(
        [_position("<script>x</script>", ("supports", date(2020, 1, 1)))], label="proposition"
    )
    assert "<script>" not in svg
