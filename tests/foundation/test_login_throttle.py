"""Failed logins are limited by user name and by address (django-axes); bad API tokens by address."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token

from tests.apiclient import api

from .test_settings import run_manage

pytestmark = pytest.mark.django_db

RIGHT = "correct-horse-battery-9"  # the fixtures' password


def log_in(client, username: str, password: str, address: str = "10.0.0.1"):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def fail(client, username: str, times: int, address: str = "10.0.0.1") -> None:
    for _ in range(times):
        log_in(client, username, "wrong-password", address)


def test_the_fifth_wrong_password_pauses_logging_in_and_says_why(client, analyst):
    fail(client, "ann", 3)
    assert log_in(client, "ann", "wrong-password").status_code == 200  # the form again, a 4th failure
    response = log_in(client, "ann", "wrong-password")
    assert response.status_code == 429
    assert "5 failed logins" in response.content.decode()


def test_after_five_wrong_passwords_the_right_one_is_refused_with_the_reason(client, analyst):
    fail(client, "ann", 5)
    response = log_in(client, "ann", RIGHT)
    assert response.status_code == 429
    assert "5 failed logins" in response.content.decode()
    assert "15 minutes" in response.content.decode()
    assert client.get("/").status_code == 302  # still not logged in


def test_the_user_name_stays_locked_from_another_address(client, analyst):
    fail(client, "ann", 5, "10.0.0.1")
    assert log_in(client, "ann", RIGHT, "10.9.9.9").status_code == 429


def test_an_address_trying_many_user_names_is_locked_for_every_name(client, analyst):
    for name in ["a1", "a2", "a3", "a4", "a5"]:
        fail(client, name, 1, "10.0.0.7")
    assert log_in(client, "ann", RIGHT, "10.0.0.7").status_code == 429
    assert log_in(client, "ann", RIGHT, "10.0.0.8").status_code == 302  # another address may


def test_a_successful_login_clears_the_count(client, analyst):
    fail(client, "ann", 4)
    assert log_in(client, "ann", RIGHT).status_code == 302
    client.logout()
    fail(client, "ann", 4)
    assert log_in(client, "ann", RIGHT).status_code == 302


def test_the_limit_is_configurable(client, analyst, settings):
    settings.AXES_FAILURE_LIMIT = 2
    fail(client, "ann", 2)
    assert log_in(client, "ann", RIGHT).status_code == 429


def test_behind_a_trusted_proxy_the_forwarded_address_is_counted(client, analyst, settings):
    settings.TRACKER_TRUSTED_PROXIES = 1

    def via_proxy(username: str, password: str, client_address: str):
        return client.post(
            "/login/",
            {"username": username, "password": password},
            REMOTE_ADDR="10.0.0.1",  # the proxy
            HTTP_X_FORWARDED_FOR=f"198.51.100.1, {client_address}",  # the first entry is the client's say
        )

    for name in ["a1", "a2", "a3", "a4", "a5"]:
        via_proxy(name, "wrong-password", "203.0.113.5")
    assert via_proxy("ann", RIGHT, "203.0.113.6").status_code == 302
    client.logout()
    assert via_proxy("ann", RIGHT, "203.0.113.5").status_code == 429


def test_the_limit_and_cool_off_come_from_the_environment():
    code = "from django.conf import settings as s; print(s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME)"
    result = run_manage(
        "shell", "-v", "0", "-c", code, TRACKER_LOGIN_FAILURE_LIMIT="3", TRACKER_LOGIN_COOLOFF_MINUTES="2"
    )
    assert result.stdout.split() == ["3", "0:02:00"], result.stderr


def test_bad_api_tokens_lock_the_address_out_even_with_a_good_token(analyst):
    good = Token.objects.get(user=analyst).key
    bad = api()
    bad.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    answers = [bad.get("/api/v1/actors/", REMOTE_ADDR="10.0.0.3").status_code for _ in range(5)]
    assert answers == [401, 401, 401, 401, 429]  # the fifth failure locks the address
    client = api()
    client.credentials(HTTP_AUTHORIZATION=f"Token {good}")
    refused = client.get("/api/v1/actors/", REMOTE_ADDR="10.0.0.3")
    assert refused.status_code == 429
    assert refused.json()["code"] == "throttled"
    assert "failed logins" in refused.json()["detail"]
    assert int(refused["Retry-After"]) == 15 * 60
    assert client.get("/api/v1/actors/", REMOTE_ADDR="10.0.0.4").status_code == 200


@pytest.fixture
def kept_answers(settings):
    """The API's "not locked out" answers kept in the cache (on by default with a shared cache)."""
    settings.TRACKER_LOCKOUT_CACHE = True
    cache.clear()
    yield
    cache.clear()


def _failed_attempts_read(client, address: str) -> bool:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/v1/actors/", REMOTE_ADDR=address).status_code == 200
    return any("axes_accessattempt" in query["sql"] for query in queries.captured_queries)


def _with_token(key: str):
    client = api()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.mark.django_db(transaction=True)
def test_an_address_found_not_locked_out_is_not_asked_again_until_a_failure(analyst, kept_answers):
    client = _with_token(Token.objects.get(user=analyst).key)
    assert _failed_attempts_read(client, "10.0.0.5")  # the first request asks axes
    assert not _failed_attempts_read(client, "10.0.0.5")  # the answer is kept
    assert _failed_attempts_read(client, "10.0.0.6")  # another address is asked for itself
    fail(Client(), "nobody", 1, "10.0.0.99")  # a failure anywhere: every address is asked again
    assert _failed_attempts_read(client, "10.0.0.5")
    assert not _failed_attempts_read(client, "10.0.0.5")


@pytest.mark.django_db(transaction=True)
def test_with_kept_answers_bad_tokens_still_lock_the_address_out(analyst, kept_answers):
    good = _with_token(Token.objects.get(user=analyst).key)
    assert good.get("/api/v1/actors/", REMOTE_ADDR="10.0.0.3").status_code == 200  # "not locked", kept
    bad = _with_token("0" * 40)
    answers = [bad.get("/api/v1/actors/", REMOTE_ADDR="10.0.0.3").status_code for _ in range(5)]
    assert answers == [401, 401, 401, 401, 429]
    assert good.get("/api/v1/actors/", REMOTE_ADDR="10.0.0.3").status_code == 429
    assert good.get("/api/v1/actors/", REMOTE_ADDR="10.0.0.4").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_with_kept_answers_failed_logins_lock_the_address_out_of_the_api(analyst, kept_answers):
    good = _with_token(Token.objects.get(user=analyst).key)
    assert good.get("/api/v1/actors/", REMOTE_ADDR="10.0.0.7").status_code == 200  # "not locked", kept
    for name in ["a1", "a2", "a3", "a4", "a5"]:
        fail(Client(), name, 1, "10.0.0.7")
    assert good.get("/api/v1/actors/", REMOTE_ADDR="10.0.0.7").status_code == 429


@pytest.mark.django_db(transaction=True)
def test_a_kept_answer_does_not_outlive_a_lower_limit(analyst, kept_answers, settings):
    good = _with_token(Token.objects.get(user=analyst).key)
    bad = _with_token("0" * 40)
    assert [bad.get("/api/v1/actors/", REMOTE_ADDR="10.0.0.8").status_code for _ in range(2)] == [401, 401]
    assert good.get("/api/v1/actors/", REMOTE_ADDR="10.0.0.8").status_code == 200  # 2 of 5: kept
    settings.AXES_FAILURE_LIMIT = 2
    assert good.get("/api/v1/actors/", REMOTE_ADDR="10.0.0.8").status_code == 429
