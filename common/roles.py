"""The three roles: analysts read, editors review, superusers administer.

Roles are Django groups so an administrator can grant them in the admin; these helpers are the
one place that says what each role may do.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.models import AbstractUser, AnonymousUser
from django.core.exceptions import PermissionDenied

ANALYST = "analyst"
EDITOR = "editor"
ADMIN = "admin"
ROLES = (ANALYST, EDITOR, ADMIN)

AnyUser = AbstractUser | AnonymousUser  # request.user: the project's user model (django's User) or anonymous


def _in_group(user: AnyUser, name: str) -> bool:
    if not user.is_authenticated:
        return False
    cache = getattr(user, "_role_groups", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True))
        setattr(user, "_role_groups", cache)  # noqa: B010 -- a per-request cache on the user object
    return name in cache


def remember_roles(user: AnyUser, roles: list[str]) -> None:
    """The user's role groups, when they were read with the user (an API token's query)."""
    setattr(user, "_role_groups", set(roles))  # noqa: B010 -- the per-request cache _in_group reads


def is_admin(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_superuser)


def is_editor(user: AnyUser) -> bool:
    """Editors review statements; administrators may too."""
    return is_admin(user) or _in_group(user, EDITOR)


def is_analyst(user: AnyUser) -> bool:
    """Anyone who may read the record: analysts, editors and administrators."""
    return is_editor(user) or _in_group(user, ANALYST)


def role_of(user: AnyUser) -> str | None:
    if is_admin(user):
        return ADMIN
    if is_editor(user):
        return EDITOR
    if is_analyst(user):
        return ANALYST
    return None


def missing_role_message(user: AnyUser, needed: str) -> str:
    """Why a page refused this user, naming the role it needs and the one they have."""
    have = role_of(user)
    has = f"your account has the {have} role" if have else "your account has no role yet"
    return f"This page needs the {needed} role; {has}."


def role_required(check: Callable[[AnyUser], bool], *, role: str) -> Callable:
    """View decorator: a logged-in user without the role gets 403 (login itself is enforced by middleware)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not check(request.user):
                raise PermissionDenied(missing_role_message(request.user, role))
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


analyst_required = role_required(is_analyst, role=ANALYST)
editor_required = role_required(is_editor, role=EDITOR)
