"""The discussion under a post as one reader sees it: a page of threads, each rendered from the
`comments/_discussion.html#thread` partial and kept in Django's cache framework.

A thread's rendering is kept, with whether it shows only its first replies, under a key made of its
top comment's pk and `thread_version` (raised by every change to the thread:
comments.services.thread_changed) and of everything else it depends on: the reader's role (moderators
read held and hidden comments), whether they may reply, their per-comment links, whether every reply
is shown, and the post's address. A change makes a new key,
so nothing is deleted by hand and a kept rendering is never stale, only unused until it expires.
The key also holds a generation kept in the shared cache (`STORE_GENERATION_KEY`): a restore, which
takes comment ids and versions back to older values, empties the shared cache (`manage.py
clear_caches`), so every worker's kept threads go unused at once, also those kept in its own memory.

A thread that holds something for this reader alone is rendered for them and never kept: their own
comments (Edit and Delete, no Flag, their held and hidden comments), held comments sent from this
browser without an account, what they said as the letter writer when they are the letter writer
(counts, not reaction buttons), comments new since their last visit, their reactions (pressed for
them), and comments of people they ignore (folded for them). See selectors.reader_comments.
"""

import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import caches
from django.core.paginator import Page
from django.http import Http404
from django.template.loader import render_to_string
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe

from comments.models import PATH_STEP, Comment, Reaction
from comments.selectors import (
    COUNTED_SORTS,
    DEFAULT_SORT,
    Reader,
    post_highlights,
    reader_comments,
    reader_reactions,
    shown_to,
    thread_comments,
    thread_tops,
)
from forum import generations
from forum.cache_failures import cache_failures_logged
from forum.pagination import Paginator
from forum.policy import load_policy
from posts.models import Post

MARKUP_VERSION = 12  # raise when the thread markup changes, so renderings kept by older code go unused
KEPT_SECONDS = 24 * 60 * 60
THREAD_TEMPLATE = "comments/_discussion.html#thread"
STORE_GENERATION_KEY = "comments:threads:generation"


@dataclass
class Thread:
    """A top-level comment and the replies a page shows, decorated for the thread partial."""

    top: Comment
    replies: list[Comment]
    reply_total: int  # replies this reader sees in the thread, shown or not
    more: int = 0  # replies past the ones shown
    first_hidden: int | None = None


@dataclass
class Discussion:
    sort: str
    threads: list[SafeString]
    page: Page | None = None  # None when every thread is shown (`?all=1`) or one thread (`?thread=`)
    thread: Comment | None = None  # the thread shown alone
    picks: list[Comment] = field(default_factory=list)  # the editor's picks, each with its `permalink`
    letter_writer: list[Comment] = field(default_factory=list)  # the letter writer's comments, the same

    # The strips at the top stay short (COMMENTS_STRIP_SHOWN): the first picks, the latest of the letter
    # writer's comments; the rest fold under "N more".
    @property
    def picks_shown(self) -> list[Comment]:
        return self.picks[: settings.COMMENTS_STRIP_SHOWN]

    @property
    def picks_folded(self) -> list[Comment]:
        return self.picks[settings.COMMENTS_STRIP_SHOWN :]

    @property
    def letter_writer_folded(self) -> list[Comment]:
        return self.letter_writer[: -settings.COMMENTS_STRIP_SHOWN]

    @property
    def letter_writer_shown(self) -> list[Comment]:
        return self.letter_writer[-settings.COMMENTS_STRIP_SHOWN :]

    new_count: int = 0
    first_new_url: str = ""
    sort_query: dict = field(default_factory=dict)  # what links within the discussion carry
    cut: bool = False  # some thread on this page shows only its first replies


def _cache():
    return caches[settings.COMMENTS_FRAGMENT_CACHE]


def _variant(post: Post, reader: Reader, full: bool, generation: str) -> str:
    """Everything a shared rendering depends on besides the thread itself."""
    parts = (
        MARKUP_VERSION, reader.role, reader.can_reply, reader.links, full, post.get_absolute_url(),
        settings.COMMENTS_REPLIES_SHOWN, settings.COMMENTS_MAX_DISPLAY_DEPTH, settings.TIME_ZONE, generation,
    )  # fmt: skip
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:20]


def thread_key(top: Comment, variant: str) -> str:
    return f"comments:thread:{top.pk}:{top.thread_version}:{variant}"


def permalink(post_url: str, pk: int, query: dict | None = None) -> str:
    return f"{post_url}comments/{pk}/" + (f"?{urlencode(query)}" if query else "")


def _mark_collapsed(comments: list[Comment]) -> None:
    """A subthread a moderator collapsed opens a closed <details> at its first comment
    (`collapse_count` comments long) and closes it after its last (`closes_collapse`)."""
    for comment in comments:
        comment.collapse_count = comment.closes_collapse = 0
    index = 0
    while index < len(comments):
        comment = comments[index]
        if not getattr(comment, "collapsed_reason", ""):
            index += 1
            continue
        end = index + 1
        while end < len(comments) and comments[end].depth > comment.depth:
            end += 1
        comment.collapse_count = end - index
        comments[end - 1].closes_collapse += 1
        index = end


def _mark_locked(comments: list[Comment]) -> None:
    """`in_locked_subthread` for each comment a moderator locked (`locked_reason`) and all below it."""
    locked_depth = None
    for comment in comments:
        if locked_depth is not None and comment.depth <= locked_depth:
            locked_depth = None
        if locked_depth is None and getattr(comment, "locked_reason", ""):
            locked_depth = comment.depth
        comment.in_locked_subthread = locked_depth is not None


@dataclass(frozen=True)
class ReactionButton:
    kind: str
    label: str
    count: int
    given: bool  # by this reader


def _reactions(comment: Comment, given: set[str]) -> list[ReactionButton]:
    return [
        ReactionButton(kind, label, getattr(comment, Reaction.count_field(kind)), kind in given)
        for kind, label in Reaction.Kind.choices
    ]


def build_thread(
    comments: list[Comment], reader: Reader, *, post_url: str, full: bool, new=(), reactions=None
) -> Thread | None:
    """The thread as this reader sees it, or None when they see none of it."""
    shown = shown_to(comments, reader)
    if not shown or shown[0].depth != 0:
        return None
    cap = settings.COMMENTS_MAX_DISPLAY_DEPTH
    policy = load_policy("COMMENTS_POLICY")
    by_pk = {comment.pk: comment for comment in shown}
    _mark_locked(shown)
    for comment in shown:
        readable = not comment.placeholder
        own = (reader.user is not None and comment.author_id == reader.user_pk) or (
            reader.letter_writer and comment.letter_writer
        )
        comment.indent = min(comment.depth, cap)
        comment.replying_to = by_pk.get(comment.parent_id)
        comment.avatar_key = comment.author.username if comment.author_id else comment.display_name
        comment.permalink = permalink(post_url, comment.pk)
        comment.is_new = readable and comment.pk in new
        comment.from_ignored = (
            readable and comment.author_id is not None and comment.author_id in reader.ignored
        )
        comment.next_new_url = ""
        comment.editable = own and comment.can_edit(reader.user)
        comment.can_reply = (
            readable
            and reader.can_reply
            and comment.status == Comment.Status.PUBLISHED
            and not comment.in_locked_subthread
        )
        # Nobody flags their own comment; a moderator keeps their own link to the moderation page.
        comment.actions = (
            [(label, url.format(pk=comment.pk)) for label, url in reader.links]
            if readable and (reader.is_moderator or not own)
            else []
        )
        comment.moderator_edited = getattr(comment, "moderator_edited_at", None) is not None
        # Counts for everyone; buttons for others' published comments (own ones show the counts only).
        comment.reaction_buttons = _reactions(comment, (reactions or {}).get(comment.pk, set()))
        comment.can_react = readable and comment.status == Comment.Status.PUBLISHED and not own
        comment.status_note = ""
        if (
            readable
            and comment.status != Comment.Status.PUBLISHED
            and (own or comment.pk in reader.own_pending)
        ):
            comment.status_note = policy.status_note(comment)
    top, replies = shown[0], shown[1:]
    limit = len(replies) if full else settings.COMMENTS_REPLIES_SHOWN
    visible, hidden = replies[:limit], replies[limit:]
    _mark_collapsed([top, *visible])
    return Thread(
        top=top,
        replies=visible,
        reply_total=len(replies),
        more=len(hidden),
        first_hidden=hidden[0].pk if hidden else None,
    )


def _in_reading_order(post: Post, new: list[tuple[int, str]], sort: str) -> list[int]:
    """New comments (pk, path) in the order the discussion shows them in this sort."""
    if sort == "newest":
        new = sorted(new, key=lambda item: item[1][:PATH_STEP], reverse=True)  # stable: replies stay in order
    elif sort in COUNTED_SORTS and new:
        counts = dict(
            Comment.objects.filter(post=post)
            .tops()
            .filter(path__in={path[:PATH_STEP] for _, path in new})
            .values_list("path", COUNTED_SORTS[sort])
        )
        new = sorted(new, key=lambda item: (-counts.get(item[1][:PATH_STEP], 0), item[1]))
    return [pk for pk, _ in new]


def discussion_page(
    *,
    post: Post,
    reader: Reader,
    sort: str = DEFAULT_SORT,
    explicit_sort: bool = False,
    cpage: str | int | None = 1,  # as asked (`?cpage=`): forum.pagination.Paginator reads it
    show_all: bool = False,
    thread_pk: int | None = None,
) -> Discussion:
    """One page of the post's discussion for this reader: `cpage` of its threads in `sort` order, or
    every thread (`show_all`), or the one thread `thread_pk` heads with every reply."""
    post_url = post.get_absolute_url()
    sort_query = {"sort": sort} if explicit_sort else {}
    new, theirs, waiting = reader_comments(post=post, reader=reader)
    tops = thread_tops(post=post, reader=reader, sort=sort, waiting=waiting)
    page = alone = None
    if thread_pk is not None:
        alone = tops.filter(pk=thread_pk).first()
        if alone is None:
            raise Http404("No such thread in this discussion.")
        shown_tops = [alone]
    elif show_all:
        shown_tops = list(tops)
    else:
        page = Paginator(tops, settings.COMMENTS_THREADS_PER_PAGE).get_page(cpage)
        shown_tops = list(page.object_list)
    full = page is None

    given, reacted = reader_reactions(post=post, reader=reader)
    new_pks = {pk for pk, _ in new}
    personal = theirs | reacted | {path[:PATH_STEP] for _, path in new}
    keys, kept = {}, {}
    with cache_failures_logged("comment thread cache unavailable; rendering post %s", post.pk):
        generation = generations.current(caches["default"], STORE_GENERATION_KEY) if shown_tops else None
        if generation is not None:  # None: the shared cache keeps nothing, so nothing is kept
            variant = _variant(post, reader, full, generation)
            keys = {top.pk: thread_key(top, variant) for top in shown_tops if top.path not in personal}
        kept = _cache().get_many(list(keys.values())) if keys else {}
    missing = [top.path for top in shown_tops if keys.get(top.pk) not in kept]
    fetched = thread_comments(post=post, top_paths=missing) if missing else {}

    built = {}
    for top in shown_tops:
        if top.path in fetched:
            built[top.pk] = build_thread(
                fetched[top.path], reader, post_url=post_url, full=full, new=new_pks, reactions=given
            )
    # "Next new comment" follows the reading order across pages: on this page to the comment's anchor,
    # elsewhere to its permalink, which finds its page.
    on_page = {
        comment.pk
        for thread in built.values()
        if thread is not None
        for comment in (thread.top, *thread.replies)
        if comment.is_new
    }
    order = _in_reading_order(post, new, sort)

    def new_url(pk: int) -> str:
        return f"#comment-{pk}" if pk in on_page else permalink(post_url, pk, sort_query)

    following = dict(zip(order, order[1:], strict=False))
    for thread in built.values():
        for comment in (thread.top, *thread.replies) if thread is not None else ():
            if comment.is_new and comment.pk in following:
                comment.next_new_url = new_url(following[comment.pk])

    threads, to_keep, cut = [], {}, False
    for top in shown_tops:
        key = keys.get(top.pk)
        if key in kept:  # (its rendering, whether it shows only its first replies)
            html, more = kept[key]
        elif built.get(top.pk) is not None:
            html, more = render_to_string(THREAD_TEMPLATE, {"thread": built[top.pk]}), built[top.pk].more > 0
            if key is not None:
                to_keep[key] = (html, more)
        else:
            continue
        threads.append(mark_safe(html))  # noqa: S308 - our own rendering of the thread partial
        cut |= more
    if to_keep:
        with cache_failures_logged("comment thread cache unavailable; post %s not kept", post.pk):
            _cache().set_many(to_keep, timeout=KEPT_SECONDS)
    picks, letter_writer = post_highlights(post=post) if post.comment_count else ([], [])
    for pick in picks:
        pick.from_ignored = pick.author_id is not None and pick.author_id in reader.ignored
    for comment in (*picks, *letter_writer):
        comment.permalink = permalink(post_url, comment.pk, sort_query)
    return Discussion(
        sort=sort,
        threads=threads,
        picks=picks,
        letter_writer=letter_writer,
        page=page,
        thread=alone,
        new_count=len(order),
        first_new_url=new_url(order[0]) if order else "",
        sort_query=sort_query,
        cut=cut,
    )
