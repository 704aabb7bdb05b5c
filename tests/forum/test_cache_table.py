"""`migrate` leaves a working shared cache: the database cache table is created with the schema."""

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection

DATABASE_CACHE = {
    "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "t_cache"}
}


@pytest.mark.django_db(transaction=True)
def test_migrate_creates_the_database_cache_table(settings):
    settings.CACHES = DATABASE_CACHE
    assert "t_cache" not in connection.introspection.table_names()
    try:
        call_command("migrate", verbosity=0)
        assert "t_cache" in connection.introspection.table_names()
        caches["default"].set("greeting", "hello")
        assert caches["default"].get("greeting") == "hello"
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS t_cache")
