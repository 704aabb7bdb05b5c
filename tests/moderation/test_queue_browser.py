"""The moderation queue in a real browser, by keyboard alone (issue 22): j/k move, a/h/s decide and the
next item comes into view, ? shows the keys, typing a reason does not trigger them."""

import pytest

from comments.models import Comment
from moderation.models import AuditEntry, Flag
from tests.browser import BROWSER_MARKS
from tests.factories import UserFactory, verified
from tests.moderation.conftest import make_comment

pytestmark = [*BROWSER_MARKS, pytest.mark.usefixtures("no_posting_guards")]


def fill_queue(post, *, held: int, flagged: int) -> None:
    flagger = verified(UserFactory(username="fern"))
    for n in range(flagged):
        comment = make_comment(post, body=f"Flagged comment {n}", author_name=f"Flagged {n}")
        Flag.objects.create(comment=comment, user=flagger, reason="unkind")
    for n in range(held):
        comment = make_comment(post, body=f"Held comment {n}", author_name=f"Held {n}")
        Comment.objects.filter(pk=comment.pk).update(status=Comment.Status.PENDING)


def current_item(page) -> str:
    return page.evaluate("document.activeElement.closest('article.queue-item')?.dataset.comment")


def test_a_moderator_clears_twenty_items_by_keyboard(open_page, live_server, moderator, post):
    fill_queue(post, held=14, flagged=6)
    page, watch = open_page(moderator)
    page.goto(live_server.url + "/moderation/")
    assert page.locator("article.queue-item").count() == 20

    page.keyboard.press("?")
    assert page.locator("#queue-keys").get_attribute("open") is not None
    page.keyboard.press("?")
    page.keyboard.press("j")
    page.keyboard.press("j")
    page.keyboard.press("k")
    first = page.locator("article.queue-item").first.get_attribute("data-comment")
    assert current_item(page) == first

    decided = {}
    for n in range(20):
        key = "ahs"[n % 3]
        assert current_item(page) == page.locator("article.queue-item").first.get_attribute("data-comment")
        decided[int(current_item(page))] = key
        with page.expect_navigation():
            page.keyboard.press(key)
    assert "Nothing is waiting" in page.inner_text("main")

    expected = {"a": Comment.Status.PUBLISHED, "h": Comment.Status.HIDDEN, "s": Comment.Status.HIDDEN}
    statuses = dict(Comment.objects.filter(pk__in=decided).values_list("pk", "status"))
    assert statuses == {pk: expected[key] for pk, key in decided.items()}
    assert AuditEntry.objects.filter(target_type="comment").count() == 20
    assert not Flag.objects.open().exists()
    watch.assert_clean()


def test_a_reason_typed_on_an_item_is_kept_and_its_letters_are_not_shortcuts(
    open_page, live_server, moderator, post
):
    fill_queue(post, held=2, flagged=0)
    page, watch = open_page(moderator)
    page.goto(live_server.url + "/moderation/")
    page.keyboard.press("j")
    item = page.locator("article.queue-item").first
    pk = int(item.get_attribute("data-comment"))
    item.locator("input[name=reason]").click()
    page.keyboard.type("shows a home address")  # holds a, h and s: none may act
    assert page.locator("article.queue-item").count() == 2
    page.keyboard.press("Escape")
    with page.expect_navigation():
        page.keyboard.press("h")
    assert "Comment hidden." in page.inner_text("main")
    assert Comment.objects.get(pk=pk).status == Comment.Status.HIDDEN
    assert AuditEntry.objects.get(target_id=pk).reason == "shows a home address"
    watch.assert_clean()


def test_bulk_actions_sit_above_the_items_and_act_on_the_ticked_ones(open_page, live_server, moderator, post):
    fill_queue(post, held=3, flagged=0)
    page, watch = open_page(moderator)
    page.goto(live_server.url + "/moderation/")
    bulk = page.locator("form#queue-bulk")
    assert bulk.bounding_box()["y"] < page.locator("article.queue-item").first.bounding_box()["y"]
    page.keyboard.press("j")
    page.keyboard.press("x")
    page.keyboard.press("j")
    page.keyboard.press("x")
    bulk.locator("select[name=action]").select_option("approve")
    with page.expect_navigation():
        bulk.get_by_role("button", name="Apply").click()
    assert "2 comments approved." in page.inner_text("main")
    assert page.locator("article.queue-item").count() == 1
    watch.assert_clean()


def test_enter_in_a_post_actions_reason_presses_no_action(open_page, live_server, moderator, post):
    """The post's moderation page is one form of action buttons; Enter in its reason field must not
    press the first of them (Close comments)."""
    page, watch = open_page(moderator)
    page.goto(f"{live_server.url}/moderation/posts/{post.pk}/")
    page.fill("input[name=reason]", "a heated thread")
    page.press("input[name=reason]", "Enter")
    page.wait_for_timeout(500)  # a submission would have navigated by now
    assert page.input_value("input[name=reason]") == "a heated thread"
    post.refresh_from_db()
    assert not post.is_comments_closed and not AuditEntry.objects.exists()
    with page.expect_navigation():
        page.click("button[name=action][value=close]")
    post.refresh_from_db()
    assert post.is_comments_closed
    watch.assert_clean()
