"""E-mail to askers, sent through Django's tasks framework after the write commits."""

from django.apps import apps
from django.conf import settings
from django.contrib.sites.models import Site
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse

from accounts.models import User
from posts.models import Post, Question


def _absolute(path: str) -> str:
    scheme = "http" if settings.DEBUG else "https"
    return f"{scheme}://{Site.objects.get_current().domain}{path}"


def _send(question: Question, template: str, context: dict) -> None:
    context = {"question": question, "site_name": settings.SITE_NAME, **context}
    subject = render_to_string(f"posts/email/{template}_subject.txt", context)
    body = render_to_string(f"posts/email/{template}.txt", context)
    send_mail(" ".join(subject.split()), body, None, [question.email])


@task
def send_question_received(*, question_id: int) -> None:
    """The receipt: the private status link, so the asker can find their question again."""
    question = Question.objects.filter(pk=question_id).first()
    if question is None or not question.email:
        return
    _send(question, "question_received", {"status_url": _absolute(question.get_absolute_url())})


@task
def send_question_published(*, question_id: int) -> None:
    question = Question.objects.select_related("post").filter(pk=question_id).first()
    if question is None or not question.email or getattr(question, "post", None) is None:
        return
    post = question.post
    _send(
        question,
        "question_published",
        {
            "post": post,
            "post_url": _absolute(post.get_absolute_url()),
            "status_url": _absolute(question.get_absolute_url()),
        },
    )


@task
def send_question_declined(*, question_id: int) -> None:
    question = Question.objects.filter(pk=question_id).first()
    if question is None or not question.email:
        return
    _send(question, "question_declined", {"status_url": _absolute(question.get_absolute_url())})


@task
def send_update_notice(*, post_id: int) -> int:
    """Tell the post's followers and commenters that the letter writer sent an update (their settings
    allowing): once per address, never the letter writer. Returns how many messages went out."""
    post = Post.objects.filter(pk=post_id).first()
    if post is None or not post.is_visible:
        return 0
    # Comments and subscriptions live in the comments app, which builds on this one: read by name.
    comment_model = apps.get_model("comments", "Comment")
    subscription_model = apps.get_model("comments", "Subscription")
    asker = post.source_question
    writer = set()
    if asker is not None:
        writer = {asker.email.lower(), (asker.asker.email if asker.asker else "").lower()}
    recipients: set[str] = set()
    for subscription in subscription_model.objects.filter(post=post).select_related("user__profile"):
        user = subscription.user
        if user is not None and not _wants_updates(user):
            continue
        address = user.email if user is not None else subscription.email
        if address:
            recipients.add(address.lower())
    commenters = User.objects.filter(
        pk__in=comment_model.objects.filter(post=post, status="published").values("author_id")
    ).select_related("profile")
    for user in commenters:
        if user.email and _wants_updates(user):
            recipients.add(user.email.lower())
    context = {
        "post": post,
        "post_url": _absolute(post.get_absolute_url()),
        "site_name": settings.SITE_NAME,
        "settings_url": _absolute(reverse("accounts:profile_settings")),
    }
    # The same message for everyone: rendered once, sent to each address on its own.
    subject = " ".join(render_to_string("posts/email/update_notice_subject.txt", context).split())
    body = render_to_string("posts/email/update_notice.txt", context)
    addresses = sorted(recipients - writer - {""})
    for address in addresses:
        send_mail(subject, body, None, [address])
    return len(addresses)


def _wants_updates(user) -> bool:
    profile = getattr(user, "profile", None)
    return user.is_active and (profile is None or profile.is_notified_of_updates)
