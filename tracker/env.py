"""Reading configuration from environment variables, with errors that name the variable.

The project's own variables are named `TRACKER_*`. A variable renamed to that prefix is still read
under its old name (`old=`) for one release, with a warning logged once per process.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off", ""}

logger = logging.getLogger(__name__)
_warned: set[str] = set()


def _lookup(name: str, old: str | None) -> tuple[str, str | None]:
    """The raw value and the name it was found under: `name`, else the deprecated `old` name."""
    if name in os.environ or old is None or old not in os.environ:
        return name, os.environ.get(name)
    if old not in _warned:
        _warned.add(old)
        logger.warning(
            "%s is deprecated and will stop being read in the next release: set %s instead.", old, name
        )
    return old, os.environ[old]


def env_str(name: str, default: str = "", *, old: str | None = None) -> str:
    _, raw = _lookup(name, old)
    return (default if raw is None else raw).strip()


def env_bool(name: str, default: bool, *, old: str | None = None) -> bool:
    name, raw = _lookup(name, old)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean: use 1/0, true/false, yes/no or on/off.")


def env_int(name: str, default: int, *, minimum: int | None = None, old: str | None = None) -> int:
    name, raw = _lookup(name, old)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer.") from None
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name}={value} must be at least {minimum}.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


ENGINES = {
    "postgres": "django.db.backends.postgresql",
    "postgresql": "django.db.backends.postgresql",
    "pgsql": "django.db.backends.postgresql",
    "sqlite": "django.db.backends.sqlite3",
}


def parse_database_url(url: str, *, base_dir: Path, variable: str = "DATABASE_URL") -> dict:
    """Turn postgres://user:pass@host:port/name?opt=v or sqlite:///path into a DATABASES entry.

    Anything else stops start-up with a message naming the variable, rather than a stack trace
    from deep inside the database driver.
    """

    def bad(why: str) -> ImproperlyConfigured:
        return ImproperlyConfigured(
            f"{variable} is malformed ({why}): expected postgres://USER[:PASSWORD]@HOST[:PORT]/NAME "
            f"or sqlite:///PATH, got {url!r}."
        )

    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise bad(str(exc)) from None
    engine = ENGINES.get(parts.scheme)
    if engine is None:
        raise bad(f"unknown scheme {parts.scheme!r}" if parts.scheme else "no scheme")
    options = dict(parse_qsl(parts.query))
    if engine.endswith("sqlite3"):
        path = unquote(parts.path)
        if parts.netloc or not path or path == "/":
            raise bad("an SQLite URL needs a path after three slashes")
        if path == "/:memory:":
            name = ":memory:"
        else:
            relative_or_absolute = Path(path[1:])  # sqlite:///rel.db or sqlite:////abs/path.db
            name = str(base_dir / relative_or_absolute)
        return {"ENGINE": engine, "NAME": name, "OPTIONS": options}
    name = unquote(parts.path.lstrip("/"))
    if not name or "/" in name:
        raise bad("the database name is missing" if not name else "the database name contains '/'")
    if not parts.hostname:
        raise bad("the host is missing")
    return {
        "ENGINE": engine,
        "NAME": name,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname,
        "PORT": str(port or ""),
        "OPTIONS": options,
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
    }
