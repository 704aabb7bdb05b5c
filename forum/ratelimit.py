"""Fixed-window rate limits that hold across workers: atomic counters in Redis, or in the database.

With REDIS_URL set, the shared cache counts (Redis INCR is atomic). Without it, one statement counts
in the `forum_ratecounter` table: an upsert that adds one and returns the new count, atomic on
PostgreSQL and SQLite, so a burst of simultaneous attempts cannot slip under the limit (Django's
database cache needed ten statements and could undercount). Either way the window's number is part of
the key, so a window never stretches past its length; rows of past windows are deleted now and then.
"""

import random
import time
from datetime import UTC, datetime

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import connection

from forum.models import RateCounter

PURGE_ONE_IN = 200  # attempts; each purge deletes the rows of windows that have ended

_TABLE = RateCounter._meta.db_table
_UPSERT = (
    f'INSERT INTO {_TABLE} ("key", "count", "expires_at") VALUES (%s, 1, %s) '
    f'ON CONFLICT ("key") DO UPDATE SET "count" = {_TABLE}."count" + 1 RETURNING "count"'
)


def rate_limit_hit(key: str, *, limit: int, seconds: int, now: float | None = None) -> bool:
    """Count one attempt under `key`; True when it is over `limit` attempts in the current window."""
    now = time.time() if now is None else now
    window = int(now // seconds)
    key = f"ratelimit:{key}:{seconds}:{window}"
    if isinstance(caches["default"], RedisCache):
        return _cache_count(key, seconds) > limit
    expires_at = datetime.fromtimestamp((window + 1) * seconds, tz=UTC)
    with connection.cursor() as cursor:
        cursor.execute(_UPSERT, [key, expires_at])
        (count,) = cursor.fetchone()
    if random.randrange(PURGE_ONE_IN) == 0:  # noqa: S311 - housekeeping, not security
        RateCounter.objects.filter(expires_at__lt=datetime.fromtimestamp(now, tz=UTC)).delete()
    return count > limit


def _cache_count(key: str, seconds: int) -> int:
    cache = caches["default"]
    cache.add(key, 0, timeout=seconds)
    try:
        return cache.incr(key)
    except ValueError:  # evicted between add() and incr()
        cache.set(key, 1, timeout=seconds)
        return 1
