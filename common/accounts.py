"""Creating users in a role and handing out their API tokens."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser, Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from rest_framework.authtoken.models import Token

from .roles import ADMIN, ANALYST, EDITOR, ROLES


@dataclass(frozen=True)
class Account:
    user: AbstractUser
    created: bool
    password: str | None  # set only when this call chose or changed the password
    token: str


def generate_password() -> str:
    return secrets.token_urlsafe(12)


@transaction.atomic
def create_or_update_user(*, username: str, role: str, password: str | None = None) -> Account:
    """Put the user in exactly one role; create them (with a random password when none is given) if new.

    An existing user keeps their password unless one is given, and keeps their API token. A given
    password must pass AUTH_PASSWORD_VALIDATORS checked against this user (so not like their name);
    ValueError says why, and nothing is saved.
    """
    if role not in ROLES:
        raise ValueError(f"Unknown role {role!r}: choose one of {', '.join(ROLES)}.")
    username = username.strip()
    if not username:
        raise ValueError("The user name is empty.")
    User = get_user_model()
    existing = User.objects.filter(username=username).first()
    created = existing is None
    user = User(username=username) if existing is None else existing
    chosen = password if password is not None else (generate_password() if created else None)
    if chosen is not None:
        if not chosen:
            raise ValueError("The password is empty.")
        try:
            validate_password(chosen, user)
        except ValidationError as exc:
            raise ValueError("Password refused: " + " ".join(exc.messages)) from None
        user.set_password(chosen)
    user.is_superuser = user.is_staff = role == ADMIN
    user.is_active = True
    user.save()
    groups = {ANALYST: [ANALYST], EDITOR: [EDITOR], ADMIN: []}[role]
    # get_or_create: the migration makes the groups with their permissions; a flushed database still works
    user.groups.set([Group.objects.get_or_create(name=name)[0] for name in groups])
    token, _ = Token.objects.get_or_create(user=user)
    return Account(user=user, created=created, password=chosen, token=token.key)


def any_editor_exists() -> bool:
    User = get_user_model()
    return (
        User.objects.filter(is_active=True, groups__name=EDITOR).exists()
        or User.objects.filter(is_active=True, is_superuser=True).exists()
    )
