"""forum.wsgi: the entry point gunicorn loads answers requests and tunes glibc's malloc unless told not to."""

import platform

import pytest
from django.test import RequestFactory

from forum.wsgi import application, tune_malloc


# Transactional: the real handler closes connections when a request ends, as the test client does not.
@pytest.mark.django_db(transaction=True)
def test_the_application_gunicorn_loads_answers_a_request():
    environ = RequestFactory().get("/healthz").environ
    answered = {}

    def start_response(status, headers, exc_info=None):
        answered.update(status=status, headers=dict(headers))

    body = b"".join(application(environ, start_response))
    assert answered["status"] == "200 OK"
    assert answered["headers"]["Content-Type"].startswith("text/plain")
    assert body == b"ok"


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="mallopt is glibc's")
def test_malloc_is_tuned_on_glibc_unless_turned_off(monkeypatch):
    assert tune_malloc() is True
    monkeypatch.setenv("MALLOC_TUNING", "0")
    assert tune_malloc() is False
