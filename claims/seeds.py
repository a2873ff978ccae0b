"""Loading the seed data (articles, outlets, actors, propositions) from `seeds/`.

Everything is read and validated before anything is written, then written in one transaction, so a
broken file names itself and leaves the database as it was. Every write is an upsert: a second run
changes nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction

from actors.models import Actor, Alias
from actors.services import add_alias, upsert_actor
from sources.models import Article, Outlet
from sources.services import upsert_article_text, upsert_outlet

from .extraction import clean_text
from .services import upsert_proposition

DEFAULT_SEEDS_DIR = Path(settings.BASE_DIR) / "seeds"


class SeedError(Exception):
    """A seed file is missing, unreadable or inconsistent; the message names the file."""


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    articles: list[Article] = field(default_factory=list)

    def count(self, what: str, result) -> None:
        if result.created:
            self.created[what] = self.created.get(what, 0) + 1
        elif result.changed:
            self.updated[what] = self.updated.get(what, 0) + 1

    @property
    def changed_anything(self) -> bool:
        return bool(self.created or self.updated)

    def summary(self) -> str:
        parts = [f"{n} {what} created" for what, n in sorted(self.created.items())]
        parts += [f"{n} {what} updated" for what, n in sorted(self.updated.items())]
        return ", ".join(parts) or "nothing changed"


def _read_json(path: Path) -> dict[str, Any]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SeedError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise SeedError(f"{path}: not valid UTF-8 (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise SeedError(
            f"{path}: not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from None
    if not isinstance(data, dict):
        raise SeedError(f"{path}: expected a JSON object at the top level")
    return data


def _require(path: Path, entry: dict, key: str, where: str, kinds: type | tuple = str) -> Any:
    if not isinstance(entry, dict) or key not in entry or entry[key] in (None, ""):
        raise SeedError(f"{path}: {where} has no {key!r}")
    if not isinstance(entry[key], kinds):
        raise SeedError(f"{path}: {where}: {key!r} has the wrong type")
    return entry[key]


def _list(path: Path, data: dict, key: str) -> list:
    items = data.get(key)
    if not isinstance(items, list):
        raise SeedError(f"{path}: expected a list under {key!r}")
    return items


def _choice(path: Path, where: str, key: str, value: str, allowed: list[str]) -> str:
    if value not in allowed:
        raise SeedError(
            f"{path}: {where}: {key} {value!r} is not one of {', '.join(a or '(empty)' for a in allowed)}"
        )
    return value


def _date_source(described: str) -> str:
    described = (described or "").lower()
    if described.startswith("from text (dateline"):
        return Article.DateSource.DATELINE
    if described.startswith("from text"):
        return Article.DateSource.TEXT
    if "outlet" in described:
        return Article.DateSource.OUTLET_RECORD
    return Article.DateSource.MANUAL


def _affiliations_first(path: Path, actors: list[dict]) -> list[dict]:
    """Order actors so each one's affiliation comes before it; refuse unknown names and cycles."""
    by_name = {a["name"]: a for a in actors}
    if len(by_name) != len(actors):
        raise SeedError(f"{path}: an actor name is listed twice")
    for a in actors:
        if a["affiliation"] and a["affiliation"] not in by_name:
            raise SeedError(
                f"{path}: actor {a['name']!r}: affiliation {a['affiliation']!r} is not an actor here"
            )
    ordered: list[dict] = []
    placed: set[str] = set()
    while len(ordered) < len(actors):
        ready = [
            a
            for a in actors
            if a["name"] not in placed and (not a["affiliation"] or a["affiliation"] in placed)
        ]
        if not ready:
            raise SeedError(f"{path}: the affiliations form a cycle")
        ordered += ready
        placed.update(a["name"] for a in ready)
    return ordered


def read_seeds(seeds_dir: Path) -> dict[str, list[dict]]:
    """Parse and validate every seed file into plain dicts; raise SeedError naming the first bad file."""
    manifest_path = seeds_dir / "manifest.json"
    actors_path = seeds_dir / "actors.json"
    props_path = seeds_dir / "propositions.json"
    manifest = _read_json(manifest_path)
    actors_data = _read_json(actors_path)
    props_data = _read_json(props_path)

    outlets = []
    for i, o in enumerate(_list(manifest_path, manifest, "outlets")):
        where = f"outlet #{i + 1}"
        outlets.append(
            {
                "name": _require(manifest_path, o, "name", where),
                "domain": o.get("domain", "") or "",
                "country": o.get("country", "") or "",
                "kind": _choice(manifest_path, where, "kind", o.get("kind", "other"), Outlet.Kind.values),
            }
        )
    outlet_names = {o["name"] for o in outlets}

    articles = []
    for i, a in enumerate(_list(manifest_path, manifest, "articles")):
        filename = _require(manifest_path, a, "file", f"article #{i + 1}")
        where = f"article {filename}"
        if Path(filename).name != filename:
            raise SeedError(f"{manifest_path}: {where}: the file name must not contain a directory")
        outlet = a.get("outlet")
        if outlet and outlet not in outlet_names:
            raise SeedError(f"{manifest_path}: {where}: outlet {outlet!r} is not listed under 'outlets'")
        published = None
        if a.get("published"):
            try:
                published = datetime.combine(date.fromisoformat(a["published"]), time(0, 0), tzinfo=UTC)
            except (TypeError, ValueError):
                raise SeedError(
                    f"{manifest_path}: {where}: published {a['published']!r} is not YYYY-MM-DD"
                ) from None
        text_path = seeds_dir / "articles" / filename
        try:
            raw = text_path.read_bytes()
        except OSError as exc:
            raise SeedError(f"{text_path}: cannot read: {exc.strerror or exc}") from None
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise SeedError(f"{text_path}: not valid UTF-8 (byte {exc.start})") from None
        cleaned = clean_text(text)
        if not cleaned.strip():
            raise SeedError(f"{text_path}: the article is empty")
        articles.append(
            {
                "filename": filename,
                "text": cleaned,
                "outlet": outlet,
                "title": a.get("title") or "",
                "published_at": published,
                "published_source": _date_source(a.get("published_from", ""))
                if published
                else Article.DateSource.UNKNOWN,
                "language": a.get("language") or "en",
            }
        )

    actors = []
    for i, a in enumerate(_list(actors_path, actors_data, "actors")):
        name = _require(actors_path, a, "name", f"actor #{i + 1}")
        where = f"actor {name!r}"
        aliases = a.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(x, str) and x.strip() for x in aliases):
            raise SeedError(f"{actors_path}: {where}: 'aliases' must be a list of non-empty strings")
        alias_kinds = a.get("alias_kinds", {})
        if not isinstance(alias_kinds, dict):
            raise SeedError(f"{actors_path}: {where}: 'alias_kinds' must be an object")
        for alias, kind in alias_kinds.items():
            _choice(actors_path, where, f"alias kind of {alias!r}", kind, Alias.Kind.values)
        actors.append(
            {
                "name": name,
                "kind": _choice(actors_path, where, "kind", a.get("kind", "other"), Actor.Kind.values),
                "role": a.get("role") or "",
                "gender": _choice(actors_path, where, "gender", a.get("gender") or "", Actor.Gender.values),
                "description": a.get("description") or "",
                "affiliation": a.get("affiliation"),
                "aliases": [(alias, alias_kinds.get(alias)) for alias in aliases],
            }
        )
    actors = _affiliations_first(actors_path, actors)

    propositions = []
    for i, p in enumerate(_list(props_path, props_data, "propositions")):
        slug = _require(props_path, p, "slug", f"proposition #{i + 1}")
        where = f"proposition {slug!r}"
        keywords = p.get("keywords", [])
        if not isinstance(keywords, list) or not all(isinstance(k, str) for k in keywords):
            raise SeedError(f"{props_path}: {where}: 'keywords' must be a list of strings")
        propositions.append(
            {
                "slug": slug,
                "title": _require(props_path, p, "title", where),
                "kind": _choice(props_path, where, "kind", p.get("kind", ""), ["claim", "proposal"]),
                "description": p.get("description") or "",
                "keywords": keywords,
            }
        )
    return {"outlets": outlets, "articles": articles, "actors": actors, "propositions": propositions}


@transaction.atomic
def load_seeds(seeds_dir: Path = DEFAULT_SEEDS_DIR) -> LoadReport:
    """Validate the seed files, then upsert them all in one transaction."""
    data = read_seeds(Path(seeds_dir))
    report = LoadReport()
    outlets: dict[str, Outlet] = {}
    for o in data["outlets"]:
        result = upsert_outlet(**o)
        report.count("outlets", result)
        outlets[o["name"]] = result.obj
    for a in data["articles"]:
        result = upsert_article_text(**{**a, "outlet": outlets.get(a["outlet"])})
        report.count("articles", result)
        report.articles.append(result.obj)
    actors: dict[str, Actor] = {}
    for a in data["actors"]:  # ordered so that an affiliation is written before its members
        result = upsert_actor(
            name=a["name"],
            kind=a["kind"],
            role=a["role"],
            gender=a["gender"],
            description=a["description"],
            affiliation=actors[a["affiliation"]] if a["affiliation"] else None,
        )
        report.count("actors", result)
        actors[a["name"]] = result.obj
        for alias, kind in a["aliases"]:
            report.count("aliases", add_alias(actor=result.obj, text=alias, kind=kind))
    for p in data["propositions"]:
        report.count("propositions", upsert_proposition(**p))
    return report
