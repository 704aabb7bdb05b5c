"""Reactions and editor's picks in a real browser: reactions in place with JavaScript and through their own
page without it; a pick reached from the strip at the top of the discussion."""

import pytest

from comments import services
from comments.models import Comment, encode_step
from tests.browser import BROWSER_MARKS
from tests.comments.helpers import bulk_thread
from tests.factories import UserFactory, verified

pytestmark = [*BROWSER_MARKS, pytest.mark.usefixtures("no_posting_guards")]


@pytest.fixture
def comment(post):
    writer = verified(UserFactory(username="wren"))
    return services.comment_create(post=post, author=writer, body="Ask for the offer in writing.")


def counts(comment: Comment) -> tuple[int, int]:
    comment.refresh_from_db()
    return comment.helpful_count, comment.been_there_count


def test_with_javascript_a_reaction_is_given_and_taken_back_in_place(open_page, live_server, comment, reader):
    page, watch = open_page(reader)
    page.goto(live_server.url + comment.post.get_absolute_url())
    helpful = page.locator(f"#comment-{comment.pk} a.reaction[href$='kind=helpful']")
    url = page.url

    helpful.click()
    page.wait_for_selector(f"#comment-{comment.pk} a.reaction[href$='kind=helpful'][aria-pressed=true]")
    assert helpful.locator(".reaction-count").inner_text() == "1"
    assert page.url == url  # no page load
    assert counts(comment) == (1, 0)

    helpful.click()
    page.wait_for_selector(f"#comment-{comment.pk} a.reaction[href$='kind=helpful'][aria-pressed=false]")
    assert helpful.locator(".reaction-count").inner_text() == ""
    assert counts(comment) == (0, 0)

    page.reload()  # the reader's own state comes back from the server
    page.locator(f"#comment-{comment.pk} a.reaction[href$='kind=been_there']").click()
    page.wait_for_selector(f"#comment-{comment.pk} a.reaction[href$='kind=been_there'][aria-pressed=true]")
    page.reload()
    pressed = page.locator(f"#comment-{comment.pk} a.reaction[href$='kind=been_there']")
    assert pressed.get_attribute("aria-pressed") == "true"
    assert counts(comment) == (0, 1)
    watch.assert_clean()


def test_without_javascript_the_reaction_page_posts_and_returns_to_the_comment(
    open_page, live_server, comment, reader
):
    page, watch = open_page(reader, java_script_enabled=False)
    page.goto(live_server.url + comment.post.get_absolute_url())
    page.click(f"#comment-{comment.pk} a.reaction[href$='kind=been_there']")
    page.wait_for_selector("h1:has-text('Mark this comment “Been there”?')")
    page.click("main form button[type=submit]")
    page.wait_for_url(f"**{comment.post.get_absolute_url()}#comment-{comment.pk}")
    pressed = page.locator(f"#comment-{comment.pk} a.reaction[href$='kind=been_there']")
    assert pressed.get_attribute("aria-pressed") == "true"
    assert pressed.locator(".reaction-count").inner_text() == "1"
    assert counts(comment) == (0, 1)
    watch.assert_clean()


def test_a_signed_out_reader_is_asked_to_sign_in(open_page, live_server, comment):
    page, watch = open_page()
    page.goto(live_server.url + comment.post.get_absolute_url())
    page.click(f"#comment-{comment.pk} a.reaction[href$='kind=helpful']")
    page.wait_for_url("**/accounts/login/**")
    assert counts(comment) == (0, 0)
    watch.assert_clean()


def test_an_editors_pick_on_page_three_is_one_click_from_the_top_of_the_discussion(
    open_page, live_server, post, editor
):
    """The strip's link is the comment's permalink: it lands on the page that shows the comment."""
    threads = bulk_thread(post, 600, fanout=3, max_depth=1)  # 150 threads of four: six pages of 25
    target = next(c for c in threads if c.depth == 1 and c.path.startswith(encode_step(60)))  # thread 60
    services.comment_pick(comment=target, actor=editor)
    page, watch = open_page()
    page.goto(live_server.url + post.get_absolute_url())
    page.click(f"aside.picks a[href$='/comments/{target.pk}/']")
    page.wait_for_url(f"**#comment-{target.pk}")
    assert "cpage=3" in page.url
    comment = page.locator(f"#comment-{target.pk}")
    assert comment.locator(".badge-pick").inner_text() == "Editor's pick"
    assert comment.evaluate(
        "el => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }"
    )
    watch.assert_clean()
