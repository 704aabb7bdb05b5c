"""The thread as HTML, built in Python.

A 2,500-comment discussion costs about 0.3 s through the template engine (a context push and a dozen
variable lookups per comment) and a few tens of milliseconds as string building, so the per-comment
markup lives here. It follows DESIGN.md §5: each comment is
`<article class="comment" id="comment-<pk>" data-depth="<n>">` in thread order, each top-level
thread's replies sit in a `<details>`, and Reply links to `?replyto=<pk>#reply`. Every value that is
not stored, sanitised HTML (`body_html`) goes through `escape`.
"""

from datetime import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from comments.models import Comment
from comments.selectors import Discussion

MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip


def format_time(moment: datetime) -> tuple[str, str]:
    """(ISO 8601 for `datetime=`, "November 25, 2026 at 6:16 PM" in the site's time zone)."""
    local = timezone.localtime(moment)
    hour = local.hour % 12 or 12
    meridiem = "AM" if local.hour < 12 else "PM"
    shown = f"{MONTHS[local.month - 1]} {local.day}, {local.year} at {hour}:{local.minute:02d} {meridiem}"
    return local.isoformat(), shown


# Where the per-reader parts of a comment go (comments.thread_cache keeps a shared rendering with them
# empty and adds them for each reader): the "is-new" class, the "New" badge, the author's own Edit and
# Delete links, and the "Next new comment" link.
SLOT_CLASS, SLOT_BADGE, SLOT_OWNER, SLOT_NEXT = range(4)


def comment_segments(
    comment: Comment, *, can_reply: bool, links: tuple[tuple[str, str], ...] = ()
) -> list[str]:
    """The comment's markup that every reader of this view shares, as five pieces around the four slots."""
    classes = f"comment indent-{comment.indent}"
    status_class = ""
    if comment.placeholder:
        status_class = " is-placeholder"
    elif comment.status != Comment.Status.PUBLISHED:
        status_class = f" is-{comment.status}"
    pk = comment.pk
    iso, shown = format_time(comment.created_at)
    head = [f'<article class="{classes}']
    header = [f'{status_class}" id="comment-{pk}" data-depth="{comment.depth}">']
    if comment.placeholder:
        header.append(f'<p class="comment-placeholder">{escape(comment.placeholder)}</p>')
        body = []
    else:
        meta = f'<strong class="comment-author">{escape(comment.name)}</strong> said...'
        target = comment.replying_to
        if target is not None:
            target_name = "an earlier comment" if target.placeholder else escape(target.name)
            link = f'<a href="#comment-{target.pk}">{target_name}</a>'
            meta += f' <span class="replying-to">replying to {link}</span>'
        header.append(f'<header class="comment-meta"><p>{meta}')
        body = ["</p>"]
        if comment.status != Comment.Status.PUBLISHED:
            body.append(f'<p class="comment-status">{escape(comment.get_status_display())}</p>')
        body.append(f'</header><div class="comment-body">{comment.body_html}</div>')
    body.append(
        f'<footer class="comment-actions"><a class="permalink" href="#comment-{pk}">'
        f'<time datetime="{iso}">{shown}</time></a>'
    )
    if comment.edited_at and not comment.placeholder:
        edited_iso, edited_shown = format_time(comment.edited_at)
        body.append(
            f' <span class="edited">edited <time datetime="{edited_iso}">{edited_shown}</time></span>'
        )
    if getattr(comment, "moderator_edited", False) and not comment.placeholder:
        body.append(' <span class="edited-by-moderator">edited by a moderator</span>')
    if can_reply and not comment.placeholder and comment.status == Comment.Status.PUBLISHED:
        body.append(
            f' <a class="comment-reply-link" href="?replyto={pk}#reply" data-parent="{pk}"'
            f' data-name="{escape(comment.name)}">Reply</a>'
        )
    tail = []
    if not comment.placeholder:
        # Links the comment policy adds (Flag, Moderate); label and URL are the policy's own text.
        for label, url in links:
            tail.append(f' <a href="{escape(url.format(pk=pk))}">{escape(label)}</a>')
    return ["".join(head), "".join(header), "".join(body), "".join(tail), "</footer></article>\n"]


def reader_parts(*, pk: int, is_new: bool, editable: bool, next_new: int | None) -> tuple[str, str, str, str]:
    """What goes into the four slots of comment `pk` for one reader."""
    owner = ""
    if editable:
        edit = reverse("comments:comment_edit", args=[pk])
        delete = reverse("comments:comment_delete", args=[pk])
        owner = f' <a href="{edit}">Edit</a> <a href="{delete}">Delete</a>'
    return (
        " is-new" if is_new else "",
        ' <span class="badge-new">New</span>' if is_new else "",
        owner,
        f' <a class="next-new" href="#comment-{next_new}">Next new comment</a>' if next_new else "",
    )


def render_comment(comment: Comment, *, can_reply: bool, links: tuple[tuple[str, str], ...] = ()) -> str:
    segments = comment_segments(comment, can_reply=can_reply, links=links)
    slots = reader_parts(
        pk=comment.pk, is_new=comment.is_new, editable=comment.editable, next_new=comment.next_new
    )
    return "".join(piece for pair in zip(segments, (*slots, ""), strict=True) for piece in pair)


class _Writer:
    """Collects the thread's markup; `shared` leaves the reader slots empty and records their offsets."""

    def __init__(self, *, can_reply: bool, links, shared: bool):
        self.can_reply, self.links, self.shared = can_reply, links, shared
        self.parts: list[str] = []
        self.length = 0
        self.slots: list[tuple[Comment, tuple[int, int, int, int]]] = []

    def append(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    def comment(self, comment: Comment) -> None:
        if not self.shared:
            self.append(render_comment(comment, can_reply=self.can_reply, links=self.links))
            return
        offsets = []
        segments = comment_segments(comment, can_reply=self.can_reply, links=self.links)
        for segment in segments[:-1]:
            self.append(segment)
            offsets.append(self.length)
        self.append(segments[-1])
        self.slots.append((comment, tuple(offsets)))


def _render_run(comments: list[Comment], writer: _Writer) -> None:
    """Comments in thread order; a subthread a moderator collapsed goes into a closed <details>."""
    index = 0
    while index < len(comments):
        comment = comments[index]
        reason = getattr(comment, "collapsed_reason", "")
        if not reason:
            writer.comment(comment)
            index += 1
            continue
        end = index + 1
        while end < len(comments) and comments[end].depth > comment.depth:
            end += 1
        count = end - index
        writer.append(
            f'<details class="collapsed-subthread"><summary>Collapsed by a moderator: {escape(reason)} '
            f"({count} comment{'' if count == 1 else 's'})</summary>\n"
        )
        for each in comments[index:end]:
            writer.comment(each)
        writer.append("</details>\n")
        index = end


def _write_threads(discussion: Discussion, writer: _Writer) -> None:
    for thread in discussion.threads:
        writer.append('<div class="thread">\n')
        if getattr(thread.top, "collapsed_reason", ""):
            _render_run([thread.top, *thread.replies], writer)
            writer.append("</div>\n")
            continue
        writer.comment(thread.top)
        if thread.replies:
            count = len(thread.replies)
            writer.append(
                f'<details class="thread-replies" open><summary>{count} '
                f"{'reply' if count == 1 else 'replies'}</summary>\n"
            )
            _render_run(thread.replies, writer)
            writer.append("</details>\n")
        writer.append("</div>\n")


def render_threads(
    discussion: Discussion, *, can_reply: bool, links: tuple[tuple[str, str], ...] = ()
) -> SafeString:
    """Every thread on this page: the top-level comment, then its replies in a collapsible <details>.

    `links` are (label, URL with "{pk}") pairs shown on each readable comment, e.g. Flag.
    """
    writer = _Writer(can_reply=can_reply, links=links, shared=False)
    _write_threads(discussion, writer)
    return mark_safe("".join(writer.parts))  # noqa: S308 - every piece is escaped or sanitised at write time


def render_shared_threads(
    discussion: Discussion, *, can_reply: bool, links: tuple[tuple[str, str], ...] = ()
) -> tuple[str, list[tuple[Comment, tuple[int, int, int, int]]]]:
    """The page's threads with every reader slot empty, and each shown comment with its slot offsets."""
    writer = _Writer(can_reply=can_reply, links=links, shared=True)
    _write_threads(discussion, writer)
    return "".join(writer.parts), writer.slots


def fill_slots(html: str, additions: list[tuple[int, str]]) -> SafeString:
    """Insert (offset, text) additions, made by `reader_parts`, into a shared rendering."""
    pieces, start = [], 0
    for offset, text in sorted(additions, key=lambda addition: addition[0]):
        pieces += (html[start:offset], text)
        start = offset
    pieces.append(html[start:])
    return mark_safe("".join(pieces))  # noqa: S308 - shared rendering plus reader_parts, both escaped
