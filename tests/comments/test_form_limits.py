"""Overlong anonymous fields on the comment form are form errors, never a DataError (varchar(254))."""

import pytest

from comments.models import Comment, Subscription

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_posting_guards")]


def comment_url(post) -> str:
    return f"/comments/post/{post.pk}/"


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
