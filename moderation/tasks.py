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
    subject = render_to_string("moderation/email/stale_queue_subject.txt", context)
    EmailMessage(
        subject=" ".join(subject.split()),
        body=render_to_string("moderation/email/stale_queue.txt", context),
        to=[moderator.email],
    ).send()
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
    subject = render_to_string("moderation/email/sanction_subject.txt", context)
    EmailMessage(
        subject=" ".join(subject.split()),
        body=render_to_string("moderation/email/sanction.txt", context),
        to=[sanction.user.email],
    ).send()
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
