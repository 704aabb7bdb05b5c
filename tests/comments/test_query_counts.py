"""The post page's queries do not grow with the discussion: the same for 1 and 2,500 comments, with the
caches empty (the first reader after a change) and warm."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comments import services
from forum import pagecache
from tests.comments.helpers import bulk_thread
from tests.factories import PostFactory, UserFactory

# Signed out, cold: the post (with category and neighbours), its tags, its updates, related posts and
# the discussion's rows. Warm: the post; the rest comes from the cache.
ANONYMOUS_COLD, ANONYMOUS_WARM = 5, 1
# Signed in adds the session, the user, the user's permissions (two), the visit read and upsert, the
# verified address, the sanction check, the follow state; warm, the comments' own rows for the New
# markers replace the rendered thread.
SIGNED_IN_COLD, SIGNED_IN_WARM = 14, 11
# A moderator: the second-factor check instead of permissions (a superuser) and no sanction check.
MODERATOR_COLD, MODERATOR_WARM = 12, 9


def page_queries(client, post, *, cold: bool) -> list[str]:
    if cold:
        cache.clear()
        pagecache._recent.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    return [query["sql"] for query in queries.captured_queries]


def counts(client, post) -> tuple[int, int]:
    """(cold, warm) query counts of the post page for whoever `client` is signed in as."""
    client.get("/")  # per-process caches Django fills once (content types, the site)
    cold = len(page_queries(client, post, cold=True))
    warm = len(page_queries(client, post, cold=False))
    return cold, warm


@pytest.fixture
def small_and_large(db):
    small, large = PostFactory(), PostFactory()
    bulk_thread(small, 1)
    bulk_thread(large, 2500)
    return small, large


def test_anonymous_post_page_queries_are_pinned_for_one_and_2500_comments(client, small_and_large):
    small, large = small_and_large
    assert counts(client, small) == counts(client, large) == (ANONYMOUS_COLD, ANONYMOUS_WARM)
    assert "2500 comments" in client.get(large.get_absolute_url()).content.decode()


def test_signed_in_post_page_queries_are_pinned_for_one_and_2500_comments(
    client, small_and_large, verified_user
):
    small, large = small_and_large
    client.force_login(verified_user)
    assert counts(client, small) == counts(client, large) == (SIGNED_IN_COLD, SIGNED_IN_WARM)


def test_moderator_post_page_queries_are_pinned_for_one_and_2500_comments(client, small_and_large):
    small, large = small_and_large
    client.force_login(UserFactory(is_superuser=True, second_factor=True))
    assert counts(client, small) == counts(client, large) == (MODERATOR_COLD, MODERATOR_WARM)


def test_new_markers_do_not_add_queries(client, post, verified_user):
    bulk_thread(post, 20)
    client.force_login(verified_user)
    assert counts(client, post) == (SIGNED_IN_COLD, SIGNED_IN_WARM)
    for n in range(5):
        services.comment_create(post=post, author=None, body=f"new {n}")
    assert len(page_queries(client, post, cold=False)) == SIGNED_IN_WARM
