"""A real database outage: PostgreSQL killed under a running app, then started again."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import path

from forum import urls as forum_urls
from reliability.pg import Cluster, server_bindir

ROOT = Path(__file__).resolve().parents[2]
# Seconds a request waits for a connection while the server is down (DB_POOL_TIMEOUT, 5 in production):
# each request the scenario sends during the outage waits this long.
POOL_TIMEOUT = 0.5


def _run(code: list[str], env: dict, timeout: int = 180) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )


@pytest.fixture
def production_env(on_postgres, tmp_path):  # runs once per `make test`, in the PostgreSQL pass
    if server_bindir() is None:
        pytest.skip("PostgreSQL server binaries not installed")
    with Cluster() as cluster:
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"PYTEST_VERSION", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
        }
        env.update(
            DJANGO_SETTINGS_MODULE="forum.settings",
            DATABASE_URL=cluster.url(),
            SECRET_KEY="outage-test-secret-" + "q" * 40,
            ALLOWED_HOSTS="testserver",
            SECURE_SSL_REDIRECT="0",
            CLUSTER_DIR=str(cluster.dir),
            DB_POOL_TIMEOUT=str(POOL_TIMEOUT),
            PYTHONPATH=str(ROOT),
            # A clean clone has no collected files; DEBUG off serves them from the manifest.
            STATIC_ROOT=str(tmp_path / "static"),
        )
        result = _run(["-c", PREPARE], env)
        assert result.returncode == 0, result.stderr
        yield env


# The cluster's schema and cache table, and the static files' manifest that pages need with DEBUG off, in
# one interpreter. The scenario serves no static file, so they are collected without the production
# storage's compression (half of this setup's time); the manifest is the same.
PREPARE = """
import django
django.setup()
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
call_command("migrate", interactive=False, verbosity=0)
call_command("createcachetable")
manifest_only = {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}
with override_settings(STORAGES={**settings.STORAGES, "staticfiles": manifest_only}):
    call_command("collectstatic", interactive=False, verbosity=0)
"""


def test_killed_database_answers_503_with_retry_after_then_recovers(production_env):
    result = _run(["-m", "tests.forum.outage_scenario"], production_env)
    lines = [line for line in result.stdout.splitlines() if line.startswith("REPORT ")]
    assert lines, result.stdout[-2000:] + result.stderr[-4000:]
    report = json.loads(lines[0].removeprefix("REPORT "))

    assert report["before"]["status"] == 200
    down = report["down"]
    assert down.pop("healthz")["status"] == 503
    for name, outcome in down.items():
        assert outcome["status"] == 503, name
        assert outcome["retry_after"] == "10", name
        assert outcome["page"] and not outcome["traceback"], name
        # It fails within the pool timeout instead of holding a worker until gunicorn kills it.
        assert outcome["seconds"] < POOL_TIMEOUT + 2, name
    assert report["recovery_seconds"] <= 10
    assert report["after"]["status"] == 200


def view_losing_database(request):
    raise OperationalError("connection to server on socket failed")


class MiddlewareLosingDatabase:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raise OperationalError("server closed the connection unexpectedly")


class BrokenMiddleware(MiddlewareLosingDatabase):
    def __call__(self, request):
        raise RuntimeError("not the database")


urlpatterns = [path("lost/", view_losing_database), *forum_urls.urlpatterns]


@pytest.mark.urls("tests.forum.test_outage")
def test_database_error_in_a_view_is_a_503_page(db):
    response = Client(raise_request_exception=False).get("/lost/")
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "Temporarily unavailable" in response.content.decode()
    assert "server closed" not in response.content.decode()


def test_database_error_in_a_middleware_is_a_503_page_too(db, settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "tests.forum.test_outage.MiddlewareLosingDatabase"]
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "server closed" not in response.content.decode()


def test_other_errors_still_answer_500(db, settings):
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "tests.forum.test_outage.BrokenMiddleware"]
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 500
