"""Template helpers of the review card."""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

register = template.Library()

ROLE_LABELS = {
    "topic": "topic",
    "anaphor": "refers to it",
    "polarity": "stance words",
    "negation": "negation",
    "condition": "condition",
    "context": "context",
}


@register.simple_tag
def evidence_runs(runs) -> SafeString:
    """Runs of text, the evidence words wrapped in a span per role (styled apart, named for screen readers)."""
    return format_html_join("", "{}", ((_run(run),) for run in runs))


def _run(run) -> SafeString:
    if not run.roles:
        return format_html("{}", run.text)
    labels = ", ".join(ROLE_LABELS.get(role, role) for role in run.roles)
    classes = " ".join(f"ev-{role}" for role in run.roles)
    return format_html(
        '<span class="ev {}" title="{}">{}<span class="sr-only"> ({})</span></span>',
        classes,
        labels,
        run.text,
        labels,
    )


@register.filter
def role_label(role: str) -> str:
    return ROLE_LABELS.get(role, role)
