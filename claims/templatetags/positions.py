"""Template helpers of the position pages: markup repeated for hundreds of rows, built in Python."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from common.links import link as link_to
from common.markup import day, esc
from watches.templatetags.watching import watch_button

from ..charts import shorten

register = template.Library()


@register.simple_tag
def position_entry(entry) -> SafeString:
    """A position's stance: its polarity symbol, the words (cut at 220 characters), date and source link.
    A proposition page shows up to 210 of these; as an included template they cost a third of the page."""
    return mark_safe(_entry(entry))  # noqa: S308 - every interpolated text is escaped


def _entry(entry) -> str:
    statement = entry.statement
    outlet = getattr(statement, "outlet", None) or getattr(
        getattr(statement, "article", None), "outlet", None
    )
    when = entry.when.isoformat() if entry.when else "undated"
    link = link_to("sources:article-detail", statement.article_id) if statement.article_id else ""
    polarity = esc(entry.polarity)
    return (
        f'<span class="polarity {polarity}" title="{polarity}">{esc(entry.symbol)}</span>\n'
        f"“{esc(shorten(statement.text, 220))}”\n"
        f'<span class="muted">{esc(when)} · <a href="{esc(link)}#s{esc(statement.pk)}">'
        f"{esc(outlet or 'source')}</a></span>"
    )


@register.simple_tag
def side_positions(column) -> SafeString:
    """A proposition page's column of positions (up to 30 a side, six sides): each actor with its link,
    its organisation and its latest stance, as the template's loop wrote them."""
    parts = []
    for position in column:
        organisation = position.member_of
        member = (
            '<span class="tag" title="shown with the organisation it speaks for">member of '
            f"{esc(organisation.name)}</span>"
            if organisation
            else ""
        )
        href = link_to("actors:actor-detail", position.actor.slug)
        parts.append(
            f'\n      <div class="position{" member" if organisation else ""}">\n'
            f'        <a href="{esc(href)}"><strong>{esc(position.actor.name)}</strong></a>\n'
            f"        {member}\n"
            f"        <div>{_entry(position.latest)}</div>\n"
            "      </div>\n    "
        )
    return mark_safe("".join(parts))  # noqa: S308 - every interpolated text is escaped


@register.simple_tag
def contradiction_pairs(pairs) -> SafeString:
    """The proposition page's contradictions (up to 30 pairs): each side's actor, polarity and stance."""
    parts = []
    for a, b in pairs:
        parts.append(
            '\n<div class="contradiction">\n'
            f"  <div><strong>{esc(a.actor.name)}</strong> {esc(a.polarity)}: {_entry(a.latest)}</div>\n"
            f"  <div><strong>{esc(b.actor.name)}</strong> {esc(b.polarity)}: {_entry(b.latest)}</div>\n"
            "</div>\n"
        )
    return mark_safe("".join(parts))  # noqa: S308 - every interpolated text is escaped


@register.simple_tag
def change_items(changes) -> SafeString:
    """Position changes as list items: who, from what to what, and when (dates as ISO days, "?" unknown)."""
    return mark_safe(  # noqa: S308 - every interpolated text is escaped
        "".join(
            f"<li><strong>{esc(c.actor.name)}</strong>: {esc(c.before.polarity)} → {esc(c.after.polarity)} "
            f'<span class="muted">({esc(day(c.before.when, "?"))} → {esc(day(c.after.when, "?"))})</span></li>'
            for c in changes
        )
    )


@register.simple_tag(takes_context=True)
def actor_position_rows(context, rows, actor) -> SafeString:
    """The actor page's positions table body: each proposition with the current polarity and since when,
    the latest stances as marks (`rows`: (position, marks) pairs) and a watch button for the position."""
    parts = []
    for position, marks in rows:
        proposition = position.proposition
        earlier = (
            '<span class="muted small" title="older stances are on the statements below">'
            f"{esc(position.earlier)} earlier · </span>"
            if position.earlier
            else ""
        )
        polarity = esc(position.polarity)
        button = watch_button(context, actor=actor, proposition=proposition, label="this position")
        parts.append(
            "\n    <tr>\n"
            f'      <td><a href="{esc(link_to("propositions:detail", proposition.slug))}">'
            f"{esc(proposition.title)}</a></td>\n"
            f'      <td class="nowrap"><span class="polarity {polarity}">{esc(position.latest.symbol)}</span> '
            f'{polarity} <span class="muted">since {esc(day(position.since, "?"))}</span></td>\n'
            f"      <td>{earlier}{esc(marks)}</td>\n"
            f"      <td>{button}</td>\n"
            "    </tr>\n  "
        )
    return mark_safe("".join(parts))  # noqa: S308 - every interpolated text is escaped
