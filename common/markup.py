"""Small pieces of HTML for rows a page repeats hundreds of times, built in Python.

A template loop pays for each variable's lookup, each filter and each tag per row, and Django's
`format_html`/`escape` go through `keep_lazy` wrappers on every argument: on the proposition and actor
pages that was most of the pages' time. These helpers give the same text the template gave.
"""

from __future__ import annotations

from datetime import date, datetime
from html import escape as _escape

from django.template.defaultfilters import date as date_filter
from django.utils.timezone import template_localtime  # type: ignore[attr-defined]  # not in the stubs


def esc(value: object) -> str:
    """`value` as `{{ value }}` writes it: escaped unless already safe markup (conditional_escape)."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return _escape(str(value))


def day(value: date | datetime | None, default: str) -> str:
    """`{{ value|date:"Y-m-d"|default:default }}`: a date's ISO day, a datetime's in the current time
    zone (as the filter converts it), `default` for none."""
    if value is None:
        return default
    if type(value) is date:
        return value.isoformat()
    return date_filter(template_localtime(value), "Y-m-d") or default
