from django.core.mail import EmailMultiAlternatives
from django.tasks import task


@task
def send_email(*, subject: str, body: str, to: list[str], from_email: str, html: str = "") -> None:
    """Send one rendered e-mail; queued after commit so a request never waits on SMTP."""
    message = EmailMultiAlternatives(subject=subject, body=body, from_email=from_email, to=to)
    if html:
        message.attach_alternative(html, "text/html")
    message.send()
