import pytest
from django.db import connection, connections

from tests.browser import CHROMIUM, CHROMIUM_ARGS


def pytest_report_header(config):
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return f"database: {engine} ({settings.DATABASES['default'].get('NAME')})"


@pytest.fixture(autouse=True)
def _locmem_cache_is_fresh():
    """Each test starts with an empty cache, so cached pages and rate limits do not leak between tests."""
    from django.core.cache import cache

    from forum import pagecache

    cache.clear()
    pagecache._recent.clear()  # kept pages a "worker" holds in memory
    yield


@pytest.fixture
def on_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")


@pytest.fixture
def browser(live_server, settings, monkeypatch):
    playwright_api = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API runs an event loop in this thread; the test's ORM calls stay synchronous.
    # Set for this test only, so it never leaks into other tests or their subprocesses.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    # The live server speaks plain HTTP.
    settings.CSRF_COOKIE_SECURE = False
    settings.SESSION_COOKIE_SECURE = False
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
            # The ORM used inside Playwright's context got a connection of its own (Django keeps them
            # per context); hand it back, or PostgreSQL cannot drop the test database at the end.
            connections.close_all()
