"""The discussion in a real browser: inline reply under a nested comment, and collapsing a thread."""

import pytest

from comments import services
from comments.models import Comment
from tests.browser import BROWSER_MARKS
from tests.factories import PostFactory

pytestmark = [*BROWSER_MARKS, pytest.mark.usefixtures("no_posting_guards")]


def article_ids(page) -> list[tuple[str, str]]:
    return page.eval_on_selector_all("article.comment", "nodes => nodes.map(n => [n.id, n.dataset.depth])")


def test_inline_reply_lands_under_its_parents_subtree_one_level_deeper(page, live_server):
    post = PostFactory()
    top = services.comment_create(post=post, author=None, body="Top-level thought", author_name="Ana")
    nested = services.comment_create(post=post, author=None, body="A nested answer", parent=top)
    under_nested = services.comment_create(post=post, author=None, body="Deeper still", parent=nested)
    sibling = services.comment_create(post=post, author=None, body="A later sibling", parent=top)
    services.comment_create(post=post, author=None, body="Another thread")

    page.goto(live_server.url + post.get_absolute_url())
    page.click(f"#comment-{nested.pk} a.comment-reply-link")
    # The form moved right under the comment, without a page load, and knows its parent.
    form = page.locator("form.comment-form")
    assert page.evaluate(
        f"document.getElementById('comment-{nested.pk}').nextElementSibling.matches('form.comment-form')"
    )
    assert form.locator("input[name=parent]").input_value() == str(nested.pk)
    form.locator("textarea[name=body]").fill("My inline reply")
    form.locator("button[type=submit]").click()
    page.wait_for_url(f"**{post.get_absolute_url()}#comment-*")

    new = Comment.objects.get(body="My inline reply")
    assert (new.parent_id, new.depth) == (nested.pk, 2)
    order = article_ids(page)
    ids = [node_id for node_id, _ in order]
    # After the parent's existing subtree (its earlier reply), before the parent's next sibling.
    position = ids.index(f"comment-{new.pk}")
    assert ids[position - 1] == f"comment-{under_nested.pk}"
    assert ids[position + 1] == f"comment-{sibling.pk}"
    assert order[position][1] == "2"
    assert page.locator(f"#comment-{new.pk}").is_visible()


def test_collapsing_a_thread_hides_its_replies(page, live_server):
    post = PostFactory()
    top = services.comment_create(post=post, author=None, body="Opening remark")
    reply = services.comment_create(post=post, author=None, body="A reply", parent=top)
    other = services.comment_create(post=post, author=None, body="Separate thread")

    page.goto(live_server.url + post.get_absolute_url())
    assert page.locator(f"#comment-{reply.pk}").is_visible()
    page.click(f"#comment-{top.pk} ~ details.thread-replies > summary")
    assert not page.locator(f"#comment-{reply.pk}").is_visible()
    assert page.locator(f"#comment-{top.pk}").is_visible()
    assert page.locator(f"#comment-{other.pk}").is_visible()
    page.click(f"#comment-{top.pk} ~ details.thread-replies > summary")
    assert page.locator(f"#comment-{reply.pk}").is_visible()
