"""Staff permissions stay inert until the staff member has a second factor (accounts.models.User.has_perm)."""

import pytest
from asgiref.sync import async_to_sync
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from comments.models import Comment, encode_step
from forum.markup import render_comment_markdown
from posts.models import Post
from tests.factories import PostFactory, UserFactory, verified, with_totp

pytestmark = pytest.mark.django_db

HELD_TEXT = "A comment still waiting for a moderator."


def close_url(post) -> str:
    return f"/comments/post/{post.pk}/close/"


def held_comment(post) -> Comment:
    return Comment.objects.create(
        post=post,
        path=encode_step(Comment.objects.filter(post=post, parent=None).count() + 1),
        depth=0,
        body=HELD_TEXT,
        body_html=render_comment_markdown(HELD_TEXT),
        status=Comment.Status.PENDING,
        created_at=timezone.now(),
    )


def page(client, post) -> str:
    response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def editor() -> User:
    user = verified(UserFactory(username="edith"))
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def moderator() -> User:
    user = verified(UserFactory(username="mona"))
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


def superuser() -> User:
    return verified(UserFactory(username="root", is_superuser=True))


@pytest.mark.parametrize("make", [editor, moderator, superuser], ids=["editor", "moderator", "superuser"])
def test_staff_without_mfa_cannot_close_comments(client, post, make):
    client.force_login(make())
    assert client.post(close_url(post), {"action": "close"}).status_code == 403
    post.refresh_from_db()
    assert not post.is_comments_closed


@pytest.mark.parametrize("make", [editor, moderator, superuser], ids=["editor", "moderator", "superuser"])
def test_staff_with_mfa_close_comments(client, post, make):
    client.force_login(with_totp(make()))
    assert client.post(close_url(post), {"action": "close"}).status_code == 302
    post.refresh_from_db()
    assert post.is_comments_closed


@pytest.mark.parametrize("make", [moderator, superuser], ids=["moderator", "superuser"])
def test_held_comments_show_to_moderators_only_once_they_have_mfa(post, make):
    held_comment(post)
    user = make()
    client = Client()
    client.force_login(user)
    assert HELD_TEXT not in page(client, post)
    with_totp(user)
    assert HELD_TEXT in page(client, post)


@pytest.mark.parametrize("make", [editor, superuser], ids=["editor", "superuser"])
def test_drafts_show_to_editors_only_once_they_have_mfa(client, make):
    draft = PostFactory(title="An unpublished answer", status=Post.Status.DRAFT, published_at=None)
    user = make()
    client.force_login(user)
    assert client.get(draft.get_absolute_url()).status_code == 404
    with_totp(user)
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_staff_without_mfa_have_no_permissions_at_all(db):
    user = moderator()
    assert not user.has_perm("comments.moderate_comment")
    assert not user.has_module_perms("comments")
    assert user.get_all_permissions() == set()
    assert user.get_group_permissions() == set()
    root = superuser()
    assert not root.has_perm("posts.change_post")
    assert not root.has_perms(["posts.change_post"])


def test_async_permission_checks_follow_the_same_rule(db):
    user, armed = moderator(), with_totp(verified(UserFactory(username="max")))
    armed.groups.add(Group.objects.get(name="Moderators"))
    assert not async_to_sync(user.ahas_perm)("comments.moderate_comment")
    assert not async_to_sync(user.ahas_module_perms)("comments")
    assert async_to_sync(user.aget_all_permissions)() == set()
    assert async_to_sync(armed.ahas_perm)("comments.moderate_comment")
    assert "comments.moderate_comment" in async_to_sync(armed.aget_all_permissions)()


def test_readers_pay_nothing_for_the_mfa_rule(client, post, monkeypatch):
    reader = verified(UserFactory(username="riley"))
    client.force_login(reader)
    checked = []
    monkeypatch.setattr(User, "lacks_required_mfa", lambda user: checked.append(user) or True)
    page(client, post)
    with CaptureQueriesContext(connection) as queries:
        page(client, post)
    assert checked == []
    assert not [q for q in queries.captured_queries if 'FROM "mfa_authenticator"' in q["sql"]]


def test_the_mfa_check_runs_once_per_user_object(django_assert_num_queries, db):
    user = with_totp(moderator())
    assert user.has_perm("comments.moderate_comment")
    with django_assert_num_queries(0):
        assert user.has_perm("comments.moderate_comment")
        assert user.has_perm("moderation.moderate_people")
