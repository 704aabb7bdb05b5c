"""The acceptance path from the issue: sign up, verify by the mailed link, comment under one's name."""

import re

import pytest
from django.urls import NoReverseMatch, reverse

from accounts.models import User
from tests.factories import PostFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_posting_guards")]

PASSWORD = "a long and unusual passphrase 42"


def comment_url(post) -> str:
    try:
        return reverse("comments:comment_create", kwargs={"post_id": post.pk})
    except NoReverseMatch:
        pytest.skip("the comments app has no comment_create view yet")


def test_sign_up_verify_then_comment_under_the_display_name(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    post = PostFactory()
    url = comment_url(post)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("account_signup"),
            {
                "username": "newreader",
                "email": "new@example.com",
                "password1": PASSWORD,
                "password2": PASSWORD,
            },
        )
    confirm_path = re.search(r"https?://testserver(/\S+)", mailoutbox[0].body).group(1)
    client.post(confirm_path)
    user = User.objects.get(username="newreader")
    assert user.emailaddress_set.get().verified

    client.post(reverse("account_login"), {"login": "newreader", "password": PASSWORD})
    client.post(
        reverse("accounts:profile_settings"),
        {"display_name": "Nova Newcomer", "digest": "none", "is_notified_of_replies": "on"},
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"body": "First time writing in: good advice."})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.display_name == "Nova Newcomer"
    comment = user.comments.get()
    assert comment.display_name == "Nova Newcomer"
    page = client.get(post.get_absolute_url()).content.decode()
    assert "Nova Newcomer" in page
    assert "First time writing in: good advice." in page


def test_an_unverified_account_is_told_to_verify_before_commenting(client):
    post = PostFactory()
    url = comment_url(post)
    client.force_login(UserFactory())  # signed in, but no verified address
    response = client.post(url, {"body": "Let me in."})
    assert response.status_code == 403
    assert "Verify your e-mail address" in response.content.decode()
    assert not post.comments.exists()
