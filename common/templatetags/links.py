"""{% link 'actors:actor-detail' actor.slug %}: `common.links.link` in templates, for repeated rows."""

from __future__ import annotations

from django import template

from common.links import link as build

register = template.Library()


@register.simple_tag
def link(name: str, arg: int | str) -> str:
    return build(name, arg)
