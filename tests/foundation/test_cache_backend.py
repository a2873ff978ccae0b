"""The Redis cache backend keeps one Redis client per connection pool, and still works as Django's."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from common.cache import RedisCache

# a db of its own (TRACKER_TEST_REDIS_URL to choose another); the tests skip where no Redis answers
REDIS_URL = os.environ.get("TRACKER_TEST_REDIS_URL", "redis://127.0.0.1:6379/14")


def _redis_answers() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping())
    except redis.RedisError:
        return False


@pytest.fixture
def cache():
    if not _redis_answers():
        pytest.skip(f"no Redis at {REDIS_URL}")
    backend = RedisCache(REDIS_URL, {"KEY_PREFIX": "test-cache-backend"})
    yield backend
    backend.delete_many(["a", "n"])


def test_every_operation_uses_the_one_client_of_its_pool(cache):
    first = cache._cache.get_client(write=True)
    assert cache._cache.get_client() is first  # one server: reads and writes share the pool
    cache.set("a", {"x": 1})
    assert cache.get("a") == {"x": 1}
    assert cache.add("n", 1) is True and cache.add("n", 5) is False
    assert cache.incr("n") == 2
    assert cache._cache.get_client(write=True) is first


def test_a_redis_cache_url_selects_this_backend():
    shown = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])",
        ],
        cwd=Path(__file__).resolve().parents[2],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "tracker.settings", "TRACKER_CACHE_URL": REDIS_URL},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout.strip()
    assert shown == "common.cache.RedisCache"
