"""Moderators' and editors' switches on a post: closed, pinned, pre-moderated, a sensitive topic."""

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from moderation.audit import Action, post_audit, require_permission
from moderation.models import (
    PostModeration,
)
from posts.changes import posts_changed
from posts.models import Post

# Posts


@transaction.atomic
def post_set_closed(*, post: Post, actor: User, closed: bool, reason: str = "") -> Post:
    require_permission(actor, "moderation.moderate_post")
    Post.objects.filter(pk=post.pk).update(is_comments_closed=closed)
    post.is_comments_closed = closed  # the cached threads of an open and a closed post are kept apart
    post_audit(post=post, actor=actor, action=Action.CLOSE if closed else Action.REOPEN, reason=reason)
    return post


@transaction.atomic
def post_set_pinned(*, post: Post, actor: User, pinned: bool, reason: str = "") -> Post:
    require_permission(actor, "moderation.moderate_post")
    Post.objects.filter(pk=post.pk).update(is_pinned=pinned)
    post.is_pinned = pinned
    posts_changed()  # the home page's order
    post_audit(post=post, actor=actor, action=Action.PIN if pinned else Action.UNPIN, reason=reason)
    return post


@transaction.atomic
def post_set_premoderated(*, post: Post, actor: User, premoderated: bool, reason: str = "") -> PostModeration:
    require_permission(actor, "moderation.moderate_post")
    moderation, _ = PostModeration.objects.update_or_create(
        post=post, defaults={"is_premoderated": premoderated}
    )
    post_audit(
        post=post,
        actor=actor,
        action=Action.PREMODERATE if premoderated else Action.UNPREMODERATE,
        reason=reason,
    )
    return moderation


@transaction.atomic
def post_set_sensitive(*, post: Post, actor: User, sensitive: bool, reason: str = "") -> Post:
    """Put a post under the sensitive-topic rules (Post.sensitive_since) or take it out of them."""
    require_permission(actor, "moderation.moderate_post")
    since = (post.sensitive_since or timezone.now()) if sensitive else None
    Post.objects.filter(pk=post.pk).update(sensitive_since=since)
    post.sensitive_since = since
    post_audit(
        post=post, actor=actor, action=Action.SENSITIVE if sensitive else Action.NOT_SENSITIVE, reason=reason
    )
    return post
