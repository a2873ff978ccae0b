from __future__ import annotations

import pytest

from .localsite import LocalSite


@pytest.fixture
def site():
    with LocalSite() as local:
        yield local


@pytest.fixture
def allow_local_fetch(settings):
    """The stand-in news site is on 127.0.0.1, which the fetcher refuses unless this is on."""
    settings.TRACKER_FETCH_ALLOW_PRIVATE = True


@pytest.fixture
def run_jobs(django_capture_on_commit_callbacks):
    """Submit inside the test transaction and run the queued tasks (in-process) as a commit would."""

    def run(submit, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            result = submit(*args, **kwargs)
        if hasattr(result, "refresh_from_db"):
            result.refresh_from_db()
        return result

    return run
