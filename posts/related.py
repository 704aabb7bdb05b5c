"""The "Related posts" box of a post page, kept until any post is saved or deleted.

Counting shared tags over every visible post costs tens of milliseconds once a site has a couple
of hundred thousand posts, and the answer changes only when a post does. So each post's list is
kept in RELATED_POSTS_CACHE (the shared cache, which every worker sees renewed)
under a generation that posts.apps renews on every post save or delete.
"""

from django.conf import settings
from django.core.cache import caches

from forum import generations
from forum.cache_failures import cache_failures_logged
from posts.models import Post

GENERATION_KEY = "posts:related:generation"
ENTRY_SECONDS = 60 * 60


def _cache():
    return caches[settings.RELATED_POSTS_CACHE]


def related_changed() -> None:
    """Retire every kept list (a post was saved or deleted)."""
    generations.renew(_cache(), GENERATION_KEY)


def related_posts(post: Post, *, limit: int = 3) -> list[Post]:
    """Post.objects.related_to(post), from the cache when this generation has it (and it works)."""
    cache = _cache()
    generation = found = None
    with cache_failures_logged("related posts cache unavailable for post %s", post.pk) as trouble:
        generation = generations.current(cache, GENERATION_KEY)
        key = f"posts:related:{generation}:{post.pk}:{limit}"
        found = cache.get(key) if generation is not None else None
    if found is None:
        found = list(Post.objects.related_to(post, limit=limit))
        if generation is not None and not trouble.failed:
            with cache_failures_logged("related posts cache unavailable for post %s", post.pk):
                cache.set(key, found, timeout=ENTRY_SECONDS)
    return found
