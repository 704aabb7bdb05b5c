"""Requests racing each other on PostgreSQL: every thread has its own connection and commits for real."""

import threading
import time
from io import StringIO

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.db import connection, transaction

from comments import services
from comments.models import PATH_STEP, Comment, decode_step
from posts.models import Post
from tests.factories import PostFactory, UserFactory
from tests.locks import wait_for_a_lock_wait

pytestmark = pytest.mark.usefixtures("no_posting_guards")

REPLIERS = 20


def _in_threads(count: int, work) -> list[BaseException]:
    """Run work(n) in `count` threads released together by a barrier; return what they raised."""
    barrier = threading.Barrier(count)
    errors: list[BaseException] = []

    def run(number: int) -> None:
        try:
            barrier.wait(timeout=20)
            work(number)
        except BaseException as error:  # a thread cannot fail the test; report it instead
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a writer hung"
    return errors


@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_replies_get_distinct_well_ordered_places(on_postgres):
    post = PostFactory()
    parent = services.comment_create(post=post, author=None, body="Which of you was first?")
    sibling = services.comment_create(post=post, author=None, body="A later thread")

    def reply(number: int) -> None:
        services.comment_create(post=post, author=None, body=f"Reply {number}", parent=parent)

    assert _in_threads(REPLIERS, reply) == []

    replies = list(Comment.objects.filter(parent=parent).order_by("path"))
    assert len(replies) == REPLIERS
    assert len({reply.path for reply in replies}) == REPLIERS
    assert all(reply.path.startswith(parent.path) and reply.depth == 1 for reply in replies)
    # Places 1..20 with no gap, handed out in the order the writers got the lock (so also by id).
    steps = [decode_step(reply.path[-PATH_STEP:]) for reply in replies]
    assert steps == list(range(1, REPLIERS + 1))
    assert [reply.pk for reply in replies] == sorted(reply.pk for reply in replies)
    # The whole thread reads in order: the parent, its 20 replies, then the next thread.
    thread = list(Comment.objects.filter(post=post).in_thread_order().values_list("pk", flat=True))
    assert thread == [parent.pk, *(reply.pk for reply in replies), sibling.pk]
    assert Post.objects.get(pk=post.pk).comment_count == REPLIERS + 2
    call_command("check_threads", stdout=StringIO())  # raises CommandError on any problem


@pytest.mark.django_db(transaction=True)
def test_replies_and_new_threads_racing_on_many_posts_keep_every_thread_consistent(on_postgres):
    posts = [PostFactory(), PostFactory()]
    roots = [services.comment_create(post=post, author=None, body="root") for post in posts]

    def write(number: int) -> None:
        post, root = posts[number % 2], roots[number % 2]
        target = root if number % 3 else None
        services.comment_create(post=post, author=None, body=f"Writer {number}", parent=target)

    assert _in_threads(REPLIERS, write) == []
    assert Comment.objects.count() == REPLIERS + 2
    call_command("check_threads", stdout=StringIO())


@pytest.mark.django_db(transaction=True)
def test_a_close_committing_while_a_comment_waits_for_the_lock_refuses_it(on_postgres):
    post = PostFactory()
    moderator = UserFactory(is_superuser=True, second_factor=True)
    # The comment request read the post (open) before the close began: its copy stays stale.
    stale = Post.objects.get(pk=post.pk)
    closing, release = threading.Event(), threading.Event()
    outcome: dict[str, object] = {}

    def close() -> None:
        try:
            with transaction.atomic():
                services.post_comments_close(post=Post.objects.get(pk=post.pk), closed=True, actor=moderator)
                closing.set()
                release.wait(timeout=20)  # holds the post row, uncommitted, while the comment arrives
        finally:
            connection.close()

    def comment() -> None:
        try:
            services.comment_create(post=stale, author=None, body="Just in time?")
            outcome["result"] = "stored"
        except services.CommentError as error:
            outcome["result"] = error
        finally:
            outcome["finished_at"] = time.monotonic()
            connection.close()

    closer = threading.Thread(target=close)
    closer.start()
    assert closing.wait(timeout=20)
    writer = threading.Thread(target=comment)
    writer.start()
    wait_for_a_lock_wait()
    assert "result" not in outcome, "the comment did not wait for the closing transaction"
    released_at = time.monotonic()
    release.set()
    closer.join(timeout=20)
    writer.join(timeout=20)

    assert isinstance(outcome["result"], services.CommentsClosed)
    assert outcome["finished_at"] >= released_at
    assert not Comment.objects.filter(post=post).exists()
    assert Post.objects.get(pk=post.pk).comment_count == 0


@pytest.mark.django_db(transaction=True)
def test_a_comment_that_commits_before_the_close_is_kept(on_postgres):
    post = PostFactory()
    moderator = UserFactory(is_superuser=True, second_factor=True)
    stored = services.comment_create(post=post, author=None, body="Made it")
    services.post_comments_close(post=Post.objects.get(pk=post.pk), closed=True, actor=moderator)
    assert Comment.objects.get(pk=stored.pk).is_published
    assert Post.objects.get(pk=post.pk).comment_count == 1


def _verified_reader():
    reader = UserFactory()
    EmailAddress.objects.create(user=reader, email=reader.email, verified=True, primary=True)
    return reader


@pytest.mark.django_db(transaction=True)
def test_a_ban_committed_while_the_request_is_in_flight_refuses_its_comment(on_postgres):
    post = PostFactory()
    reader = _verified_reader()
    in_flight = type(reader).objects.get(pk=reader.pk)  # what the request loaded: still active

    def ban() -> None:  # a moderator, on another connection, while the request is being handled
        try:
            type(reader).objects.filter(pk=reader.pk).update(is_active=False)
        finally:
            connection.close()

    moderator = threading.Thread(target=ban)
    moderator.start()
    moderator.join(timeout=20)
    assert in_flight.is_active

    with pytest.raises(services.CommentNotAllowed):
        services.comment_create(post=post, author=in_flight, body="One last word")
    assert not Comment.objects.filter(post=post).exists()


@pytest.mark.django_db(transaction=True)
def test_an_unpublish_committed_while_the_request_is_in_flight_refuses_its_comment(on_postgres):
    post = PostFactory()
    stale = Post.objects.get(pk=post.pk)
    Post.objects.filter(pk=post.pk).update(status=Post.Status.DRAFT, published_at=None)
    with pytest.raises(services.CommentNotAllowed):
        services.comment_create(post=stale, author=None, body="Still there?")
    assert not Comment.objects.filter(post=post).exists()
