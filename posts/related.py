"""The "Related posts" box of a post page, kept until any post is saved or deleted.

Counting shared tags over every visible post costs tens of milliseconds once a site has a couple
of hundred thousand posts, and the answer changes only when a post does. So each post's list is
kept in RELATED_POSTS_CACHE (the machine-local cache without Redis, so reading it costs no query)
under a generation that posts.apps renews on every post save or delete.
"""

import logging

from django.conf import settings
from django.core.cache import caches

from forum import generations
from posts.models import Post

GENERATION_KEY = "posts:related:generation"
ENTRY_SECONDS = 60 * 60
logger = logging.getLogger(__name__)


def _cache():
    return caches[settings.RELATED_POSTS_CACHE]


def related_changed() -> None:
    """Retire every kept list (a post was saved or deleted)."""
    generations.renew(_cache(), GENERATION_KEY)


def related_posts(post: Post, *, limit: int = 3) -> list[Post]:
    """Post.objects.related_to(post), from the cache when this generation has it (and it works)."""
    cache = _cache()
    try:
        generation = generations.current(cache, GENERATION_KEY)
        key = f"posts:related:{generation}:{post.pk}:{limit}"
        found = cache.get(key) if generation is not None else None
    except Exception:  # noqa: BLE001 - the list is kept only to save time
        logger.warning("related posts cache unavailable", exc_info=True)
        return list(Post.objects.related_to(post, limit=limit))
    if found is None:
        found = list(Post.objects.related_to(post, limit=limit))
        if generation is not None:
            try:
                cache.set(key, found, timeout=ENTRY_SECONDS)
            except Exception:  # noqa: BLE001
                logger.warning("related posts cache unavailable", exc_info=True)
    return found
