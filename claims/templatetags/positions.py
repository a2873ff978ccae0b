"""Template helpers of the position pages: markup repeated for hundreds of rows, built in Python."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from common.links import link as link_to

from ..charts import shorten

register = template.Library()


@register.simple_tag
def position_entry(entry) -> SafeString:
    """A position's stance: its polarity symbol, the words (cut at 220 characters), date and source link.
    A proposition page shows up to 210 of these; as an included template they cost a third of the page."""
    statement = entry.statement
    outlet = getattr(statement, "outlet", None) or getattr(
        getattr(statement, "article", None), "outlet", None
    )
    when = entry.when.isoformat() if entry.when else "undated"
    link = link_to("sources:article-detail", statement.article_id) if statement.article_id else ""
    return format_html(
        '<span class="polarity {}" title="{}">{}</span>\n“{}”\n<span class="muted">{} · <a href="{}#s{}">{}</a></span>',
        entry.polarity,
        entry.polarity,
        entry.symbol,
        shorten(statement.text, 220),
        when,
        link,
        statement.pk,
        outlet or "source",
    )
