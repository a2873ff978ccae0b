"""No server error on any GET address of the web UI, whatever the query string holds.

Like the API's schemathesis run (tests/api/test_schema_fuzz.py), for the HTML side: every GET address in
the URLconf (pages, htmx fragments, exports; tests/e2e/pages.py finds them), for each role, with hostile
values (NUL and other control characters, 10,000-character strings, huge and negative numbers, bad
dates, non-UTF-8 percent-escapes, unknown slugs and ids) in every query parameter the code reads and in
the address's own parameters. Never a 500, and a streamed answer (an export) is read to its end: a
download cut off after a 200 fails here too. Bounded: a few thousand requests, well under two minutes.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.e2e.pages import fallback_arguments, page_arguments, routes
from tests.e2e.test_every_page import make_record

pytestmark = pytest.mark.django_db

# Written percent-encoded as they would arrive; the last ones are not UTF-8 once decoded.
HOSTILE = [
    "%00",
    "a%01b%1f%7f",
    "x" * 10_000,
    "9" * 30,
    "-1",
    "-99999999999999999999",
    "1e309",
    "NaN",
    "0",
    "2026-02-30",
    "99999-01-01",
    "no-such-slug-anywhere",
    "%ff%fe%80",
    "%C3%28",
    "%27%20OR%201%3D1%20--",
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    ",,,",
    "",
]
ROLES = ["analyst", "editor", "admin"]
# Read from the query string by the views, selectors and filters: harvested from the code, so a
# parameter added later is fuzzed too; the names below are ones the regular expression cannot see.
ALWAYS = ["page", "cursor", "page_size", "sort", "order", "ordering", "format", "next"]
READ = re.compile(
    r"""(?:GET|query|params)\.(?:get|getlist)\(\s*["']([a-z_]+)["']|(?:number|day)\(\s*["']([a-z_]+)["']"""
)
POSTED = re.compile(r"""POST\.(?:get|getlist)\(\s*["']([a-z_]+)["']""")
FORM_FIELD = re.compile(r"^\s+([a-z_]+) = forms\.[A-Z]", re.M)


def _sources() -> list[str]:
    return [
        path.read_text()
        for app in ("claims", "sources", "actors", "common")
        for path in (Path(settings.BASE_DIR) / app).rglob("*.py")
        if "extraction" not in path.parts and "migrations" not in path.parts
    ]


def parameter_names() -> list[str]:
    """The query parameters the code reads."""
    names = set(ALWAYS)
    for source in _sources():
        names.update(match.group(1) or match.group(2) for match in READ.finditer(source))
    return sorted(names)


def form_names() -> list[str]:
    """The fields views read from a POST and the fields of the site's forms."""
    names: set[str] = set()
    for source in _sources():
        names.update(POSTED.findall(source))
        names.update(FORM_FIELD.findall(source))
    return sorted(names)


def addresses(record: dict) -> list[str]:
    """Every GET address, with its own arguments, plus the same with unknown slugs and ids."""
    listed = page_arguments(record)
    found = []
    for route in routes():
        kwargs = listed.get(route.name) or fallback_arguments(route, record)
        found.append(reverse(route.name, kwargs=kwargs or None))
        if route.parameters:
            unknown = {
                name: ("csv" if name == "fmt" else "text" if name == "mode" else "no-such-thing")
                if not str(route.pattern).count(f"<int:{name}>")
                else 2**63
                for name in route.parameters
            }
            found.append(reverse(route.name, kwargs=unknown))
    # The export in its other format (page_arguments lists the CSV one).
    found.append(reverse("explore:export", kwargs={"fmt": "json"}))
    return sorted(set(found))


def read_whole(response) -> bytes:
    """The body, a streamed one read to its end (an exception while streaming fails the test)."""
    return b"".join(response.streaming_content) if response.streaming else response.content


def check(client: Client, url: str, problems: list[str]) -> int:
    """The status of a GET of `url`; a server error or a cut-off 200 is added to `problems`."""
    try:
        response = client.get(url)
        body = read_whole(response)
    except Exception as exc:  # the test client re-raises the view's exception: that is the 500
        problems.append(f"{url[:160]}: {type(exc).__name__}: {str(exc)[:160]}")
        return 500
    if response.status_code >= 500:
        problems.append(f"{url[:160]}: {response.status_code}")
    if response.status_code != 200:
        return response.status_code
    kind = response.get("Content-Type", "")
    if kind.startswith("application/json"):
        try:
            json.loads(body)
        except ValueError:
            problems.append(f"{url[:160]}: a 200 whose JSON does not parse (cut off?)")
    elif kind.startswith("text/csv"):
        rows = list(csv.reader(io.StringIO(body.decode())))
        if not rows or any(len(row) != len(rows[0]) for row in rows):
            problems.append(f"{url[:160]}: a 200 whose CSV has ragged rows (cut off?)")
    elif kind.startswith("text/html") and b"<html" in body[:300] and b"</html>" not in body[-200:]:
        problems.append(f"{url[:160]}: a 200 page that stops before </html>")
    return 200


def test_no_get_address_answers_a_server_error_or_a_cut_off_200(make_user):
    record = make_record()
    names = parameter_names()
    urls = addresses(record)
    assert len(urls) > 20 and {"q", "actors", "proposition", "since"} <= set(names)
    problems: list[str] = []
    for role in ROLES:
        client = Client()
        client.force_login(make_user(f"fuzz-{role}", role))
        answering = [url for url in urls if check(client, url, problems) == 200]
        # Every parameter at once with each hostile value...
        for url in answering:
            for value in HOSTILE:
                check(client, url + "?" + "&".join(f"{name}={value}" for name in names), problems)
        # ...and, as the editor sees the most, each parameter alone with values in turn.
        if role == "editor":
            for url in answering:
                for i, name in enumerate(names):
                    value = HOSTILE[(i + len(url)) % len(HOSTILE)]
                    check(client, f"{url}?{name}={value}&{quote(name)}={HOSTILE[2][:300]}", problems)
    assert not problems, f"{len(problems)} failures:\n" + "\n".join(problems[:40])


def test_no_form_answers_a_server_error_on_hostile_values(make_user):
    """Every address posted to with every field the code and its forms read holding NUL, then 10,000
    characters: refused with a message (or ignored), never a 500."""
    record = make_record()
    names = form_names()
    assert {"reason", "merge", "text", "selected"} <= set(names)
    problems: list[str] = []
    client = Client()
    client.force_login(make_user("fuzz-poster", "admin"))
    for url in addresses(record):
        for value in ["a\x00b", "x" * 10_000, "-99999999999999999999"]:
            data = {name: value for name in names}
            data["selected"] = [f"{record['pending'].pk}:1", value]
            try:
                response = client.post(url, data)
            except Exception as exc:
                problems.append(f"POST {url} ({value[:12]!r}): {type(exc).__name__}: {str(exc)[:160]}")
                continue
            if response.status_code >= 500:
                problems.append(f"POST {url} ({value[:12]!r}): {response.status_code}")
    assert not problems, f"{len(problems)} failures:\n" + "\n".join(problems[:40])
