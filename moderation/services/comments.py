"""Moderators' decisions on comments: approve, hide, restore, spam, delete, edit, collapse."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from comments import services as comment_services
from comments.models import Comment
from comments.tasks import send_comment_notifications
from forum.markup import render_comment_markdown
from moderation.audit import (
    Action,
    ModerationError,
    audit_record,
    comment_audit,
    comment_label,
    require_permission,
)
from moderation.models import (
    CommentModeration,
    Flag,
)
from moderation.policy import EARLIER_SPAM, MAY_IDENTIFY, SPAM_CHECK, tell_author
from moderation.spam import HAM, SPAM
from moderation.tasks import report_spam_decision


def moderation_of(comment: Comment) -> CommentModeration:
    moderation, _ = CommentModeration.objects.get_or_create(comment=comment)
    return moderation


def _refuse_removed(comment: Comment, doing: str) -> None:
    """An author-removed comment keeps no text, only its place for the replies: not for moderators to revive.

    Read from the database, not the caller's copy, which may predate the author's delete.
    """
    if Comment.objects.filter(pk=comment.pk, status=Comment.Status.REMOVED).exists():
        comment.status = Comment.Status.REMOVED
        raise ModerationError(f"Its author removed this comment, so it cannot be {doing}.")


def _report_spam_decision(comment: Comment, verdict: str) -> None:
    transaction.on_commit(lambda: report_spam_decision.enqueue(comment_id=comment.pk, verdict=verdict))


def resolve_flags(comment: Comment, outcome: str) -> int:
    return Flag.objects.open().filter(comment=comment).update(outcome=outcome, resolved_at=timezone.now())


# Comments


@transaction.atomic
def comment_approve(*, comment: Comment, actor: User, reason: str = "") -> Comment:
    """Publish a held or flag-hidden comment; open flags are declined. Mail goes out if it was held."""
    require_permission(actor, "comments.moderate_comment")
    _refuse_removed(comment, "approved")
    was_pending = comment.status == Comment.Status.PENDING
    comment_services.comment_set_status(comment=comment, status=Comment.Status.PUBLISHED, actor=actor)
    moderation = moderation_of(comment)
    if moderation.is_spam or (was_pending and SPAM_CHECK in moderation.hold_reasons):
        _report_spam_decision(comment, HAM)  # the spam check, or an earlier decision, was wrong
    moderation.is_spam = False
    moderation.is_hidden_by_flags = False
    moderation.hidden_reason = ""
    moderation.decided_at = timezone.now()
    moderation.save(update_fields=["is_hidden_by_flags", "hidden_reason", "is_spam", "decided_at"])
    resolve_flags(comment, Flag.Outcome.DECLINED)
    if was_pending:
        transaction.on_commit(lambda: send_comment_notifications.enqueue(comment_id=comment.pk))
    comment_audit(comment, actor, Action.APPROVE, reason)
    return comment


@transaction.atomic
def comment_hide(*, comment: Comment, actor: User, reason: str) -> Comment:
    """Hide a comment; where it has replies, readers see "removed by a moderator: <reason>"."""
    require_permission(actor, "comments.moderate_comment")
    _refuse_removed(comment, "hidden")
    comment_services.comment_set_status(comment=comment, status=Comment.Status.HIDDEN, actor=actor)
    moderation = moderation_of(comment)
    moderation.hidden_reason = reason
    moderation.is_hidden_by_flags = False
    moderation.decided_at = timezone.now()
    moderation.save(update_fields=["hidden_reason", "is_hidden_by_flags", "decided_at"])
    resolve_flags(comment, Flag.Outcome.UPHELD)
    comment_audit(comment, actor, Action.HIDE, reason)
    if comment.author_id:
        tell_author(comment)
    return comment


@transaction.atomic
def comment_restore(*, comment: Comment, actor: User, reason: str = "") -> Comment:
    """Publish a hidden comment again and forget why it was hidden."""
    require_permission(actor, "comments.moderate_comment")
    _refuse_removed(comment, "restored")
    if comment.status != Comment.Status.HIDDEN:
        raise ModerationError("Only a hidden comment can be restored.")
    comment_services.comment_set_status(comment=comment, status=Comment.Status.PUBLISHED, actor=actor)
    if CommentModeration.objects.filter(comment=comment, is_spam=True).exists():
        _report_spam_decision(comment, HAM)
    CommentModeration.objects.filter(comment=comment).update(
        hidden_reason="", is_spam=False, is_hidden_by_flags=False, decided_at=timezone.now()
    )
    comment_audit(comment, actor, Action.RESTORE, reason)
    return comment


def _same_author(comment: Comment):
    if comment.author_id is not None:
        return Q(author_id=comment.author_id)
    if comment.author_email:
        return Q(author__isnull=True, author_email__iexact=comment.author_email)
    if comment.ip_address:
        return Q(author__isnull=True, ip_address=comment.ip_address)
    return None


@transaction.atomic
def comment_mark_spam(*, comment: Comment, actor: User, reason: str = "") -> int:
    """Hide the comment as spam and keep the author's other held comments held, marked; return how many.

    The author's later comments are held too (the policy sees the spam mark), so bulk approval cannot
    wave their backlog through unseen.
    """
    require_permission(actor, "comments.moderate_comment")
    _refuse_removed(comment, "marked as spam")
    comment_services.comment_set_status(comment=comment, status=Comment.Status.HIDDEN, actor=actor)
    moderation = moderation_of(comment)
    moderation.is_spam = True
    moderation.hidden_reason = "spam"
    moderation.is_hidden_by_flags = False
    moderation.decided_at = timezone.now()
    moderation.save(update_fields=["is_spam", "hidden_reason", "is_hidden_by_flags", "decided_at"])
    resolve_flags(comment, Flag.Outcome.UPHELD)
    _report_spam_decision(comment, SPAM)
    held = 0
    same = _same_author(comment)
    if same is not None:
        others = Comment.objects.filter(same, status=Comment.Status.PENDING).exclude(pk=comment.pk)
        for other in others:
            other_moderation = moderation_of(other)
            if EARLIER_SPAM not in other_moderation.hold_reasons:
                other_moderation.hold_reasons = [*other_moderation.hold_reasons, EARLIER_SPAM]
                other_moderation.save(update_fields=["hold_reasons"])
            held += 1
    comment_audit(comment, actor, Action.SPAM, reason, after=f"{held} other held comment(s) marked")
    return held


@transaction.atomic
def comment_delete_for_good(*, comment: Comment, actor: User, reason: str = "") -> bool:
    """Remove the text for good (admins only). A comment with replies stays as a placeholder.

    Returns True when the row stayed as a placeholder. The log keeps who, when and why, not the text.
    """
    require_permission(actor, "comments.delete_comment")
    label = comment_label(comment)
    author = comment.author
    pk = comment.pk
    # Hidden first, so the post's count drops; one its author removed is already out of the count and
    # stays "removed by its author", losing only the details it kept.
    if not Comment.objects.filter(pk=pk, status=Comment.Status.REMOVED).exists():
        comment_services.comment_apply_status(comment=comment, status=Comment.Status.HIDDEN)
    if Comment.objects.filter(parent=comment).exists():
        Comment.objects.filter(pk=pk).update(
            body="", body_html="", author_name="", author_email="", ip_address=None
        )
        CommentModeration.objects.update_or_create(comment=comment, defaults={"hidden_reason": "deleted"})
        resolve_flags(comment, Flag.Outcome.UPHELD)  # else the placeholder waits in the queue
        kept = True
    else:
        comment.delete()
        kept = False
    audit_record(
        actor=actor,
        action=Action.DELETE,
        target_type="comment",
        target_id=pk,
        target_label=label,
        subject=author,
        reason=reason,
    )
    return kept


@transaction.atomic
def comment_moderator_edit(*, comment: Comment, actor: User, body: str, reason: str) -> Comment:
    """Replace a comment's text, marked "edited by a moderator"; the log keeps before and after."""
    require_permission(actor, "comments.moderate_comment")
    _refuse_removed(comment, "edited")
    before = comment.body
    comment.body = body
    comment.body_html = render_comment_markdown(body)
    comment.save(update_fields=["body", "body_html"])
    moderation = moderation_of(comment)
    moderation.edited_by_moderator_at = timezone.now()
    moderation.save(update_fields=["edited_by_moderator_at"])
    comment_services.thread_changed(comment=comment)
    comment_audit(comment, actor, Action.EDIT, reason, before=before, after=body)
    return comment


@transaction.atomic
def comment_collapse(*, comment: Comment, actor: User, reason: str) -> Comment:
    """Show the subthread from this comment down collapsed to readers, with the reason."""
    require_permission(actor, "comments.moderate_comment")
    if not reason.strip():
        raise ModerationError("Say why the subthread is collapsed; readers see the reason.")
    moderation = moderation_of(comment)
    moderation.collapsed_reason = reason
    moderation.save(update_fields=["collapsed_reason"])
    comment_services.thread_changed(comment=comment)
    comment_audit(comment, actor, Action.COLLAPSE, reason)
    return comment


@transaction.atomic
def comment_expand(*, comment: Comment, actor: User, reason: str = "") -> Comment:
    require_permission(actor, "comments.moderate_comment")
    CommentModeration.objects.filter(comment=comment).update(collapsed_reason="")
    comment_services.thread_changed(comment=comment)
    comment_audit(comment, actor, Action.EXPAND, reason)
    return comment


@transaction.atomic
def comment_lock(*, comment: Comment, actor: User, reason: str) -> Comment:
    """Take no new replies anywhere in the subthread from this comment down; it stays readable, and
    readers see who locked it and why."""
    require_permission(actor, "comments.moderate_comment")
    _refuse_removed(comment, "locked")
    if not reason.strip():
        raise ModerationError("Say why the subthread is locked; readers see the reason.")
    moderation = moderation_of(comment)
    moderation.locked_reason = reason
    moderation.save(update_fields=["locked_reason"])
    comment_services.thread_changed(comment=comment)
    comment_audit(comment, actor, Action.LOCK, reason)
    return comment


@transaction.atomic
def comment_unlock(*, comment: Comment, actor: User, reason: str = "") -> Comment:
    require_permission(actor, "comments.moderate_comment")
    CommentModeration.objects.filter(comment=comment).update(locked_reason="")
    comment_services.thread_changed(comment=comment)
    comment_audit(comment, actor, Action.UNLOCK, reason)
    return comment


BULK_ACTIONS = {"approve", "hide", "spam"}


@transaction.atomic
def comments_bulk(*, comments: list[Comment], actor: User, action: str, reason: str = "") -> int:
    """Approve, hide or mark as spam each comment; one audit entry per comment."""
    require_permission(actor, "comments.moderate_comment")
    if action not in BULK_ACTIONS:
        raise ModerationError("Choose approve, hide or spam.")
    removed = Comment.objects.filter(
        pk__in=[comment.pk for comment in comments], status=Comment.Status.REMOVED
    )
    removed_ids = sorted(removed.values_list("pk", flat=True))
    if removed_ids:
        listed = ", ".join(str(pk) for pk in removed_ids)
        raise ModerationError(f"Their authors removed comment(s) {listed}; untick them. Nothing was changed.")
    if action == "approve":
        # A comment that may identify the letter writer is published only by a decision on it alone.
        identifying = CommentModeration.objects.filter(
            comment__in=[comment.pk for comment in comments], hold_reasons__icontains=MAY_IDENTIFY
        )
        named = sorted(identifying.values_list("comment_id", flat=True))
        if named:
            listed = ", ".join(str(pk) for pk in named)
            raise ModerationError(
                f"Comment(s) {listed} may identify the letter writer: open each to decide. "
                "Nothing was changed."
            )
    for comment in comments:
        if action == "approve":
            comment_approve(comment=comment, actor=actor, reason=reason)
        elif action == "hide":
            comment_hide(comment=comment, actor=actor, reason=reason or "removed in review")
        else:
            comment_mark_spam(comment=comment, actor=actor, reason=reason)
    return len(comments)
