"""Pre-moderation: first-time commenters wait for a moderator; the author alone sees the held comment."""

import re
import time
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.utils import timezone

from comments import services as comment_services
from comments.forms import form_started_token
from comments.models import Comment
from moderation import services as moderation_services
from moderation.models import AuditEntry, CommentModeration
from tests.factories import UserFactory, verified
from tests.moderation.conftest import make_comment


def post_comment(client, post, **data):
    return client.post(f"/comments/post/{post.pk}/", {"body": "Hello there", **data})


def test_first_anonymous_comment_is_held_then_approved_then_visible_and_the_next_publishes_at_once(
    client, post, moderator, first_time, django_capture_on_commit_callbacks
):
    response = post_comment(
        client, post, body="My first words", author_name="Wren", author_email="wren@example.com"
    )
    assert response.status_code == 302
    held = Comment.objects.get()
    assert held.status == Comment.Status.PENDING
    assert CommentModeration.objects.get(comment=held).hold_reasons == ["first-time commenter"]

    # The author (same browser session) sees it marked; another reader does not see it at all.
    page = client.get(post.get_absolute_url()).content.decode()
    assert "My first words" in page and "Awaiting moderation" in page
    assert "My first words" not in Client().get(post.get_absolute_url()).content.decode()
    post.refresh_from_db()
    assert post.comment_count == 0

    moderating = Client()
    moderating.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        assert moderating.post(f"/moderation/comments/{held.pk}/approve/").status_code == 302
    held.refresh_from_db()
    assert held.status == Comment.Status.PUBLISHED
    assert "My first words" in Client().get(post.get_absolute_url()).content.decode()
    assert AuditEntry.objects.filter(action="approve", target_id=held.pk, actor=moderator).exists()

    # The same e-mail now has an approved comment: the next one publishes at once (any case).
    fresh = Client()
    post_comment(fresh, post, body="Second thoughts", author_name="Wren", author_email="WREN@example.com")
    assert Comment.objects.get(body="Second thoughts").status == Comment.Status.PUBLISHED


def test_an_anonymous_comment_without_an_email_is_always_first_time(post, first_time):
    make_comment(post, author_name="A", body="one")
    Comment.objects.update(status=Comment.Status.PUBLISHED)
    assert make_comment(post, author_name="A", body="two").status == Comment.Status.PENDING


def test_a_signed_in_author_sees_their_held_comment_marked_and_others_do_not(
    client, post, reader, first_time
):
    client.force_login(reader)
    post_comment(client, post, body="Readers first words")
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    page = client.get(post.get_absolute_url()).content.decode()
    assert "Readers first words" in page and "Awaiting moderation" in page
    other = Client()
    other.force_login(verified(UserFactory()))
    assert "Readers first words" not in other.get(post.get_absolute_url()).content.decode()


def test_an_account_with_an_approved_comment_is_no_longer_held(post, reader, first_time):
    make_comment(post, author=reader, body="earlier")
    Comment.objects.update(status=Comment.Status.PUBLISHED)
    assert make_comment(post, author=reader, body="later").status == Comment.Status.PUBLISHED


def test_policy_none_publishes_everything(post, settings, no_posting_guards):
    settings.MODERATION_PREMODERATION = "none"
    assert make_comment(post, author_name="A").status == Comment.Status.PUBLISHED


def test_policy_everyone_holds_even_regulars(post, reader, settings, no_posting_guards):
    make_comment(post, author=reader, body="earlier")
    settings.MODERATION_PREMODERATION = "everyone"
    later = make_comment(post, author=reader, body="later")
    assert later.status == Comment.Status.PENDING
    assert later.moderation.hold_reasons == ["everything is pre-moderated", "new account"]


def test_the_per_post_switch_holds_every_comment_on_that_post(
    client, post, editor, reader, no_posting_guards
):
    client.force_login(editor)
    response = client.post(
        f"/moderation/posts/{post.pk}/update/", {"action": "premoderate", "reason": "heated"}
    )
    assert response.status_code == 302
    assert make_comment(post, author=reader).status == Comment.Status.PENDING
    entry = AuditEntry.objects.get(action="premoderate")
    assert entry.actor == editor and entry.reason == "heated" and entry.target_id == post.pk

    client.post(f"/moderation/posts/{post.pk}/update/", {"action": "unpremoderate"})
    assert make_comment(post, author=reader, body="again").status == Comment.Status.PUBLISHED


@pytest.mark.parametrize(
    "action,field,value", [("close", "is_comments_closed", True), ("pin", "is_pinned", True)]
)
def test_editors_and_moderators_close_and_pin_posts(client, post, editor, moderator, action, field, value):
    for person in (editor, moderator):
        client.force_login(person)
        undo = {"close": "reopen", "pin": "unpin"}[action]
        client.post(f"/moderation/posts/{post.pk}/update/", {"action": action})
        post.refresh_from_db()
        assert getattr(post, field) is value
        client.post(f"/moderation/posts/{post.pk}/update/", {"action": undo})
        post.refresh_from_db()
        assert getattr(post, field) is not value
    assert AuditEntry.objects.filter(action=action).count() == 2
    assert AuditEntry.objects.filter(action={"close": "reopen", "pin": "unpin"}[action]).count() == 2


def test_an_unknown_or_doubled_post_action_changes_nothing(client, post, editor):
    client.force_login(editor)
    for action in ("delete-everything", ["pin", "close"], ""):
        page = client.post(f"/moderation/posts/{post.pk}/update/", {"action": action}, follow=True)
        assert "Choose one of the post actions." in page.content.decode()
    assert not AuditEntry.objects.exists()
    post.refresh_from_db()
    assert not post.is_pinned and not post.is_comments_closed


def test_a_refused_post_action_keeps_the_reason_as_typed_and_enter_presses_no_action(client, post, editor):
    """A reason too long comes back with its error and every word typed; and the form's default button,
    which Enter in the reason field would press, is a disabled one, not "Close comments"."""
    client.force_login(editor)
    long = "heated " * 200
    response = client.post(f"/moderation/posts/{post.pk}/update/", {"action": "close", "reason": long})
    assert response.status_code == 400
    html = response.content.decode()
    assert long.strip() in html and "Ensure this value has at most" in html
    post.refresh_from_db()
    assert not post.is_comments_closed and not AuditEntry.objects.exists()
    form = client.get(f"/moderation/posts/{post.pk}/").content.decode().split('class="post-actions"')[1]
    first_button = re.search(r"<button[^>]*>", form).group()
    assert "disabled" in first_button and 'name="action"' not in first_button


def test_as_shipped_a_hurried_comment_is_refused_and_a_first_comment_is_held(client, post):
    # No fixture turns a guard off here: forum/settings.py's defaults, as production runs them. The
    # clock stands still at the start of a rate-limit window, so all three fall in the same one.
    window = settings.MODERATION_COMMENT_RATE[1]
    with time_machine.travel((time.time() // window + 1) * window, tick=False):
        _post_hurried_then_first_then_too_soon(client, post)


def _post_hurried_then_first_then_too_soon(client, post):
    assert post_comment(client, post).status_code == 400
    started = form_started_token(time.time() - 60)
    assert post_comment(client, post, body="Hello, first time here", started=started).status_code == 302
    assert Comment.objects.get().status == Comment.Status.PENDING
    assert post_comment(client, post, body="And again", started=started).status_code == 429


def test_a_held_comment_tells_its_author_why_and_they_may_edit_it_while_it_waits(client, post, settings):
    settings.MODERATION_MAX_LINKS = 0
    author = verified(UserFactory())
    held = comment_services.comment_create(post=post, author=author, body="See https://example.com")
    Comment.objects.filter(pk=held.pk).update(
        created_at=timezone.now() - timedelta(days=1)
    )  # past the window
    client.force_login(author)
    html = client.get(post.get_absolute_url()).content.decode()
    assert "Awaiting moderation. Only you can see it until a moderator approves it:" in html
    assert "a first comment waits for a moderator" in html and "it has 1 links (more than 0)" in html
    assert f'href="/comments/{held.pk}/edit/"' in html
    response = client.post(f"/comments/{held.pk}/edit/", {"body": "See the link-free version"})
    assert response.status_code == 302
    assert Comment.objects.get(pk=held.pk).body == "See the link-free version"
    assert "Only you can see it" not in Client().get(post.get_absolute_url()).content.decode()


def test_a_hidden_comment_shows_its_author_the_moderators_reason(client, post, moderator):
    author = verified(UserFactory())
    mine = comment_services.comment_create(post=post, author=author, body="A heated remark")
    moderation_services.comment_hide(comment=mine, actor=moderator, reason="personal attack")
    client.force_login(author)
    html = client.get(post.get_absolute_url()).content.decode()
    assert "A heated remark" in html
    assert "A moderator hid this comment (personal attack); only you can see it." in html
    other = Client()
    assert "A heated remark" not in other.get(post.get_absolute_url()).content.decode()
