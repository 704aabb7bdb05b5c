"""The rendered discussion, cached per post version, with each reader's own parts added on the way out.

Rendering a 2,500-comment thread costs tens of milliseconds; most readers see the same markup. So a
page of threads is rendered once per *view* — the post's current thread version, the reader's role
(moderators read hidden and held comments), whether they may reply, the per-comment links their role
gets, the sort and the page — and stored with the offsets of each comment's reader slots
(comments.rendering). A reader then gets that markup with their own parts filled in: "new since your
last visit" markers, Edit and Delete on their own comments. Nothing one reader may see and another may
not is ever in a shared entry: a reader's own held comments make their view unshareable, so it is
rendered for them alone and not stored.

The version is a random token under `thread-version:<post id>`, replaced after every committed change
to the thread (`thread_changed`, called by every comments and moderation service that changes what a
thread shows). A missing token (never set, evicted) means "unknown": the reader renders and stores
under a fresh one. Entries expire after `ENTRY_SECONDS`, which bounds how long a change made outside
the services (an admin edit, say) can lag. A new display name or a deleted account reaches us through
accounts' public_name_changed signal (`public_name_changed_receiver`).
"""

import hashlib
import secrets
from array import array
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.utils.safestring import SafeString

from comments.models import Comment
from comments.rendering import fill_slots, reader_parts, render_shared_threads
from comments.selectors import Discussion, build_discussion
from forum.cache_failures import cache_failures_logged
from posts.models import Post

ENTRY_SECONDS = 60 * 60
VERSION_SECONDS = 24 * 60 * 60
# Per shown comment in an entry's `meta` array: pk, created_at (µs since the epoch), author pk or 0,
# 1 for a placeholder, then the offsets of its four reader slots.
META_WIDTH = 8
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _cache():
    return caches[settings.COMMENTS_THREAD_CACHE]


def version_key(post_id: int) -> str:
    return f"thread-version:{post_id}"


def _micros(moment: datetime) -> int:
    return (moment - EPOCH) // timedelta(microseconds=1)


def thread_changed(*, post_id: int) -> None:
    """Retire every cached rendering of this post's thread once the current transaction commits."""

    def bump():
        _cache().set(version_key(post_id), secrets.token_hex(8), timeout=VERSION_SECONDS)

    # Now, so no reader is served the old rendering from here on (and tests, which never commit, see
    # the change), and again after commit: a reader who rendered the uncommitted state in between
    # stored it under the first token. robust: the change is committed either way; if the second bump
    # fails, the in-between entry expires after ENTRY_SECONDS.
    bump()
    transaction.on_commit(bump, robust=True)


def public_name_changed_receiver(sender, *, user_id: int, **kwargs) -> None:
    """Retire the cached threads that show this user's name (accounts.signals.public_name_changed)."""
    post_ids = (
        Comment.objects.filter(author_id=user_id).order_by().values_list("post_id", flat=True).distinct()
    )
    for post_id in post_ids:
        thread_changed(post_id=post_id)


def clear() -> None:
    """Forget every cached thread (benchmarks; a database restored under a file-based cache)."""
    _cache().clear()


@dataclass
class ThreadPage:
    discussion: Discussion
    # The shared rendering as stored, UTF-8 bytes that go into the response as they are
    # (forum.splice), or this reader's own rendering.
    html: bytes | SafeString
    # The thread version this rendering belongs to; None when it is this reader's alone or unversioned.
    version: str | None = None


def _is_moderator(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.has_perm("comments.moderate_comment"))


def _entry_key(*, post: Post, user, can_reply: bool, links, newest_first: bool, page: int) -> str:
    role = "moderator" if _is_moderator(user) else "reader"
    digest = hashlib.sha1(repr(links).encode(), usedforsecurity=False).hexdigest()[:12]
    order = "newest" if newest_first else "oldest"
    # v2: the entry's html is bytes, and it has a stamp; a worker still on the code before (during a
    # deploy) never reads an entry in the other format.
    return f"thread:v2:{post.pk}:{role}:{int(can_reply)}:{order}:{page}:{digest}"


def _personalise(
    *, html: bytes, meta: array, seen_before, user_pk, editable: set[int]
) -> tuple[bytes | SafeString, int, int]:
    """Fill the reader slots from the entry's meta; return (html, new count, first new pk)."""
    new = []
    if seen_before is not None:
        seen = _micros(seen_before)
        author = user_pk if user_pk is not None else -1  # meta holds 0 for an anonymous author
        # Strided slices of the flat array are C-speed; only the new comments reach Python code.
        pks, created, authors, placeholders = (meta[column::META_WIDTH] for column in range(4))
        new = [
            pk
            for pk, at, by, placeholder in zip(pks, created, authors, placeholders, strict=True)
            if at > seen and not placeholder and by != author
        ]
    if not new and not editable:
        return html, 0, None  # the shared rendering, escaped when it was made
    following = dict(zip(new, new[1:], strict=False))
    wanted = set(new) | editable
    new_set = set(new)
    additions = []
    for start in range(0, len(meta), META_WIDTH):
        pk = meta[start]
        if pk not in wanted:
            continue
        parts = reader_parts(pk=pk, is_new=pk in new_set, editable=pk in editable, next_new=following.get(pk))
        offsets = meta[start + 4 : start + META_WIDTH]
        additions += [(offset, text) for offset, text in zip(offsets, parts, strict=True) if text]
    # The slots' offsets count characters: fill the text (an entry kept before entries were bytes is text).
    text = html.decode() if isinstance(html, bytes) else html
    return fill_slots(text, additions), len(new), (new[0] if new else None)


def _store(
    cache, *, post: Post, key: str, version, discussion, html: str, slots
) -> tuple[str | None, bytes | None]:
    """Keep this rendering as the shared entry of its view; (the version it is kept under, its bytes),
    or (None, None) when a change landed while it was being made."""
    if version is None:
        version = secrets.token_hex(8)
        if not cache.add(version_key(post.pk), version, timeout=VERSION_SECONDS):
            return None, None  # a change landed meanwhile; this rendering may predate it
    flat = []
    for comment, offsets in slots:
        flat += (comment.pk, _micros(comment.created_at), comment.author_id or 0)
        flat += (1 if comment.placeholder else 0, *offsets)
    entry = {
        "version": (version, post.comment_count),
        # Bytes: pickled and read back without a round of encoding, and spliced into the response as
        # they are (the encoding for this response is this one).
        "html": html.encode(),
        "meta": array("q", flat),
        "page": discussion.page,
        "page_count": discussion.page_count,
    }
    cache.set(key, entry, timeout=ENTRY_SECONDS)
    cache.set(f"{key}:stamp", entry["version"], timeout=ENTRY_SECONDS)
    return version, entry["html"]


def thread_page(
    *,
    post: Post,
    user,
    can_reply: bool,
    links: tuple[tuple[str, str], ...],
    newest_first: bool,
    page: int,
    seen_before: datetime | None,
    own_pending: frozenset[int],
    use_cache: bool = True,
) -> ThreadPage:
    """This reader's page of the discussion, from the cache when their view is a shared one.

    An anonymous reader with held comments of their own in the session skips the cache. A signed-in
    reader costs one small query for their own comments on the post instead of the thread query.
    """
    signed_in = bool(user is not None and user.is_authenticated)
    user_pk = user.pk if signed_in else None
    use_cache = use_cache and not own_pending
    cache = _cache()
    key = _entry_key(
        post=post, user=user, can_reply=can_reply, links=links, newest_first=newest_first, page=page
    )
    stamp_key = f"{key}:stamp"
    version = None
    if use_cache:
        entry = None
        with cache_failures_logged("thread cache unavailable; rendering post %s", post.pk) as trouble:
            found = cache.get_many([version_key(post.pk), stamp_key])
            version = found.get(version_key(post.pk))
            # The count catches changes made outside the services (imports, account deletion) that it
            # moves. The entry's stamp says whether it is current before its 2 MB are read: after a
            # change it is not.
            current = (version, post.comment_count)
            entry = cache.get(key) if version is not None and found.get(stamp_key) == current else None
        if trouble.failed:  # render, and keep nothing
            use_cache, version = False, None
        if entry is not None and entry["version"] == current:
            hit = _from_entry(entry, post=post, user=user, user_pk=user_pk, seen_before=seen_before)
            if hit is not None:
                hit.version = version
                return hit

    discussion = build_discussion(
        post=post,
        user=user,
        newest_first=newest_first,
        page=page,
        seen_before=seen_before,
        own_pending=own_pending,
    )
    html, slots = render_shared_threads(discussion, can_reply=can_reply, links=links)
    # Held comments the reader may see only because they wrote them: this view is theirs alone.
    shareable = _is_moderator(user) or not any(
        c.status == Comment.Status.PENDING and not c.placeholder for c in discussion.by_pk.values()
    )
    stored = data = None
    if use_cache and shareable and discussion.page == page:
        with cache_failures_logged("thread cache unavailable; post %s not kept", post.pk):
            stored, data = _store(
                cache, post=post, key=key, version=version, discussion=discussion, html=html, slots=slots
            )
    additions = []
    for comment, offsets in slots:
        if not (comment.is_new or comment.editable):
            continue  # every slot empty (the "next new" link sits only on new comments)
        parts = reader_parts(
            pk=comment.pk, is_new=comment.is_new, editable=comment.editable, next_new=comment.next_new
        )
        additions += [(offset, text) for offset, text in zip(offsets, parts, strict=True) if text]
    if not additions and data is not None:
        return ThreadPage(discussion=discussion, html=data, version=stored)
    return ThreadPage(discussion=discussion, html=fill_slots(html, additions), version=stored)


def _from_entry(entry: dict, *, post: Post, user, user_pk, seen_before) -> ThreadPage | None:
    """The reader's page from a shared entry, or None when their own held comments make it theirs alone."""
    editable: set[int] = set()
    if user_pk is not None:
        own = Comment.objects.filter(post=post, author_id=user_pk).only(
            "pk", "author_id", "status", "created_at"
        )
        for comment in own:
            if comment.status == Comment.Status.PENDING and not _is_moderator(user):
                return None
            if comment.can_edit(user):
                editable.add(comment.pk)
    html, new_count, first_new = _personalise(
        html=entry["html"], meta=entry["meta"], seen_before=seen_before, user_pk=user_pk, editable=editable
    )
    discussion = Discussion(
        threads=[],  # the markup is already made; the template needs only the figures below
        page=entry["page"],
        page_count=entry["page_count"],
        new_count=new_count,
        first_new_pk=first_new,
    )
    return ThreadPage(discussion=discussion, html=html)
