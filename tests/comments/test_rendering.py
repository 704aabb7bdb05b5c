"""comments.rendering: each worker keeps comment markup for the next rendering, keyed on all it shows."""

import zoneinfo

import pytest
from django.utils import timezone

from comments import rendering
from comments.selectors import build_discussion
from comments.services import comment_create
from tests.factories import PostFactory


@pytest.fixture
def post(db):
    post = PostFactory()
    first = comment_create(post=post, author=None, body="First *words*.", author_name="Ada")
    comment_create(post=post, author=None, parent=first, body="A reply.", author_name="Bo")
    return post


def render(post, **kwargs) -> str:
    html, _slots = rendering.render_shared_threads(build_discussion(post=post), **kwargs)
    return html


def test_a_second_rendering_reuses_the_markup_and_matches_the_first(post):
    first = render(post, can_reply=True)
    hits = rendering.comment_segments.cache_info().hits
    assert render(post, can_reply=True) == first
    assert rendering.comment_segments.cache_info().hits == hits + 2


def test_whatever_the_markup_shows_changes_it(post):
    before = render(post, can_reply=True)
    comment = post.comments.get(author_name="Ada")
    comment.body_html = "<p>Changed words.</p>"
    comment.author_name = "Ada Lovelace"
    comment.save()
    after = render(post, can_reply=True)
    assert "Changed words." in after and "Ada Lovelace" in after and "First" not in after
    # The reply names whom it answers only beyond the display depth cap; its own markup is unchanged.
    assert before.count('class="comment ') == after.count('class="comment ') == 2


def test_the_view_and_the_time_zone_are_part_of_the_key(post):
    with_reply = render(post, can_reply=True)
    without = render(post, can_reply=False)
    assert "comment-reply-link" in with_reply and "comment-reply-link" not in without
    links = (("Flag", "/flag/{pk}/"),)
    assert "/flag/" in render(post, can_reply=True, links=links)
    with timezone.override(zoneinfo.ZoneInfo("Pacific/Kiritimati")):  # UTC+14: another day
        far = render(post, can_reply=True)
    assert far != with_reply and "+14:00" in far
