import pytest
from django.db import connection


def pytest_report_header(config):
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return f"database: {engine} ({settings.DATABASES['default'].get('NAME')})"


@pytest.fixture(autouse=True)
def _locmem_cache_is_fresh():
    """Each test starts with an empty cache, so cached pages and rate limits do not leak between tests."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def on_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
