"""Hard topics (issue 22, part 6): the sensitive-topic switch on a post, and a locked subthread."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from comments.models import Comment
from moderation import services
from moderation.models import AuditEntry, CommentModeration
from tests.factories import PostFactory, UserFactory, verified
from tests.moderation.conftest import make_comment

pytestmark = pytest.mark.usefixtures("no_posting_guards")


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post_comment(client, post, **data):
    return client.post(f"/comments/post/{post.pk}/", {"body": "Thinking of you.", **data})


# The sensitive-topic switch


def test_an_editor_turns_the_sensitive_topic_rules_on_and_off_and_each_is_logged(editor, post):
    editing = signed_in(editor)
    page = editing.get(f"/moderation/posts/{post.pk}/").content.decode()
    assert "Treat as a sensitive topic" in page
    response = editing.post(
        f"/moderation/posts/{post.pk}/update/", {"action": "sensitive", "reason": "a bereavement"}
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.is_sensitive
    assert "Back to the usual rules" in editing.get(f"/moderation/posts/{post.pk}/").content.decode()
    editing.post(f"/moderation/posts/{post.pk}/update/", {"action": "not_sensitive"})
    post.refresh_from_db()
    assert not post.is_sensitive
    logged = AuditEntry.objects.filter(target_type="post", target_id=post.pk).order_by("pk")
    assert [(entry.action, entry.actor_id, entry.reason) for entry in logged] == [
        ("sensitive", editor.pk, "a bereavement"),
        ("not_sensitive", editor.pk, ""),
    ]


def test_a_reader_cannot_turn_the_switch(reader, post):
    response = signed_in(reader).post(f"/moderation/posts/{post.pk}/update/", {"action": "sensitive"})
    assert response.status_code == 403
    post.refresh_from_db()
    assert not post.is_sensitive and not AuditEntry.objects.exists()


def test_a_sensitive_topic_takes_no_anonymous_comments(client, post, moderator):
    services.post_set_sensitive(post=post, actor=moderator, sensitive=True)
    page = client.get(post.get_absolute_url()).content.decode()
    assert "This post is a sensitive topic: sign in to comment." in page
    assert 'name="body"' not in page
    response = post_comment(client, post, author_name="Wren")
    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_on_a_sensitive_topic_every_comment_waits_and_a_reader_comments_once_in_ten_minutes(post, moderator):
    services.post_set_sensitive(post=post, actor=moderator, sensitive=True)
    writer = verified(UserFactory(username="wren"))
    client = signed_in(writer)
    page = client.get(post.get_absolute_url()).content.decode()
    assert "a moderator reads every comment before it appears" in page
    assert "once every 10 minutes" in page

    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert post_comment(client, post, body="I am so sorry.").status_code == 302
        held = Comment.objects.get(body="I am so sorry.")
        assert held.status == Comment.Status.PENDING
        assert CommentModeration.objects.get(comment=held).hold_reasons[0] == "sensitive topic"
    with time_machine.travel(start + timedelta(minutes=4), tick=False):
        response = post_comment(client, post, body="And one more thing.")
        assert response.status_code == 429
        assert "one comment every 10 minutes" in response.content.decode()
        assert "in 6 minutes" in response.content.decode()
        # Another reader is not slowed by Wren.
        assert post_comment(signed_in(verified(UserFactory())), post, body="Me too.").status_code == 302
    with time_machine.travel(start + timedelta(minutes=10, seconds=1), tick=False):
        assert post_comment(client, post, body="And one more thing.").status_code == 302
    assert Comment.objects.filter(author=writer).count() == 2


def test_a_sensitive_topic_closes_fourteen_days_after_it_became_one_and_an_ordinary_post_does_not(
    moderator, reader
):
    old = timezone.now() - timedelta(days=30)
    sensitive, ordinary = PostFactory(published_at=old), PostFactory(published_at=old)
    services.post_set_sensitive(post=sensitive, actor=moderator, sensitive=True)
    client = signed_in(reader)
    closes = sensitive.sensitive_since + timedelta(days=14)
    with time_machine.travel(closes - timedelta(minutes=1), tick=False):
        assert "Comments are closed." not in client.get(sensitive.get_absolute_url()).content.decode()
    with time_machine.travel(closes, tick=False):
        assert "Comments are closed." in client.get(sensitive.get_absolute_url()).content.decode()
        assert post_comment(client, sensitive).status_code == 403
        assert post_comment(client, ordinary).status_code == 302


def test_the_moderation_page_says_when_a_sensitive_post_closes(editor):
    post = PostFactory(published_at=timezone.now() + timedelta(days=2))  # scheduled: counts from publishing
    services.post_set_sensitive(post=post, actor=editor, sensitive=True)
    closes = timezone.localtime(post.published_at + timedelta(days=14))
    page = signed_in(editor).get(f"/moderation/posts/{post.pk}/").content.decode()
    assert f'comments close on <time datetime="{closes.isoformat()}"' in page
    assert f">{closes:%B} {closes.day}, {closes.year}</time>" in page


# A locked subthread


@pytest.fixture
def thread(post):
    """A top-level comment with a reply and a reply to that, and a second thread beside it."""
    top = make_comment(post, body="Top of the argument", author_name="A")
    reply = make_comment(post, body="A reply in it", author_name="B", parent=top)
    deeper = make_comment(post, body="Deeper still", author_name="C", parent=reply)
    other = make_comment(post, body="Another thread", author_name="D")
    return {"top": top, "reply": reply, "deeper": deeper, "other": other}


def test_a_moderator_locks_a_subthread_readers_see_why_and_nobody_replies_in_it(
    client, post, moderator, reader, thread
):
    moderating = signed_in(moderator)
    response = moderating.post(f"/moderation/comments/{thread['reply'].pk}/lock/", {"reason": "going round"})
    assert response.status_code == 302
    assert AuditEntry.objects.get(action="lock").target_id == thread["reply"].pk

    page = client.get(post.get_absolute_url()).content.decode()
    assert page.count("Replies locked by a moderator: going round") == 1
    assert f"?replyto={thread['top'].pk}#reply" in page  # above the lock: open
    assert f"?replyto={thread['reply'].pk}#reply" not in page
    assert f"?replyto={thread['deeper'].pk}#reply" not in page
    assert f"?replyto={thread['other'].pk}#reply" in page

    writing = signed_in(reader)
    for parent in (thread["reply"], thread["deeper"]):
        response = post_comment(writing, post, parent=parent.pk)
        assert response.status_code == 403
        assert "locked this part of the discussion (going round)" in response.content.decode()
    assert post_comment(writing, post, parent=thread["top"].pk, body="Above it").status_code == 302
    assert post_comment(writing, post, body="A new thread").status_code == 302

    moderating.post(f"/moderation/comments/{thread['reply'].pk}/unlock/")
    assert post_comment(writing, post, parent=thread["deeper"].pk, body="Open again").status_code == 302
    assert [entry.action for entry in AuditEntry.objects.order_by("pk")] == ["lock", "unlock"]
    assert "Replies locked" not in client.get(post.get_absolute_url()).content.decode()


def test_a_lock_needs_a_reason_and_a_reader_cannot_lock(moderator, reader, thread):
    response = signed_in(moderator).post(f"/moderation/comments/{thread['top'].pk}/lock/", {"reason": " "})
    assert response.status_code == 302
    response = signed_in(reader).post(f"/moderation/comments/{thread['top'].pk}/lock/", {"reason": "mine"})
    assert response.status_code == 403
    assert not CommentModeration.objects.exclude(locked_reason="").exists()
    assert not AuditEntry.objects.exists()
