"""The "Comments" tab of search (/search/comments/, a comments view linked from the posts search)."""

import re

import pytest

from comments.models import Comment, encode_step
from comments.services import comment_create
from posts.models import Post
from tests.factories import PostFactory, UserFactory


@pytest.fixture
def discussion(db):
    post = PostFactory(title="Should I answer the recruiter?")
    found = comment_create(post=post, author=None, body="I once sent a platypus emoji to a recruiter.")
    comment_create(post=post, author=None, author_name="Robin", body="Nothing to see here.")
    hidden = comment_create(post=post, author=None, body="A hidden platypus remark.")
    Comment.objects.filter(pk=hidden.pk).update(status=Comment.Status.HIDDEN)
    draft = PostFactory(title="Unpublished", status=Post.Status.DRAFT, published_at=None)
    Comment.objects.create(post=draft, path="0001", body="platypus on a draft", body_html="<p>x</p>")
    return {"post": post, "found": found}


def test_comment_search_finds_a_comment_and_links_its_anchor(client, discussion):
    response = client.get("/search/comments/", {"q": "platypus"})
    assert response.status_code == 200
    comments = list(response.context["page_obj"])
    assert [comment.pk for comment in comments] == [discussion["found"].pk]
    page = response.content.decode()
    anchor = f"{discussion['post'].get_absolute_url()}#comment-{discussion['found'].pk}"
    assert f'href="{anchor}"' in page
    assert "<mark>platypus</mark>" in page.lower()
    assert "Should I answer the recruiter?" in page


def test_comment_search_leaves_out_hidden_comments_and_unpublished_posts(client, discussion):
    page = client.get("/search/comments/", {"q": "platypus"}).content.decode()
    assert "hidden platypus" not in page
    assert "on a draft" not in page


def test_comment_search_links_back_to_the_posts_tab(client, discussion):
    page = client.get("/search/comments/", {"q": "platypus"}).content.decode()
    assert 'href="/search/?q=platypus"' in page
    assert page.count("<h1") == 1


@pytest.mark.parametrize("query", ["", "?!", "\x00", "x" * 1000, '"', "-platypus"])
def test_comment_search_odd_queries_give_a_friendly_page(client, discussion, query):
    assert client.get("/search/comments/", {"q": query}).status_code == 200


def test_comment_search_escapes_the_comment_text(client, db):
    post = PostFactory()
    comment_create(post=post, author=None, body="My <b>bold</b> axolotl idea")
    response = client.get("/search/comments/", {"q": "axolotl"})
    [comment] = response.context["page_obj"]
    assert "<" not in re.sub(r"</?mark>", "", comment.snippet)  # escaped (SQLite) or dropped (PostgreSQL)
    assert "<b>bold</b>" not in response.content.decode()


@pytest.mark.parametrize("n", [1, 30])
def test_comment_search_query_count_does_not_grow_with_results(client, db, django_assert_num_queries, n):
    post = PostFactory()
    for i in range(n):
        body = f"Narwhal thought number {i}"
        author = UserFactory()
        Comment.objects.create(post=post, path=encode_step(i + 1), author=author, body=body, body_html=body)
    # Result count, then the page of comments with their posts and authors.
    with django_assert_num_queries(2):
        response = client.get("/search/comments/", {"q": "narwhal"})
    assert response.context["page_obj"].paginator.count == n


def test_postgres_comment_relevance_ranks_only_the_newest_matches_and_says_so(
    on_postgres, client, db, monkeypatch
):
    import comments.search
    import comments.search_views

    monkeypatch.setattr(comments.search, "newest_matches", _newest(2))
    monkeypatch.setattr(comments.search_views, "RANKED_MATCHES", 2)
    post = PostFactory()
    for i in range(4):
        body = "Narwhal narwhal narwhal" if i == 0 else f"A narwhal, number {i}"
        Comment.objects.create(post=post, path=encode_step(i + 1), body=body, body_html=body)
    response = client.get("/search/comments/", {"q": "narwhal"})
    shown = [comment.body for comment in response.context["page_obj"]]
    assert sorted(shown) == ["A narwhal, number 2", "A narwhal, number 3"]
    assert "At least 2 comments found" in response.content.decode()


def _newest(limit: int):
    def newest_matches(matching, order):
        return matching.order_by(order, "-pk").values("pk")[:limit]

    return newest_matches
