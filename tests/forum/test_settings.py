import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    """Run code in a fresh interpreter with the project settings and the given environment."""
    unset = {"DATABASE_URL", "DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    clean.pop("PYTEST_VERSION", None)
    clean.update(DJANGO_SETTINGS_MODULE="forum.settings", **env)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


SHOW_DB = (
    "import django, json; django.setup(); from django.conf import settings; "
    "print(json.dumps({k: str(v) for k, v in settings.DATABASES['default'].items()}))"
)


def test_settings_database_url_selects_postgresql_with_pool():
    result = run_python(SHOW_DB, DEBUG="1", DATABASE_URL="postgres://alice:secret@db.internal:6543/forumdb")
    assert result.returncode == 0, result.stderr
    db = json.loads(result.stdout)
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["HOST"], db["PORT"]) == ("forumdb", "alice", "db.internal", "6543")
    assert "'pool'" in db["OPTIONS"]


def test_settings_default_database_is_sqlite_file_in_project():
    result = run_python(SHOW_DB, DEBUG="1")
    assert result.returncode == 0, result.stderr
    db = json.loads(result.stdout)
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert db["NAME"] == str(ROOT / "db.sqlite3")


def test_settings_refuse_to_start_without_secret_key_when_debug_is_off():
    result = run_python("import django; django.setup()")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_check_deploy_is_clean_with_production_settings():
    result = run_python(
        "import sys; from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])",
        DEBUG="0",
        SECRET_KEY="a-long-random-production-secret-" + "x7Qm2Lp9Vz4Rt8Wk3Ny6Hb1Jc5Fd0Gs",
        ALLOWED_HOSTS="forum.example.com",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


SHOW_CACHE_SESSIONS_AND_HASHER = (
    "import django, json; django.setup(); from django.conf import settings; "
    "print(json.dumps([settings.CACHES['default']['BACKEND'], settings.SESSION_ENGINE, "
    "settings.PASSWORD_HASHERS[0]]))"
)
PRODUCTION = {"DEBUG": "0", "SECRET_KEY": "probe-only-not-a-secret"}


def test_production_without_redis_shares_the_database_cache_and_hashes_with_pbkdf2():
    # Rate limits and sessions must be shared by every worker; the suite's fast hasher stays in tests.
    result = run_python(SHOW_CACHE_SESSIONS_AND_HASHER, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [
        "django.core.cache.backends.db.DatabaseCache",
        "django.contrib.sessions.backends.db",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]


def test_production_with_redis_keeps_cache_and_session_reads_in_redis():
    result = run_python(SHOW_CACHE_SESSIONS_AND_HASHER, REDIS_URL="redis://cache:6379/0", **PRODUCTION)
    assert result.returncode == 0, result.stderr
    backend, sessions, _hasher = json.loads(result.stdout)
    assert backend == "django.core.cache.backends.redis.RedisCache"
    assert sessions == "django.contrib.sessions.backends.cached_db"
