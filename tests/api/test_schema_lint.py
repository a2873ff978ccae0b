"""The schema the app serves passes Spectral's `spectral:oas` and Redocly CLI's recommended rules
with no error (the rules turned off, and why, are in tests/api/lint/). `make schema-linters` installs
both from the npm registry into .venv/node (`make test` does it first); where npm could not, the test
skips saying so."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.apiclient import api

ROOT = Path(__file__).resolve().parents[2]
LINTERS = ROOT / ".venv" / "node"
CONFIG = Path(__file__).resolve().parent / "lint"


def _linter(name: str) -> Path:
    tool = LINTERS / "node_modules" / ".bin" / name
    if tool.exists() and shutil.which("node"):
        return tool
    unavailable = LINTERS / "UNAVAILABLE"
    if unavailable.exists():
        pytest.skip(f"{name}: {unavailable.read_text().strip()} (npm registry unreachable?)")
    if os.environ.get("CI"):
        pytest.fail(f"{name} is not installed in {LINTERS}: CI runs `make test`, which installs it")
    pytest.skip(f"{name} is not installed: run `make schema-linters`")


@pytest.fixture
def served_schema(analyst, tmp_path) -> Path:
    response = api(analyst).get("/api/schema/?format=json")
    assert response.status_code == 200
    path = tmp_path / "schema.json"
    path.write_text(json.dumps(response.json()))
    return path


def _run(*command: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(part) for part in command],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=CONFIG,
        env={**os.environ, "REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true"},
    )


def test_spectral_finds_no_problem(served_schema):
    spectral = _linter("spectral")
    result = _run(
        spectral, "lint", "--ruleset", CONFIG / ".spectral.yaml", "--fail-severity", "warn", served_schema
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_redocly_recommended_rules_find_no_error(served_schema):
    redocly = _linter("redocly")
    result = _run(redocly, "lint", "--config", CONFIG / "redocly.yaml", "--format", "stylish", served_schema)
    assert result.returncode == 0, result.stdout + result.stderr
