"""Template helpers for lists of statements: markup repeated for every row, built in Python."""

from __future__ import annotations

from django import template
from django.template.defaultfilters import truncatechars
from django.utils.safestring import SafeString, mark_safe

from common.links import link
from common.markup import day, esc

register = template.Library()


@register.simple_tag
def reported_by(statement) -> SafeString:
    """The other reports of a statement's cluster (same words, other outlets), with
    `cluster__statements` prefetched: "Reported by A, B" with a link to each report, or nothing."""
    return mark_safe(_reported_by(statement) + "\n")  # noqa: S308 - every interpolated text is escaped


def _reported_by(statement) -> str:
    if not statement.cluster_id:
        return ""
    reports = statement.cluster.statements.all()
    if len(reports) <= 1:
        return ""
    links = ", ".join(
        f'<a href="{esc(link("sources:article-detail", r.article_id))}#s{esc(r.pk)}">'
        f"{esc(r.article.outlet or 'an unnamed source')}</a>"
        for r in reports
    )
    return f'<div class="muted reported-by">Reported by {links}</div>'


@register.simple_tag
def timeline_statements(statements) -> SafeString:
    """The actor page's statements (a page of 25): date, cue, the outlet it was reported by (and "via"
    whom), its status, its words and its other reports, as the template's loop wrote them."""
    return mark_safe("".join(_timeline_entry(s) for s in statements))  # noqa: S308 - escaped


def _timeline_entry(s) -> str:
    outlet = s.article.outlet
    outlet_name = outlet.name if outlet is not None else None
    via = s.via
    cue = f" · {esc(s.cue)}" if s.cue else ""
    via_other = f" · via {esc(via.name)}" if via and via.name != outlet_name else ""
    via_same = "via " if via and via.name == outlet_name else ""
    href = esc(link("sources:article-detail", s.article_id))
    return (
        f'\n      <div class="statement" id="s{esc(s.pk)}">\n'
        f'        <div class="muted">{esc(day(s.said_on, "undated"))}{cue}{via_other} ·\n'
        f'          {via_same}<a href="{href}#s{esc(s.pk)}">{esc(outlet or "article")}</a>\n'
        f'          <span class="tag {esc(s.status)}">{esc(s.get_status_display())}</span></div>\n'
        f"        <blockquote>{esc(s.text)}</blockquote>\n"
        f"        {_reported_by(s)}\n\n"
        "      </div>\n    "
    )


@register.simple_tag
def proposition_options(propositions, chosen: str) -> SafeString:
    """The timeline filter's proposition options (every active proposition), `chosen` selected."""
    return mark_safe(  # noqa: S308 - every interpolated text is escaped
        "".join(
            f'<option value="{esc(p.slug)}"{" selected" if p.slug == chosen else ""}>'
            f"{esc(truncatechars(p.title, 60))}</option>"
            for p in propositions
        )
    )


@register.simple_tag
def outlet_options(outlets, chosen: str) -> SafeString:
    """The timeline filter's outlet options (every outlet: finding those that quoted the actor would read
    all its statements), the one whose id is `chosen` selected."""
    return mark_safe(  # noqa: S308 - every interpolated text is escaped
        "".join(
            f'<option value="{esc(o.pk)}"{" selected" if str(o.pk) == chosen else ""}>{esc(o.name)}</option>'
            for o in outlets
        )
    )
