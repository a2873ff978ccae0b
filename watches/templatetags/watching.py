"""{% watch_button actor=… proposition=… %}: watch or stop watching from any page (htmx, or a plain form)."""

from __future__ import annotations

from django import template

from ..models import Watch

register = template.Library()


def _watched(request) -> dict[tuple[int | None, int | None], Watch]:
    """The user's watches by (actor id, proposition id), read once per request however many buttons."""
    cached = getattr(request, "_watches_by_subject", None)
    if cached is None:
        cached = {(w.actor_id, w.proposition_id): w for w in Watch.objects.filter(user=request.user)}
        request._watches_by_subject = cached
    return cached


@register.inclusion_tag("watches/_watch_button.html", takes_context=True)
def watch_button(context, actor=None, proposition=None, label: str = "") -> dict:
    request = context["request"]
    key = (actor.pk if actor else None, proposition.pk if proposition else None)
    watch = _watched(request).get(key) if request.user.is_authenticated else None
    if not label:
        label = "this position" if actor and proposition else "this actor" if actor else "this proposition"
    return {
        "watch": watch,
        "actor": actor,
        "proposition": proposition,
        "label": label,
        "csrf_token": context.get("csrf_token"),
        "next": request.get_full_path(),
        "button_id": f"watch-{key[0] or 'x'}-{key[1] or 'x'}",
    }
