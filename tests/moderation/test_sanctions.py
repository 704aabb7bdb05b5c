"""Sanctions, private notes, the people page and blocks of anonymous commenters."""

import time
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from comments.models import Comment
from moderation import services
from moderation.models import AuditEntry, Block, Flag, ModeratorNote, Sanction
from posts.forms import ask_started_token
from posts.models import Question
from tests.factories import UserFactory, staff, verified
from tests.moderation.conftest import make_comment

pytestmark = pytest.mark.usefixtures("no_posting_guards")


@pytest.fixture
def moderating(moderator):
    client = Client()
    client.force_login(moderator)
    return client


def ask(client, **extra):
    data = {
        "title": "My coworker hums",
        "body": "All day long. What do I do?",
        "name": "",
        "email": "",
        "consent": "on",
        "website": "",
        "started": ask_started_token(time.time() - 60),
    }
    return client.post("/ask/", {**data, **extra})


def test_a_suspended_account_is_refused_with_the_reason_and_works_again_after_expiry(
    client, post, reader, moderating, moderator
):
    until = timezone.now() + timedelta(days=2)
    response = moderating.post(
        f"/moderation/people/{reader.pk}/sanction/",
        {"kind": "suspension", "reason": "Personal attacks", "ends_at": until.strftime("%Y-%m-%dT%H:%M")},
    )
    assert response.status_code == 302
    client.force_login(reader)

    page = client.get(post.get_absolute_url()).content.decode()
    assert "Your account is suspended until" in page and "Personal attacks" in page
    assert 'class="comment-form"' not in page
    response = client.post(f"/comments/post/{post.pk}/", {"body": "Let me in"})
    assert response.status_code == 403 and "Personal attacks" in response.content.decode()
    response = ask(client)
    assert response.status_code == 403 and "suspended until" in response.content.decode()
    assert not Comment.objects.exists() and not Question.objects.exists()
    assert "Personal attacks" in client.get("/ask/").content.decode()  # said before writing, too

    Sanction.objects.update(ends_at=timezone.now() - timedelta(minutes=1))
    assert client.post(f"/comments/post/{post.pk}/", {"body": "Back"}).status_code == 302
    assert Comment.objects.get().body == "Back"
    assert ask(client).status_code == 302
    assert "Personal attacks" not in client.get("/ask/").content.decode()
    entry = AuditEntry.objects.get(action="sanction")
    assert entry.subject == reader and entry.actor == moderator and entry.reason == "Personal attacks"


def test_a_warning_is_shown_to_the_person_and_does_not_stop_them(client, post, reader, moderator):
    services.sanction_create(user=reader, actor=moderator, kind="warning", reason="Tone it down")
    client.force_login(reader)
    assert "A moderator warned you: Tone it down" in client.get("/moderation/my-flags/").content.decode()
    assert client.post(f"/comments/post/{post.pk}/", {"body": "Sorry"}).status_code == 302


def test_a_ban_ends_the_session_at_once_and_lifting_it_restores_the_account(client, reader, moderating):
    client.force_login(reader)
    assert client.get("/moderation/my-flags/").status_code == 200
    moderating.post(f"/moderation/people/{reader.pk}/sanction/", {"kind": "ban", "reason": "Spam account"})
    reader.refresh_from_db()
    assert not reader.is_active
    response = client.get("/moderation/my-flags/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")

    sanction = Sanction.objects.get()
    moderating.post(f"/moderation/sanctions/{sanction.pk}/lift/", {"reason": "appeal accepted"})
    reader.refresh_from_db()
    assert reader.is_active
    assert AuditEntry.objects.get(action="lift_sanction").reason == "appeal accepted"


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "suspension", "reason": "x"},
        {"kind": "suspension", "reason": "x", "ends_at": "2001-01-01T00:00"},
        {"kind": "exile", "reason": "x"},
        {"kind": "ban", "reason": ""},
        {"kind": "ban", "reason": "\x00"},
    ],
)
def test_bad_sanctions_are_refused(reader, moderating, data):
    assert moderating.post(f"/moderation/people/{reader.pk}/sanction/", data).status_code == 302
    assert not Sanction.objects.exists() and not AuditEntry.objects.exists()


def test_moderators_cannot_sanction_each_other(moderator, moderating):
    other = staff(UserFactory(), "Moderators")
    moderating.post(f"/moderation/people/{other.pk}/sanction/", {"kind": "ban", "reason": "coup"})
    other.refresh_from_db()
    assert other.is_active and not Sanction.objects.exists()


def test_the_people_page_shows_comments_flags_sanctions_and_private_notes(client, post, reader, moderating):
    comment = make_comment(post, author=reader, body="Rude remark")
    Flag.objects.create(comment=comment, user=verified(UserFactory(username="flagger")), reason="unkind")
    moderating.post(f"/moderation/people/{reader.pk}/note/", {"body": "Second warning in a month."})
    moderating.post(f"/moderation/people/{reader.pk}/sanction/", {"kind": "warning", "reason": "Be kind"})
    page = moderating.get(f"/moderation/people/{reader.pk}/").content.decode()
    assert "Second warning in a month." in page and "Be kind" in page
    assert "flagger" in page and "Unkind or a personal attack" in page
    assert f"/moderation/comments/{comment.pk}/" in page
    assert ModeratorNote.objects.get().author.username == "mona"
    assert AuditEntry.objects.filter(action="note", subject_id=reader.pk).exists()
    # Notes are private: the person's public profile does not show them.
    assert "Second warning" not in client.get(reader.get_absolute_url()).content.decode()


def test_blocks_refuse_anonymous_comments_by_email_or_ip_until_they_expire(client, post, moderating):
    expires = (timezone.now() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    moderating.post(
        "/moderation/blocks/add/", {"kind": "email", "value": "Troll@Example.com", "expires_at": expires}
    )
    moderating.post("/moderation/blocks/add/", {"kind": "ip", "value": "203.0.113.9", "reason": "flood"})
    assert AuditEntry.objects.filter(action="block").count() == 2

    response = client.post(
        f"/comments/post/{post.pk}/",
        {"body": "hi", "author_email": "troll@example.com"},
        REMOTE_ADDR="192.0.2.5",
    )
    assert response.status_code == 403 and "blocked" in response.content.decode()
    response = client.post(f"/comments/post/{post.pk}/", {"body": "hi"}, REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 403
    assert ask(client, email="troll@example.com").status_code == 403
    assert not Comment.objects.exists()

    Block.objects.filter(kind="email").update(expires_at=timezone.now() - timedelta(seconds=1))
    client.post(f"/comments/post/{post.pk}/", {"body": "hi", "author_email": "troll@example.com"})
    assert Comment.objects.count() == 1

    ip_block = Block.objects.get(kind="ip")
    moderating.post(f"/moderation/blocks/{ip_block.pk}/lift/")
    client.post(f"/comments/post/{post.pk}/", {"body": "hello again"}, REMOTE_ADDR="203.0.113.9")
    assert Comment.objects.count() == 2
    assert AuditEntry.objects.filter(action="unblock").exists()


@pytest.mark.parametrize(
    "data",
    [
        {"kind": "email", "value": "not-an-address"},
        {"kind": "ip", "value": "999.1.1.1"},
        {"kind": "ip", "value": "192.0.2.1", "expires_at": "2000-01-01T00:00"},
        {"kind": "phone", "value": "555"},
        {"kind": "email", "value": "a@example.com\x00"},
    ],
)
def test_bad_blocks_are_form_errors(moderating, data):
    response = moderating.post("/moderation/blocks/add/", data)
    assert response.status_code == 400
    assert not Block.objects.exists()
