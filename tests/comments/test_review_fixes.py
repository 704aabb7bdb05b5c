"""Acceptance-review fixes on the comment side: form lengths, staff without a second factor, stale names."""

import pytest
from asgiref.sync import async_to_sync
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts import services as account_services
from accounts.models import User
from accounts.signals import public_name_changed
from comments import services, thread_cache
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


# 4. A new display name or a deleted account reaches the cached discussion at once.


@pytest.fixture
def commented(db, post, django_capture_on_commit_callbacks):
    author = verified(UserFactory(username="wren", display_name="Wren Original"))
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_create(post=post, author=author, body="My two cents.")
    return author


def test_new_display_name_replaces_the_cached_one(post, commented, django_capture_on_commit_callbacks):
    assert "Wren Original" in page(Client(), post)  # the cache is warm now
    with django_capture_on_commit_callbacks(execute=True):
        account_services.profile_update(
            user=commented,
            display_name="Wren Renamed",
            bio="",
            website="",
            digest="none",
            is_notified_of_replies=True,
            is_notified_of_follows=True,
        )
    html = page(Client(), post)
    assert "Wren Renamed" in html
    assert "Wren Original" not in html


def test_settings_page_rename_reaches_the_cached_discussion(client, post, commented):
    assert "Wren Original" in page(Client(), post)
    client.force_login(commented)
    data = {"display_name": "Wren Renamed", "digest": "none", "is_notified_of_replies": "on"}
    assert client.post("/users/settings/", data).status_code == 302
    assert "Wren Renamed" in page(Client(), post)


@pytest.mark.parametrize("keep", [True, False], ids=["keep-comments", "remove-comments"])
def test_deleted_account_leaves_the_cached_discussion(
    post, commented, django_capture_on_commit_callbacks, keep
):
    assert "Wren Original" in page(Client(), post)
    with django_capture_on_commit_callbacks(execute=True):
        account_services.account_delete(user=commented, keep_comments=keep)
    html = page(Client(), post)
    assert "Wren Original" not in html
    assert ("Former reader" in html) is keep


def _save_in_the_admin(rf, user: User, changed: list[str]) -> None:
    from types import SimpleNamespace

    from django.contrib import admin

    from accounts.admin import UserAdmin

    request = rf.post("/admin/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    UserAdmin(User, admin.site).save_model(request, user, SimpleNamespace(changed_data=changed), change=True)


def test_a_rename_in_the_django_admin_replaces_the_cached_name(post, commented, rf):
    assert "Wren Original" in page(Client(), post)  # the cache is warm now
    commented.display_name = "Wren Renamed"
    _save_in_the_admin(rf, commented, ["display_name"])
    html = page(Client(), post)
    assert "Wren Renamed" in html and "Wren Original" not in html


def test_other_changes_in_the_django_admin_keep_the_cached_discussion(post, commented, rf):
    page(Client(), post)
    version = thread_cache._cache().get(thread_cache.version_key(post.pk))
    commented.email = "wren@example.org"
    _save_in_the_admin(rf, commented, ["email"])
    assert thread_cache._cache().get(thread_cache.version_key(post.pk)) == version


def test_name_change_retires_only_the_posts_the_user_commented_on(post, commented, django_assert_num_queries):
    other = PostFactory()
    services.comment_create(post=other, author=None, body="Someone else's thread.")
    page(Client(), post), page(Client(), other)
    before = {p.pk: thread_cache._cache().get(thread_cache.version_key(p.pk)) for p in (post, other)}
    with django_assert_num_queries(1):  # the post ids; the version bumps are cache writes
        public_name_changed.send(sender=None, user_id=commented.pk)
    after = {p.pk: thread_cache._cache().get(thread_cache.version_key(p.pk)) for p in (post, other)}
    assert after[post.pk] != before[post.pk]
    assert after[other.pk] == before[other.pk]


def test_unchanged_display_name_sends_no_signal(commented):
    received = []

    def receiver(sender, **kwargs):
        received.append(kwargs["user_id"])

    public_name_changed.connect(receiver)
    try:
        account_services.profile_update(
            user=commented,
            display_name="Wren Original",
            bio="changed bio",
            website="",
            digest="none",
            is_notified_of_replies=True,
            is_notified_of_follows=True,
        )
    finally:
        public_name_changed.disconnect(receiver)
    assert received == []
