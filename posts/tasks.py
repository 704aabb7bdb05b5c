"""E-mail to askers, sent through Django's tasks framework after the write commits."""

from django.conf import settings
from django.contrib.sites.models import Site
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string

from posts.models import Question


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
