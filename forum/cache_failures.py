"""Caches that only save time must not cost a reader the page: a failing call is logged, and the
caller goes on as if the cache kept nothing.

    with cache_failures_logged("related posts cache unavailable for post %s", post.pk) as trouble:
        found = cache.get(key)
    if trouble.failed: ...

Writes that retire cached data (a thread changed, a post unpublished) do not use this: swallowing
their failure could leave stale data standing.
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

logger = logging.getLogger(__name__)


@dataclass
class CacheTrouble:
    failed: bool = False


@contextmanager
def cache_failures_logged(message: str, *args) -> Iterator[CacheTrouble]:
    """Run the block; if it raises, log `message % args` with the error and carry on."""
    trouble = CacheTrouble()
    try:
        yield trouble
    except Exception:  # noqa: BLE001 - the cache is an optimisation; the caller renders without it
        trouble.failed = True
        logger.warning(message, *args, exc_info=True)
