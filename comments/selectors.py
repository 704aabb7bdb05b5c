"""Reads of the discussion that are not a chainable QuerySet."""

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Left

from comments.models import PATH_STEP, Comment, author_may_edit
from forum.policy import load_policy
from posts.models import Post

PLACEHOLDERS = {
    Comment.Status.REMOVED: "[removed by its author]",
    Comment.Status.HIDDEN: "[hidden by a moderator]",
    Comment.Status.PENDING: "[awaiting moderation]",
}


@dataclass
class Thread:
    """One top-level comment and its replies, in path order."""

    top: "ThreadComment"
    replies: list["ThreadComment"] = field(default_factory=list)


@dataclass
class Discussion:
    threads: list[Thread]
    page: int = 1
    page_count: int = 1
    new_count: int = 0
    first_new_pk: int | None = None
    by_pk: dict[int, "ThreadComment"] = field(default_factory=dict)


class ThreadComment:
    """One comment as the discussion shows it: the thread query's columns and its display state.

    Far lighter than a model instance, which matters when a 2,500-comment thread makes one of these
    per comment for every rendering (plain attributes, class-level defaults, no field machinery). It
    has what the rendering and the reply form read, under the names a Comment has them (pk, status,
    body_html, display_name, can_edit ...).
    """

    # Display state every comment starts with; the selectors set it only where a comment differs.
    moderator_reason = collapsed_reason = placeholder = ""
    moderator_edited = is_new = editable = False
    replying_to = next_new = None
    Status = Comment.Status
    COLUMNS = (
        "pk", "parent_id", "depth", "author_name", "body_html", "status", "created_at", "edited_at",
        "author_id", "author__display_name", "author__username",
    )  # fmt: skip

    @property
    def id(self) -> int:
        return self.pk

    @property
    def display_name(self) -> str:
        return self.name

    def get_status_display(self) -> str:
        return Comment.Status(self.status).label

    def can_edit(self, user) -> bool:
        return author_may_edit(self, user)


def _thread_comments(post: Post, policy) -> tuple[list[ThreadComment], bool]:
    """Every comment of the post in thread order, from one query of plain rows; and whether all of
    them are published."""
    extra = policy.thread_values()
    width = len(ThreadComment.COLUMNS)
    no_extra = (None,) * len(extra)
    decorate = policy.decorate_comment
    rows = Comment.objects.filter(post=post).order_by("path").values_list(*ThreadComment.COLUMNS, *extra)
    comments = []
    append = comments.append
    new = ThreadComment.__new__
    published = Comment.Status.PUBLISHED.value
    all_published = True
    for row in rows:
        comment = new(ThreadComment)
        (
            comment.pk, comment.parent_id, comment.depth, comment.author_name, comment.body_html,
            status, comment.created_at, comment.edited_at, author_id, display_name, username,
        ) = row[:width]  # fmt: skip
        comment.status, comment.author_id = status, author_id
        if author_id is not None:
            comment.name = display_name or username
        else:
            comment.name = comment.author_name or "Anonymous"
        if status != published:
            all_published = False
        if extra and row[width:] != no_extra:
            decorate(comment, row[width:])
        append(comment)
    return comments, all_published


def comment_thread(
    *, post: Post, user=None, own_pending: frozenset[int] = frozenset()
) -> list[ThreadComment]:
    """The post's comments this reader sees, in thread order, from one query.

    A comment the reader may not see stays as a placeholder (`comment.placeholder`) when some reply
    below it is shown, so the thread keeps its shape; otherwise it is left out. `own_pending` holds
    the held comments an anonymous reader wrote in this session, which they alone may see.
    """
    is_moderator = bool(user and user.is_authenticated and user.has_perm("comments.moderate_comment"))
    user_pk = user.pk if user is not None and user.is_authenticated else None
    # The comment policy (moderation) adds its per-comment display columns to this same query.
    rows, all_published = _thread_comments(post, load_policy("COMMENTS_POLICY"))
    if all_published:
        return rows  # every comment readable by everyone: no placeholders to work out
    s = Comment.Status
    published, pending, hidden, removed = (s.PUBLISHED, s.PENDING, s.HIDDEN, s.REMOVED)
    shown = [False] * len(rows)
    below = set()  # pks with some reply under them shown
    # Walk backwards: every reply comes after its parent in path order.
    for index in range(len(rows) - 1, -1, -1):
        comment = rows[index]
        status = comment.status
        if status == published or is_moderator:
            readable = True
        elif status == pending:
            readable = bool(user_pk and comment.author_id == user_pk) or (
                comment.author_id is None and comment.pk in own_pending
            )
        else:
            readable = False
        if status == removed:
            comment.placeholder = PLACEHOLDERS[removed]
        elif readable:
            comment.placeholder = ""
        elif status == hidden and comment.moderator_reason:
            comment.placeholder = f"[removed by a moderator: {comment.moderator_reason}]"
        else:
            comment.placeholder = PLACEHOLDERS.get(status, "")
        keep = (readable and status != removed) or comment.pk in below
        shown[index] = keep
        if keep and comment.parent_id:
            below.add(comment.parent_id)
    return [comment for comment, keep in zip(rows, shown, strict=True) if keep]


def build_discussion(
    *,
    post: Post,
    user=None,
    newest_first: bool = False,
    page: int = 1,
    seen_before: datetime | None = None,
    own_pending: frozenset[int] = frozenset(),
) -> Discussion:
    """Group the thread into top-level threads, sort and page them, and decorate each comment for display."""
    cap = settings.COMMENTS_MAX_DISPLAY_DEPTH
    per_page = settings.COMMENTS_THREADS_PER_PAGE
    user_pk = user.pk if user is not None and user.is_authenticated else None
    comments = comment_thread(post=post, user=user, own_pending=own_pending)

    by_pk = {comment.pk: comment for comment in comments}
    threads: list[Thread] = []
    for comment in comments:
        if comment.depth > cap:
            comment.indent = cap
            comment.replying_to = by_pk.get(comment.parent_id)
        else:
            comment.indent = comment.depth
        if seen_before is not None:
            comment.is_new = bool(
                not comment.placeholder
                and comment.created_at > seen_before
                and (user_pk is None or comment.author_id != user_pk)
            )
        if user_pk is not None and comment.author_id == user_pk:
            comment.editable = comment.can_edit(user)
        if comment.depth == 0 or not threads:
            threads.append(Thread(top=comment))
        else:
            threads[-1].replies.append(comment)

    if newest_first:
        threads.reverse()
    page_count = 1
    if per_page:
        page_count = max(1, math.ceil(len(threads) / per_page))
        page = min(max(page, 1), page_count)
        threads = threads[(page - 1) * per_page : page * per_page]
    else:
        page = 1

    # "Next new" links follow document order on this page.
    new_on_page = [c for thread in threads for c in (thread.top, *thread.replies) if c.is_new]
    for current, following in zip(new_on_page, new_on_page[1:], strict=False):
        current.next_new = following.pk
    return Discussion(
        threads=threads,
        page=page,
        page_count=page_count,
        new_count=len(new_on_page),
        first_new_pk=new_on_page[0].pk if new_on_page else None,
        by_pk=by_pk,
    )


def comment_url(comment: Comment, *, page: int = 1) -> str:
    """The comment's anchor on its post page (`comment.post` loaded), on discussion page `page`."""
    query = f"?page={page}" if page > 1 else ""
    return f"{comment.post.get_absolute_url()}{query}#comment-{comment.pk}"


def page_of_comment(*, comment: Comment) -> int:
    """The discussion page (oldest first) holding this comment's thread, when paging is on."""
    return pages_of_comments([comment])[comment.pk]


def pages_of_comments(comments: Iterable[Comment]) -> dict[int, int]:
    """page_of_comment for each comment by primary key: one query when paging is on, none when off."""
    comments = list(comments)
    per_page = settings.COMMENTS_THREADS_PER_PAGE
    if not per_page or not comments:
        return {comment.pk: 1 for comment in comments}
    # Top-level threads on the same post that come before this comment's own thread.
    earlier = (
        Comment.objects.filter(post=OuterRef("post_id"), depth=0, path__lt=Left(OuterRef("path"), PATH_STEP))
        .order_by()
        .values("post")
        .annotate(count=Count("pk"))
        .values("count")
    )
    counts = dict(
        Comment.objects.filter(pk__in=[comment.pk for comment in comments])
        .annotate(earlier=Subquery(earlier))
        .values_list("pk", "earlier")
    )
    return {comment.pk: (counts.get(comment.pk) or 0) // per_page + 1 for comment in comments}
