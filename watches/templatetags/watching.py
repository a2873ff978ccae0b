"""{% watch_button actor=… proposition=… %}: watch or stop watching from any page (htmx, or a plain form)."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from common.links import path
from common.markup import esc

from ..models import Watch

register = template.Library()


def _watched(request) -> dict[tuple[int | None, int | None], Watch]:
    """The user's watches by (actor id, proposition id), read once per request however many buttons."""
    cached = getattr(request, "_watches_by_subject", None)
    if cached is None:
        cached = {(w.actor_id, w.proposition_id): w for w in Watch.objects.filter(user=request.user)}
        request._watches_by_subject = cached
    return cached


@register.simple_tag(takes_context=True)
def watch_button(context, actor=None, proposition=None, label: str = "") -> SafeString:
    """The button's form, built in Python: the actor page draws one per position (a template per button
    was a tenth of that page's time)."""
    request = context["request"]
    key = (actor.pk if actor else None, proposition.pk if proposition else None)
    watch = _watched(request).get(key) if request.user.is_authenticated else None
    if not label:
        label = "this position" if actor and proposition else "this actor" if actor else "this proposition"
    return button_markup(
        watch=watch,
        actor=actor,
        proposition=proposition,
        label=label,
        csrf_token=context.get("csrf_token"),
        next_url=request.get_full_path(),
    )


def button_markup(*, watch, actor, proposition, label: str, csrf_token, next_url: str) -> SafeString:
    """The watch (or stop watching) form for an actor, a proposition or both."""
    action = esc(path("watches:button"))
    label = esc(label)
    if watch:
        kinds = ", ".join(esc(kind) for kind in watch.kinds)
        state = (
            '\n  <input type="hidden" name="action" value="unwatch">\n'
            '  <button type="submit" class="secondary small" aria-pressed="true" '
            f'title="You are told of: {kinds}. Click to stop.">★ Watching {label}</button>\n  '
        )
    else:
        state = (
            '\n  <input type="hidden" name="action" value="watch">\n'
            f'  <button type="submit" class="secondary small" aria-pressed="false">☆ Watch {label}</button>\n  '
        )
    actor_input = f'<input type="hidden" name="actor" value="{esc(actor.pk)}">' if actor else ""
    proposition_input = (
        f'<input type="hidden" name="proposition" value="{esc(proposition.pk)}">' if proposition else ""
    )
    button_id = (
        f"watch-{(actor.pk if actor else None) or 'x'}-{(proposition.pk if proposition else None) or 'x'}"
    )
    return mark_safe(  # noqa: S308 - every interpolated text is escaped
        f'<form class="watch-button inline" id="{esc(button_id)}" method="post" action="{action}"\n'
        f'      hx-post="{action}" hx-target="this" hx-swap="outerHTML">\n'
        f'  <input type="hidden" name="csrfmiddlewaretoken" value="{esc(csrf_token)}">\n'
        f"  {actor_input}\n"
        f"  {proposition_input}\n"
        f'  <input type="hidden" name="next" value="{esc(next_url)}">\n'
        f'  <input type="hidden" name="label" value="{label}">\n'
        f"  {state}\n"
        "</form>\n"
    )
