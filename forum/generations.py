"""Generations: a random token in a cache that names the current state of some cached data.

Entries keyed by (or checked against) the token go stale together the moment it is renewed, with
no need to find and delete them; a missing token (never set, evicted) is started afresh, never
reused. None means the cache keeps nothing (a DummyCache): do not store under it.
"""

import secrets


def renew(cache, key: str) -> None:
    cache.set(key, secrets.token_hex(8), timeout=None)


def current(cache, key: str) -> str | None:
    generation = cache.get(key)
    if generation is None:
        cache.add(key, secrets.token_hex(8), timeout=None)
        generation = cache.get(key)
    return generation
