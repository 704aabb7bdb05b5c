import itertools
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F

from comments.models import MAX_STORED_DEPTH, PATH_STEP, Comment
from comments.services import comment_apply_status, comment_create, comment_set_status
from posts.models import Post
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.usefixtures("no_posting_guards")

_numbers = itertools.count(1)  # distinct bodies, so no reply looks like a resubmission


def _reply(post, parent=None):
    return comment_create(post=post, author=None, body=f"Comment number {next(_numbers)}", parent=parent)


def _check() -> tuple[bool, str]:
    out = StringIO()
    try:
        call_command("check_threads", stdout=out)
    except CommandError as error:
        return False, out.getvalue() + str(error)
    return True, out.getvalue()


@pytest.fixture
def threads(db):
    """Two posts with a few threads, replies and replies to replies."""
    posts = [PostFactory(), PostFactory()]
    comments = {}
    for post in posts:
        first = _reply(post)
        reply = _reply(post, first)
        _reply(post, reply)
        _reply(post, first)
        _reply(post)
        comments[post.pk] = (first, reply)
    return posts, comments


def test_check_threads_passes_on_clean_threads(threads):
    ok, output = _check()
    assert ok, output
    assert "10 comments on 2 posts, no problems" in output


def test_check_threads_passes_on_an_empty_site(db):
    assert _check()[0]


def test_check_threads_passes_on_a_thread_deeper_than_the_stored_paths(db):
    post = PostFactory()
    parent = None
    for _ in range(MAX_STORED_DEPTH + 4):
        parent = _reply(post, parent)
    _reply(post, parent)
    assert parent.depth == MAX_STORED_DEPTH + 3
    assert len(parent.path) == (MAX_STORED_DEPTH + 1) * PATH_STEP
    ok, output = _check()
    assert ok, output


def test_check_threads_passes_with_hidden_comments_counted_out(threads):
    posts, comments = threads
    moderator = UserFactory(is_superuser=True, second_factor=True)
    comment_set_status(comment=comments[posts[0].pk][1], status=Comment.Status.HIDDEN, actor=moderator)
    assert _check()[0]


def test_check_threads_finds_a_wrong_depth(threads):
    posts, comments = threads
    reply = comments[posts[0].pk][1]
    Comment.objects.filter(pk=reply.pk).update(depth=3)
    ok, output = _check()
    assert not ok
    assert f"comment {reply.pk} (post {posts[0].pk}): depth 3 under a parent at depth 0" in output


def test_check_threads_finds_a_path_outside_its_parent(threads):
    posts, comments = threads
    reply = comments[posts[1].pk][1]
    Comment.objects.filter(pk=reply.pk).update(path="zzzz0001")
    ok, output = _check()
    assert not ok
    assert f"comment {reply.pk} (post {posts[1].pk})" in output


def test_check_threads_finds_a_parent_on_another_post(threads):
    posts, comments = threads
    reply = comments[posts[0].pk][1]
    Comment.objects.filter(pk=reply.pk).update(parent=comments[posts[1].pk][0])
    ok, output = _check()
    assert not ok
    assert f"parent {comments[posts[1].pk][0].pk} belongs to post {posts[1].pk}" in output


def test_check_threads_finds_a_broken_path_and_a_lost_top_level_depth(threads):
    posts, comments = threads
    first = comments[posts[0].pk][0]
    other = comments[posts[1].pk][0]
    Comment.objects.filter(pk=first.pk).update(path="00!1")
    Comment.objects.filter(pk=other.pk).update(path="00090001")
    ok, output = _check()
    assert not ok
    assert "is not whole 4-character base-36 steps" in output
    assert f"comment {other.pk} (post {posts[1].pk}): top-level comment has depth 0" in output


def test_check_threads_finds_a_counter_that_drifted(threads):
    posts, _ = threads
    Post.objects.filter(pk=posts[1].pk).update(comment_count=F("comment_count") + 2)
    ok, output = _check()
    assert not ok
    assert f"post {posts[1].pk}: comment_count is 7, but it has 5 published comments" in output
    assert "1 problem(s)" in output


def test_check_threads_finds_a_thread_reply_count_that_drifted(threads):
    posts, comments = threads
    first, reply = comments[posts[0].pk]
    comment_apply_status(comment=reply, status=Comment.Status.HIDDEN)
    ok, output = _check()
    assert ok, output  # hiding a reply moved the count with it: 3 replies, 2 published
    Comment.objects.filter(pk=first.pk).update(reply_count=3)
    ok, output = _check()
    assert not ok
    assert f"comment {first.pk}: reply_count is 3, but its thread has 2 published replies" in output


def test_check_threads_exits_non_zero_from_the_command_line(threads):
    posts, _ = threads
    Post.objects.filter(pk=posts[0].pk).update(comment_count=0)
    with pytest.raises(CommandError, match="1 problem"):
        call_command("check_threads", stdout=StringIO())
