"""Every public posts page costs a fixed number of queries, whatever the number of posts and tags."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from posts.models import PostUpdate
from tests.factories import CategoryFactory, PostFactory, TagFactory

# Anonymous reader, cold cache. Home: page of posts (+ category), tags of the page, and the archive
# months (posts.archives; they give the footer box and the post count; cached, 0 queries once warm).
HOME_QUERIES = 3
# Tag and category pages: the tag or category, count, page of posts, their tags.
TAG_QUERIES = 4
CATEGORY_QUERIES = 4
TAG_LIST_QUERIES = 1
# Post page: post with category and neighbours, its tags, its updates and follow-up posts, related posts,
# the discussion.
POST_QUERIES = 6


@pytest.fixture
def many_posts(db):
    def make(n: int):
        category = CategoryFactory(name="Networking", slug="networking")
        tags = [TagFactory(name="LinkedIn", slug="linkedin"), TagFactory(name="Facebook", slug="facebook")]
        start = timezone.now() - timedelta(days=n + 1)
        posts = [
            PostFactory(
                category=category, tags=tags, published_at=start + timedelta(days=i), is_pinned=i == 0
            )
            for i in range(n)
        ]
        for post in posts:
            PostUpdate.objects.create(post=post, body="Later.", body_html="<p>Later.</p>")
        cache.clear()
        return posts

    return make


@pytest.mark.parametrize("n", [1, 30])
def test_home_page_query_count_does_not_grow_with_posts(client, many_posts, django_assert_num_queries, n):
    many_posts(n)
    with django_assert_num_queries(HOME_QUERIES):
        response = client.get("/")
    assert response.status_code == 200


@pytest.mark.parametrize("n", [1, 30])
def test_tag_page_query_count_does_not_grow_with_posts(client, many_posts, django_assert_num_queries, n):
    many_posts(n)
    with django_assert_num_queries(TAG_QUERIES):
        response = client.get("/tags/linkedin/")
    assert response.status_code == 200


@pytest.mark.parametrize("n", [1, 30])
def test_category_page_query_count_does_not_grow_with_posts(client, many_posts, django_assert_num_queries, n):
    many_posts(n)
    with django_assert_num_queries(CATEGORY_QUERIES):
        response = client.get("/category/networking/")
    assert response.status_code == 200


@pytest.mark.parametrize("n", [1, 30])
def test_tag_list_query_count_does_not_grow_with_tags(client, many_posts, django_assert_num_queries, n):
    many_posts(n)
    for i in range(n):
        PostFactory(tags=[TagFactory(name=f"extra {i}")])
    with django_assert_num_queries(TAG_LIST_QUERIES):
        response = client.get("/tags/")
    assert response.status_code == 200


@pytest.mark.parametrize("n", [1, 30])
def test_post_page_query_count_does_not_grow_with_posts(client, many_posts, django_assert_num_queries, n):
    posts = many_posts(n)
    post = posts[len(posts) // 2]
    with django_assert_num_queries(POST_QUERIES):
        response = client.get(post.get_absolute_url())
    assert response.status_code == 200
