"""Acceptance-review fixes on the comment side: form lengths, staff without a second factor, stale names."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from comments.models import Comment, Subscription, encode_step
from forum.markup import render_comment_markdown
from posts.models import Post
from tests.factories import PostFactory, UserFactory
from tests.moderation.conftest import verified, with_totp

pytestmark = pytest.mark.django_db

HELD_TEXT = "A comment still waiting for a moderator."


def comment_url(post) -> str:
    return f"/comments/post/{post.pk}/"


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


# 1. Overlong anonymous fields are form errors, never a DataError (varchar(254) on PostgreSQL).


@pytest.mark.parametrize(
    "field,value",
    [
        ("author_email", "a" * 250 + "@x.com"),
        ("author_name", "n" * 61),
    ],
)
def test_overlong_anonymous_field_is_a_form_error_not_a_500(client, post, field, value):
    response = client.post(comment_url(post), {"body": "hello there", field: value})
    assert response.status_code == 400
    assert "Ensure this value has at most" in response.content.decode()
    assert not Comment.objects.exists()


def test_overlong_email_with_follow_is_refused_before_any_subscription(client, post):
    data = {"body": "hello there", "author_email": "a" * 250 + "@x.com", "follow_post": "on"}
    assert client.post(comment_url(post), data).status_code == 400
    assert not Subscription.objects.exists()


def test_longest_allowed_email_is_stored(client, post):
    email = "a" * (254 - len("@x.com")) + "@x.com"
    response = client.post(comment_url(post), {"body": "hello there", "author_email": email})
    assert response.status_code == 302
    assert Comment.objects.get().author_email == email


# 2. Staff permissions stay inert until the staff member has a second factor.


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
