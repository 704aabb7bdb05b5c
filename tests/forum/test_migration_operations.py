"""Indexes added to the comments table after it holds a discussion's worth of rows are built without
locking out writers on PostgreSQL (CREATE INDEX CONCURRENTLY), and plainly on SQLite."""

import pytest
from django.core.management import call_command
from django.db import connection


@pytest.mark.parametrize("migration", ["0012", "0014"])
def test_later_comment_indexes_do_not_lock_the_table_on_postgresql(migration, capsys, transactional_db):
    call_command("sqlmigrate", "comments", migration)
    sql = capsys.readouterr().out
    concurrently = connection.vendor == "postgresql"
    assert ("CREATE INDEX CONCURRENTLY" in sql) == concurrently
    assert "CREATE INDEX" in sql
