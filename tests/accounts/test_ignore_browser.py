"""A comment from someone the reader ignores, folded in a real browser: closed at first, opened on a
click, with JavaScript on and off (a <details> element needs none)."""

import pytest

from accounts.models import Ignore
from comments import services
from tests.browser import BROWSER_MARKS
from tests.factories import UserFactory, verified

pytestmark = [*BROWSER_MARKS, pytest.mark.usefixtures("no_posting_guards")]


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_a_folded_comment_opens_on_a_click(open_page, live_server, post, reader, javascript):
    writer = verified(UserFactory(username="wren", display_name="Wren"))
    comment = services.comment_create(post=post, author=writer, body="My take on the offer.")
    Ignore.objects.create(user=reader, ignored=writer)
    page, watch = open_page(reader, java_script_enabled=javascript)
    page.goto(live_server.url + post.get_absolute_url())
    body = page.locator(f"#comment-{comment.pk} .comment-body")
    assert not body.is_visible()
    page.click(f"#comment-{comment.pk} summary:has-text('A comment from someone you ignore')")
    assert body.is_visible()
    assert body.inner_text() == "My take on the offer."
    watch.assert_clean()
