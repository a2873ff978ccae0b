"""`add_user` creates or updates a user in one role and prints a REST API token."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def add_user(*args: str) -> str:
    out = StringIO()
    call_command("add_user", *args, stdout=out)
    return out.getvalue()


def token_in(output: str) -> str:
    match = re.search(r"^token: (\S+)$", output, re.M)
    assert match, output
    return match.group(1)


def test_new_editor_gets_a_random_password_and_a_40_hex_token():
    output = add_user("bob", "--role", "editor")
    token = token_in(output)
    assert re.fullmatch(r"[0-9a-f]{40}", token)
    password = re.search(r"^password: (\S+)$", output, re.M).group(1)
    user = get_user_model().objects.get(username="bob")
    assert list(user.groups.values_list("name", flat=True)) == ["editor"]
    assert authenticate(username="bob", password=password) == user


def test_running_again_changes_the_role_and_keeps_password_and_token():
    first = add_user("carol", "--role", "editor", "--password", "Tr1cky-but-fine-pass")
    second = add_user("carol", "--role", "analyst")
    assert token_in(first) == token_in(second)
    assert "password:" not in second
    user = get_user_model().objects.get(username="carol")
    assert list(user.groups.values_list("name", flat=True)) == ["analyst"]
    assert authenticate(username="carol", password="Tr1cky-but-fine-pass") == user


def test_admin_role_makes_a_superuser_without_groups():
    add_user("root", "--role", "admin", "--password", "Tr1cky-but-fine-pass")
    user = get_user_model().objects.get(username="root")
    assert user.is_superuser and user.is_staff
    assert not user.groups.exists()


def test_weak_password_is_refused_and_nothing_is_created():
    with pytest.raises(CommandError, match="Password refused"):
        add_user("dave", "--role", "analyst", "--password", "1234")
    assert not get_user_model().objects.filter(username="dave").exists()


def test_unknown_role_is_refused():
    with pytest.raises(CommandError):
        add_user("erin", "--role", "owner")


def test_the_token_authenticates_against_the_api_machinery():
    from rest_framework.authtoken.models import Token

    token = token_in(add_user("frank", "--role", "analyst"))
    assert Token.objects.get(key=token).user.username == "frank"


def test_ensure_local_editor_creates_one_editor_only_once():
    out = StringIO()
    call_command("ensure_local_editor", stdout=out)
    assert "password:" in out.getvalue()
    out = StringIO()
    call_command("ensure_local_editor", stdout=out)
    assert "password:" not in out.getvalue()
    assert get_user_model().objects.filter(groups__name="editor").count() == 1


@pytest.mark.parametrize("password", ["margaretha", "Margaretha-1", "ahtehragram"])
def test_a_password_like_the_user_name_is_refused_and_nothing_is_created(password):
    with pytest.raises(CommandError, match="too similar to the username"):
        add_user("margaretha", "--role", "analyst", "--password", password)
    assert not get_user_model().objects.filter(username="margaretha").exists()


def test_a_changed_password_like_the_user_name_is_refused_and_the_old_one_still_works():
    add_user("margaretha", "--role", "analyst", "--password", "Tr1cky-but-fine-pass")
    with pytest.raises(CommandError, match="too similar to the username"):
        add_user("margaretha", "--role", "analyst", "--password", "margaretha")
    assert authenticate(username="margaretha", password="Tr1cky-but-fine-pass") is not None
