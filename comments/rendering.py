"""The thread as HTML, built in Python.

A 2,500-comment discussion costs about 0.3 s through the template engine (a context push and a dozen
variable lookups per comment) and a few tens of milliseconds as string building, so the per-comment
markup lives here. It follows DESIGN.md §5: each comment is
`<article class="comment" id="comment-<pk>" data-depth="<n>">` in thread order, each top-level
thread's replies sit in a `<details>`, and Reply links to `?replyto=<pk>#reply`. Every value that is
not stored, sanitised HTML (`body_html`) goes through `escape`.
"""

from datetime import datetime, tzinfo
from functools import lru_cache
from html import escape  # django.utils.html.escape is this plus a lazy-string wrapper, per call

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from comments.models import Comment
from comments.selectors import Discussion

MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
)  # fmt: skip


def format_time(moment: datetime, zone: tzinfo | None = None) -> tuple[str, str]:
    """(ISO 8601 for `datetime=`, "November 25, 2026 at 6:16 PM" in the site's time zone)."""
    local = moment.astimezone(zone or timezone.get_current_timezone())
    hour = local.hour % 12 or 12
    meridiem = "AM" if local.hour < 12 else "PM"
    shown = f"{MONTHS[local.month - 1]} {local.day}, {local.year} at {hour}:{local.minute:02d} {meridiem}"
    return local.isoformat(), shown


# A comment's markup has four slots for the per-reader parts (comments.thread_cache keeps a shared
# rendering with them empty and adds them for each reader), in this order: the "is-new" class, the
# "New" badge, the author's own Edit and Delete links, and the "Next new comment" link.


def _comment_markup(
    pk, indent, depth, status, placeholder, name, body_html, created_at, edited_at, moderator_edited,
    target_pk, target_name, zone, language,
) -> tuple[str, str, str, str]:  # fmt: skip
    """The comment's own markup before its first three slots, the same in every view of the thread
    (the Reply link and the policy's links are the view's, added by `_Writer.comment`), and its
    author's name escaped for the Reply link ("" for a placeholder)."""
    published = status == Comment.Status.PUBLISHED
    if placeholder:
        status_class = " is-placeholder"
    elif not published:
        status_class = f" is-{status}"
    else:
        status_class = ""
    iso, shown = format_time(created_at, zone)
    head = f'<article class="comment indent-{indent}'
    header = f'{status_class}" id="comment-{pk}" data-depth="{depth}">'
    footer = (
        f'<footer class="comment-actions"><a class="permalink" href="#comment-{pk}">'
        f'<time datetime="{iso}">{shown}</time></a>'
    )
    if placeholder:
        return head, f'{header}<p class="comment-placeholder">{escape(placeholder)}</p>', footer, ""
    name = escape(name)
    meta = f'<strong class="comment-author">{name}</strong> said...'
    if target_pk is not None:
        target_label = escape(target_name) if target_name else "an earlier comment"
        link = f'<a href="#comment-{target_pk}">{target_label}</a>'
        meta += f' <span class="replying-to">replying to {link}</span>'
    status_line = ""
    if not published:
        status_line = f'<p class="comment-status">{escape(str(Comment.Status(status).label))}</p>'
    body = f'</p>{status_line}</header><div class="comment-body">{body_html}</div>{footer}'
    if edited_at:
        edited_iso, edited_shown = format_time(edited_at, zone)
        body += f' <span class="edited">edited <time datetime="{edited_iso}">{edited_shown}</time></span>'
    if moderator_edited:
        body += ' <span class="edited-by-moderator">edited by a moderator</span>'
    return head, f'{header}<header class="comment-meta"><p>{meta}', body, name


# A thread is rendered again after every change to it, and all but the changed comments come out as
# before: each worker keeps the markup of its most recent comments, keyed on everything that goes
# into it (so an edit, a new name, a hidden reply or another time zone simply misses), the same entry
# for every view. A comment keeps its body twice (in the key and in the markup), so only bodies up to
# MEMO_BODY_LIMIT characters are kept: at most a few tens of MB a worker, a few MB in practice.
kept_comment_markup = lru_cache(maxsize=settings.COMMENTS_RENDER_MEMO)(_comment_markup)
MEMO_BODY_LIMIT = 4_000


_END = "</footer></article>\n"
PUBLISHED = Comment.Status.PUBLISHED


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


class _Writer:
    """Collects the thread's markup with every reader slot empty, and records the slots' offsets."""

    def __init__(self, *, can_reply: bool, links):
        self.can_reply, self.links = can_reply, links
        self.zone = timezone.get_current_timezone()
        self.language = get_language()
        self.parts: list[str] = []
        self.length = 0
        self.slots: list[tuple[Comment, tuple[int, int, int, int]]] = []

    def append(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    def comment(self, comment: Comment) -> None:
        target = comment.replying_to
        markup = kept_comment_markup if len(comment.body_html) <= MEMO_BODY_LIMIT else _comment_markup
        first, second, third, name = markup(
            comment.pk, comment.indent, comment.depth, comment.status, comment.placeholder, comment.name,
            comment.body_html, comment.created_at, comment.edited_at, comment.moderator_edited,
            None if target is None else target.pk,
            None if target is None else "" if target.placeholder else target.name,
            self.zone, self.language,
        )  # fmt: skip
        reply = fourth = ""
        if not comment.placeholder:
            pk = comment.pk
            if self.can_reply and comment.status == PUBLISHED:
                reply = (
                    f' <a class="comment-reply-link" href="?replyto={pk}#reply" data-parent="{pk}"'
                    f' data-name="{name}">Reply</a>'
                )
            if self.links:  # the comment policy's (Flag, Moderate); label and URL are its own text
                fourth = "".join(
                    f' <a href="{escape(url.format(pk=pk))}">{escape(label)}</a>' for label, url in self.links
                )
        one = self.length + len(first)
        two = one + len(second)
        three = two + len(third) + len(reply)
        four = three + len(fourth)
        self.parts += (first, second, third, reply, fourth, _END)
        self.length = four + len(_END)
        self.slots.append((comment, (one, two, three, four)))


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


def render_shared_threads(
    discussion: Discussion, *, can_reply: bool, links: tuple[tuple[str, str], ...] = ()
) -> tuple[str, list[tuple[Comment, tuple[int, int, int, int]]]]:
    """The page's threads with every reader slot empty, and each shown comment with its slot offsets."""
    writer = _Writer(can_reply=can_reply, links=links)
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
