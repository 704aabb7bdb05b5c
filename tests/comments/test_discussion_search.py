"""Search that finds the conversation: "Search this discussion" on a post finds its comments alone and
links their permalinks; the header search says how many comments match beside the posts."""

import pytest
from django.db import connection

from accounts.services import ignore_add
from comments.models import Comment, encode_step
from comments.services import comment_create
from tests.factories import PostFactory, TagFactory, UserFactory, verified

pytestmark = pytest.mark.usefixtures("no_posting_guards")


@pytest.fixture
def two_discussions(db):
    here = PostFactory(title="Counteroffer or not")
    elsewhere = PostFactory(title="Holiday party photos")
    found = comment_create(
        post=here, author=None, author_name="Wren", body="The platypus approach: stay put."
    )
    comment_create(post=here, author=None, body="Nothing about animals.")
    comment_create(post=elsewhere, author=None, body="A platypus at the party.")
    return here, elsewhere, found


def test_every_post_has_a_search_box_for_its_discussion(client, two_discussions):
    """Issue 24: "on every post", in the same place, also before its first comment."""
    here, _, _ = two_discussions
    empty = PostFactory(title="No comments yet")
    for post in (here, empty):
        page = client.get(post.get_absolute_url()).content.decode()
        assert 'action="/search/comments/"' in page
        assert f'<input type="hidden" name="post" value="{post.pk}">' in page
        assert "Search this discussion" in page


def test_searching_a_discussion_finds_its_comments_alone_and_links_their_permalinks(client, two_discussions):
    here, elsewhere, found = two_discussions
    response = client.get("/search/comments/", {"q": "platypus", "post": here.pk})
    assert response.status_code == 200
    assert [comment.pk for comment in response.context["page_obj"]] == [found.pk]
    page = response.content.decode()
    assert "<h1>Search this discussion</h1>" in page
    assert f'href="{found.get_absolute_url()}"' in page
    assert "A platypus at the party." not in page
    assert 'href="/search/comments/?q=platypus">Search every discussion</a>' in page
    # The box keeps searching the same discussion.
    assert f'<input type="hidden" name="post" value="{here.pk}">' in page
    every = client.get("/search/comments/", {"q": "platypus"})
    assert len(every.context["page_obj"]) == 2
    assert elsewhere.title in every.content.decode()


@pytest.mark.parametrize("value", ["", "abc", "-1", "1.5", "9" * 40, "\x00", "999999"])
def test_a_forged_discussion_is_a_404_not_an_error(client, two_discussions, value):
    assert client.get("/search/comments/", {"q": "platypus", "post": value}).status_code == 404


def test_a_draft_posts_discussion_cannot_be_searched(client, two_discussions):
    draft = PostFactory(status="draft", published_at=None)
    assert client.get("/search/comments/", {"q": "x", "post": draft.pk}).status_code == 404


def test_the_header_search_says_how_many_comments_match_beside_the_posts(client, two_discussions):
    page = client.get("/search/", {"q": "platypus"}).content.decode()
    assert "No posts matched" in page
    assert '2 comments in the discussions also match: <a href="/search/comments/?q=platypus">' in page
    one = client.get("/search/", {"q": "animals"}).content.decode()
    assert "1 comment in the discussions also matches" in one
    none = client.get("/search/", {"q": "zebra"}).content.decode()
    assert "also match" not in none


def test_hidden_comments_are_not_counted(client, two_discussions):
    Comment.objects.filter(body__contains="party").update(status=Comment.Status.HIDDEN)
    page = client.get("/search/", {"q": "platypus"}).content.decode()
    assert "1 comment in the discussions also matches" in page


@pytest.mark.parametrize("n", [1, 30])
def test_a_discussion_search_costs_the_same_for_any_number_of_results(
    client, db, django_assert_num_queries, n
):
    post = PostFactory()
    for i in range(n):
        body = f"Narwhal thought number {i}"
        Comment.objects.create(post=post, path=encode_step(i + 1), author_name="R", body=body, body_html=body)
    # The post, then as the search of every discussion (tests/posts/test_search_comments.py).
    expected = 4 if connection.vendor == "postgresql" else 3
    with django_assert_num_queries(expected):
        response = client.get("/search/comments/", {"q": "narwhal", "post": post.pk})
    assert response.context["page_obj"].paginator.count == n


def test_a_comment_from_someone_the_reader_ignores_is_folded_in_the_results(client, two_discussions):
    here, _, _ = two_discussions
    pest, reader = UserFactory(display_name="Pat Pest"), UserFactory()
    comment_create(post=here, author=verified(pest), body="Platypus facts nobody asked for.")
    ignore_add(user=reader, ignored=pest)
    signed_out = client.get("/search/comments/", {"q": "platypus", "post": here.pk}).content.decode()
    assert "someone you ignore" not in signed_out
    client.force_login(reader)
    page = client.get("/search/comments/", {"q": "platypus", "post": here.pk}).content.decode()
    folded = page.split(
        '<details class="ignored-comment"><summary>A comment from someone you ignore</summary>'
    )
    assert len(folded) == 2 and "Pat Pest" in folded[1].split("</details>")[0]
    assert page.count("ignored-comment") == 1  # Wren's comment stays open


def test_with_posts_narrowed_by_topic_the_comment_count_says_it_covers_all_discussions(
    client, two_discussions
):
    here, _, _ = two_discussions
    tag = TagFactory(name="Office life")
    here.tags.add(tag)
    page = client.get("/search/", {"q": "platypus", "tag": tag.slug}).content.decode()
    assert "2 comments in all discussions also match" in page


@pytest.mark.parametrize("n", [1, 30])
def test_a_signed_in_readers_discussion_search_costs_the_same_for_any_number_of_results(
    client, db, django_assert_num_queries, n
):
    """Signed in: the signed-out search, who they ignore, and the signed-in page around it (the session,
    the account, its permissions for the menu, its sanction notice)."""
    post = PostFactory()
    reader, pest = UserFactory(), UserFactory()
    ignore_add(user=reader, ignored=pest)
    for i in range(n):
        body = f"Narwhal thought number {i}"
        author = pest if i % 2 else None
        Comment.objects.create(
            post=post, path=encode_step(i + 1), author=author, author_name="R", body=body, body_html=body
        )
    client.force_login(reader)
    expected = (4 if connection.vendor == "postgresql" else 3) + 6
    with django_assert_num_queries(expected):
        response = client.get("/search/comments/", {"q": "narwhal", "post": post.pk})
    theirs = [comment for comment in response.context["page_obj"] if comment.author_id == pest.pk]
    assert response.content.decode().count('class="ignored-comment"') == len(theirs) == min(n, 20) // 2
