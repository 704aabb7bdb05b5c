"""A warning or suspension reaches the person: a notice on their pages until they acknowledge it,
and a mail (issue 22)."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from moderation import services
from moderation.models import Sanction
from tests.factories import UserFactory, verified

NOTICE = '<section class="sanction-notice" role="alert"'


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def sanction(reader, moderator, capture, **fields) -> Sanction:
    with capture(execute=True):
        return services.sanction_create(user=reader, actor=moderator, **fields)


def test_a_warning_shows_on_the_next_page_and_is_mailed(
    reader, moderator, django_capture_on_commit_callbacks, mailoutbox
):
    warning = sanction(
        reader, moderator, django_capture_on_commit_callbacks, kind="warning", reason="Tone it down"
    )
    page = signed_in(reader).get("/").content.decode()
    assert NOTICE in page and "A moderator warned you</h2>" in page and "<p>Tone it down</p>" in page
    [sent] = mailoutbox
    assert sent.to == [reader.email] and "warning" in sent.subject.lower()
    assert "A moderator warned you: Tone it down" in sent.body
    assert NOTICE not in Client().get("/").content.decode()
    assert NOTICE not in signed_in(verified(UserFactory())).get("/").content.decode()
    assert warning.acknowledged_at is None


def test_a_suspension_says_when_it_ends(reader, moderator, django_capture_on_commit_callbacks, mailoutbox):
    ends = timezone.now() + timedelta(days=3)
    sanction(
        reader, moderator, django_capture_on_commit_callbacks, kind="suspension", reason="Spam", ends_at=ends
    )
    until = timezone.localtime(ends)
    page = signed_in(reader).get("/tags/").content.decode()
    assert (
        "Your account is suspended" in page
        and f"until {until:%b} {until.day}, {until:%Y}, {until:%H:%M}" in page
    )
    assert f"open again on {until:%b} {until.day}, {until:%Y}, {until:%H:%M}." in mailoutbox[0].body


def test_acknowledging_ends_the_notice_and_returns_to_the_page(
    reader, moderator, django_capture_on_commit_callbacks
):
    warning = sanction(
        reader, moderator, django_capture_on_commit_callbacks, kind="warning", reason="Be kind"
    )
    client = signed_in(reader)
    response = client.post(f"/moderation/sanctions/{warning.pk}/acknowledge/", {"next": "/archive/"})
    assert response.status_code == 302 and response["Location"] == "/archive/"
    assert NOTICE not in client.get("/archive/").content.decode()
    warning.refresh_from_db()
    assert warning.acknowledged_at is not None
    # The warning stays on record for moderators.
    assert Sanction.objects.filter(pk=warning.pk, lifted_at__isnull=True).exists()


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/", "javascript:alert(1)", ""])
def test_acknowledging_never_leaves_the_site(reader, moderator, django_capture_on_commit_callbacks, next_url):
    warning = sanction(
        reader, moderator, django_capture_on_commit_callbacks, kind="warning", reason="Be kind"
    )
    response = signed_in(reader).post(f"/moderation/sanctions/{warning.pk}/acknowledge/", {"next": next_url})
    assert response["Location"] == "/"


def test_no_one_acknowledges_another_readers_notice(reader, moderator, django_capture_on_commit_callbacks):
    warning = sanction(
        reader, moderator, django_capture_on_commit_callbacks, kind="warning", reason="Be kind"
    )
    other = signed_in(verified(UserFactory()))
    assert other.post(f"/moderation/sanctions/{warning.pk}/acknowledge/").status_code == 404
    assert other.get(f"/moderation/sanctions/{warning.pk}/acknowledge/").status_code == 405
    assert Client().post(f"/moderation/sanctions/{warning.pk}/acknowledge/").status_code == 302  # sign in
    warning.refresh_from_db()
    assert warning.acknowledged_at is None


def test_a_lifted_or_ended_sanction_shows_no_notice(reader, moderator, django_capture_on_commit_callbacks):
    warning = sanction(
        reader, moderator, django_capture_on_commit_callbacks, kind="warning", reason="Be kind"
    )
    services.sanction_lift(sanction=warning, actor=moderator)
    ends = timezone.now() + timedelta(hours=1)
    sanction(
        reader,
        moderator,
        django_capture_on_commit_callbacks,
        kind="suspension",
        reason="Cool off",
        ends_at=ends,
    )
    Sanction.objects.filter(kind="suspension").update(ends_at=timezone.now() - timedelta(minutes=1))
    assert NOTICE not in signed_in(reader).get("/").content.decode()


def test_the_mail_is_plain_text_not_html_escaped(
    reader, moderator, django_capture_on_commit_callbacks, mailoutbox
):
    sanction(
        reader, moderator, django_capture_on_commit_callbacks, kind="warning", reason="Don't post <names>"
    )
    assert "A moderator warned you: Don't post <names>" in mailoutbox[0].body
