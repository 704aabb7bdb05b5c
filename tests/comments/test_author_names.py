"""A new display name or a deleted account reaches the cached discussion at once."""

import pytest
from django.test import Client

from accounts import services as account_services
from accounts.models import User
from comments import services
from comments.models import Comment
from tests.factories import PostFactory, UserFactory, verified

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_posting_guards")]


def page(client, post) -> str:
    response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def commented(db, post, django_capture_on_commit_callbacks):
    author = verified(UserFactory(username="wren", display_name="Wren Original"))
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_create(post=post, author=author, body="My two cents.")
    return author


def update_profile(user, *, display_name: str, bio: str = "") -> None:
    """Save the settings page's fields through the accounts service, as the page does."""
    account_services.profile_update(
        user=user,
        display_name=display_name,
        bio=bio,
        website="",
        digest="none",
        is_notified_of_replies=True,
        is_notified_of_follows=True,
        is_notified_of_moderation=True,
    )


def test_new_display_name_replaces_the_cached_one(post, commented, django_capture_on_commit_callbacks):
    assert "Wren Original" in page(Client(), post)  # the cache is warm now
    with django_capture_on_commit_callbacks(execute=True):
        update_profile(commented, display_name="Wren Renamed")
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


def versions(*posts) -> dict[int, list[int]]:
    """Each post's thread versions (the keys of their cached renderings), top-level comments in order."""
    tops = Comment.objects.tops().order_by("path")
    return {post.pk: list(tops.filter(post=post).values_list("thread_version", flat=True)) for post in posts}


def test_other_changes_in_the_django_admin_keep_the_cached_discussion(post, commented, rf):
    before = versions(post)
    commented.email = "wren@example.org"
    _save_in_the_admin(rf, commented, ["email"])
    assert versions(post) == before


def test_name_change_retires_only_the_threads_the_user_commented_in(post, commented):
    other = PostFactory()
    services.comment_create(post=other, author=None, body="Someone else's thread.")
    services.comment_create(post=post, author=None, body="A thread without Wren.")
    before = versions(post, other)
    update_profile(commented, display_name="Wren Renamed")
    after = versions(post, other)
    assert after[post.pk] == [before[post.pk][0] + 1, before[post.pk][1]]
    assert after[other.pk] == before[other.pk]


def test_unchanged_display_name_keeps_the_cached_discussion(post, commented):
    before = versions(post)
    update_profile(commented, display_name="Wren Original", bio="changed bio")
    assert versions(post) == before
