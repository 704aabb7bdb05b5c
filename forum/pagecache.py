"""Whole pages kept for a short while for readers who are not signed in.

A first-time reader, a crawler or a returning reader who is not signed in has no session and no
pending message, so they all get the same page apart from a few per-visitor form values: the CSRF
token, and whatever hidden inputs an app registers with `register_hole` (the comment form's
duplicate-submission token and its signed start time). Such a page is stored once with those values
cut out, and each visitor gets it with fresh values put back: no template, no query.

A browser that takes gzip (they all do) gets the kept page compressed: it is compressed once, the
first time such a browser asks for it, and kept beside the uncompressed copy; each response is then
put together from the compressed pieces with the visitor's values in between (forum.gzipped). A
2,000-comment discussion goes out as about 0.5 MB instead of 1.9 MB, at no cost per request; the
browser that asks first after a change waits for the compression as well (about 18 ms for that page).

Who qualifies: a GET (or a HEAD, answered with the same headers) whose only cookie, if any, is the
CSRF cookie (a session or a message cookie means a page of their own), with no query string or only
`page=N` and `sort=newest|oldest`.

How long an entry holds: at most PAGE_CACHE_SECONDS (0 turns this off, as in tests), and less when
what it shows changes. Every save or delete of a post, an update, a category or a tag, a change to a
post's tags, a pin, a tag rename or merge starts a new page generation (`pages_changed`, through
posts.changes), and a view can tie its page to more cache keys with `depends_on` (the post page to
its thread's version), so a new post, an edit or a new comment shows at once. What is left to the
time limit is small: a comment count in a list, a scheduled post going live. Without a working
cache the view simply renders.

    @cache_for_anonymous
    def home(request): ...
"""

import hashlib
import logging
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_vary_headers

from forum import generations, gzipped

logger = logging.getLogger(__name__)

_PARAM = re.compile(r"page=[1-9][0-9]{0,3}|sort=(?:newest|oldest)")
GENERATION_KEY = "page:generation"
GZIP_SUFFIX = ":gzip"  # the same page compressed, for readers whose browser takes gzip
# Compressed pages each process keeps in memory, newest served last: a 2,000-comment discussion is
# about 0.5 MB, so at most a few MB a worker.
RECENT_ENTRIES = 8
_recent: OrderedDict[str, dict] = OrderedDict()
_recent_lock = threading.Lock()
# A hidden input whose value is per visitor: <input type="hidden" name="NAME" value="VALUE" ...>
# (Django's HiddenInput and {% csrf_token %} both render this way). Sanitised user content never
# holds a raw <input>, so only our own forms match.
_HOLE_START = b'<input type="hidden" name="'
_HOLE = re.compile(rb'<input type="hidden" name="([A-Za-z_][A-Za-z0-9_-]*)" value="([^"]*)"')
_FILLERS: dict[str, Callable[[HttpRequest], str]] = {"csrfmiddlewaretoken": get_token}
_ATTRIBUTE = "_page_cache_dependencies"


def register_hole(name: str, fill: Callable[[HttpRequest], str]) -> None:
    """Hidden inputs called `name` get a fresh `fill(request)` in every page served from the cache.

    Names hold across every kept page: a page with another form using the same name (the ask form's
    `started`, say) must not be kept, or must use its own name.
    """
    _FILLERS[name] = fill


def depends_on(request: HttpRequest, alias: str, key: str, value) -> None:
    """The page being rendered stays valid only while cache `alias` holds `value` under `key`.

    `value` None means the page cannot be kept (what it shows has no version yet).
    """
    dependencies = getattr(request, _ATTRIBUTE, None)
    if dependencies is None:
        dependencies = {}
        setattr(request, _ATTRIBUTE, dependencies)
    dependencies[(alias, key)] = value


def pages_changed() -> None:
    """Retire every kept page (posts.apps calls this on each post save and delete)."""
    if settings.PAGE_CACHE_SECONDS:
        generations.renew(caches[settings.PAGE_CACHE], GENERATION_KEY)


def _key(request: HttpRequest) -> str | None:
    if request.method not in ("GET", "HEAD") or not set(request.COOKIES) <= {settings.CSRF_COOKIE_NAME}:
        return None
    query = request.META.get("QUERY_STRING", "")
    parts = query.split("&") if query else []
    names = [part.partition("=")[0] for part in parts]
    if not all(_PARAM.fullmatch(part) for part in parts) or len(set(names)) != len(names):
        return None  # anything else, a repeat or an empty part: never kept
    address = f"{request.scheme}://{request.get_host()}{request.path}?{'&'.join(sorted(parts))}"
    return "page:" + hashlib.sha256(address.encode()).hexdigest()


def _cut(content: bytes) -> list[tuple[bytes, str]] | None:
    """(text before, hole name) pairs and the tail as (tail, ""); None when the page cannot be kept:
    a hole has no filler, or a value cut out still shows elsewhere (a token printed some other way)."""
    pieces, values, start, position = [], set(), 0, 0
    while (position := content.find(_HOLE_START, position)) != -1:  # bytes.find is far faster than re here
        match = _HOLE.match(content, position)
        position += len(_HOLE_START)
        if match is None:
            continue
        name = match.group(1).decode()
        if name not in _FILLERS:
            return None
        pieces.append((content[start : match.start(2)], name))
        values.add(match.group(2))
        start = position = match.end(2)
    pieces.append((content[start:], ""))
    if any(value and value in text for value in values for text, _ in pieces):
        return None
    return pieces


def _hole_values(request: HttpRequest, pieces) -> list[bytes]:
    """This visitor's value for each hole of a kept page, in order (plain or compressed pieces)."""
    return [_FILLERS[piece[-1]](request).encode() for piece in pieces if piece[-1]]


def _fill(pieces: list[tuple[bytes, str]], values: list[bytes]) -> bytes:
    parts, holes = [], iter(values)
    for text, name in pieces:
        parts.append(text)
        if name:
            parts.append(next(holes))
    return b"".join(parts)


def _gzipped(cache, key: str, entry: dict) -> dict:
    """`entry` compressed (forum.gzipped), kept beside it until it expires: under a key of its own,
    so a reader who takes gzip never loads the uncompressed page, and the other way round.

    `entry` itself when that fails: the reader still gets the kept page, uncompressed.
    """
    try:
        compressed = {**entry, "pieces": gzipped.compress(entry["pieces"]), "gzip": True}
        seconds = min(settings.PAGE_CACHE_SECONDS, round(compressed.get("expires", 0) - time.time()))
        if seconds > 0:
            cache.set(key + GZIP_SUFFIX, compressed, timeout=seconds)
    except Exception:  # noqa: BLE001 - compression saves bytes; the page itself is still good
        logger.warning("page cache: %s not compressed", key, exc_info=True)
        return entry
    return _remember(key + GZIP_SUFFIX, compressed)


def _compressed_copy(cache, key: str) -> dict | None:
    """The compressed copy of the page under `key` if one may still be served: the one this process
    served last, else the shared cache's (a stale copy here says nothing about that one)."""
    entry = _recent.get(key + GZIP_SUFFIX)
    if entry is None or not _current(entry):
        entry = cache.get(key + GZIP_SUFFIX)
        if entry is None or not _current(entry):
            return None
    return _remember(key + GZIP_SUFFIX, entry)


def _current(entry: dict) -> bool:
    return entry.get("expires", 0) > time.time() and _still_valid(entry)


def _remember(key: str, entry: dict) -> dict:
    """Keep `entry` in this process (the newest RECENT_ENTRIES), so the next hit reads only the small
    dependency keys: whether it may still be served is asked of the shared cache every time."""
    with _recent_lock:  # threaded workers (gthread, ASGI) share it
        _recent[key] = entry
        _recent.move_to_end(key)
        while len(_recent) > RECENT_ENTRIES:
            _recent.popitem(last=False)
    return entry


def _kept_response(request: HttpRequest, entry: dict) -> HttpResponse:
    values = _hole_values(request, entry["pieces"])
    if entry.get("gzip"):
        response = HttpResponse(gzipped.assemble(entry["pieces"], values), content_type=entry["content_type"])
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(_fill(entry["pieces"], values), content_type=entry["content_type"])
    # A signed-in reader gets another page, and a client that takes no gzip the uncompressed one.
    patch_vary_headers(response, ("Cookie", "Accept-Encoding"))
    return response


def _still_valid(entry: dict) -> bool:
    by_alias: dict[str, dict[str, object]] = {}
    for (alias, key), value in entry["dependencies"].items():
        by_alias.setdefault(alias, {})[key] = value
    for alias, expected in by_alias.items():
        found = caches[alias].get_many(list(expected))
        if any(found.get(key) != value for key, value in expected.items()):
            return False
    return True


def cache_for_anonymous(view):
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        seconds = settings.PAGE_CACHE_SECONDS
        key = _key(request) if seconds else None
        if key is None:
            return view(request, *args, **kwargs)
        cache = caches[settings.PAGE_CACHE]
        gzip = gzipped.accepts_gzip(request.headers.get("Accept-Encoding", ""))
        try:
            if gzip and (entry := _compressed_copy(cache, key)) is not None:
                return _kept_response(request, entry)
            entry = cache.get(key)
            if entry is not None and _still_valid(entry):
                return _kept_response(request, _gzipped(cache, key, entry) if gzip else entry)
            generation = generations.current(cache, GENERATION_KEY)
        except Exception:  # noqa: BLE001 - a kept page is an optimisation; without the cache, render
            logger.warning("page cache unavailable; rendering %s", request.path, exc_info=True)
            return view(request, *args, **kwargs)
        response = view(request, *args, **kwargs)
        dependencies = getattr(request, _ATTRIBUTE, {})
        session = getattr(request, "session", None)
        cacheable = (
            response.status_code == 200
            and not response.streaming
            and not response.has_header("Content-Encoding")  # its body is not the page's text
            and not (session is not None and session.modified)
            # A message added while rendering shows in this page: it is this visitor's alone.
            and not getattr(getattr(request, "_messages", None), "_queued_messages", None)
            and None not in dependencies.values()
            and generation is not None
        )
        pieces = _cut(response.content) if cacheable else None
        if pieces is not None:
            dependencies[(settings.PAGE_CACHE, GENERATION_KEY)] = generation
            entry = {
                "pieces": pieces,
                "content_type": response["Content-Type"],
                "dependencies": dependencies,
                "expires": time.time() + seconds,
            }
            try:
                cache.set(key, entry, timeout=seconds)
            except Exception:  # noqa: BLE001 - the reader has their page; the next one renders again
                logger.warning("page cache unavailable; %s not kept", request.path, exc_info=True)
            else:
                if gzip:
                    return _kept_response(request, _gzipped(cache, key, entry))
        patch_vary_headers(response, ("Accept-Encoding",))  # the kept copy may go out compressed
        return response

    return wrapper
