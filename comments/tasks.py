"""Reply and follow notifications, sent through Django's tasks framework after the comment commits."""

from typing import NamedTuple

from django.conf import settings
from django.contrib.sites.models import Site
from django.core import signing
from django.core.mail import EmailMessage
from django.db.models import Q
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse

from accounts.models import Ignore

UNSUBSCRIBE_SALT = "comments.unsubscribe"


def _absolute(path: str) -> str:
    scheme = "http" if settings.DEBUG else "https"
    return f"{scheme}://{Site.objects.get_current().domain}{path}"


def unsubscribe_url(subscription_id: int) -> str:
    token = signing.dumps(subscription_id, salt=UNSUBSCRIBE_SALT)
    return _absolute(reverse("comments:subscription_cancel", kwargs={"token": token}))


def _wants_mail(subscription) -> bool:
    """An account's own notification choices (settings page) override its subscriptions."""
    user = subscription.user
    if not user.is_active:
        return False
    profile = getattr(user, "profile", None)
    if profile is None:
        return True
    if subscription.kind == subscription.Kind.REPLIES:
        return profile.is_notified_of_replies
    return profile.is_notified_of_follows


@task
def send_comment_notifications(*, comment_id: int) -> int:
    """Mail each subscriber once about a new comment; return how many messages went out."""
    from comments.models import Comment, Subscription

    comment = Comment.objects.select_related("post", "author", "parent").filter(pk=comment_id).first()
    if comment is None or comment.status != Comment.Status.PUBLISHED:
        return 0
    wanted = Q(kind=Subscription.Kind.POST, post=comment.post_id)
    if comment.parent_id:
        wanted |= Q(kind=Subscription.Kind.REPLIES, comment=comment.parent_id)
    subscriptions = Subscription.objects.filter(wanted).select_related("user__profile").order_by("pk")

    # Nobody hears about comments from someone they ignore.
    ignoring = set()
    if comment.author_id is not None:
        ignoring = set(
            Ignore.objects.in_force().filter(ignored=comment.author_id).values_list("user_id", flat=True)
        )
    own = {(comment.author.email if comment.author else comment.author_email).lower()} - {""}
    sent = set(own)
    count = 0
    context = {
        "comment": comment,
        "post": comment.post,
        "site_name": settings.SITE_NAME,
        "comment_url": _absolute(comment.get_absolute_url()),
    }
    # Reply subscriptions first, so a reader who both follows the post and watches the parent comment
    # gets the more specific of the two mails, once.
    for subscription in sorted(subscriptions, key=lambda s: s.kind != Subscription.Kind.REPLIES):
        recipient = subscription.recipient
        if not recipient or recipient.lower() in sent:
            continue
        if subscription.user_id and (subscription.user_id in ignoring or not _wants_mail(subscription)):
            continue
        sent.add(recipient.lower())
        link = unsubscribe_url(subscription.pk)
        mail_context = {**context, "subscription": subscription, "unsubscribe_url": link}
        subject = render_to_string("comments/email/new_comment_subject.txt", mail_context)
        message = EmailMessage(
            subject=" ".join(subject.split()),
            body=render_to_string("comments/email/new_comment.txt", mail_context),
            to=[recipient],
            headers={
                "List-Unsubscribe": f"<{link}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        message.send()
        count += 1
    return count


class PickRecipient(NamedTuple):
    name: str = ""
    address: str = ""  # "" when there is nobody to tell
    subscription_id: int | None = None  # the mail about replies they asked for, which a link stops


def pick_notice_recipient(comment) -> PickRecipient:
    """Whom to tell that an editor picked `comment`: a signed-in author at their account's address; the
    letter writer privately at their question's; an author without an account who asked for mail about
    replies to it, at that address (with that mail's unsubscribe link)."""
    from comments.models import Subscription

    if comment.author is not None:
        if comment.author.is_active and comment.author.email:
            return PickRecipient(comment.author.public_name, comment.author.email)
        return PickRecipient()
    # No account on the comment: the mail about replies its author asked for when writing it, if any.
    asked = Subscription.objects.filter(kind=Subscription.Kind.REPLIES, comment=comment).first()
    if comment.letter_writer and comment.post.source_question is not None:
        question = comment.post.source_question
        asker = question.asker
        address = asker.email if asker is not None and asker.is_active and asker.email else question.email
        return PickRecipient(address=address, subscription_id=asked.pk if asked else None)
    if asked is None or not comment.author_email or asked.recipient.lower() != comment.author_email.lower():
        return PickRecipient()
    return PickRecipient(comment.author_name, comment.author_email, asked.pk)


@task
def send_pick_notice(*, comment_id: int) -> bool:
    """Tell the author that an editor picked their comment (pick_notice_recipient); False when there is
    nobody to tell."""
    from comments.models import Comment

    comment = (
        Comment.objects.select_related("post", "author", "post__source_question__asker")
        .filter(pk=comment_id)
        .first()
    )
    if comment is None or comment.picked_at is None:
        return False
    if comment.status != Comment.Status.PUBLISHED:  # hidden or removed since the pick
        return False
    name, address, subscription_id = pick_notice_recipient(comment)
    if not address:
        return False
    context = {
        "name": name,
        "comment": comment,
        "post": comment.post,
        "site_name": settings.SITE_NAME,
        "comment_url": _absolute(comment.get_absolute_url()),
    }
    headers = {}
    if subscription_id is not None:  # the address came with the comment, for mail about it
        link = unsubscribe_url(subscription_id)
        context["unsubscribe_url"] = link
        headers = {"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    EmailMessage(
        subject=" ".join(f"Your comment on “{comment.post.title}” is an editor's pick".split()),
        body=render_to_string("comments/email/picked.txt", context),
        to=[address],
        headers=headers,
    ).send()
    return True
