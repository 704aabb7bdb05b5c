"""The "Comments" tab of search (/search/comments/, a comments view linked from the posts search)."""

import re
from datetime import timedelta

import pytest
from django.contrib.postgres.search import SearchRank
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comments.models import Comment, encode_step
from comments.search import search_comments
from comments.services import comment_create
from posts.models import Post
from posts.search import web_search_query
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.usefixtures("no_posting_guards")


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


def test_comment_search_finds_a_comment_and_links_its_permalink(client, discussion):
    response = client.get("/search/comments/", {"q": "platypus"})
    assert response.status_code == 200
    comments = list(response.context["page_obj"])
    assert [comment.pk for comment in comments] == [discussion["found"].pk]
    page = response.content.decode()
    anchor = f"{discussion['post'].get_absolute_url()}comments/{discussion['found'].pk}/"
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
    # SQLite: the result count, then the page of comments with their posts and authors. PostgreSQL:
    # the newest id (too few comments for a window), the ranked matches, then the page. Each result
    # links to its permalink, which finds its discussion page when followed.
    expected = 3 if connection.vendor == "postgresql" else 2
    with django_assert_num_queries(expected):
        response = client.get("/search/comments/", {"q": "narwhal"})
    assert response.context["page_obj"].paginator.count == n
    html = response.content.decode()
    for comment in response.context["page_obj"]:
        assert f'href="{post.get_absolute_url()}comments/{comment.pk}/"' in html


def test_postgres_comment_relevance_ranks_only_the_newest_matches_and_says_so(
    on_postgres, client, db, monkeypatch
):
    import comments.search
    import comments.search_views

    monkeypatch.setattr(comments.search, "RANKED_MATCHES", 2)
    monkeypatch.setattr(comments.search_views, "RANKED_MATCHES", 2)
    post = PostFactory()
    for i in range(4):
        body = "Narwhal narwhal narwhal" if i == 0 else f"A narwhal, number {i}"
        Comment.objects.create(post=post, path=encode_step(i + 1), body=body, body_html=body)
    response = client.get("/search/comments/", {"q": "narwhal"})
    shown = [comment.body for comment in response.context["page_obj"]]
    assert sorted(shown) == ["A narwhal, number 2", "A narwhal, number 3"]
    assert "At least 2 comments found" in response.content.decode()


def _ranked_the_long_way(query: str, ranked: int) -> list[int]:
    """The newest `ranked` matches ordered by rank, in one query over every comment."""
    web_query = web_search_query(query)
    newest = (
        Comment.objects.published()
        .filter(post__in=Post.objects.published(), search_vector=web_query)
        .order_by("-created_at", "-pk")
        .values("pk")[:ranked]
    )
    best_first = (
        Comment.objects.filter(pk__in=newest)
        .annotate(rank=SearchRank(F("search_vector"), web_query))
        .order_by("-rank", "-created_at", "-pk")
    )
    return list(best_first.values_list("pk", flat=True))


def _quokka_comments(count: int, *, start, step: timedelta, post=None, hidden_post=None) -> None:
    """`count` comments, some matching "quokka", some hidden or on a hidden post, dated from `start`."""
    post = post or PostFactory()
    words = ["quokka", "quokka quokka", "plain", "plain", "plain", "quokka, once"]
    first = Comment.objects.filter(post=post).count()
    for i in range(count):
        on = hidden_post if hidden_post and i % 11 == 0 else post
        status = Comment.Status.HIDDEN if i % 7 == 0 else Comment.Status.PUBLISHED
        body = f"{words[i % len(words)]} remark {i}"
        Comment.objects.create(
            post=on, path=encode_step(first + i + 1), body=body, body_html=body, status=status,
            created_at=start + step * i + timedelta(days=(i % 4) * 9),  # about in order, not quite
        )  # fmt: skip


def _windowed(monkeypatch, *, first_window: int) -> None:
    import comments.search

    monkeypatch.setattr(comments.search, "RANKED_MATCHES", 5)
    monkeypatch.setattr(comments.search, "FIRST_WINDOW", first_window)
    monkeypatch.setattr(comments.search, "WHOLE_TABLE", 0.9)


@pytest.mark.parametrize("first_window", [1, 3, 12, 1000])
def test_postgres_comment_windows_find_exactly_the_newest_matches(on_postgres, db, monkeypatch, first_window):
    """However the windows fall, they rank the same comments as one query over the whole table."""
    _windowed(monkeypatch, first_window=first_window)
    post = PostFactory()
    hidden_post = PostFactory(status=Post.Status.SCHEDULED, published_at=timezone.now() + timedelta(days=3))
    _quokka_comments(60, start=timezone.now() - timedelta(days=400), step=timedelta(days=5), post=post,
                     hidden_post=hidden_post)  # fmt: skip
    expected = _ranked_the_long_way("quokka", 5)
    assert len(expected) == 5
    assert [comment.pk for comment in search_comments(query="quokka")[0:5]] == expected


def test_postgres_comment_window_is_a_date_so_imported_comments_do_not_jump_the_queue(
    on_postgres, db, monkeypatch, django_assert_max_num_queries
):
    """A window found enough: its matches are the newest by date, though older comments have newer ids."""
    _windowed(monkeypatch, first_window=30)
    now = timezone.now()
    post = PostFactory()
    _quokka_comments(60, start=now - timedelta(days=60), step=timedelta(days=1), post=post)
    # An import writes old comments last: the newest ids, the oldest dates (one shares a date).
    _quokka_comments(40, start=now - timedelta(days=4000), step=timedelta(days=2), post=post)
    newest = Comment.objects.filter(body__startswith="quokka").order_by("-created_at").first()
    last_imported = (
        Comment.objects.filter(body__startswith="quokka", status="published").order_by("-pk").first()
    )
    Comment.objects.filter(pk=last_imported.pk).update(created_at=newest.created_at)
    expected = _ranked_the_long_way("quokka", 5)
    with CaptureQueriesContext(connection) as queries:
        found = search_comments(query="quokka")
    # The newest id, the window's date, the window: no pass over every comment was needed.
    assert len(queries.captured_queries) == 3
    assert '"created_at" >=' in queries.captured_queries[-1]["sql"]
    assert [comment.pk for comment in found[0:5]] == expected
    assert [comment.pk for comment in found] == expected
    assert found[-1].pk == expected[-1]


def test_postgres_comment_search_skips_a_comment_hidden_after_it_was_ranked(on_postgres, db):
    post = PostFactory()
    kept = comment_create(post=post, author=None, body="An okapi sighting.")
    gone = comment_create(post=post, author=None, body="Another okapi sighting.")
    results = search_comments(query="okapi")
    Comment.objects.filter(pk=gone.pk).update(status=Comment.Status.HIDDEN)
    assert len(results) == 2
    assert [comment.pk for comment in results[0:20]] == [kept.pk]
    assert [comment.pk for comment in results] == [kept.pk]
    with pytest.raises(IndexError):
        results[[pk for pk, _rank in results.ranked].index(gone.pk)]
    with pytest.raises(IndexError):
        results[2]
