"""Rate limits and sessions must be shared by every worker, so the cache choice follows the environment."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import json, forum.settings as s; "
    "print(json.dumps([s.CACHES['default']['BACKEND'], getattr(s, 'SESSION_ENGINE', 'db')]))"
)


def settings_under(**env: str) -> list[str]:
    clean = {key: value for key, value in os.environ.items() if key not in {"PYTEST_VERSION", "REDIS_URL"}}
    clean.update({"SECRET_KEY": "probe-only-not-a-secret", "DEBUG": "0", **env})
    output = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=clean, capture_output=True, text=True, check=True
    ).stdout
    return json.loads(output)


def test_production_without_redis_uses_the_database_cache():
    assert settings_under() == ["django.core.cache.backends.db.DatabaseCache", "db"]


def test_production_with_redis_keeps_cache_and_session_reads_in_redis():
    backend, sessions = settings_under(REDIS_URL="redis://cache:6379/0")
    assert backend == "django.core.cache.backends.redis.RedisCache"
    assert sessions == "django.contrib.sessions.backends.cached_db"


def test_tests_use_local_memory():
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert settings.ACCOUNT_RATE_LIMITS["login_failed"]
