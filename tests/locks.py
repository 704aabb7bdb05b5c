"""Waiting for a PostgreSQL lock wait, read from the server rather than guessed with a sleep."""

import time

from django.db import connection


def wait_for_a_lock_wait(*, timeout: float = 10.0) -> None:
    """Return once a session of this test database waits for a lock; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while True:
            # A row lock is waited for as a lock on the holder's transaction id, which pg_locks lists
            # without a database; pg_stat_activity names the waiting session's database.
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE wait_event_type = 'Lock' AND datname = current_database()"
            )
            if cursor.fetchone()[0]:
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"nothing waited for a lock within {timeout} s")
            cursor.execute("SELECT pg_sleep(0.005)")  # a short pause before the next look
