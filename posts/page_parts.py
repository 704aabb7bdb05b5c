"""The parts of a post page that change only when posts do, kept rendered.

Everything on a post page above the discussion — its head tags, the question, the answer and its
updates, category, tags, the previous and next posts and the related posts — is the same for every
reader and changes only when some post, update, category or tag does. Building it took about 7 ms a
view (three queries, the neighbour subqueries and three templates), more than the rest of the page
around a cached discussion. So it is rendered once per post address and kept in
RELATED_POSTS_CACHE (the shared cache) under a generation that every such change
renews (`parts_changed`, through posts.changes), and checked against the post it is shown for (its
id, last save and whether readers can see it yet), so this post going live or a save that skipped
the signals renders afresh. What the clock alone changes elsewhere — another, scheduled post going
live, which becomes this one's next post — shows within ENTRY_SECONDS.

The view looks the parts up before it reads the post, so a view that finds them reads the post alone.
A cache that fails means parts rendered for this view, as without the cache.
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.db.models import prefetch_related_objects
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from forum import generations
from forum.cache_failures import cache_failures_logged
from posts.models import Post
from posts.related import related_posts

GENERATION_KEY = "posts:parts:generation"
ENTRY_SECONDS = 30
TEMPLATES = {
    "head": "posts/_post_head.html",
    "article": "posts/_post_article.html",
    "neighbours": "posts/_post_neighbours.html",
}


def _cache():
    return caches[settings.RELATED_POSTS_CACHE]


def parts_changed() -> None:
    """Retire every kept part (posts.changes calls this whenever what readers see of posts changes)."""
    generations.renew(_cache(), GENERATION_KEY)


@dataclass
class PostPageParts:
    """The kept parts for this request's address, if any; `for_post` gives them for the post read."""

    request: HttpRequest
    key: str | None = None
    entry: dict | None = None

    @classmethod
    def lookup(cls, request: HttpRequest) -> "PostPageParts":
        # The head names the page's full address; times are shown in the site's zone.
        address = f"{request.scheme}://{request.get_host()}{request.path}"
        digest = hashlib.sha256(address.encode()).hexdigest()
        cache = _cache()
        key = found = None
        with cache_failures_logged("post page parts unavailable; rendering %s", request.path) as trouble:
            generation = generations.current(cache, GENERATION_KEY)
            if generation is not None:
                key = f"posts:parts:{generation}:{digest}:{timezone.get_current_timezone_name()}"
                found = cache.get(key)
        if trouble.failed:  # render, and do not try to keep them
            return cls(request)
        return cls(request, key, found)

    @property
    def missing(self) -> bool:
        return self.entry is None

    def for_post(self, post: Post) -> dict[str, SafeString]:
        stamp = (post.pk, post.updated_at, post.is_visible)
        if self.entry is not None and self.entry["post"] == stamp:
            return {name: mark_safe(html) for name, html in self.entry["html"].items()}  # noqa: S308 - ours
        if not hasattr(post, "previous_neighbour"):  # read without the extras: the kept parts were stale
            post.add_neighbours()
        prefetch_related_objects([post], "tags", "updates", "follow_ups")  # none when the view did
        context = {"post": post, "related_posts": related_posts(post)}
        request = self.request
        html = {name: render_to_string(template, context, request) for name, template in TEMPLATES.items()}
        if self.key is not None:
            with cache_failures_logged("post page parts unavailable; %s not kept", request.path):
                _cache().set(self.key, {"post": stamp, "html": html}, timeout=ENTRY_SECONDS)
        return {name: mark_safe(text) for name, text in html.items()}  # noqa: S308 - rendered templates
