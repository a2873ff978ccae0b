"""The header's navigation: `{% current 'app:page' %}` marks the link of the section the user is in."""

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def current(context: template.Context, url_name: str) -> SafeString | str:
    """` aria-current="page"` when the request's path is that page or below it (the home page: only itself)."""
    request = context.get("request")
    try:
        target = reverse(url_name)
    except NoReverseMatch:
        return ""
    path = getattr(request, "path", "")
    inside = path == target if target == "/" else path.startswith(target)
    return mark_safe(' aria-current="page"') if inside else ""
