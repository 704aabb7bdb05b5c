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


def render_comment(comment: Comment, *, can_reply: bool, links: tuple[tuple[str, str], ...] = ()) -> str:
    classes = f"comment indent-{comment.indent}"
    if comment.is_new:
        classes += " is-new"
    if comment.placeholder:
        classes += " is-placeholder"
    elif comment.status != Comment.Status.PUBLISHED:
        classes += f" is-{comment.status}"
    pk = comment.pk
    iso, shown = format_time(comment.created_at)
    parts = [f'<article class="{classes}" id="comment-{pk}" data-depth="{comment.depth}">']
    if comment.placeholder:
        parts.append(f'<p class="comment-placeholder">{escape(comment.placeholder)}</p>')
    else:
        meta = f'<strong class="comment-author">{escape(comment.name)}</strong> said...'
        target = comment.replying_to
        if target is not None:
            target_name = "an earlier comment" if target.placeholder else escape(target.name)
            link = f'<a href="#comment-{target.pk}">{target_name}</a>'
            meta += f' <span class="replying-to">replying to {link}</span>'
        if comment.is_new:
            meta += ' <span class="badge-new">New</span>'
        parts.append(f'<header class="comment-meta"><p>{meta}</p>')
        if comment.status != Comment.Status.PUBLISHED:
            parts.append(f'<p class="comment-status">{escape(comment.get_status_display())}</p>')
        parts.append(f'</header><div class="comment-body">{comment.body_html}</div>')
    parts.append(
        f'<footer class="comment-actions"><a class="permalink" href="#comment-{pk}">'
        f'<time datetime="{iso}">{shown}</time></a>'
    )
    if comment.edited_at and not comment.placeholder:
        edited_iso, edited_shown = format_time(comment.edited_at)
        parts.append(
            f' <span class="edited">edited <time datetime="{edited_iso}">{edited_shown}</time></span>'
        )
    if getattr(comment, "moderator_edited", False) and not comment.placeholder:
        parts.append(' <span class="edited-by-moderator">edited by a moderator</span>')
    if can_reply and not comment.placeholder and comment.status == Comment.Status.PUBLISHED:
        parts.append(
            f' <a class="comment-reply-link" href="?replyto={pk}#reply" data-parent="{pk}"'
            f' data-name="{escape(comment.name)}">Reply</a>'
        )
    if comment.editable:
        edit = reverse("comments:comment_edit", args=[pk])
        delete = reverse("comments:comment_delete", args=[pk])
        parts.append(f' <a href="{edit}">Edit</a> <a href="{delete}">Delete</a>')
    if not comment.placeholder:
        # Links the comment policy adds (Flag, Moderate); label and URL are the policy's own text.
        for label, url in links:
            parts.append(f' <a href="{escape(url.format(pk=pk))}">{escape(label)}</a>')
    if comment.next_new:
        parts.append(f' <a class="next-new" href="#comment-{comment.next_new}">Next new comment</a>')
    parts.append("</footer></article>\n")
    return "".join(parts)


def _render_run(comments: list[Comment], *, can_reply: bool, links) -> list[str]:
    """Comments in thread order; a subthread a moderator collapsed goes into a closed <details>."""
    html = []
    index = 0
    while index < len(comments):
        comment = comments[index]
        reason = getattr(comment, "collapsed_reason", "")
        if not reason:
            html.append(render_comment(comment, can_reply=can_reply, links=links))
            index += 1
            continue
        end = index + 1
        while end < len(comments) and comments[end].depth > comment.depth:
            end += 1
        count = end - index
        html.append(
            f'<details class="collapsed-subthread"><summary>Collapsed by a moderator: {escape(reason)} '
            f"({count} comment{'' if count == 1 else 's'})</summary>\n"
        )
        html.extend(render_comment(c, can_reply=can_reply, links=links) for c in comments[index:end])
        html.append("</details>\n")
        index = end
    return html


def render_threads(
    discussion: Discussion, *, can_reply: bool, links: tuple[tuple[str, str], ...] = ()
) -> SafeString:
    """Every thread on this page: the top-level comment, then its replies in a collapsible <details>.

    `links` are (label, URL with "{pk}") pairs shown on each readable comment, e.g. Flag.
    """
    html = []
    for thread in discussion.threads:
        html.append('<div class="thread">\n')
        if getattr(thread.top, "collapsed_reason", ""):
            html.extend(_render_run([thread.top, *thread.replies], can_reply=can_reply, links=links))
            html.append("</div>\n")
            continue
        html.append(render_comment(thread.top, can_reply=can_reply, links=links))
        if thread.replies:
            count = len(thread.replies)
            html.append(
                f'<details class="thread-replies" open><summary>{count} '
                f"{'reply' if count == 1 else 'replies'}</summary>\n"
            )
            html.extend(_render_run(thread.replies, can_reply=can_reply, links=links))
            html.append("</details>\n")
        html.append("</div>\n")
    return mark_safe("".join(html))  # noqa: S308 - every piece above is escaped or sanitised at write time
