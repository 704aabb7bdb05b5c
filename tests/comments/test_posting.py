from datetime import timedelta

import pytest
from django.utils import timezone

from comments import services
from comments.models import Comment
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.usefixtures("no_posting_guards")


def url(post):
    return f"/comments/post/{post.pk}/"


def test_anonymous_comment_posts_and_lands_on_its_anchor(client, post):
    response = client.post(url(post), {"body": "Hello *there*", "author_name": "Wren", "token": "a" * 32})
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{post.get_absolute_url()}#comment-{comment.pk}"
    assert (comment.author_name, comment.body_html) == ("Wren", "<p>Hello <em>there</em></p>\n")
    assert comment.ip_address == "127.0.0.1"
    post.refresh_from_db()
    assert post.comment_count == 1


def test_signed_in_reader_comments_under_their_account(client, post, verified_user):
    client.force_login(verified_user)
    client.post(url(post), {"body": "Mine", "author_name": "Somebody Else"})
    comment = Comment.objects.get()
    assert comment.author == verified_user and comment.author_name == ""


def test_reply_through_the_form_nests_under_the_parent(client, post):
    parent = services.comment_create(post=post, author=None, body="parent")
    client.post(url(post), {"body": "child", "parent": parent.pk})
    child = Comment.objects.get(body="child")
    assert (child.parent, child.depth) == (parent, 1)


def test_double_submit_of_the_same_form_stores_one_comment(client, post):
    data = {"body": "Clicked twice", "token": "b" * 32}
    first = client.post(url(post), data)
    second = client.post(url(post), data)
    assert Comment.objects.count() == 1
    assert first["Location"] == second["Location"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"body": ""}, "Write something before you post."),
        ({"body": "   "}, "Write something before you post."),
        ({"body": "nul \x00 byte"}, "Null characters are not allowed."),
        ({"body": "x" * 10_001}, "at most 10000 characters"),
        ({"body": "ok", "author_email": "not-an-address"}, "Enter a valid email address."),
        ({"body": "ok", "author_name": "n" * 61}, "at most 60 characters"),
        ({"body": "ok", "parent": "abc"}, "Enter a whole number."),
        ({"body": "ok", "parent": "99999999999999999999999"}, "less than or equal to"),
        ({"body": "ok", "parent": "424242"}, "not part of this discussion"),
        ({"body": "ok", "follow_post": "on"}, "Give an e-mail address"),
        ({"body": "ok", "token": "a\x00"}, "Null characters are not allowed."),
        ({"body": "ok", "author_name": "nul\x00"}, "Null characters are not allowed."),
    ],
)
def test_bad_input_gets_a_form_error_and_stores_nothing(client, post, data, message):
    response = client.post(url(post), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Comment.objects.exists()


def test_body_limit_is_a_setting(client, post, settings):
    settings.COMMENTS_MAX_LENGTH = 20
    response = client.post(url(post), {"body": "x" * 21})
    assert "at most 20 characters" in response.content.decode()


def test_reply_to_a_comment_on_another_post_gets_a_clear_error(client, post):
    elsewhere = services.comment_create(post=PostFactory(), author=None, body="elsewhere")
    response = client.post(url(post), {"body": "sneaky", "parent": elsewhere.pk})
    assert response.status_code == 400
    assert "not part of this discussion" in response.content.decode()


def test_reply_to_a_hidden_comment_gets_a_clear_error(client, post):
    parent = services.comment_create(post=post, author=None, body="soon hidden")
    services.comment_set_status(
        comment=parent, status=Comment.Status.HIDDEN, actor=UserFactory(is_superuser=True, second_factor=True)
    )
    response = client.post(url(post), {"body": "reply", "parent": parent.pk})
    assert response.status_code == 400
    assert "no longer open for replies" in response.content.decode()


def test_closed_post_refuses_a_post_with_that_message(client, post):
    post.is_comments_closed = True
    post.save()
    response = client.post(url(post), {"body": "too late"})
    assert response.status_code == 403
    assert "Comments are closed." in response.content.decode()
    assert not Comment.objects.exists()


def test_unverified_account_is_refused_with_a_clear_message(client, post):
    client.force_login(UserFactory())
    response = client.post(url(post), {"body": "hi"})
    assert response.status_code == 403
    assert "Verify your e-mail address" in response.content.decode()


def test_anonymous_post_refused_when_anonymous_comments_are_off(client, post, settings):
    settings.COMMENTS_ALLOW_ANONYMOUS = False
    response = client.post(url(post), {"body": "hi"})
    assert response.status_code == 403 and not Comment.objects.exists()


def test_comment_on_a_draft_or_missing_post_is_404(client, db):
    draft = PostFactory(status="draft", published_at=None)
    assert client.post(url(draft), {"body": "hi"}).status_code == 404
    assert client.post("/comments/post/999999/", {"body": "hi"}).status_code == 404


def test_get_is_not_allowed_on_the_create_url(client, post):
    assert client.get(url(post)).status_code == 405


def test_post_without_csrf_token_is_refused(post):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(url(post), {"body": "forged"})
    assert response.status_code == 403 and not Comment.objects.exists()


def own_comment(post, user, **kwargs):
    return services.comment_create(post=post, author=user, body=kwargs.pop("body", "original"), **kwargs)


def test_author_edits_within_the_window(client, post, verified_user):
    comment = own_comment(post, verified_user)
    client.force_login(verified_user)
    assert client.get(f"/comments/{comment.pk}/edit/").status_code == 200
    response = client.post(f"/comments/{comment.pk}/edit/", {"body": "revised"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.body == "revised" and comment.edited_at


def test_edit_after_the_window_is_refused_on_the_server(client, post, verified_user):
    comment = own_comment(post, verified_user)
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(minutes=16))
    client.force_login(verified_user)
    assert client.post(f"/comments/{comment.pk}/edit/", {"body": "late"}).status_code == 403
    assert client.post(f"/comments/{comment.pk}/delete/").status_code == 403
    comment.refresh_from_db()
    assert comment.body == "original"


def test_someone_elses_comment_cannot_be_edited_or_deleted(client, post, verified_user):
    comment = own_comment(post, verified_user)
    client.force_login(UserFactory())
    assert client.post(f"/comments/{comment.pk}/edit/", {"body": "mine"}).status_code == 403
    assert client.post(f"/comments/{comment.pk}/delete/").status_code == 403
    assert Comment.objects.filter(pk=comment.pk, body="original").exists()


def test_signed_out_edit_redirects_to_sign_in(client, post, verified_user):
    comment = own_comment(post, verified_user)
    assert client.post(f"/comments/{comment.pk}/edit/", {"body": "x"}).status_code == 302


def test_edit_with_a_bad_body_shows_the_error(client, post, verified_user):
    comment = own_comment(post, verified_user)
    client.force_login(verified_user)
    response = client.post(f"/comments/{comment.pk}/edit/", {"body": "\x00"})
    assert response.status_code == 200 and "Null characters are not allowed." in response.content.decode()


def test_delete_without_replies_removes_it(client, post, verified_user):
    comment = own_comment(post, verified_user)
    client.force_login(verified_user)
    assert client.get(f"/comments/{comment.pk}/delete/").status_code == 200
    response = client.post(f"/comments/{comment.pk}/delete/")
    assert response["Location"].endswith("#comments")
    assert not Comment.objects.exists()


def test_delete_with_replies_leaves_the_placeholder(client, post, verified_user):
    comment = own_comment(post, verified_user)
    services.comment_create(post=post, author=None, body="reply", parent=comment)
    client.force_login(verified_user)
    response = client.post(f"/comments/{comment.pk}/delete/")
    assert response["Location"] == f"{post.get_absolute_url()}#comment-{comment.pk}"  # the placeholder
    assert "[removed by its author]" in client.get(post.get_absolute_url()).content.decode()


def test_editor_closes_and_reopens_comments(client, post):
    client.force_login(UserFactory(is_superuser=True, second_factor=True))
    client.post(f"/comments/post/{post.pk}/close/", {"action": "close"})
    post.refresh_from_db()
    assert post.is_comments_closed
    client.post(f"/comments/post/{post.pk}/close/", {"action": "open"})
    post.refresh_from_db()
    assert not post.is_comments_closed


def test_reader_cannot_close_comments(client, post, verified_user):
    """Who may is asked first: a reader's request is a 403 whatever its action says."""
    client.force_login(verified_user)
    for data in ({}, {"action": "close"}, {"action": "garbage"}):
        assert client.post(f"/comments/post/{post.pk}/close/", data).status_code == 403
    post.refresh_from_db()
    assert not post.is_comments_closed


@pytest.mark.parametrize("path", ["/comments/{}/edit/", "/comments/{}/delete/", "/comments/post/{}/"])
def test_huge_and_missing_ids_are_404(client, verified_user, path):
    client.force_login(verified_user)
    for pk in (424242, 99999999999999999999999):
        assert client.post(path.format(pk), {"body": "x"}).status_code == 404
