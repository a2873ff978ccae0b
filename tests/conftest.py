"""Shared fixtures. Unit tests run tasks in-process even when CI configures a broker."""

from __future__ import annotations

import pytest

from tracker.celery import app as celery_app


@pytest.fixture(autouse=True)
def _tasks_in_process(request):
    """Unit tests execute Celery tasks eagerly; tests marked `integration` talk to the real broker."""
    if request.node.get_closest_marker("integration"):
        yield
        return
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _background_work_inline(request, monkeypatch):
    """Work a page sends to the embedded background thread runs inline, inside the test's transaction;
    tests marked `background_thread` use the real thread (and a database it can see: transaction=True)."""
    if request.node.get_closest_marker("background_thread"):
        return
    from common import background

    monkeypatch.setattr(background, "run_in_background", lambda work: work())


@pytest.fixture
def make_user(db):
    from common.accounts import create_or_update_user

    def make(username: str = "user", role: str = "analyst", password: str = "correct-horse-battery-9"):
        return create_or_update_user(username=username, role=role, password=password).user

    return make


@pytest.fixture
def analyst(make_user):
    return make_user("ann", "analyst")


@pytest.fixture
def editor(make_user):
    return make_user("ed", "editor")


@pytest.fixture
def admin_user(make_user):
    return make_user("root", "admin")


@pytest.fixture(autouse=True)
def _list_cache_in_memory(settings):
    """API lists are served from the versioned cache in every test (this process's memory, emptied for
    each test), so any test that reads a list after a write also checks that the write invalidated it."""
    from django.core.cache import cache

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.TRACKER_LIST_CACHE = True
    cache.clear()
    yield
    cache.clear()
