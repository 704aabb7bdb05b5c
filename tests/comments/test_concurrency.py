"""Replies written at the same moment on PostgreSQL: every one stored, paths unique, count exact."""

import threading

import pytest
from django.db import connection

from comments import services
from comments.models import Comment
from posts.models import Post
from tests.factories import PostFactory

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
