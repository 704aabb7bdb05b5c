"""RSS 2.0 and Atom feeds: posts (all, per category, per tag) and comments (per post, site-wide)."""

import calendar
import time
from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone

from comments.models import Comment
from comments.services import comment_create, comment_set_status
from posts.models import Post
from tests.factories import CategoryFactory, PostFactory, TagFactory

pytestmark = pytest.mark.usefixtures("no_posting_guards")


@pytest.fixture
def site(db):
    category = CategoryFactory(name="Job hunting", slug="job-hunting")
    tag = TagFactory(name="LinkedIn", slug="linkedin")
    now = timezone.now()
    older = PostFactory(
        title="The older letter",
        question="Is it rude to *ignore* requests?",
        answer="No. **Ignore** them.",
        category=category,
        tags=[tag],
        published_at=now - timedelta(days=3),
    )
    newer = PostFactory(
        title="The newer letter", category=category, tags=[tag], published_at=now - timedelta(days=1)
    )
    PostFactory(title="Secret draft", category=category, status=Post.Status.DRAFT, published_at=None)
    first = comment_create(post=older, author=None, body="First thought.", author_name="Kim")
    Comment.objects.filter(pk=first.pk).update(created_at=now - timedelta(hours=5))
    second = comment_create(post=older, author=None, body="Second thought, with *emphasis*.")
    hidden = comment_create(post=older, author=None, body="Hidden remark.")
    Comment.objects.filter(pk=hidden.pk).update(status=Comment.Status.HIDDEN)
    comment_create(post=newer, author=None, body="On the newer post.")
    return {"older": older, "newer": newer, "first": first, "second": second}


def _feed(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, (url, feed.get("bozo_exception"))
    return feed


def _assert_newest_first(feed):
    stamps = [time.mktime(entry.published_parsed) for entry in feed.entries]
    assert stamps == sorted(stamps, reverse=True)


POST_FEEDS = [
    ("/feed/", "rss20"),
    ("/feed/atom/", "atom10"),
    ("/category/job-hunting/feed/", "rss20"),
    ("/category/job-hunting/feed/atom/", "atom10"),
    ("/tags/linkedin/feed/", "rss20"),
    ("/tags/linkedin/feed/atom/", "atom10"),
]


@pytest.mark.parametrize(("url", "version"), POST_FEEDS)
def test_post_feeds_parse_and_list_posts_newest_first(client, site, url, version):
    feed = _feed(client, url)
    assert feed.version == version
    assert [entry.title for entry in feed.entries] == ["The newer letter", "The older letter"]
    _assert_newest_first(feed)


@pytest.mark.parametrize(("url", "version"), POST_FEEDS[:2])
def test_post_feeds_carry_the_full_question_and_answer(client, site, url, version):
    entry = _feed(client, url).entries[1]
    text = entry.content[0].value if "content" in entry else entry.summary
    assert "<em>ignore</em>" in text
    assert "<strong>Ignore</strong>" in text
    assert entry.link.endswith(site["older"].get_absolute_url())


def test_post_feed_lists_tags_and_category_as_categories(client, site):
    entry = _feed(client, "/feed/").entries[0]
    assert {tag.term for tag in entry.tags} == {"Job hunting", "LinkedIn"}


@pytest.mark.parametrize("url", ["/tags/no-such-tag/feed/", "/category/no-such/feed/atom/"])
def test_feeds_of_unknown_tags_and_categories_are_404(client, site, url):
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("suffix", ["comments/feed/", "comments/feed/atom/"])
def test_post_comment_feed_lists_published_comments_newest_first(client, site, suffix):
    feed = _feed(client, site["older"].get_absolute_url() + suffix)
    summaries = [entry.summary for entry in feed.entries]
    assert len(summaries) == 2
    assert "Second thought" in summaries[0] and "First thought" in summaries[1]
    assert "<em>emphasis</em>" in summaries[0]
    assert feed.entries[1].link.endswith(f"/comments/{site['first'].pk}/")
    assert feed.entries[1].title == "Kim said…"
    _assert_newest_first(feed)


@pytest.mark.parametrize("url", ["/comments/feed/", "/comments/feed/atom/"])
def test_site_comment_feed_lists_the_newest_comments_everywhere(client, site, url):
    feed = _feed(client, url)
    assert len(feed.entries) == 3
    assert "The newer letter" in feed.entries[0].title
    _assert_newest_first(feed)


@pytest.mark.parametrize("url", ["/comments/feed/", "comments/feed/atom/"])
def test_a_held_comment_approved_later_is_news_in_the_feeds_when_approved(client, site, url, moderator):
    """Written before every other comment, held, approved now: the feeds list it first, dated now."""
    held = comment_create(post=site["older"], author=None, body="Held for a while, then approved.")
    Comment.objects.filter(pk=held.pk).update(
        status=Comment.Status.PENDING, created_at=timezone.now() - timedelta(days=2)
    )
    held.refresh_from_db()
    comment_set_status(comment=held, status=Comment.Status.PUBLISHED, actor=moderator)
    feed = _feed(client, url if url.startswith("/") else site["older"].get_absolute_url() + url)
    assert "Held for a while" in feed.entries[0].summary
    assert abs(time.time() - calendar.timegm(feed.entries[0].published_parsed)) < 600
    _assert_newest_first(feed)


def test_comment_feed_of_a_draft_or_a_wrong_address_is_404(client, site):
    draft = Post.objects.get(title="Secret draft")
    assert client.get(f"/2001/01/{draft.slug}/comments/feed/").status_code == 404
    assert client.get(f"/2001/01/{site['older'].slug}/comments/feed/").status_code == 404


def test_pages_announce_their_feeds_in_the_head(client, site):
    def head(url):
        page = client.get(url).content.decode()
        return page[: page.index("</head>")]

    assert 'type="application/rss+xml"' in head("/") and 'href="/feed/"' in head("/")
    assert 'href="/feed/atom/"' in head("/")
    assert 'href="/tags/linkedin/feed/"' in head("/tags/linkedin/")
    assert 'href="/category/job-hunting/feed/"' in head("/category/job-hunting/")
    post_url = site["older"].get_absolute_url()
    assert f'href="{post_url}comments/feed/"' in head(post_url)


def test_feed_query_count_does_not_grow_with_posts(client, db, django_assert_max_num_queries):
    tag = TagFactory()
    for _ in range(25):
        PostFactory(tags=[tag])
    # Site (first time only), the posts with category and editor, their tags, their updates.
    with django_assert_max_num_queries(4):
        client.get("/feed/")
