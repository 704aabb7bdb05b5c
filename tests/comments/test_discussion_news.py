"""Live news while reading: /comments/post/<id>/news/?since= says how many comments were published
since, and answers 304 from the post's discussion version alone while nothing changed."""

import time
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.services import ignore_add
from comments import services
from comments.models import Comment, encode_step
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.usefixtures("no_posting_guards")


def news_url(post) -> str:
    return f"/comments/post/{post.pk}/news/"


def test_the_page_carries_what_its_script_asks_with(client, post):
    page = client.get(post.get_absolute_url()).content.decode()
    assert f'data-news="{news_url(post)}" data-version="0" data-since="' in page
    assert 'data-poll="45"' in page
    assert '<div class="threads" id="threads">' in page


def test_news_counts_comments_published_since_and_the_etag_follows_the_discussion(client, post):
    """`since` is in milliseconds, as the page gives it."""
    since = str(int(time.time() * 1000) - 5000)
    first = client.get(news_url(post), {"since": since})
    assert first.status_code == 200
    assert first.json() == {"new": 0, "version": 0}
    assert first["ETag"] == '"0"'

    services.comment_create(post=post, author=None, body="Fresh thoughts.")
    held = services.comment_create(post=post, author=None, body="Held for a moderator.")
    Comment.objects.filter(pk=held.pk).update(status=Comment.Status.PENDING)
    second = client.get(news_url(post), {"since": since}, headers={"If-None-Match": '"0"'})
    assert second.status_code == 200
    # Both were published when written (version 2); the held one is not counted. `first` leads to the
    # earliest new one, wherever the discussion shows it.
    fresh = Comment.objects.get(body="Fresh thoughts.")
    assert second.json() == {
        "new": 1,
        "version": 2,
        "first": f"{post.get_absolute_url()}comments/{fresh.pk}/",
    }
    assert second["ETag"] == '"2"'
    assert "no-cache" in second["Cache-Control"]


def test_an_unchanged_discussion_answers_304_without_reading_a_comment(client, post):
    services.comment_create(post=post, author=None, body="One.")
    post.refresh_from_db()
    etag = f'"{post.discussion_version}"'
    with CaptureQueriesContext(connection) as queries:
        response = client.get(news_url(post), {"since": "0"}, headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert len(queries.captured_queries) == 1
    assert "comments_comment" not in queries.captured_queries[0]["sql"]


def test_every_change_to_the_published_comments_raises_the_version(post, moderator, verified_user):
    def version():
        post.refresh_from_db()
        return post.discussion_version

    comment = services.comment_create(post=post, author=verified_user, body="Mine.")
    assert version() == 1
    services.comment_set_status(comment=comment, status=Comment.Status.HIDDEN, actor=moderator)
    assert version() == 2
    services.comment_set_status(comment=comment, status=Comment.Status.PUBLISHED, actor=moderator)
    assert version() == 3
    services.comment_delete(comment=comment, user=verified_user)
    assert version() == 4


@pytest.mark.parametrize("since", ["", "yesterday", "-1", "1.5", "9" * 15, "9" * 400, "\x00"])
def test_a_bad_since_is_a_400(client, post, since):
    assert client.get(news_url(post), {"since": since}).status_code == 400


def test_a_draft_or_missing_post_has_no_news(client, db, editor):
    draft = PostFactory(status="draft", published_at=None)
    assert client.get(news_url(draft), {"since": "0"}).status_code == 404
    client.force_login(editor)  # an editor's preview of the draft does not ask for any
    preview = client.get(draft.get_absolute_url()).content.decode()
    assert 'id="comments"' in preview
    assert "data-news=" not in preview
    assert client.get("/comments/post/999999/news/", {"since": "0"}).status_code == 404


def _news(client, post, since) -> int:
    response = client.get(news_url(post), {"since": str(int(since.timestamp() * 1000))})
    assert response.status_code == 200
    return response.json()["new"]


def test_a_comment_approved_after_the_page_was_made_is_news(client, post, moderator):
    """Written before the reader opened the page, held, and approved while they read: news from the
    moment readers could read it, not from when it was written."""
    held = services.comment_create(post=post, author=None, body="Held, then approved.")
    Comment.objects.filter(pk=held.pk).update(
        status=Comment.Status.PENDING, created_at=timezone.now() - timedelta(hours=2)
    )
    opened = timezone.now() - timedelta(hours=1)
    assert _news(client, post, opened) == 0
    services.comment_set_status(comment=held, status=Comment.Status.PUBLISHED, actor=moderator)
    assert _news(client, post, opened) == 1
    # Approved before the page was made: the reader saw it on the page.
    assert _news(client, post, timezone.now() + timedelta(seconds=1)) == 0


def test_a_readers_own_comments_and_those_of_people_they_ignore_are_no_news_to_them(
    client, post, verified_user
):
    opened = timezone.now() - timedelta(minutes=1)
    pest = UserFactory()
    ignore_add(user=verified_user, ignored=pest)
    for author, body in ((verified_user, "Mine."), (pest, "From someone they ignore."), (None, "Another's.")):
        Comment.objects.create(
            post=post, path=encode_step(Comment.objects.count() + 1), author=author, body=body, body_html=body
        )
    assert _news(client, post, opened) == 3  # signed out: everyone's
    client.force_login(verified_user)
    assert _news(client, post, opened) == 1


def test_a_hidden_comment_restored_is_not_announced_again(client, post, moderator):
    """Readers read it before it was hidden: restoring it is no news."""
    opened = timezone.now() - timedelta(minutes=1)
    comment = services.comment_create(post=post, author=None, body="Read, hidden, restored.")
    Comment.objects.filter(pk=comment.pk).update(created_at=opened - timedelta(hours=1))
    services.comment_set_status(comment=comment, status=Comment.Status.HIDDEN, actor=moderator)
    services.comment_set_status(comment=comment, status=Comment.Status.PUBLISHED, actor=moderator)
    assert _news(client, post, opened) == 0
    comment.refresh_from_db()
    assert comment.approved_at is None


def test_an_anonymous_readers_own_held_comment_is_no_news_to_them_once_approved(client, post, moderator):
    opened = timezone.now() - timedelta(minutes=1)
    held = services.comment_create(post=post, author=None, body="Mine, held.")
    Comment.objects.filter(pk=held.pk).update(status=Comment.Status.PENDING)
    services.comment_set_status(comment=held, status=Comment.Status.PUBLISHED, actor=moderator)
    assert _news(client, post, opened) == 1  # to any other reader
    session = client.session
    session[services.OWN_PENDING_SESSION_KEY] = [held.pk]
    session.save()
    assert _news(client, post, opened) == 0


def test_the_answer_differs_per_reader_so_no_shared_cache_keeps_it(client, post):
    response = client.get(news_url(post), {"since": "0"})
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize("n", [1, 20])
def test_a_news_answer_costs_the_same_for_any_number_of_new_comments(
    client, post, verified_user, django_assert_num_queries, n
):
    """Signed out: the version, the post, the count; signed in, also the session and the account."""
    for i in range(n):
        services.comment_create(post=post, author=None, body=f"News {i}.")
    with django_assert_num_queries(3):
        assert client.get(news_url(post), {"since": "0"}).json()["new"] == n
    client.force_login(verified_user)
    with django_assert_num_queries(5):
        assert client.get(news_url(post), {"since": "0"}).json()["new"] == n
