import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.test import Client
from django.urls import path

from forum import urls as forum_urls

ROOT = Path(__file__).resolve().parents[2]


def test_healthz_answers_ok_when_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_healthz_answers_503_when_database_cannot_be_reached(tmp_path):
    # A real unreachable database: an SQLite file in a folder that does not exist.
    code = (
        "import django; django.setup(); from django.test import Client; "
        "r = Client().get('/healthz', HTTP_HOST='localhost'); print(r.status_code, r.get('Retry-After'))"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_VERSION"}
    env.update(
        DJANGO_SETTINGS_MODULE="forum.settings",
        DEBUG="1",
        DATABASE_URL=f"sqlite:///{tmp_path}/missing/folder/db.sqlite3",
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.stdout.split() == ["503", "10"], result.stderr


def bad_request(request):
    raise SuspiciousOperation("forged")


def forbidden(request):
    raise PermissionDenied


def broken(request):
    raise RuntimeError("secret traceback detail")


urlpatterns = [
    path("bad/", bad_request),
    path("forbidden/", forbidden),
    path("broken/", broken),
    *forum_urls.urlpatterns,
]


@pytest.mark.urls("tests.forum.test_health_and_errors")
@pytest.mark.parametrize(
    ("url", "status", "heading"),
    [
        ("/bad/", 400, "Bad request"),
        ("/forbidden/", 403, "Not allowed"),
        ("/nowhere/", 404, "Page not found"),
        ("/broken/", 500, "Something went wrong"),
    ],
)
def test_error_pages_render_in_site_style_with_debug_off(db, settings, url, status, heading):
    settings.DEBUG = False
    response = Client(raise_request_exception=False).get(url)
    body = response.content.decode()
    assert response.status_code == status
    assert f"<h1>{heading}</h1>" in body
    assert 'class="site-header"' in body
    assert "Traceback" not in body
    assert "secret traceback detail" not in body


def test_error_page_for_real_missing_url_uses_site_layout(client, db):
    response = client.get("/2001/01/no-such-post-here/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()
