"""forum.wsgi: the entry point gunicorn loads tunes glibc's malloc for large pages, unless told not to."""

import platform

import pytest

from forum.wsgi import application, tune_malloc


def test_the_application_loads():
    assert callable(application)


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="mallopt is glibc's")
def test_malloc_is_tuned_on_glibc_unless_turned_off(monkeypatch):
    assert tune_malloc() is True
    monkeypatch.setenv("MALLOC_TUNING", "0")
    assert tune_malloc() is False
