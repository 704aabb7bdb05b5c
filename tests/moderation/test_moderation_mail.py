"""Authors hear why (issue 22, part 4): a held or hidden comment's author is mailed the reason their
comment's page shows, when their settings ask for it; nobody else is, and spam gets no explanation."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Profile
from comments.models import Comment
from moderation import services
from tests.factories import UserFactory, verified
from tests.moderation.conftest import make_comment


@pytest.fixture
def writer(db):
    return verified(UserFactory(username="wren", email="wren@example.com"))


def test_a_held_comment_tells_its_author_why_and_where_to_edit_it(
    post, writer, first_time, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        comment = make_comment(post, author=writer, body="My very first comment & a question")
    assert comment.status == Comment.Status.PENDING
    [mail] = mailoutbox
    assert mail.to == ["wren@example.com"]
    assert mail.subject == "Your comment waits for a moderator on Readers Write"
    assert "a first comment waits for a moderator" in mail.body
    assert "My very first comment & a question" in mail.body  # plain text, not HTML-escaped
    assert f"/comments/{comment.pk}/" in mail.body and "edit it while it waits" in mail.body


def test_a_hidden_comment_tells_its_author_the_moderators_reason(
    post, writer, moderator, no_posting_guards, mailoutbox, django_capture_on_commit_callbacks
):
    comment = make_comment(post, author=writer, body="Something sharp")
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_hide(comment=comment, actor=moderator, reason="a personal attack")
    [mail] = mailoutbox
    assert mail.subject == "A moderator hid your comment on Readers Write"
    assert "A moderator hid this comment (a personal attack)" in mail.body


def test_no_mail_when_the_author_turned_it_off_for_spam_or_for_an_anonymous_author(
    post, writer, moderator, first_time, mailoutbox, django_capture_on_commit_callbacks
):
    Profile.objects.create(user=writer, is_notified_of_moderation=False)
    with django_capture_on_commit_callbacks(execute=True):
        held = make_comment(post, author=writer, body="Quietly held")
        make_comment(post, author_name="Anon", author_email="anon@example.com", body="Held too")
    assert held.status == Comment.Status.PENDING and mailoutbox == []

    Profile.objects.filter(user=writer).update(is_notified_of_moderation=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_mark_spam(comment=held, actor=moderator)
    assert mailoutbox == []


def test_the_setting_is_on_the_settings_page_and_saved(writer):
    client = Client()
    client.force_login(writer)
    url = reverse("accounts:profile_settings")
    box = re.search(r'<input[^>]*name="is_notified_of_moderation"[^>]*>', client.get(url).content.decode())
    assert "checked" in box.group()  # on until the reader turns it off
    data = {"display_name": "Wren", "digest": "none", "is_notified_of_replies": "on"}
    assert client.post(url, data).status_code == 302
    assert Profile.objects.get(user=writer).is_notified_of_moderation is False
