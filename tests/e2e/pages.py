"""Every page of the site, found in the URLconf, for the browser checks of tests/e2e/test_every_page.py.

A page is a GET address that answers a whole HTML document. Addresses with parameters get them from
`page_arguments` (by URL name); a new page with parameters that is not listed there fails the check with
a message saying where to add it, so pages other sessions add are checked as soon as they land.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

# Not pages of the site's frame: Django's admin, the REST API and its docs, and the bare endpoints.
EXCLUDED_PREFIXES = ("admin/", "api/", "healthz", "favicon.ico", "login/", "logout/")


@dataclass(frozen=True)
class Route:
    name: str  # "namespace:name"
    pattern: str  # as written in the URLconf, e.g. "actors/<slug:slug>/"
    parameters: tuple[str, ...]


def _walk(patterns, prefix: str = "", namespace: str = "") -> Iterator[Route]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = ":".join(filter(None, [namespace, entry.namespace]))
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern) and entry.name:
            full = prefix + str(entry.pattern)
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield Route(name, full, tuple(entry.pattern.converters))


def routes() -> list[Route]:
    """Every named address of the site outside EXCLUDED_PREFIXES, in URLconf order."""
    return [r for r in _walk(get_resolver().url_patterns) if not r.pattern.startswith(EXCLUDED_PREFIXES)]


def page_arguments(record: dict) -> dict[str, dict]:
    """The URL arguments of every page with parameters, from the objects the test made (`record`).
    Add a line here for a new page with parameters."""
    return {
        "sources:article-detail": {"pk": record["article"].pk},
        "actors:actor-detail": {"slug": record["actor"].slug},
        "propositions:detail": {"slug": record["proposition"].slug},
        "propositions:edit": {"slug": record["proposition"].slug},
        "propositions:job": {"pk": record["resuggest_job"].pk},
        "review:edit": {"pk": record["pending"].pk},
        "review:history": {"pk": record["statement"].pk},
        "manage:outlet-edit": {"pk": record["outlet"].pk},
        "manage:feed-edit": {"pk": record["feed"].pk},
        "explore:export": {"fmt": "csv"},  # a download, not a page: found and skipped
        "watches:feed": {"token": "no-such-token"},  # an Atom document, not a page (404 without a token)
    }


def fallback_arguments(route: Route, record: dict) -> dict:
    """Arguments for an address that is not listed (a POST-only action, a fragment): something that
    resolves, so the check can ask the server whether it is a page."""
    values = {"pk": record["statement"].pk, "slug": record["actor"].slug, "mode": "text", "fmt": "csv"}
    return {name: values.get(name, "1") for name in route.parameters}
