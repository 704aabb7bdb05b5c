"""The /search/ page on whichever database runs the suite (PostgreSQL full-text or the SQLite fallback)."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from posts.models import Post
from posts.search import HEADLINE_WORDS, headline_words, parse_query, search_posts, with_snippets
from tests.factories import CategoryFactory, PostFactory, TagFactory


@pytest.fixture
def corpus(db):
    linkedin = TagFactory(name="LinkedIn", slug="linkedin")
    manners = CategoryFactory(name="Manners", slug="manners")
    now = timezone.now()
    return {
        "zeppelin": PostFactory(
            title="A colleague keeps borrowing my stapler",
            question="Every week the stapler vanishes from my desk.",
            answer="Label it, then explain the zeppelin rule: what floats away comes back.",
            published_at=now - timedelta(days=40),
        ),
        "salary_title": PostFactory(
            title="Negotiating salary at a new job",
            question="They made an offer. Can I ask for more?",
            answer="Yes: ask once, politely, with a number.",
            published_at=now - timedelta(days=30),
        ),
        "salary_body": PostFactory(
            title="My manager reads my e-mail",
            question="I saw him open my inbox.",
            answer="Talk to HR before it touches your salary review.",
            published_at=now - timedelta(days=20),
        ),
        "phrase": PostFactory(
            title="After the interview",
            question="Should I send something?",
            answer="A short thank you note the same day is enough.",
            category=manners,
            published_at=now - timedelta(days=10),
        ),
        "scattered": PostFactory(
            title="Notes from a networking lunch",
            question="Thank goodness for lunch. Did you ever note names?",
            answer="Write them down after you thank the host.",
            tags=[linkedin],
            published_at=now - timedelta(days=5),
        ),
        "draft": PostFactory(
            title="A zeppelin draft",
            answer="zeppelin zeppelin",
            status=Post.Status.DRAFT,
            published_at=None,
        ),
    }


def _titles(response) -> list[str]:
    return [post.title for post in response.context["page_obj"]]


def test_search_finds_a_word_that_is_only_in_the_answer(client, corpus):
    response = client.get("/search/", {"q": "zeppelin"})
    assert response.status_code == 200
    assert _titles(response) == ["A colleague keeps borrowing my stapler"]


def test_search_ranks_a_title_match_above_a_body_match(client, corpus):
    titles = _titles(client.get("/search/", {"q": "salary"}))
    assert titles == ["Negotiating salary at a new job", "My manager reads my e-mail"]


def test_search_sort_newest_puts_the_newest_match_first(client, corpus):
    titles = _titles(client.get("/search/", {"q": "salary", "sort": "newest"}))
    assert titles == ["My manager reads my e-mail", "Negotiating salary at a new job"]


def test_search_quoted_phrase_needs_the_words_together(client, corpus):
    assert _titles(client.get("/search/", {"q": '"thank you note"'})) == ["After the interview"]


def test_search_minus_word_leaves_out_posts_with_it(client, corpus):
    titles = _titles(client.get("/search/", {"q": "thank -lunch"}))
    assert "After the interview" in titles
    assert "Notes from a networking lunch" not in titles


def test_search_or_finds_either_word(client, corpus):
    titles = set(_titles(client.get("/search/", {"q": "zeppelin or offer"})))
    assert titles == {"A colleague keeps borrowing my stapler", "Negotiating salary at a new job"}


def test_search_tag_and_category_filters_narrow_the_results(client, corpus):
    assert _titles(client.get("/search/", {"q": "thank", "tag": "linkedin"})) == [
        "Notes from a networking lunch"
    ]
    assert _titles(client.get("/search/", {"q": "thank", "category": "manners"})) == ["After the interview"]


def test_search_date_range_filters_by_publication_day(client, corpus):
    today = timezone.localdate()
    params = {"q": "salary", "date_from": str(today - timedelta(days=25)), "date_to": str(today)}
    assert _titles(client.get("/search/", params)) == ["My manager reads my e-mail"]


def test_search_filters_alone_list_posts_newest_first(client, corpus):
    assert _titles(client.get("/search/", {"tag": "linkedin"})) == ["Notes from a networking lunch"]


def test_search_never_shows_drafts(client, corpus):
    assert "A zeppelin draft" not in _titles(client.get("/search/", {"q": "zeppelin"}))


def test_search_results_show_a_highlighted_snippet(client, corpus):
    page = client.get("/search/", {"q": "zeppelin"}).content.decode()
    assert "<mark>zeppelin</mark>" in page.lower()


def test_search_snippet_escapes_the_posts_text(db):
    PostFactory(title="Odd letter", answer="Never type <script>alert(1)</script> into a kazoo form.")
    [post] = with_snippets(search_posts(query="kazoo"), query="kazoo")
    assert "<" not in re.sub(r"</?mark>", "", post.snippet)  # escaped (SQLite) or dropped (PostgreSQL)
    assert "<mark>kazoo</mark>" in post.snippet.lower()


def test_search_results_are_paginated_keeping_the_query(client, db):
    for i in range(23):
        PostFactory(title=f"Quokka question {i}")
    first = client.get("/search/", {"q": "quokka"})
    assert first.context["page_obj"].paginator.count == 23
    assert len(first.context["page_obj"]) == 20
    assert "q=quokka&amp;page=2" in first.content.decode()
    second = client.get("/search/", {"q": "quokka", "page": "2"})
    assert len(second.context["page_obj"]) == 3


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "?!?!",
        "...",
        "-",
        '"',
        "or",
        "-or",
        "&|!:*()",
        "\x00",
        "zep\x00pelin",
        "'; DROP TABLE x; --",
    ],
)
def test_search_odd_queries_give_a_friendly_page(client, corpus, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    assert "\x00" not in response.content.decode()


def test_search_empty_or_punctuation_query_asks_for_words(client, corpus):
    for query in ("", "?!?!"):
        response = client.get("/search/", {"q": query})
        assert response.context["page_obj"] is None
        assert "Type a word or two" in response.content.decode()


def test_search_very_long_query_gets_a_form_error(client, corpus):
    response = client.get("/search/", {"q": "zeppelin " * 112})
    assert response.status_code == 200
    assert response.context["page_obj"] is None
    assert "at most 200 characters" in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"q": "zeppelin", "tag": "no-such-tag"},
        {"q": "zeppelin", "tag": "\x00"},
        {"q": "zeppelin", "category": "../../etc"},
        {"q": "zeppelin", "date_from": "not-a-date"},
        {"q": "zeppelin", "date_from": "99999-01-01"},
        {"q": "zeppelin", "date_from": "2024-05-01", "date_to": "2024-04-01"},
        {"q": "zeppelin", "sort": "price"},
        {"q": "zeppelin", "page": "-3"},
    ],
)
def test_search_bad_filters_never_break_the_page(client, corpus, params):
    assert client.get("/search/", params).status_code == 200


def test_search_page_links_the_comments_tab(client, corpus):
    page = client.get("/search/", {"q": "zeppelin"}).content.decode()
    assert 'href="/search/comments/?q=zeppelin"' in page
    assert page.count("<h1") == 1


def test_search_refuses_post_requests(client, corpus):
    assert client.post("/search/", {"q": "zeppelin"}).status_code == 405


def test_parse_query_reads_web_search_syntax():
    parsed = parse_query('"thank you note" interview -linkedin offer or salary ?!')
    assert parsed.groups == (("thank you note",), ("interview",), ("offer", "salary"))
    assert parsed.excluded == ("linkedin",)
    assert not parse_query("?! -- or")


def test_headline_marks_any_of_the_first_words_without_phrases():
    # Phrases in the highlighting query made ts_headline take 0.7 s per long post (a 20 s page).
    query = '"thank you note" -linkedin 1 000,00 Or or x ' + " ".join(f"w{i}" for i in range(20))
    words = headline_words(query)
    assert words == ["thank", "you", "note", "1", "000,00", "x", "w0", "w1"]
    assert len(words) == HEADLINE_WORDS


def test_search_snippet_marks_words_of_a_phrase_query(client, db):
    PostFactory(
        title="Notes", answer="Always send a thank you note the same day. " + "Filler words here. " * 300
    )
    response = client.get("/search/", {"q": '"thank you note"'})
    (post,) = response.context["page_obj"].object_list
    assert "<mark>" in post.snippet and "note" in post.snippet


@pytest.mark.parametrize("n", [1, 30])
def test_search_page_query_count_does_not_grow_with_results(client, db, django_assert_num_queries, n):
    tag = TagFactory(name="Etiquette", slug="etiquette")
    for i in range(n):
        PostFactory(title=f"Wombat manners {i}", tags=[tag])
    # Category choices, result count, the page of posts, their tags, the archive box, the count of
    # matching comments; on PostgreSQL the newest post id, which says the table is too small for
    # windows (posts.search), and for the comments the newest comment id and their ranked matches
    # instead of a count. Topics are typed, so the page lists none of them.
    with django_assert_num_queries(6 + 2 * (connection.vendor == "postgresql")):
        response = client.get("/search/", {"q": "wombat"})
    assert response.context["page_obj"].paginator.count == n


def test_search_with_many_words_still_answers(client, corpus):
    words = " ".join(f"w{i}" for i in range(60))
    assert client.get("/search/", {"q": f"zeppelin {words}"[:200]}).status_code == 200
    assert client.get("/search/comments/", {"q": f"zeppelin {words}"[:200]}).status_code == 200


def test_a_topic_is_typed_by_name_or_slug_and_an_unknown_one_is_a_form_error(client, db):
    tag = TagFactory(name="LinkedIn", slug="linkedin")
    PostFactory(title="Wombat profiles", tags=[tag])
    PostFactory(title="Wombat parties")
    for typed in ("LinkedIn", "linkedin", "LINKEDIN"):
        response = client.get("/search/", {"q": "wombat", "tag": typed})
        assert [post.title for post in response.context["page_obj"]] == ["Wombat profiles"]
    response = client.get("/search/", {"q": "wombat", "tag": "MySpace"})
    assert response.status_code == 200
    assert "No topic is called “MySpace”." in response.content.decode()
    assert '<select name="tag"' not in response.content.decode()
