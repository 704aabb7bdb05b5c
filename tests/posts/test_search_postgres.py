"""Full-text search on PostgreSQL: the stored, weighted tsvector, stemming, web-search syntax, index."""

import pytest
from django.db import connection

from comments.services import comment_create
from posts.models import Post
from posts.search import search_posts, with_snippets
from posts.services import post_edit
from tests.factories import PostFactory, TagFactory, UserFactory

pytestmark = pytest.mark.usefixtures("no_posting_guards")


@pytest.fixture
def letters(on_postgres, db):
    return {
        "title": PostFactory(title="Interviewing while employed", answer="Use your lunch hour."),
        "body": PostFactory(title="A busy week", answer="Two interviews and a review; pace yourself."),
        "answer_only": PostFactory(
            title="Desk neighbours", question="He hums.", answer="Noise-cancelling headphones, then a chat."
        ),
    }


def _titles(posts) -> list[str]:
    return [post.title for post in posts]


def test_postgres_word_only_in_the_answer_finds_the_post(letters):
    assert _titles(search_posts(query="headphones")) == ["Desk neighbours"]


def test_postgres_stemming_matches_other_forms_and_title_ranks_first(letters):
    posts = list(search_posts(query="interview"))
    assert _titles(posts) == ["Interviewing while employed", "A busy week"]
    assert posts[0].rank > posts[1].rank


def test_postgres_quoted_phrase_and_excluded_word(on_postgres, db):
    PostFactory(title="One", answer="Send a thank you note today.")
    PostFactory(title="Two", answer="Note that you should thank them.")
    assert _titles(search_posts(query='"thank you note"')) == ["One"]
    assert _titles(search_posts(query="thank -today")) == ["Two"]


def test_postgres_tag_names_are_searchable_with_title_weight(on_postgres, db):
    editor = UserFactory()
    tagged = PostFactory(title="A quiet letter", answer="Nothing special.")
    PostFactory(title="Another letter", answer="People mention mentoring here.")
    post_edit(
        post=tagged,
        editor=editor,
        title=tagged.title,
        slug=tagged.slug,
        question=tagged.question,
        answer=tagged.answer,
        category=tagged.category,
        tags=[],
        new_tag_names=["Mentoring"],
    )
    tagged.refresh_from_db()
    assert tagged.search_tags == "Mentoring"
    assert _titles(search_posts(query="mentoring")) == ["A quiet letter", "Another letter"]


def test_postgres_tag_filter_narrows(on_postgres, db):
    tag = TagFactory(name="Facebook", slug="facebook")
    PostFactory(title="Friend requests", answer="Decline politely.", tags=[tag])
    PostFactory(title="Holiday requests", answer="Ask early.")
    assert set(_titles(search_posts(query="requests"))) == {"Friend requests", "Holiday requests"}
    assert _titles(search_posts(query="requests", tag=tag)) == ["Friend requests"]


def test_postgres_headline_highlights_and_escapes(on_postgres, db):
    PostFactory(title="Markup", answer="Avoid <img src=x onerror=alert(1)> in the zither club newsletter.")
    [post] = with_snippets(search_posts(query="zither"), query="zither")
    assert "<mark>zither</mark>" in post.snippet
    assert "<img" not in post.snippet


def test_postgres_search_document_is_stored_and_indexed(letters):
    post = Post.objects.get(pk=letters["answer_only"].pk)
    assert "headphon" in str(post.search_vector)
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'post_search_vector_gin'")
        [(definition,)] = cursor.fetchall()
    assert "gin (search_vector)" in definition


def test_postgres_search_vector_follows_edits(letters):
    post = letters["answer_only"]
    Post.objects.filter(pk=post.pk).update(answer="Earplugs.")
    assert _titles(search_posts(query="headphones")) == []
    assert _titles(search_posts(query="earplugs")) == ["Desk neighbours"]


def test_postgres_comment_search_finds_a_comment_with_its_permalink(client, on_postgres, db):
    post = PostFactory(title="Recruiters")
    comment = comment_create(post=post, author=None, body="Recruiters ghosted me twice last spring.")
    comment_create(post=post, author=None, body="Unrelated.")
    response = client.get("/search/comments/", {"q": "ghosting"})
    assert [found.pk for found in response.context["page_obj"]] == [comment.pk]
    assert f'href="{post.get_absolute_url()}comments/{comment.pk}/"' in response.content.decode()


def test_postgres_relevance_ranks_only_the_newest_matches_and_says_so(on_postgres, db, client, monkeypatch):
    from datetime import timedelta

    from django.utils import timezone

    import posts.archive_views
    import posts.search

    monkeypatch.setattr(posts.search, "RANKED_MATCHES", 3)
    monkeypatch.setattr(posts.archive_views, "RANKED_MATCHES", 3)
    now = timezone.now()
    # The oldest says "mentor" most often, so it would rank first if every match were ranked.
    PostFactory(title="Mentor mentor mentor", answer="A mentor.", published_at=now - timedelta(days=9))
    for day in range(1, 5):
        PostFactory(title=f"Letter {day}", answer="Ask a mentor.", published_at=now - timedelta(days=day))
    ranked = _titles(search_posts(query="mentor"))
    assert sorted(ranked) == ["Letter 1", "Letter 2", "Letter 3"]
    assert len(_titles(search_posts(query="mentor", sort="newest"))) == 5
    page = client.get("/search/", {"q": "mentor"}).content.decode()
    assert "At least 3 posts found" in page
    assert "5 posts found" in client.get("/search/", {"q": "mentor", "sort": "newest"}).content.decode()
