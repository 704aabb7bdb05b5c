"""Fixed-window rate limits in the shared cache (Redis or the database cache), holding across workers."""

import time

from django.core.cache import cache


def rate_limit_hit(key: str, *, limit: int, seconds: int, now: float | None = None) -> bool:
    """Count one attempt under `key`; True when it is over `limit` attempts in the current window.

    The window's number is part of the cache key: a backend whose incr() re-saves the value with the
    default timeout (Django's database cache does) cannot stretch a window past its length.
    Redis counts atomically; the database cache may undercount a burst of simultaneous attempts.
    """
    window = int((time.time() if now is None else now) // seconds)
    key = f"ratelimit:{key}:{seconds}:{window}"
    cache.add(key, 0, timeout=seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add() and incr()
        cache.set(key, 1, timeout=seconds)
        count = 1
    return count > limit
