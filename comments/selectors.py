"""Reads of the discussion that are not a chainable QuerySet: who is reading, which threads they see,
in which order, and where a comment is shown."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from django.conf import settings
from django.db.models import Case, Exists, OuterRef, Q, QuerySet, Value, When

from accounts.models import Ignore, User
from comments.models import PATH_STEP, Comment, Reaction, published_between
from forum.policy import load_policy
from posts.models import Post

# The orders of top-level threads (`?sort=`); replies inside a thread stay oldest first in every order.
SORTS = {
    "oldest": ("path",),
    "newest": ("-path",),
    "replies": ("-reply_count", "path"),
    "helpful": ("-helpful_count", "path"),  # the top comment's "Helpful" reactions
}
# The orders that rank threads by a count kept on the top comment's row.
COUNTED_SORTS = {"replies": "reply_count", "helpful": "helpful_count"}
DEFAULT_SORT = "oldest"

PLACEHOLDERS = {
    Comment.Status.REMOVED: "[removed by its author]",
    Comment.Status.HIDDEN: "[hidden by a moderator]",
    Comment.Status.PENDING: "[awaiting moderation]",
}
THREAD_FIELDS = (
    "pk", "post_id", "parent_id", "path", "depth", "author_id", "author_name", "body_html", "status",
    "created_at", "edited_at", "reply_count", "thread_version", "helpful_count", "been_there_count",
    "picked_at", "letter_writer", "author__username", "author__display_name",
)  # fmt: skip


@dataclass(frozen=True)
class Reader:
    """Who is reading a discussion, as far as what it shows them is concerned."""

    user: object = None  # a signed-in User, or None
    is_moderator: bool = False
    can_reply: bool = False
    # The policy's per-comment links for this reader: (label, URL with "{pk}").
    links: tuple[tuple[str, str], ...] = ()
    # Held comments without an account on them (an anonymous reader's, the letter writer's) sent in
    # this browser session, which they alone may see.
    own_pending: frozenset[int] = field(default_factory=frozenset)
    # A signed-in reader's previous visit: comments since then are new to them.
    seen_before: datetime | None = None
    # The people a signed-in reader ignores (accounts.models.Ignore): their comments fold for them.
    ignored: frozenset[int] = field(default_factory=frozenset)
    # They are the post's letter writer (proved in this browser, or its asker by account): what is said
    # in that voice is theirs (no reacting to it, no flagging it, not new to them).
    letter_writer: bool = False

    @property
    def user_pk(self) -> int | None:
        return self.user.pk if self.user is not None else None

    @property
    def role(self) -> str:
        """What a shared rendering of a thread may depend on: moderators read every comment."""
        if self.is_moderator:
            return "moderator"
        return "reader" if self.user is not None else "anonymous"


def ignored_ids(user) -> frozenset[int]:
    """The accounts this signed-in reader ignores, of the ignores in force (no staff): one query."""
    return frozenset(Ignore.objects.in_force().filter(user=user).values_list("ignored_id", flat=True))


def reader_for(*, user, can_reply: bool, own_pending=(), seen_before=None, letter_writer=False) -> Reader:
    signed_in = user is not None and user.is_authenticated
    return Reader(
        user=user if signed_in else None,
        is_moderator=signed_in and user.has_perm("comments.moderate_comment"),
        can_reply=can_reply,
        links=load_policy("COMMENTS_POLICY").comment_links(user=user),
        own_pending=frozenset(own_pending),
        seen_before=seen_before,
        ignored=ignored_ids(user) if signed_in else frozenset(),
        letter_writer=letter_writer,
    )


def thread_tops(*, post: Post, reader: Reader, sort: str = DEFAULT_SORT, waiting=()) -> QuerySet:
    """The top-level comments that head a thread this reader sees, in the order asked for.

    Readers see a thread when its top comment is published or it has published replies (a hidden or
    removed top then shows as a placeholder), and the held comments they wrote themselves; also the
    threads (`waiting`: top paths, from reader_comments) where only a reply of theirs that waits for a
    moderator or was hidden is left to show.
    """
    tops = Comment.objects.filter(post=post).tops()
    if not reader.is_moderator:
        shown = Q(status=Comment.Status.PUBLISHED) | Q(reply_count__gt=0)
        if reader.user is not None:  # their own held and hidden comments, with why (policy.status_note)
            shown |= Q(author_id=reader.user_pk, status__in=[Comment.Status.PENDING, Comment.Status.HIDDEN])
        if reader.own_pending:
            shown |= Q(pk__in=reader.own_pending, status=Comment.Status.PENDING)
        if waiting:  # rare: kept out of the query otherwise, which then counts from its index alone
            shown |= Q(path__in=sorted(waiting))
        tops = tops.filter(shown)
    return tops.order_by(*SORTS[sort]).only("pk", "path", "reply_count", "helpful_count", "thread_version")


def tops_before(tops: QuerySet, top: Comment, sort: str) -> QuerySet:
    """The threads of `tops` that come before `top`'s in this order."""
    if sort == "newest":
        return tops.filter(path__gt=top.path)
    if sort in COUNTED_SORTS:
        count = COUNTED_SORTS[sort]
        value = getattr(top, count)
        return tops.filter(Q(**{f"{count}__gt": value}) | Q(**{count: value, "path__lt": top.path}))
    return tops.filter(path__lt=top.path)


def _in_group(name: str) -> Exists:
    return Exists(User.groups.through.objects.filter(user_id=OuterRef("author_id"), group__name=name))


# The role an author speaks in (DESIGN §5: data-role and a badge): the letter writer's (whose comments
# have no author), else the editor's voice before the moderator's.
AUTHOR_ROLE = Case(
    When(letter_writer=True, then=Value("letter-writer")),
    When(_in_group("Editors"), then=Value("editor")),
    When(_in_group("Moderators"), then=Value("moderator")),
    default=Value(""),
)


def thread_comments(*, post: Post, top_paths) -> dict[str, list[Comment]]:
    """Every comment of these threads, by the path of their top comment, in thread order: one query."""
    comments = (
        Comment.objects.filter(post=post)
        .in_threads(top_paths)
        .select_related("author")
        .only(*THREAD_FIELDS)
        .annotate(author_role=AUTHOR_ROLE, **load_policy("COMMENTS_POLICY").thread_annotations())
        .in_thread_order()
    )
    threads: dict[str, list[Comment]] = {path: [] for path in top_paths}
    for comment in comments:
        threads[comment.thread_path].append(comment)
    return threads


def shown_to(comments: list[Comment], reader: Reader) -> list[Comment]:
    """The comments of a thread this reader sees, each with its `placeholder` text ("" when readable).

    A comment the reader may not read stays as a placeholder when some reply below it is shown, so the
    thread keeps its shape; otherwise it is left out.
    """
    s = Comment.Status
    user_pk = reader.user_pk
    shown: list[Comment] = []
    below: set[int] = set()  # comments with some reply under them shown
    # Backwards: every reply comes after its parent in path order.
    for comment in reversed(comments):
        status = comment.status
        if status == s.PUBLISHED or reader.is_moderator:
            readable = status != s.REMOVED
        elif status in (s.PENDING, s.HIDDEN) and user_pk is not None and comment.author_id == user_pk:
            readable = True  # their own: they see it, and why it waits or was hidden
        elif status == s.PENDING:
            readable = comment.author_id is None and comment.pk in reader.own_pending
        else:
            readable = False
        reason = getattr(comment, "moderator_reason", "") or ""
        if readable:
            comment.placeholder = ""
        elif status == s.HIDDEN and reason:
            comment.placeholder = f"[removed by a moderator: {reason}]"
        else:
            comment.placeholder = PLACEHOLDERS.get(status, "")
        if readable or comment.pk in below:
            shown.append(comment)
            if comment.parent_id:
                below.add(comment.parent_id)
    shown.reverse()
    return shown


class ReaderComments(NamedTuple):
    """What in a discussion is one reader's alone (reader_comments)."""

    new: list[tuple[int, str]]  # (pk, path) of comments published since their last visit, by others
    # Top paths of the threads that show something for this reader alone: their own comments (by account,
    # held ones sent from this browser, the letter writer's when they are the letter writer) or comments
    # of people they ignore. Never kept in the shared cache.
    personal: set[str]
    waiting: set[str]  # top paths of threads holding their own replies that wait or were hidden


def reader_comments(*, post: Post, reader: Reader) -> ReaderComments:
    """What in this discussion is the reader's alone, from one query: the comments published since their
    last visit by others, in thread order; the threads that hold a comment of theirs (their own links,
    their held comments) or of someone they ignore (folded for them); and of those, the threads where a
    reply of theirs waits for a moderator or was hidden, which they see even when nobody else does
    (thread_tops `waiting`)."""
    wanted = Q(pk__in=reader.own_pending)  # held, without an account on them, sent from this browser
    if reader.user is not None:
        wanted |= Q(author_id=reader.user_pk)
        if reader.ignored:
            wanted |= Q(author_id__in=reader.ignored)
        if reader.seen_before is not None:  # anyone's, and the reader's own count as theirs below
            wanted |= published_between(reader.seen_before)
    if reader.letter_writer:
        wanted |= Q(letter_writer=True)
    if reader.user is None and not reader.own_pending and not reader.letter_writer:
        return ReaderComments([], set(), set())
    rows = (
        Comment.objects.filter(post=post)
        .filter(wanted)
        .in_thread_order()
        .values_list("pk", "path", "author_id", "letter_writer", "status", "depth")
    )
    found = ReaderComments([], set(), set())
    for pk, path, author_id, in_their_voice, status, depth in rows:
        own = author_id is not None and author_id == reader.user_pk
        if (
            reader.user is None
            or own
            or author_id in reader.ignored
            or pk in reader.own_pending
            or (in_their_voice and reader.letter_writer)
        ):
            found.personal.add(path[:PATH_STEP])
        else:
            found.new.append((pk, path))
        # As shown_to shows them: their held and hidden comments, or held ones sent from this browser.
        held = status == Comment.Status.PENDING and pk in reader.own_pending
        if depth and (held or (own and status in (Comment.Status.PENDING, Comment.Status.HIDDEN))):
            found.waiting.add(path[:PATH_STEP])
    return found


def post_highlights(*, post: Post) -> tuple[list[Comment], list[Comment]]:
    """The discussion's published editor's picks, in the order they were picked, and the letter writer's
    published comments, oldest first: one query (each kind has its partial index)."""
    rows = (
        Comment.objects.published()
        .filter(Q(picked_at__isnull=False) | Q(letter_writer=True), post=post)
        .select_related("author")
        .only(
            "pk",
            "post_id",
            "path",
            "body_html",
            "created_at",
            "picked_at",
            "letter_writer",
            "author_id",
            "author_name",
            "author__username",
            "author__display_name",
        )
        .order_by("created_at", "pk")
    )
    rows = list(rows)
    picks = [row for row in rows if row.picked_at is not None]
    picks.sort(key=lambda row: (row.picked_at, row.pk))
    return picks, [row for row in rows if row.letter_writer]


def letter_writer_exchanges(*, post: Post, reader: Reader) -> list[Comment]:
    """The letter writer's published comments on `post`, oldest first, each with the comment it answered
    (`parent`, marked `from_ignored` when this reader ignores its author): one query."""
    said = list(
        Comment.objects.published()
        .filter(post=post, letter_writer=True)
        .select_related("parent__author")
        .order_by("created_at", "pk")
    )
    for comment in said:
        comment.post = post  # for the permalinks, without a query each
        if comment.parent is not None:
            comment.parent.post = post
            comment.parent.from_ignored = comment.parent.author_id in reader.ignored
    return said


def reader_reactions(*, post: Post, reader: Reader) -> tuple[dict[int, set[str]], set[str]]:
    """The reader's reactions in this discussion, from one query: the kinds they gave each comment, and
    the threads (top paths) those comments are in, which show the reactions pressed for them alone."""
    if reader.user is None:
        return {}, set()
    given: dict[int, set[str]] = {}
    threads = set()
    rows = Reaction.objects.filter(user_id=reader.user_pk, comment__post=post).values_list(
        "comment_id", "comment__path", "kind"
    )
    for pk, path, kind in rows:
        given.setdefault(pk, set()).add(kind)
        threads.add(path[:PATH_STEP])
    return given, threads


@dataclass(frozen=True)
class Location:
    """Where a comment is shown to a reader: a discussion page, or its thread's own page."""

    page: int = 1
    thread: int | None = None  # the top comment's pk, when the comment is past the replies a page shows


def comment_location(*, comment: Comment, reader: Reader, sort: str = DEFAULT_SORT) -> Location | None:
    """The page that shows `comment` to this reader in this order, or None when they may not see it."""
    post = comment.post
    thread = thread_comments(post=post, top_paths=[comment.thread_path])[comment.thread_path]
    shown = shown_to(thread, reader)
    pks = [each.pk for each in shown]
    if comment.pk not in pks or shown[0].depth != 0:
        return None
    top = shown[0]
    if pks.index(comment.pk) > settings.COMMENTS_REPLIES_SHOWN:
        return Location(thread=top.pk)
    waiting = reader_comments(post=post, reader=reader).waiting
    earlier = tops_before(
        thread_tops(post=post, reader=reader, sort=sort, waiting=waiting), top, sort
    ).count()
    return Location(page=earlier // settings.COMMENTS_THREADS_PER_PAGE + 1)
