"""Hand-written SQL for the reply path, where building a query costs more than running it.

A reply reads a handful of small facts before it writes: the post's state under its row lock, the
author's account, the parent, an earlier copy of the same comment, the author's moderation history.
Through the ORM each of those reads spends about a millisecond compiling a query that PostgreSQL
answers in a tenth of that, and a reply has a 5 ms budget (bench T9). These helpers run a fixed
statement and hand values back converted as the ORM would have converted them, so callers keep
working with aware datetimes and booleans on PostgreSQL and SQLite alike.

Only fixed statements live behind these helpers: table and column names come from the models'
`_meta`, every value is a parameter.
"""

from django.db import connection
from django.db.models import Model


def table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def execute(sql: str, params) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def fetch_one(sql: str, params) -> tuple | None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def lock_clause() -> str:
    """` FOR UPDATE` where the database locks rows (PostgreSQL); "" on SQLite, which has no row locks
    and lets one transaction write at a time (Django's select_for_update() does nothing there either).

    Lock one table's rows and join nothing: after waiting for the lock, PostgreSQL reads the locked
    row again but not rows joined to it. Read what must be current in a statement of its own, after.
    """
    return " FOR UPDATE" if connection.features.has_select_for_update else ""


def from_db(model: type[Model], name: str, value):
    """A raw column value as the ORM would give it for field `name` (aware datetimes on SQLite...)."""
    col = model._meta.get_field(name).cached_col
    for converter in connection.ops.get_db_converters(col) + col.get_db_converters(connection):
        value = converter(value, col, connection)
    return value


def to_db(model: type[Model], name: str, value):
    """A Python value as a parameter for field `name`, prepared as the ORM would prepare it."""
    return model._meta.get_field(name).get_db_prep_value(value, connection, prepared=False)
