"""Replies written at the same moment on PostgreSQL: every one stored, paths unique, count exact; a
reply waiting for the post lock sees what a moderator did to its parent meanwhile."""

import threading

import pytest
from django.db import connection, transaction

from comments import services
from comments.models import Comment
from posts.models import Post
from tests.factories import PostFactory
from tests.locks import wait_for_a_lock_wait

pytestmark = pytest.mark.usefixtures("no_posting_guards")

WRITERS = 8


@pytest.mark.django_db(transaction=True)
def test_simultaneous_replies_get_distinct_paths_and_an_exact_count(on_postgres):
    post = PostFactory()
    parent = services.comment_create(post=post, author=None, body="parent")
    barrier = threading.Barrier(WRITERS)
    errors: list[BaseException] = []

    def write(number: int) -> None:
        try:
            barrier.wait(timeout=10)
            target = parent if number % 2 else None
            services.comment_create(post=post, author=None, body=f"writer {number}", parent=target)
        except BaseException as error:  # reported below; a thread cannot fail the test itself
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    paths = list(Comment.objects.filter(post=post).values_list("path", flat=True))
    assert len(paths) == len(set(paths)) == WRITERS + 1
    assert Comment.objects.filter(parent=parent).count() == WRITERS // 2
    assert Post.objects.get(pk=post.pk).comment_count == WRITERS + 1


def _hide(parent: Comment) -> None:
    services.comment_apply_status(comment=parent, status=Comment.Status.HIDDEN)


def _delete(parent: Comment) -> None:
    services._lock_post(parent.post)
    Comment.objects.filter(pk=parent.pk).delete()


@pytest.mark.parametrize("change", [_hide, _delete], ids=["hidden", "deleted"])
@pytest.mark.django_db(transaction=True)
def test_a_reply_waiting_for_the_lock_sees_its_parent_hidden_or_deleted_meanwhile(on_postgres, change):
    """The parent's status is read after the post lock is granted, not from before the wait."""
    post = PostFactory()
    parent = services.comment_create(post=post, author=None, body="parent")
    holding, release = threading.Event(), threading.Event()
    outcome: dict[str, object] = {}
    errors: list[BaseException] = []

    def moderate() -> None:
        try:
            with transaction.atomic():
                change(Comment.objects.get(pk=parent.pk))  # its own copy: `parent` still says published
                holding.set()
                release.wait(timeout=20)  # holds the post row, uncommitted, while the reply arrives
        except BaseException as error:  # reported below; a thread cannot fail the test itself
            errors.append(error)
            holding.set()
        finally:
            connection.close()

    def reply() -> None:
        try:
            services.comment_create(post=post, author=None, body="reply", parent=parent)
            outcome["result"] = "stored"
        except services.CommentError as error:
            outcome["result"] = error
        finally:
            connection.close()

    moderator = threading.Thread(target=moderate)
    moderator.start()
    assert holding.wait(timeout=10)
    replier = threading.Thread(target=reply)
    replier.start()
    wait_for_a_lock_wait()
    assert "result" not in outcome, "the reply did not wait for the post lock"
    release.set()
    moderator.join(timeout=20)
    replier.join(timeout=20)
    assert errors == []
    assert isinstance(outcome["result"], services.InvalidParent)
    assert "no longer open" in str(outcome["result"])
    assert not Comment.objects.filter(post=post, body="reply").exists()
