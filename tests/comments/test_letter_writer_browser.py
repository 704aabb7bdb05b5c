"""The letter writer in a real browser: the asker follows their private link and comments as the letter
writer, and the badge shows with no name; another reader saying "LW here" is held for a moderator."""

import pytest

from comments.models import Comment
from moderation.models import CommentModeration
from tests.browser import BROWSER_MARKS
from tests.factories import PostFactory, QuestionFactory

pytestmark = BROWSER_MARKS


@pytest.fixture
def letter(db, settings):
    settings.COMMENTS_MIN_FILL_SECONDS = 0
    settings.MODERATION_PREMODERATION = "none"
    letter = QuestionFactory(name="Priya Quietly", email="priya.asks@example.com", status="answered")
    PostFactory(source_question=letter)
    return letter


@pytest.mark.parametrize("java_script", [True, False], ids=["js", "no-js"])
def test_the_asker_comments_as_the_letter_writer_from_their_private_link(
    open_page, live_server, letter, java_script
):
    page, watch = open_page(java_script_enabled=java_script)
    page.goto(live_server.url + letter.get_absolute_url())
    page.click("text=Comment as the letter writer >> nth=-1")
    page.wait_for_url(f"**{letter.post.get_absolute_url()}#reply")
    assert page.is_checked("input[name=as_letter_writer]")
    page.fill("#reply textarea[name=body]", "Thank you all. I did talk to my manager, and it went well.")
    page.click("#reply button[type=submit]")
    comment = Comment.objects.get()
    page.wait_for_url(f"**#comment-{comment.pk}")
    article = page.locator(f"article#comment-{comment.pk}")
    assert article.get_attribute("data-role") == "letter-writer"
    assert article.locator(".badge-letter-writer").inner_text() == "Letter writer"
    assert article.locator(".comment-author").inner_text() == "The letter writer"
    text = page.inner_text("body")
    assert "Priya" not in text and "priya.asks" not in text
    assert page.locator("#letter-writer-heading").inner_text() == "The letter writer replied (1)"
    watch.assert_clean()


def test_another_reader_saying_lw_here_is_held(open_page, live_server, letter):
    page, watch = open_page()
    page.goto(live_server.url + letter.post.get_absolute_url())
    assert page.locator("input[name=as_letter_writer]").count() == 0
    page.fill("#reply textarea[name=body]", "LW here! It was not like that at all.")
    page.click("#reply button[type=submit]")
    comment = Comment.objects.get()
    page.wait_for_url(f"**#comment-{comment.pk}")
    assert "awaiting moderation" in page.inner_text("body")
    assert comment.status == Comment.Status.PENDING and not comment.letter_writer
    assert "claims to be the letter writer" in CommentModeration.objects.get(comment=comment).hold_reasons
    watch.assert_clean()
