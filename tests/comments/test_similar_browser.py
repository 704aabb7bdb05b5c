"""The brake on pile-ons in a real browser: the reader who writes what three others already said sees
them, and posts anyway (with JavaScript) or posts theirs as a reply to one (without). Both are plain
forms; the discussion's script must not get in their way."""

import pytest

from comments import services
from comments.models import Comment
from tests.browser import BROWSER_MARKS
from tests.comments.test_similar import ALIKE, NEW
from tests.e2e.test_accessibility import assert_no_violations_in_either_scheme, axe_page

pytestmark = BROWSER_MARKS


@pytest.fixture
def said_before(post, settings):
    settings.COMMENTS_MIN_FILL_SECONDS = 0
    settings.MODERATION_PREMODERATION = "none"
    settings.MODERATION_COMMENT_RATE = None
    return [services.comment_create(post=post, author=None, body=body) for body in ALIKE]


def write(page, post, live_server):
    page.goto(live_server.url + post.get_absolute_url())
    page.fill("#reply textarea[name=body]", NEW)
    page.click("#reply button[type=submit]")
    page.wait_for_selector("h2:has-text('3 readers have already said something similar')")
    assert not Comment.objects.filter(body=NEW).exists()
    assert page.input_value("textarea[name=body]") == NEW


def test_with_javascript_post_anyway(open_page, live_server, post, reader, said_before):
    page, watch = axe_page(open_page, reader)
    write(page, post, live_server)
    assert_no_violations_in_either_scheme(page, watch, "reader {scheme} the brake on pile-ons")
    page.fill("textarea[name=body]", NEW + " Mine adds a template.")
    page.click("button[name=post_anyway]")
    comment = Comment.objects.get(body=NEW + " Mine adds a template.")
    page.wait_for_url(f"**#comment-{comment.pk}")
    assert comment.parent is None
    watch.assert_clean()


def test_without_javascript_reply_there_instead(open_page, live_server, post, reader, said_before):
    page, watch = open_page(reader, java_script_enabled=False)
    write(page, post, live_server)
    chosen = said_before[1]
    page.click(f"button[name=parent][value='{chosen.pk}']")
    comment = Comment.objects.get(body=NEW)
    page.wait_for_url(f"**#comment-{comment.pk}")
    assert comment.parent == chosen
    assert page.locator(f"#comment-{comment.pk}").is_visible()
    watch.assert_clean()
