"""The post page's queries do not grow with the discussion (issue 4: the same for 1 and 2,500)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comments import services
from tests.comments.helpers import bulk_thread
from tests.factories import PostFactory, UserFactory


def page_queries(client, post) -> list[str]:
    client.get(post.get_absolute_url())  # warm per-process caches (content types, site)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    return [query["sql"] for query in queries.captured_queries]


def comment_queries(sqls: list[str]) -> list[str]:
    tables = ('"comments_', '"account_emailaddress"')
    return [sql for sql in sqls if any(f"FROM {t}" in sql or f"INTO {t}" in sql for t in tables)]


@pytest.fixture
def small_and_large(db):
    small, large = PostFactory(), PostFactory()
    bulk_thread(small, 1)
    bulk_thread(large, 2500)
    return small, large


def test_anonymous_post_page_queries_are_constant_and_at_most_six(client, small_and_large):
    small, large = small_and_large
    few, many = page_queries(client, small), page_queries(client, large)
    assert len(few) == len(many) <= 6
    assert len(comment_queries(many)) <= 2
    assert "2500 comments" in client.get(large.get_absolute_url()).content.decode()


def test_signed_in_post_page_queries_are_constant(client, small_and_large, verified_user):
    small, large = small_and_large
    client.force_login(verified_user)
    few, many = page_queries(client, small), page_queries(client, large)
    assert len(few) == len(many)
    # thread, visit read + upsert, verified e-mail, follow state
    assert len(comment_queries(many)) == 5


def test_moderator_post_page_queries_are_constant(client, small_and_large):
    small, large = small_and_large
    client.force_login(UserFactory(is_superuser=True, second_factor=True))
    assert len(page_queries(client, small)) == len(page_queries(client, large))


def test_new_markers_do_not_add_queries(client, post, verified_user):
    bulk_thread(post, 20)
    client.force_login(verified_user)
    before = len(page_queries(client, post))
    for n in range(5):
        services.comment_create(post=post, author=None, body=f"new {n}")
    assert len(page_queries(client, post)) == before
