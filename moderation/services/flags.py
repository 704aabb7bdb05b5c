"""Readers' flags on comments, and the hide that enough of them trigger."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from comments import services as comment_services
from comments.models import Comment
from moderation.audit import (
    ModerationError,
)
from moderation.models import (
    Flag,
)
from moderation.policy import sanction_refusal
from moderation.services.comments import moderation_of
from posts.models import Post

# Flags


def flag_refusal(*, comment: Comment, user: User, letter_writer: bool = False) -> str:
    """Why this reader may not flag this comment, or "". `letter_writer`: this browser proved its reader
    the letter writer of the comment's post (comments.services.is_own)."""
    if not user.is_authenticated:
        return "Sign in to flag a comment."
    if not comment_services.user_has_verified_email(user):
        return "Verify your e-mail address before flagging comments."
    refusal = sanction_refusal(user)
    if refusal:
        return refusal
    if comment_services.is_own(comment, user, letter_writer=letter_writer):
        return "You cannot flag your own comment."
    if comment.status != Comment.Status.PUBLISHED and not Flag.objects.filter(comment=comment).exists():
        return "This comment is not shown, so it cannot be flagged."
    if Flag.objects.filter(comment=comment, user=user).exists():
        return "You have already flagged this comment. Thank you."
    since = timezone.now() - timedelta(days=1)
    if Flag.objects.filter(user=user, created_at__gte=since).count() >= settings.MODERATION_FLAG_DAILY_CAP:
        return "You have flagged as many comments as we allow in a day. Please try again tomorrow."
    return ""


@transaction.atomic
def flag_create(
    *, comment: Comment, user: User, reason: str, note: str = "", letter_writer: bool = False
) -> Flag:
    """Record a flag; at MODERATION_FLAG_HIDE_THRESHOLD distinct flags the comment is hidden for review.
    `letter_writer` as for flag_refusal."""
    # The post row lock (as comments takes it): one flagger at a time decides the threshold.
    Post.objects.select_for_update().filter(pk=comment.post_id).values_list("pk", flat=True).get()
    comment.refresh_from_db(fields=["status"])
    refusal = flag_refusal(comment=comment, user=user, letter_writer=letter_writer)
    if refusal:
        raise ModerationError(refusal)
    if reason not in Flag.Reason.values:
        raise ModerationError("Choose a reason.")
    if reason == Flag.Reason.OTHER and not note.strip():
        raise ModerationError("Tell the moderators what is wrong.")
    flag = Flag.objects.create(comment=comment, user=user, reason=reason, note=note.strip())
    open_count = Flag.objects.open().filter(comment=comment).count()
    if open_count >= settings.MODERATION_FLAG_HIDE_THRESHOLD and comment.status == Comment.Status.PUBLISHED:
        comment_services.comment_apply_status(comment=comment, status=Comment.Status.HIDDEN)
        moderation = moderation_of(comment)
        moderation.is_hidden_by_flags = True
        moderation.save(update_fields=["is_hidden_by_flags"])
    return flag
