"""The comment form's fill-time guard speaks only when the form is otherwise valid (issue 23, part 4)."""

import time

import pytest

from comments.forms import form_started_token
from comments.models import Comment

QUICK = "That was quick!"


@pytest.fixture
def fill_time(no_posting_guards, settings):
    """Only the guard under test: no pre-moderation or rate limits, the production fill time."""
    settings.COMMENTS_MIN_FILL_SECONDS = 3


def post_comment(client, post, **data):
    return client.post(f"/comments/post/{post.pk}/", {"started": form_started_token(), **data})


def test_an_empty_comment_sent_at_once_shows_the_required_error_and_not_that_it_was_quick(
    client, post, fill_time
):
    response = post_comment(client, post, body="")
    page = response.content.decode()
    assert response.status_code == 400
    assert "Write something before you post." in page
    assert QUICK not in page


def test_a_quick_comment_asking_for_mail_without_an_address_names_the_address_only(client, post, fill_time):
    response = post_comment(client, post, body="Hi", notify_replies="on")
    page = response.content.decode()
    assert "Give an e-mail address" in page and QUICK not in page


def test_a_valid_but_too_fast_comment_is_still_refused_as_quick(client, post, fill_time):
    response = post_comment(client, post, body="Hello there")
    assert response.status_code == 400
    assert QUICK in response.content.decode()
    assert not Comment.objects.exists()


def test_a_comment_sent_after_the_fill_time_goes_through(client, post, fill_time):
    started = form_started_token(time.time() - 10)
    assert post_comment(client, post, body="Hello there", started=started).status_code == 302


def test_no_fill_time_check_when_it_is_turned_off(client, post, no_posting_guards):
    assert post_comment(client, post, body="Hello there").status_code == 302
