"""The main journeys in a real browser: ask, publish, comment, reply, flag, moderate, sign up."""

import re

import pytest

from accounts.models import User
from comments.models import Comment
from moderation.models import Flag
from posts.models import Post, Question
from tests.browser import BROWSER_MARKS
from tests.factories import CategoryFactory, PostFactory, UserFactory, staff, verified

pytestmark = [*BROWSER_MARKS, pytest.mark.usefixtures("no_posting_guards")]

PASSWORD = "a long and unusual passphrase 42"


@pytest.fixture(autouse=True)
def _no_fill_delay(monkeypatch):
    # The ask form refuses a letter sent within seconds of opening it; a browser test types instantly.
    monkeypatch.setattr("posts.forms.MIN_FILL_SECONDS", 0)


def test_a_reader_asks_and_an_editor_answers_and_publishes(open_page, live_server):
    CategoryFactory(name="Office life")
    asker, asker_watch = open_page()
    asker.goto(live_server.url + "/ask/")
    asker.fill("input[name=title]", "My manager reads my LinkedIn messages")
    asker.fill("textarea[name=body]", "She looks over my shoulder at every message. What can I say?")
    asker.fill("input[name=name]", "Quinn")
    asker.check("input[name=consent]")
    asker.click("form.ask-form button[type=submit]")
    asker.wait_for_url("**/ask/status/**")
    assert "received" in asker.inner_text("main").lower()
    question = Question.objects.get(title="My manager reads my LinkedIn messages")

    editor = staff(verified(UserFactory(username="edith")), "Editors")
    page, watch = open_page(editor)
    page.goto(live_server.url + "/editor/")
    page.click(f"a[href='/editor/questions/{question.pk}/']")
    page.click("button:has-text('Answer: start a draft post')")
    page.wait_for_url("**/editor/posts/*/")
    page.fill("textarea[name=answer]", "Close the laptop when she walks over, and **say so** kindly.")
    page.select_option("select[name=category]", label="Office life")
    page.fill("input[name=new_tags]", "LinkedIn, privacy")
    with page.expect_navigation():
        page.click("button[name=action][value=save]")
    with page.expect_navigation():
        page.click("button:has-text('Publish now')")
    assert "Saved and published." in page.inner_text("main")

    post = Post.objects.get(source_question=question)
    assert post.status == Post.Status.PUBLISHED
    assert sorted(post.tags.values_list("name", flat=True)) == ["LinkedIn", "privacy"]
    reader, reader_watch = open_page()
    reader.goto(live_server.url + "/")
    reader.click(f"a[href='{post.get_absolute_url()}']")
    assert reader.locator("h1").inner_text() == "My manager reads my LinkedIn messages"
    assert reader.locator("main strong", has_text="say so").count() == 1
    for seen in (asker_watch, watch, reader_watch):
        seen.assert_clean()


def test_comment_reply_flag_and_moderate(open_page, live_server):
    post = PostFactory(title="Should I accept every invitation")
    url = live_server.url + post.get_absolute_url()

    anonymous, anonymous_watch = open_page()
    anonymous.goto(url)
    anonymous.fill("form.comment-form textarea[name=body]", "Say yes once a month and no the rest.")
    anonymous.fill("form.comment-form input[name=author_name]", "Gale")
    anonymous.click("form.comment-form button[type=submit]")
    anonymous.wait_for_url("**#comment-*")
    top = Comment.objects.get(body="Say yes once a month and no the rest.")
    assert anonymous.locator(f"#comment-{top.pk} .comment-author").inner_text() == "Gale"

    replier = verified(UserFactory(username="riley", display_name="Riley R."))
    page, replier_watch = open_page(replier)
    page.goto(url)
    page.click(f"#comment-{top.pk} a.comment-reply-link")
    page.fill("form.comment-form textarea[name=body]", "Once a month sounds like a lot to me.")
    page.click("form.comment-form button[type=submit]")
    page.wait_for_url("**#comment-*")
    reply = Comment.objects.get(body="Once a month sounds like a lot to me.")
    assert (reply.parent_id, reply.author_id) == (top.pk, replier.pk)
    assert page.locator(f"#comment-{reply.pk}").get_attribute("data-depth") == "1"

    flagger = verified(UserFactory(username="fern"))
    page, flagger_watch = open_page(flagger)
    page.goto(url)
    page.click(f"#comment-{top.pk} footer a:has-text('Flag')")
    page.locator("input[name=reason]").first.check()
    page.fill("textarea[name=note]", "Reads like an advert to me.")
    page.click("button:has-text('Send to the moderators')")
    page.wait_for_load_state()
    assert "A moderator will look at it" in page.inner_text("body")
    assert Flag.objects.get(comment=top).user_id == flagger.pk

    moderator = staff(verified(UserFactory(username="mona")), "Moderators")
    page, moderator_watch = open_page(moderator)
    page.goto(live_server.url + "/moderation/")
    item = page.locator(f"#queue-item-{top.pk}")
    assert item.count() == 1
    assert "Reads like an advert to me." in page.inner_text("ol.queue")
    item.locator("[name=reason]").fill("Advertising")
    with page.expect_navigation():
        item.get_by_role("button", name="Hide").click()
    assert "Comment hidden." in page.inner_text("body")
    top.refresh_from_db()
    assert top.status == Comment.Status.HIDDEN

    anonymous.goto(url)
    assert "Say yes once a month" not in anonymous.inner_text("main")
    # The reply stays, under a placeholder that keeps the thread together.
    assert anonymous.locator(f"#comment-{reply.pk}").is_visible()
    for seen in (anonymous_watch, replier_watch, flagger_watch, moderator_watch):
        seen.assert_clean()


def test_sign_up_verify_by_the_mailed_link_and_be_signed_in_then_sign_in_again(
    open_page, live_server, mailoutbox
):
    page, watch = open_page()
    page.goto(live_server.url + "/accounts/signup/")
    page.fill("input[name=email]", "nova@example.com")
    page.fill("input[name=username]", "nova")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert "verif" in page.inner_text("main").lower()
    assert not User.objects.get(username="nova").emailaddress_set.get().verified

    assert len(mailoutbox) == 1
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", mailoutbox[0].body).group(0)
    page.goto(live_server.url + re.sub(r"^https?://[^/]+", "", link))
    page.click("main form button[type=submit]")
    page.wait_for_load_state()

    assert User.objects.get(username="nova").emailaddress_set.get().verified
    # ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION: confirming in the browser that signed up signs the reader in.
    page.goto(live_server.url + "/users/settings/")
    assert page.url == live_server.url + "/users/settings/"
    page.goto(live_server.url + "/accounts/logout/")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    page.goto(live_server.url + "/users/settings/")
    page.wait_for_url("**/accounts/login/**")
    page.fill("input[name=login]", "nova")
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url("**/users/settings/")
    assert "nova" in page.inner_text("header .account-menu summary")
    watch.assert_clean()
