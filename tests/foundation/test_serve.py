"""`make serve` starts production as the README says: static files collected, gunicorn, DJANGO_DEBUG=0.

The README's production section is followed to the letter (its variables, `make serve`, a proxy that
terminates TLS and says so with X-Forwarded-Proto), on a throwaway SQLite database: the login page, a
logged-in page and the hashed static files those pages name all answer 200.
"""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest

from .test_settings import run_manage

ROOT = Path(__file__).resolve().parents[2]
HOST = "tracker.example.org"
SECRET = "a-long-random-production-secret-" + "x7Qp" * 10
CACHE_URL = "redis://127.0.0.1:6379/15"  # the README's shared cache, on a Redis db of its own


def redis_answers() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        return True
    except OSError:
        return False


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Browser:
    """Just enough of a browser behind a TLS proxy: keeps cookies (all of them Secure here)."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, body: dict | None = None, extra: dict | None = None
    ) -> tuple[int, dict, str]:
        headers = {"Host": HOST, "X-Forwarded-Proto": "https", **(extra or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urlencode(body)
            headers |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": f"https://{HOST}",
                "Referer": f"https://{HOST}{path}",
            }
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        connection.request(method, path, body=data, headers=headers)
        response = connection.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        connection.close()
        return response.status, dict(response.headers), text


def assets(page: str) -> list[str]:
    return re.findall(r'(?:href|src)="(/static/[^"]+)"', page)


@pytest.fixture
def served(tmp_path):
    port = free_port()
    keep = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_URL", "CELERY_", "TRACKER_"))
    }
    env = {
        **keep,
        "DJANGO_SECRET_KEY": SECRET,
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DJANGO_BEHIND_TLS_PROXY": "1",
        "TRACKER_TRUSTED_PROXIES": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'production.sqlite3'}",
        **({"TRACKER_CACHE_URL": CACHE_URL} if redis_answers() else {}),
    }
    process = subprocess.Popen(
        ["make", "--no-print-directory", "serve", "HOST=127.0.0.1", f"PORT={port}", "WEB_WORKERS=1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 180
    try:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail(f"make serve stopped: {process.stdout.read()}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("make serve did not start listening within 180 s")
        yield port, env
    finally:
        os.killpg(process.pid, 15)
        process.wait(timeout=30)


def test_make_serve_renders_the_login_page_a_logged_in_page_and_their_assets(served):
    port, env = served
    added = subprocess.run(
        [
            str(ROOT / ".venv/bin/python"),
            "manage.py",
            "add_user",
            "ops",
            "--role",
            "analyst",
            "--password",
            SECRET,
        ],
        cwd=ROOT,
        env={**env, "DJANGO_DEBUG": "0"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert added.returncode == 0, added.stderr
    browser = Browser(port)

    status, _, login_page = browser.request("GET", "/login/")
    assert status == 200, login_page[:2000]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page).group(1)
    status, headers, _ = browser.request(
        "POST", "/login/", {"username": "ops", "password": SECRET, "csrfmiddlewaretoken": token}
    )
    assert status == 302 and headers["Location"] == "/"
    status, _, home = browser.request("GET", "/")
    assert status == 200, home[:2000]
    assert "Claim tracker" in home

    status, headers, listing = browser.request("GET", "/api/v1/statements/")
    assert status == 200, listing[:2000]
    status, _, _ = browser.request("GET", "/api/v1/statements/", extra={"If-None-Match": headers["ETag"]})
    assert status == 304  # the list's cache (Redis when it answers) and its ETag

    named = assets(login_page) + assets(home)
    assert any(re.search(r"/static/css/app\.[0-9a-f]{12}\.css", path) for path in named)  # hashed names
    for path in set(named):
        status, _, _ = browser.request("GET", path)
        assert status == 200, path


def test_check_deploy_says_the_static_files_are_not_collected(tmp_path):
    result = run_manage(
        "check",
        "--deploy",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=SECRET,
        DJANGO_ALLOWED_HOSTS=HOST,
        DJANGO_STATIC_ROOT=str(tmp_path / "never-collected"),
    )
    assert result.returncode != 0
    assert "common.E001" in result.stderr and "collectstatic" in result.stderr
