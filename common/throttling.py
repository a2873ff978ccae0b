"""Failed logins are limited by user name and by address (django-axes keeps the count).

After TRACKER_LOGIN_FAILURE_LIMIT failures for one user name, or from one address, within the cool-off
time, further attempts for that name or from that address are refused, even with the right password,
until TRACKER_LOGIN_COOLOFF_MINUTES have passed; a successful login clears the user's count. The login
form says so in words; an API client sending bad tokens is counted by its address the same way and is
answered 429 with Retry-After.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.db import router, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from rest_framework.authentication import TokenAuthentication, get_authorization_header
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import AuthenticationFailed, Throttled
from rest_framework.throttling import UserRateThrottle

from .queries import CompiledQuery
from .roles import ANALYST, EDITOR, remember_roles

TOKEN_CREDENTIALS = {"username": None, "credential": "api-token"}  # no user name: counted by address


def lockout_parameters(request, credentials: dict | None = None) -> list[str]:
    """What a failure counts against: the user name and the address for a login, the address alone
    for a bad API token (which names nobody; a None user name would put every client in one count)."""
    return ["username", "ip_address"] if (credentials or {}).get("username") else ["ip_address"]


def client_ip(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or, behind TRACKER_TRUSTED_PROXIES proxies, the address the
    outermost of them saw (X-Forwarded-For's entry that many from the right), never one a client wrote."""
    proxies = settings.TRACKER_TRUSTED_PROXIES
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def cooloff_minutes() -> int:
    cool_off = get_cool_off()
    return max(1, round(cool_off.total_seconds() / 60)) if cool_off else 0


def lockout_message() -> str:
    return f"Too many failed logins from this address; try again in {cooloff_minutes()} minutes."


def lockout_response(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """A 429 saying why and when to try again: a page for the login form, the API's error body (with
    Retry-After, like its other 429s) for a bad token."""
    seconds = cooloff_minutes() * 60
    response: HttpResponse
    if request.path_info.startswith("/api/"):
        body = {
            "status": 429,
            "code": "throttled",
            "detail": lockout_message(),
            "retry_after_seconds": seconds,
        }
        response = JsonResponse(body, status=429)
    else:
        context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": cooloff_minutes()}
        response = render(request, "registration/locked_out.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response


class LoginThrottleBackend(AxesStandaloneBackend):
    """Axes' check before the password backends. A call without a request (a management command, a
    test) is no login over the network and is not counted; axes would raise instead."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


# --- Remembering that an address is not locked out (every API request asks) ---------------------------
#
# Axes answers "is this address locked out?" with a query of its failed attempts (0.9 ms of CPU and a
# round trip, for every API request). An address that is not locked out stays so until a failure is
# recorded (time only ages failures out; resets and deletions only remove them), so the answer "not
# locked" is kept in the shared cache with the *failure generation* read before asking: a random value
# that every recorded failure replaces once its attempt is committed (`LockoutGenerationHandler`). A
# kept answer counts only while the generation is the one it was asked under, so after any failure,
# from any address, each address is asked again; a "locked" answer is never kept. Asking reads the
# generation first: a failure committed after the question changes the generation after the answer
# is stored, and one committed before it is in the answer. Off without a cache every process shares
# (TRACKER_LOCKOUT_CACHE, default on with TRACKER_CACHE_URL): a failure in one process must reach all.

_GENERATION_KEY = "axes:failure-generation"


def _settings_key() -> str:
    """What a kept answer depends on besides the failures (changed settings ask again)."""
    parts = (
        settings.AXES_FAILURE_LIMIT,
        settings.AXES_COOLOFF_TIME,
        settings.AXES_LOCKOUT_PARAMETERS,
        getattr(settings, "AXES_LOCK_OUT_AT_FAILURE", True),  # axes sets its default on settings
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


def _new_generation() -> None:
    cache.set(_GENERATION_KEY, secrets.token_hex(8), timeout=None)


def address_locked_out(request: HttpRequest) -> bool:
    """AxesProxyHandler.is_locked for a bad token from this request's address, a "not locked" answer
    kept while no failure has been recorded since (see above)."""
    if not settings.TRACKER_LOCKOUT_CACHE:
        return AxesProxyHandler.is_locked(request, TOKEN_CREDENTIALS)
    key = f"axes:not-locked:{_settings_key()}:{client_ip(request)}"
    kept = cache.get_many([_GENERATION_KEY, key])
    generation = kept.get(_GENERATION_KEY)
    if generation is not None and kept.get(key) == generation:
        return False
    if generation is None:  # the first question (or the cache lost it): a generation to keep answers under
        fresh = secrets.token_hex(8)
        generation = fresh if cache.add(_GENERATION_KEY, fresh, timeout=None) else None
    locked = AxesProxyHandler.is_locked(request, TOKEN_CREDENTIALS)
    if not locked and generation is not None:
        cache.set(key, generation, timeout=settings.TRACKER_LIST_CACHE_SECONDS)
    return locked


class LockoutGenerationHandler(AxesDatabaseHandler):
    """Axes' database handler (AXES_HANDLER), which also starts a new failure generation once a failed
    attempt it recorded is committed, so that no address's kept "not locked" answer outlives it."""

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        try:
            return super().user_login_failed(sender, credentials, request, **kwargs)
        finally:
            if settings.TRACKER_LOCKOUT_CACHE:
                transaction.on_commit(_new_generation)


class ThrottledTokenAuthentication(TokenAuthentication):
    """DRF's token authentication, with bad tokens counted per address like failed logins: once the
    address is locked out, every token from it is refused (429) until the cool-off has passed."""

    def authenticate(self, request):
        header = get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        http_request = request._request
        if settings.AXES_ENABLED and address_locked_out(http_request):
            raise Throttled(wait=cooloff_minutes() * 60, detail=lockout_message())
        try:
            return super().authenticate(request)
        except AuthenticationFailed:
            user_login_failed.send(sender=__name__, credentials=TOKEN_CREDENTIALS, request=http_request)
            raise

    def authenticate_credentials(self, key):
        """DRF's lookup, with the user's roles read in the same query (every API request asks for them:
        one query fewer per request), compiled once (`TOKEN_WITH_ROLES`)."""
        found = TOKEN_WITH_ROLES.rows(router.db_for_read(Token), key=key)
        if not found:
            raise AuthenticationFailed("Invalid token.")
        row, using = found[0], router.db_for_read(Token)
        user = _USER.from_db(using, _USER_COLUMNS, [row[f"user__{name}"] for name in _USER_COLUMNS])
        if not user.is_active:
            raise AuthenticationFailed("User inactive or deleted.")
        token = Token.from_db(using, _TOKEN_COLUMNS, [row[name] for name in _TOKEN_COLUMNS])
        token.user = user
        remember_roles(user, [role for role in ROLES_READ if row[f"is_{role}"]])
        return user, token


ROLES_READ = (ANALYST, EDITOR)  # the roles an API request may need, read with its token
_USER: Any = Token._meta.get_field("user").related_model
_TOKEN_COLUMNS = [field.attname for field in Token._meta.concrete_fields]
_USER_COLUMNS = [field.attname for field in _USER._meta.concrete_fields]


def _token_with_roles(*, key: str) -> QuerySet:
    """A token, every column of its user and whether the user has each role in `ROLES_READ`."""
    in_role = {
        f"is_{role}": Exists(Group.objects.filter(user=OuterRef("user_id"), name=role)) for role in ROLES_READ
    }
    return (
        Token.objects.filter(key=key)
        .annotate(**in_role)
        .values(*_TOKEN_COLUMNS, *(f"user__{name}" for name in _USER_COLUMNS), *in_role)
    )


TOKEN_WITH_ROLES = CompiledQuery(_token_with_roles, key="<the token key: a stand-in>")


class UserWindowThrottle(UserRateThrottle):
    """DRF's per-user rate (TRACKER_API_THROTTLE_RATE), counted per fixed window with one atomic increment
    of a small counter. DRF's own throttle keeps the time of every request in the window, a list read,
    unpickled, pickled and written whole on each request (5,000 floats, 45 kB, at the default rate): the
    largest cost of an API answer served from the list cache. A window allows its number of requests
    from its start; `Retry-After` is the time left in it."""

    duration: int  # set by DRF's parse_rate, as num_requests
    num_requests: int

    def allow_request(self, request, view) -> bool:
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        window = int(self.now // self.duration)
        self.window_ends = (window + 1) * self.duration
        key = f"{self.key}:{window}"
        try:
            count = self.cache.incr(key)
        except ValueError:  # the window's first request (add: another process may have made it meanwhile)
            self.cache.add(key, 0, timeout=self.duration + 1)
            count = self.cache.incr(key)
        return count <= self.num_requests

    def wait(self) -> float:
        return max(1.0, self.window_ends - self.now)
