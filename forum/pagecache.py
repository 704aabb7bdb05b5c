"""Whole pages kept for a few seconds for visitors who carry no cookie at all.

A first-time reader, a crawler or a feed reader has no session, no CSRF cookie and no pending
message, so every one of them gets the same page: it can be served from the cache without running
the view. Anyone with a cookie (signed in, or holding a message or a form token) gets a fresh page.
The entry lives PAGE_CACHE_SECONDS (0 turns this off, as in tests), so a new post or comment count
reaches cookie-less visitors that much later; editors and readers who are signed in see it at once.
Only the bare address and `?page=N` are kept, so odd query strings cannot fill the cache.

    @cache_for_anonymous
    def home(request): ...
"""

import hashlib
import re
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse

_PAGE_ONLY = re.compile(r"^(page=[1-9][0-9]{0,3})?$")


def _key(request: HttpRequest) -> str | None:
    if (
        request.method != "GET"
        or request.COOKIES
        or not _PAGE_ONLY.match(request.META.get("QUERY_STRING", ""))
    ):
        return None
    address = f"{request.get_host()}{request.get_full_path()}"
    return "page:" + hashlib.sha256(address.encode()).hexdigest()


def cache_for_anonymous(view):
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        seconds = settings.PAGE_CACHE_SECONDS
        key = _key(request) if seconds else None
        if key is None:
            return view(request, *args, **kwargs)
        cache = caches[settings.PAGE_CACHE]
        content = cache.get(key)
        if content is not None:
            return HttpResponse(content)
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            cache.set(key, response.content, timeout=seconds)
        return response

    return wrapper
