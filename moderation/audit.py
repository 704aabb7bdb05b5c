"""The moderation audit log and the checks every moderator action shares (moderation.services.*,
moderation.policy): who may act, and the append-only record of what they did."""

from django.core.exceptions import PermissionDenied

from accounts.models import User
from comments.models import Comment
from moderation.models import AuditEntry
from posts.models import Post

Action = AuditEntry.Action


class ModerationError(Exception):
    """An action that cannot be taken as asked; str(error) is the message for the moderator or reader."""


def require_permission(actor: User, permission: str) -> None:
    if not (actor.is_authenticated and actor.is_active and actor.has_perm(permission)):
        raise PermissionDenied("You may not do that.")


def audit_record(
    *,
    actor: User | None,
    action: str,
    target_type: str,
    target_id: int | None,
    target_label: str = "",
    subject: User | None = None,
    reason: str = "",
    before: str = "",
    after: str = "",
) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=actor,
        actor_name=actor.username if actor is not None else "system",
        action=action,
        target_type=target_type,
        target_id=target_id,
        target_label=target_label[:200],
        subject=subject,
        reason=reason[:500],
        before=before,
        after=after,
    )


def comment_label(comment: Comment) -> str:
    return f"comment {comment.pk} by {comment.display_name} on “{comment.post.title}”"


def comment_audit(comment: Comment, actor: User, action: str, reason: str = "", **extra) -> None:
    audit_record(
        actor=actor,
        action=action,
        target_type="comment",
        target_id=comment.pk,
        target_label=comment_label(comment),
        subject=comment.author,
        reason=reason,
        **extra,
    )


def person_audit(user: User, actor: User, action: str, reason: str = "", **extra) -> None:
    audit_record(
        actor=actor,
        action=action,
        target_type="user",
        target_id=user.pk,
        target_label=user.username,
        subject=user,
        reason=reason,
        **extra,
    )


def post_audit(*, post: Post, actor: User, action: str, reason: str = "") -> None:
    """Log an action on a post; also how comments' own close button is logged (the policy hook)."""
    audit_record(
        actor=actor,
        action=action,
        target_type="post",
        target_id=post.pk,
        target_label=post.title,
        reason=reason,
    )
