"""Archive pages (/archive/, /archive/<yyyy>/, /archive/<yyyy>/<mm>/) and the footer archive box."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.utils import timezone

from posts.archives import archive_months
from posts.models import Post
from posts.services import post_publish, post_unpublish
from tests.factories import PostFactory, TagFactory


def _at(year: int, month: int, day: int = 10) -> datetime:
    return timezone.make_aware(datetime(year, month, day, 12, 0))


@pytest.fixture
def archive(db):
    """Two posts in March 2021, one in November 2021, one in January 2022; a draft and a scheduled one."""
    posts = {
        "march_a": PostFactory(title="March letter one", published_at=_at(2021, 3, 2)),
        "march_b": PostFactory(title="March letter two", published_at=_at(2021, 3, 20)),
        "november": PostFactory(title="November letter", published_at=_at(2021, 11)),
        "january": PostFactory(title="January letter", published_at=_at(2022, 1)),
    }
    PostFactory(title="A draft", status=Post.Status.DRAFT, published_at=None)
    PostFactory(
        title="Scheduled for later",
        status=Post.Status.SCHEDULED,
        published_at=timezone.now() + timedelta(days=30),
    )
    return posts


def test_archive_index_lists_years_with_months_and_counts(client, archive):
    response = client.get("/archive/")
    assert response.status_code == 200
    years = response.context["years"]
    assert [entry.year for entry in years] == [2022, 2021]
    assert [(m.month, m.count) for m in years[1].months] == [(11, 1), (3, 2)]
    assert years[1].count == 3
    page = response.content.decode()
    assert 'href="/archive/2021/03/"' in page
    assert page.count("<h1") == 1


def test_archive_index_leaves_out_drafts_and_scheduled_posts(client, archive):
    response = client.get("/archive/")
    total = sum(entry.count for entry in response.context["years"])
    assert total == 4


def test_archive_year_lists_that_years_posts_newest_first(client, archive):
    response = client.get("/archive/2021/")
    assert response.status_code == 200
    titles = [post.title for post in response.context["page_obj"]]
    assert titles == ["November letter", "March letter two", "March letter one"]
    assert [m.month for m in response.context["months"]] == [11, 3]


def test_archive_month_lists_only_that_month(client, archive):
    response = client.get("/archive/2021/03/")
    assert response.status_code == 200
    titles = [post.title for post in response.context["page_obj"]]
    assert titles == ["March letter two", "March letter one"]
    assert "March 2021" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/archive/2021/04/",  # no posts that month
        "/archive/2019/",  # no posts that year
        "/archive/2021/13/",  # impossible month
        "/archive/2021/00/",
        "/archive/0000/",  # impossible year
        "/archive/0000/01/",
        "/archive/9999/12/",
        "/archive/21/03/",
        "/archive/abcd/",
    ],
)
def test_archive_empty_or_impossible_period_is_404(client, archive, url):
    assert client.get(url).status_code == 404


def test_archive_month_is_paginated(client, db):
    for day in range(1, 23):
        PostFactory(published_at=_at(2020, 5, day))
    first = client.get("/archive/2020/05/")
    second = client.get("/archive/2020/05/?page=2")
    assert len(first.context["page_obj"]) == 20
    assert len(second.context["page_obj"]) == 2
    assert 'href="?page=2"' in first.content.decode()
    assert client.get("/archive/2020/05/?page=junk").status_code == 200


def test_archive_refuses_post_requests(client, archive):
    assert client.post("/archive/").status_code == 405


def test_footer_archive_box_shows_months_on_the_home_and_archive_pages(client, archive):
    assert 'class="archive-box"' in client.get("/archive/2021/").content.decode()
    page = client.get("/").content.decode()
    assert 'class="archive-box"' in page
    assert 'href="/archive/2021/11/"' in page
    assert "(3)" in page  # 2021's total


def test_footer_archive_box_updates_when_a_post_is_published(
    client, archive, django_capture_on_commit_callbacks
):
    client.get("/")  # fills the cache
    draft = Post.objects.get(title="A draft")
    with django_capture_on_commit_callbacks(execute=True):
        post_publish(post=draft)
    now = timezone.localtime()
    page = client.get("/").content.decode()
    assert f'href="/archive/{now.year}/{now.month:02d}/"' in page


def test_footer_archive_box_updates_when_a_post_is_unpublished(
    client, archive, django_capture_on_commit_callbacks
):
    client.get("/")
    with django_capture_on_commit_callbacks(execute=True):
        post_unpublish(post=archive["january"])
    page = client.get("/").content.decode()
    assert 'href="/archive/2022/01/"' not in page


def test_archive_summary_expires_when_a_scheduled_post_falls_due(db):
    PostFactory(published_at=_at(2021, 3))
    with time_machine.travel(timezone.now(), tick=False) as clock:
        PostFactory(status=Post.Status.SCHEDULED, published_at=timezone.now() + timedelta(minutes=10))
        assert sum(month.count for month in archive_months()) == 1
        clock.shift(timedelta(minutes=9, seconds=59))
        assert sum(month.count for month in archive_months()) == 1
        clock.shift(timedelta(seconds=1))  # the cached summary must not outlive the moment it falls due
        assert sum(month.count for month in archive_months()) == 2


@pytest.mark.parametrize("n", [1, 30])
def test_archive_pages_query_counts_do_not_grow_with_posts(client, db, django_assert_num_queries, n):
    from django.core.cache import cache

    tags = [TagFactory(), TagFactory()]
    for i in range(n):
        PostFactory(published_at=_at(2020, 1 + i % 12, 1 + i % 28), tags=tags)
    # Cold cache each time. Index: the month summary. Year and month pages: post count, the page of
    # posts with categories, their tags, and the month summary (shared with the footer box).
    for url, expected in (("/archive/", 1), ("/archive/2020/", 4), ("/archive/2020/01/", 4)):
        cache.clear()
        with django_assert_num_queries(expected):
            assert client.get(url).status_code == 200
