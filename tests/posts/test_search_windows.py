"""On PostgreSQL, relevance ranks the newest RANKED_MATCHES matching posts, found in a window of the
newest posts when one holds that many (posts.search); the windows change how fast, never what."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from posts.models import Post
from posts.search import newest_matches, search_posts, web_search_query
from tests.factories import PostFactory, TagFactory


def _windowed(monkeypatch, *, first_window: int, ranked: int = 5) -> None:
    import posts.search

    monkeypatch.setattr(posts.search, "RANKED_MATCHES", ranked)
    monkeypatch.setattr(posts.search, "FIRST_WINDOW", first_window)
    monkeypatch.setattr(posts.search, "WHOLE_TABLE", 0.9)


def _letters(count: int, *, start, step, tag=None, every: int = 3, name: str = "Letter") -> None:
    """`count` posts from `start`, about `step` apart but not quite in order; every `every`-th says
    "quokka" (more often in some, so ranks differ), some are drafts or scheduled."""
    for i in range(count):
        word = "quokka " * (1 + i % 4) if i % every == 0 else "wombat"
        status = Post.Status.DRAFT if i % 6 == 3 else Post.Status.PUBLISHED  # some drafts say it too
        published_at = start + step * i + timedelta(days=(i % 4) * 9)
        if i % 17 == 5:
            status, published_at = Post.Status.SCHEDULED, timezone.now() + timedelta(days=2)
        PostFactory(
            title=f"{name} {i}", answer=f"About a {word}.", status=status,
            published_at=published_at, tags=[tag] if tag else [],
        )  # fmt: skip


def _ranked_the_long_way(word: str, **filters) -> list[int]:
    """One query over every match: the newest RANKED_MATCHES, by rank (what the windows must equal)."""
    import posts.search

    posts.search._newest_in_a_window, keep = (lambda matching: None), posts.search._newest_in_a_window
    try:
        return [post.pk for post in search_posts(query=word, **filters)]
    finally:
        posts.search._newest_in_a_window = keep


def _window_answered(queries) -> bool:
    """Whether the ranked page read the ids a window found, not the newest matches of every one."""
    (page,) = [q["sql"] for q in queries.captured_queries if "ts_rank" in q["sql"]]
    return "LIMIT 5" not in page


@pytest.mark.parametrize(
    ("first_window", "window_answers"), [(1, True), (3, True), (12, True), (1000, False)]
)
def test_postgres_post_windows_find_exactly_the_newest_matches(
    on_postgres, db, monkeypatch, first_window, window_answers
):
    """However the windows fall, they rank the same posts as one query over every match."""
    _windowed(monkeypatch, first_window=first_window)
    _letters(70, start=timezone.now() - timedelta(days=800), step=timedelta(days=10))
    expected = _ranked_the_long_way("quokka")
    assert len(expected) == 5
    with CaptureQueriesContext(connection) as queries:
        assert [post.pk for post in search_posts(query="quokka")] == expected
    # A window of 1,000 posts reaches past the 70 there are: every match is read instead.
    assert _window_answered(queries) is window_answers
    assert len({post.pk for post in search_posts(query="quokka", sort="newest")}) > 5  # all of them


def test_postgres_post_window_is_a_date_so_imported_posts_do_not_jump_the_queue(on_postgres, db, monkeypatch):
    """A window found enough: its matches are the newest by date, though older posts have newer ids."""
    _windowed(monkeypatch, first_window=30)
    now = timezone.now()
    _letters(60, start=now - timedelta(days=70), step=timedelta(days=1))
    # An import writes old posts last: the newest ids, the oldest dates (one shares a date).
    _letters(40, start=now - timedelta(days=4000), step=timedelta(days=2), name="Imported")
    matching = Post.objects.published().filter(search_vector=web_search_query("quokka"))
    newest, last_imported = matching.order_by("-published_at").first(), matching.order_by("-pk").first()
    Post.objects.filter(pk=last_imported.pk).update(published_at=newest.published_at)
    expected = _ranked_the_long_way("quokka")
    with CaptureQueriesContext(connection) as queries:
        found = [post.pk for post in search_posts(query="quokka")]
    # The newest id, the window's date, the window, then the page: no pass over every match.
    sql = [query["sql"] for query in queries.captured_queries]
    assert '"posts_post"."published_at" >=' in sql[2] and "LIMIT 5" in sql[2]
    assert "LIMIT 5" not in sql[3]  # the page reads the ids the window found
    assert found == expected
    assert set(found) == set(newest_matches(matching, "-published_at").values_list("pk", flat=True))


def test_postgres_post_windows_give_way_to_every_match_for_a_rare_word(on_postgres, db, monkeypatch):
    _windowed(monkeypatch, first_window=2)
    _letters(40, start=timezone.now() - timedelta(days=400), step=timedelta(days=10), every=13)
    expected = _ranked_the_long_way("quokka")
    assert 0 < len(expected) <= 5
    with CaptureQueriesContext(connection) as queries:
        assert [post.pk for post in search_posts(query="quokka")] == expected
    assert not _window_answered(queries)


def test_postgres_post_search_with_an_end_date_reads_every_match(on_postgres, db, monkeypatch):
    _windowed(monkeypatch, first_window=2)
    start = timezone.now() - timedelta(days=800)
    _letters(70, start=start, step=timedelta(days=10))
    end = (start + timedelta(days=300)).date()
    expected = _ranked_the_long_way("quokka", date_to=end)
    with CaptureQueriesContext(connection) as queries:
        assert [post.pk for post in search_posts(query="quokka", date_to=end)] == expected
    assert len(expected) == 5 and not _window_answered(queries)


def test_postgres_post_windows_keep_the_filters(on_postgres, db, monkeypatch):
    _windowed(monkeypatch, first_window=4)
    tag = TagFactory(name="Manners", slug="manners")
    start = timezone.now() - timedelta(days=600)
    _letters(30, start=start + timedelta(days=5), step=timedelta(days=10), name="Untagged")
    _letters(60, start=start, step=timedelta(days=10), tag=tag)  # the newest ids
    expected = _ranked_the_long_way("quokka", tag=tag)
    with CaptureQueriesContext(connection) as queries:
        found = [post.pk for post in search_posts(query="quokka", tag=tag)]
    assert found == expected and len(found) == 5 and _window_answered(queries)
    assert all(tag in post.tags.all() for post in Post.objects.filter(pk__in=found))
