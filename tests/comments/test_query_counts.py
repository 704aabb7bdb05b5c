"""The post page's queries do not grow with the discussion: the same for 1 and 2,500 comments, with the
caches empty (the first reader after a change) and warm (benchmark B1 pins the same in `make bench`)."""

from datetime import timedelta

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comments import services
from comments.models import Comment, Reaction
from posts.models import Post
from tests.comments.helpers import bulk_thread
from tests.factories import PostFactory, UserFactory

# Signed out, warm: the post (its tags, updates, neighbours and related posts are in its kept parts),
# the count of its threads, the page of them and the editor's picks; each thread's rendering comes from
# the cache. Cold adds the tags, the updates, the letter writer's updates published as posts, the related
# posts and one query for every comment of the page's threads.
ANONYMOUS_COLD, ANONYMOUS_WARM = 9, 4
# No comments: no page of threads and no picks to read.
EMPTY_COLD, EMPTY_WARM = 6, 2
# Signed in adds the session, the user, the user's permissions (two), the visit read and upsert, the
# verified address, the sanction check, the remembered order, the reader's own and new comments, the
# follow state, the reader's reactions, the people they ignore and base.html's notice of a sanction the
# reader has not acknowledged.
SIGNED_IN_COLD, SIGNED_IN_WARM = 23, 18
# A moderator: the second-factor check instead of permissions (a superuser) and no sanction check.
MODERATOR_COLD, MODERATOR_WARM = 21, 16


def page_queries(client, post, query: str = "", *, cold: bool) -> list[str]:
    if cold:
        for cache in caches.all():
            cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{post.get_absolute_url()}{query}")
    assert response.status_code == 200
    return [query["sql"] for query in queries.captured_queries]


def counts(client, post, query: str = "") -> tuple[int, int]:
    """(cold, warm) query counts of the post page for whoever `client` is signed in as."""
    client.get("/")  # per-process caches Django fills once (content types, the site)
    cold = len(page_queries(client, post, query, cold=True))
    warm = len(page_queries(client, post, query, cold=False))
    return cold, warm


@pytest.fixture(scope="module")
def committed_small_and_large(django_db_setup, django_db_blocker):
    """A post with one comment and one with 2,500, made once for the module and committed: each test
    only reads them, or writes inside its own rolled-back transaction. Removed when the module is done."""
    made = []
    try:
        with django_db_blocker.unblock():
            made += [PostFactory(), PostFactory()]
            bulk_thread(made[0], 1)
            bulk_thread(made[1], 2500)
        yield made[0].pk, made[1].pk
    finally:
        with django_db_blocker.unblock():
            for post in made:
                post.delete()  # and its comments
                post.category.delete()


@pytest.fixture
def small_and_large(committed_small_and_large, db):
    """Fresh instances for each test of the module's two committed posts."""
    posts = Post.objects.in_bulk(committed_small_and_large)
    return tuple(posts[pk] for pk in committed_small_and_large)


def test_anonymous_post_page_queries_are_pinned_for_one_and_2500_comments(client, small_and_large):
    small, large = small_and_large
    assert counts(client, small) == counts(client, large) == (ANONYMOUS_COLD, ANONYMOUS_WARM)
    assert "2,500 comments" in client.get(large.get_absolute_url()).content.decode()


def test_a_post_without_comments_reads_no_threads(client, post):
    assert counts(client, post) == (EMPTY_COLD, EMPTY_WARM)


@pytest.mark.parametrize("query", ["?cpage=3", "?sort=newest", "?sort=replies&cpage=2"])
def test_other_pages_and_orders_cost_the_same(client, small_and_large, query):
    _, large = small_and_large
    assert counts(client, large, query) == (ANONYMOUS_COLD, ANONYMOUS_WARM)


def test_the_whole_discussion_on_one_page_costs_no_more(client, small_and_large):
    _, large = small_and_large
    # Every thread at once: no count of them.
    assert counts(client, large, "?all=1") == (ANONYMOUS_COLD - 1, ANONYMOUS_WARM - 1)


def test_a_thread_on_its_own_page_costs_the_same_as_a_page(client, small_and_large):
    _, large = small_and_large
    top = large.comments.filter(depth=0).order_by("path").first()
    # The thread's top comment instead of the count and the page of threads.
    assert counts(client, large, f"?thread={top.pk}") == (ANONYMOUS_COLD - 1, ANONYMOUS_WARM - 1)


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


@pytest.mark.usefixtures("no_posting_guards")
def test_new_markers_cost_one_query_for_all_their_threads(client, post, verified_user):
    bulk_thread(post, 20)
    an_hour_ago = timezone.now() - timedelta(hours=1)
    post.comments.update(created_at=an_hour_ago - timedelta(minutes=1))
    services.thread_visit_record(user=verified_user, post=post, at=an_hour_ago)
    client.force_login(verified_user)
    assert counts(client, post) == (SIGNED_IN_COLD, SIGNED_IN_WARM)
    for n in range(5):
        services.comment_create(post=post, author=None, body=f"new {n}")
    # The threads with new comments are this reader's own rendering, read in one thread query.
    with CaptureQueriesContext(connection) as queries:
        html = client.get(post.get_absolute_url()).content.decode()
    assert len(queries.captured_queries) == SIGNED_IN_WARM + 1
    assert "5 new</span> since your last visit" in html
    assert html.count('<span class="badge-new">New</span>') == 5


def test_reactions_cost_one_query_for_all_their_threads_and_none_per_comment(
    client, small_and_large, verified_user
):
    """Counts come with the comments; the reader's own reactions are one query, and the threads that
    hold them are rendered for them in the one thread query."""
    small, large = small_and_large
    for post in (small, large):
        Comment.objects.filter(post=post).update(helpful_count=3, been_there_count=1)
        given = Comment.objects.filter(post=post).tops().order_by("path")[:5]
        Reaction.objects.bulk_create(Reaction(comment=c, user=verified_user, kind="helpful") for c in given)
    client.force_login(verified_user)
    # Warm: every thread but the reader's own renderings comes from the cache.
    assert counts(client, small) == counts(client, large) == (SIGNED_IN_COLD, SIGNED_IN_WARM + 1)
    html = client.get(large.get_absolute_url()).content.decode()
    assert html.count('aria-pressed="true"') == 5
    assert html.count('<span class="reaction-count">3</span>') >= 25


def test_editors_picks_cost_the_same_for_any_number_of_picks_and_comments(client, small_and_large):
    small, large = small_and_large
    for post in (small, large):
        picked = Comment.objects.filter(post=post).order_by("path")[:10]
        Comment.objects.filter(pk__in=picked.values("pk")).update(picked_at=timezone.now())
    assert counts(client, small) == counts(client, large) == (ANONYMOUS_COLD, ANONYMOUS_WARM)
    html = client.get(large.get_absolute_url()).content.decode()
    assert html.count("<li><a href=") >= 10 and "Editor's picks" in html
