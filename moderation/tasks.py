"""Moderation's background work, run through Django's tasks framework after the transaction commits:
mail to moderators and sanctioned readers, and moderators' spam decisions reported to the spam check."""

from django.conf import settings
from django.contrib.sites.models import Site
from django.core.mail import EmailMessage
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.timesince import timesince


def _mail(template: str, context: dict, *, to: str) -> None:
    """Send moderation/email/<template>.txt, with <template>_subject.txt as its one-line subject."""
    subject = render_to_string(f"moderation/email/{template}_subject.txt", context)
    body = render_to_string(f"moderation/email/{template}.txt", context)
    EmailMessage(subject=" ".join(subject.split()), body=body, to=[to]).send()


def _absolute(path: str) -> str:
    scheme = "http" if settings.DEBUG else "https"
    return f"{scheme}://{Site.objects.get_current().domain}{path}"


@task
def send_stale_queue_notice(*, moderator_id: int, count: int, oldest: str) -> bool:
    """Tell one moderator the queue has waited since `oldest` (ISO 8601)."""
    from accounts.models import User

    moderator = User.objects.filter(pk=moderator_id, is_active=True).first()
    if moderator is None or not moderator.email:
        return False
    oldest_at = parse_datetime(oldest)
    context = {
        "moderator": moderator,
        "count": count,
        "oldest": timezone.localtime(oldest_at),
        "waited": timesince(oldest_at),
        "site_name": settings.SITE_NAME,
        "queue_url": _absolute(reverse("moderation:queue")),
        "preferences_url": _absolute(reverse("moderation:preferences")),
    }
    _mail("stale_queue", context, to=moderator.email)
    return True


@task
def send_sanction_notice(*, sanction_id: int) -> bool:
    """Tell a reader a moderator warned, suspended or banned them, and why (their pages say it too)."""
    from moderation.models import Sanction

    sanction = Sanction.objects.select_related("user").filter(pk=sanction_id).first()
    if sanction is None or sanction.lifted_at is not None or not sanction.user.email:
        return False
    context = {
        "sanction": sanction,
        "person": sanction.user,
        "site_name": settings.SITE_NAME,
        "guidelines_url": _absolute("/"),
        "flags_url": _absolute(reverse("moderation:my_flags")),
    }
    _mail("sanction", context, to=sanction.user.email)
    return True


@task
def report_spam_decision(*, comment_id: int, verdict: str) -> bool:
    """Report a moderator's spam (or not-spam) decision on a comment to the spam check."""
    from comments.models import Comment
    from moderation.spam import spam_check

    comment = Comment.objects.select_related("post", "author").filter(pk=comment_id).first()
    if comment is None:
        return False
    return spam_check().report(
        verdict=verdict,
        kind="comment",
        text=comment.body,
        author_name=comment.author.public_name if comment.author else comment.author_name,
        author_email=comment.author.email if comment.author else comment.author_email,
        ip_address=comment.ip_address,
        user_agent=comment.user_agent,
        permalink=comment.post.get_absolute_url(),
    )


@task
def send_comment_moderation_notice(*, comment_id: int) -> bool:
    """Tell a comment's author that it waits for a moderator, or that a moderator hid it, with the same
    words their comment's page shows them (CommentPolicy.status_note); only while it is still so, and
    only if their settings ask for it (Profile.is_notified_of_moderation)."""
    from accounts.models import Profile
    from comments.models import Comment
    from moderation.models import CommentModeration
    from moderation.policy import CommentPolicy

    comment = Comment.objects.select_related("post", "author").filter(pk=comment_id).first()
    if comment is None or comment.status not in (Comment.Status.PENDING, Comment.Status.HIDDEN):
        return False
    author = comment.author
    if author is None or not author.is_active or not author.email:
        return False
    if Profile.objects.filter(user=author, is_notified_of_moderation=False).exists():
        return False
    moderation = CommentModeration.objects.filter(comment=comment).first()
    comment.hold_reasons = moderation.hold_reasons if moderation else []
    comment.moderator_reason = moderation.hidden_reason if moderation else ""
    context = {
        "person": author,
        "comment": comment,
        "note": CommentPolicy().status_note(comment),
        "site_name": settings.SITE_NAME,
        "comment_url": _absolute(comment.get_absolute_url()),
        "settings_url": _absolute(reverse("accounts:profile_settings")),
    }
    _mail("comment_moderated", context, to=author.email)
    return True
