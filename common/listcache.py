"""Versioned cache of API list answers: a repeated list is served from the cache, and never stale.

Each cached list belongs to a scope ("statements") whose version number is part of every entry's key.
Any write to a table the scope reads (INSERT, UPDATE or DELETE, however it is issued: a save, a queryset
update, a bulk insert, a cascade, raw SQL) bumps the version when its transaction commits
(`transaction.on_commit`, once per transaction). A reader takes the version before it reads the rows, so
an entry is never stored under a version newer than its data; an entry made from rows read before a
commit is stored under the version that commit replaces. A transaction that has written the scope's
tables and not yet committed reads its lists from the database and caches nothing (it sees its own
writes, and a rollback leaves nothing behind). Entries also expire (TRACKER_LIST_CACHE_SECONDS), which
bounds the harm should a process die between a commit and its bump. Answers carry an ETag; a matching
If-None-Match answers 304.

The cache is Django's default cache: Redis (TRACKER_CACHE_URL) shared by every process, or, when that is
not set, this process's memory, and then list caching is off unless TRACKER_LIST_CACHE says otherwise
(several web or worker processes would each keep their own versions). A cache that fails is skipped:
the list is built from the database.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connections, transaction
from django.db.backends.signals import connection_created
from django.db.transaction import TransactionManagementError
from django.http import HttpRequest, HttpResponse

log = logging.getLogger(__name__)

_WRITE = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)
_SET = re.compile(r"\bSET\s+(.*?)\s+WHERE\b", re.IGNORECASE | re.DOTALL)
_ASSIGNED = re.compile(r'(?:^|,)\s*"(\w+)"\s*=')


@dataclass(frozen=True)
class _Watch:
    scope: str
    hidden: frozenset[str]  # columns the scope's lists do not show: an UPDATE of these alone keeps them


_watched: dict[str, list[_Watch]] = {}  # table -> the scopes that read it
_bumpers: dict[str, Callable[[], None]] = {}  # one callable per scope, so a transaction registers it once


def enabled() -> bool:
    return bool(getattr(settings, "TRACKER_LIST_CACHE", False))


def watch(scope: str, tables: dict[str, Iterable[str]]) -> None:
    """Bump `scope` on every write to these tables (table -> the columns whose change it ignores)."""
    for table, hidden in tables.items():
        watches = _watched.setdefault(table, [])
        if all(w.scope != scope for w in watches):
            watches.append(_Watch(scope, frozenset(hidden)))
    _bumpers.setdefault(scope, lambda: _incr(scope))


def _version_key(scope: str) -> str:
    return f"listcache:{scope}:version"


def _incr(scope: str) -> None:
    key = _version_key(scope)
    try:
        try:
            cache.incr(key)
        except ValueError:  # evicted or never set: start above every number used before
            cache.add(key, time.time_ns(), timeout=None)
            cache.incr(key)
    except Exception:  # a cache that is down serves nothing either; the write must not fail for it
        log.warning("could not bump the %s list version", scope, exc_info=True)


def bump(scope: str, *, using: str = "default") -> None:
    """Lists of `scope` change when the current transaction commits (at once outside a transaction)."""
    if not enabled():
        return
    bumper = _bumpers.setdefault(scope, lambda: _incr(scope))
    if writes_pending(scope, using=using):
        return
    try:
        transaction.on_commit(bumper, using=using)
    except TransactionManagementError:  # set_autocommit(False): no commit hook; the entries' expiry bounds it
        bumper()


def writes_pending(scope: str, *, using: str = "default") -> bool:
    """Has the current transaction written what `scope` lists, not yet committed? (Its bump is waiting:
    a savepoint rolled back takes its writes' bump with it.)"""
    connection = connections[using]
    bumper = _bumpers.get(scope)
    if bumper is None or not connection.in_atomic_block:
        return False
    return any(entry[1] is bumper for entry in getattr(connection, "run_on_commit", ()))


def version(scope: str) -> int | None:
    """The scope's current version (made if missing); None when the cache cannot be reached."""
    key = _version_key(scope)
    try:
        current = cache.get(key)
        if current is None:
            cache.add(key, time.time_ns(), timeout=None)
            current = cache.get(key)
        return current
    except Exception:
        log.warning("could not read the %s list version", scope, exc_info=True)
        return None


def scopes_written(sql: str) -> set[str]:
    """The scopes a statement of SQL changes: those watching the table it writes, unless it is an UPDATE
    that sets only columns the scope ignores."""
    match = _WRITE.match(sql)
    if match is None:
        return set()
    watches = _watched.get(match.group(1))
    if not watches:
        return set()
    assigned: set[str] | None = None
    if sql.lstrip()[:6].upper() == "UPDATE":
        found = _SET.search(sql)
        assigned = set(_ASSIGNED.findall(found.group(1))) if found else None
    return {w.scope for w in watches if not assigned or not assigned <= w.hidden}


def _on_execute(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if enabled() and isinstance(sql, str):
        for scope in scopes_written(sql):
            bump(scope, using=context["connection"].alias)
    return result


def _install(sender, connection, **kwargs) -> None:
    if _on_execute not in connection.execute_wrappers:
        connection.execute_wrappers.append(_on_execute)


def install() -> None:
    """Watch the SQL of every database connection, those open already and those made later."""
    connection_created.connect(_install, dispatch_uid="common.listcache.install")
    for connection in connections.all(initialized_only=True):
        _install(None, connection)


# --- Serving ----------------------------------------------------------------------------------------


def etag_of(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'


def _matches(request: HttpRequest, etag: str) -> bool:
    header = request.headers.get("If-None-Match", "")
    if not header:
        return False
    tags = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    return "*" in tags or etag in tags


def _answer(request: HttpRequest, etag: str, body: bytes, content_type: str) -> HttpResponse:
    if _matches(request, etag):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body, content_type=content_type)
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"  # clients may keep it, and ask again with the ETag
    return response


def cached_response(
    request: HttpRequest,
    *,
    scope: str,
    variant: str,
    build: Callable[[], bytes],
    content_type: str = "application/json",
) -> HttpResponse:
    """The answer `build` makes for this address, from the cache when the scope has not changed since.
    `variant` separates what different readers may see of the same address (their role)."""
    if not enabled() or writes_pending(scope):
        body = build()
        return _answer(request, etag_of(body), body, content_type)
    current = version(scope)  # before the rows are read (see the module's docstring)
    if current is None:
        body = build()
        return _answer(request, etag_of(body), body, content_type)
    address = hashlib.sha256(f"{variant}\n{request.build_absolute_uri()}".encode()).hexdigest()
    key = f"listcache:{scope}:{current}:{address}"
    try:
        hit = cache.get(key)
    except Exception:
        log.warning("could not read the %s list cache", scope, exc_info=True)
        hit = None
    if hit is not None:
        etag, body = hit
        return _answer(request, etag, body, content_type)
    body = build()
    etag = etag_of(body)
    try:
        cache.set(key, (etag, body), timeout=settings.TRACKER_LIST_CACHE_SECONDS)
    except Exception:
        log.warning("could not store the %s list cache", scope, exc_info=True)
    return _answer(request, etag, body, content_type)
