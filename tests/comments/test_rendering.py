"""comments.rendering: each worker keeps comment markup for the next rendering, keyed on all it shows."""

import zoneinfo

import pytest
from django.utils import timezone

from comments import rendering
from comments.models import Comment
from comments.selectors import build_discussion
from comments.services import comment_create
from tests.factories import PostFactory

pytestmark = pytest.mark.usefixtures("no_posting_guards")


@pytest.fixture
def post(db):
    post = PostFactory()
    first = comment_create(post=post, author=None, body="First *words*.", author_name="Ada")
    comment_create(post=post, author=None, parent=first, body="A reply.", author_name="Bo")
    return post


def render(post, **kwargs) -> str:
    html, _slots = rendering.render_shared_threads(build_discussion(post=post), **kwargs)
    return html


def hits() -> int:
    return rendering.kept_comment_markup.cache_info().hits


@pytest.fixture(autouse=True)
def memo_on():
    if not rendering.kept_comment_markup.cache_info().maxsize:
        pytest.skip("COMMENTS_RENDER_MEMO is 0 here (BENCH_CACHE_OFF)")


def test_a_second_rendering_reuses_the_markup_and_matches_the_first(post):
    first = render(post, can_reply=True)
    before = hits()
    assert render(post, can_reply=True) == first
    assert hits() == before + 2


def test_every_view_shares_the_kept_markup_and_adds_its_own_links(post):
    render(post, can_reply=True)
    before = hits()
    plain = render(post, can_reply=False)
    flagged = render(post, can_reply=True, links=[("Flag", "/flag/{pk}/")])  # a list is fine too
    assert hits() == before + 4
    assert "comment-reply-link" not in plain and plain.count("/flag/") == 0
    assert flagged.count("comment-reply-link") == 2 and flagged.count("/flag/") == 2


def test_a_long_body_is_rendered_each_time_not_kept(post):
    comment_create(post=post, author=None, body="word " * 2_000, author_name="Long")
    render(post, can_reply=True)
    before = rendering.kept_comment_markup.cache_info()
    html = render(post, can_reply=True)
    after = rendering.kept_comment_markup.cache_info()
    assert after.hits == before.hits + 2 and after.misses == before.misses
    assert html.count("word") >= 2_000


def test_whatever_the_markup_shows_changes_it(post):
    render(post, can_reply=True)
    comment = post.comments.get(author_name="Ada")
    comment.body_html = "<p>Changed words.</p>"
    comment.author_name = "Ada Lovelace"
    comment.edited_at = timezone.now()
    comment.save()
    after = render(post, can_reply=True)
    assert "Changed words." in after and "Ada Lovelace" in after and "First" not in after
    assert 'class="edited"' in after
    comment.status = Comment.Status.HIDDEN
    comment.save()
    hidden = render(post, can_reply=True)  # a reader's view: a placeholder holds the reply's place
    assert "Changed words." not in hidden and "[hidden by a moderator]" in hidden
    assert "comment-reply-link" in hidden  # on the reply, still published


def test_a_reply_beyond_the_depth_cap_follows_its_targets_name(post, settings):
    settings.COMMENTS_MAX_DISPLAY_DEPTH = 0
    assert "replying to <a" in render(post, can_reply=True)
    comment = post.comments.get(author_name="Ada")
    comment.author_name = "Ada Renamed"
    comment.save()
    assert f'replying to <a href="#comment-{comment.pk}">Ada Renamed</a>' in render(post, can_reply=True)


def test_the_view_and_the_time_zone_are_part_of_the_key(post):
    with_reply = render(post, can_reply=True)
    without = render(post, can_reply=False)
    assert "comment-reply-link" in with_reply and "comment-reply-link" not in without
    links = (("Flag", "/flag/{pk}/"),)
    assert "/flag/" in render(post, can_reply=True, links=links)
    with timezone.override(zoneinfo.ZoneInfo("Pacific/Kiritimati")):  # UTC+14: another day
        far = render(post, can_reply=True)
    assert far != with_reply and "+14:00" in far
