"""The letter writer's update in a real browser: sent from the status page, published by an editor
under the original post, and mailed to the original's commenters."""

from django.core import mail

from comments import services as comment_services
from posts.models import Question
from tests.browser import BROWSER_MARKS
from tests.factories import PostFactory, QuestionFactory, UserFactory, staff, verified

pytestmark = BROWSER_MARKS


def test_an_update_sent_from_the_status_page_is_published_and_commenters_are_told(
    open_page, live_server, db, settings
):
    settings.MODERATION_PREMODERATION = "none"
    letter = QuestionFactory(name="Priya", email="priya@example.com", status="answered")
    original = PostFactory(source_question=letter)
    commenter = verified(UserFactory(username="cato", email="cato@example.com"))
    comment_services.comment_create(post=original, author=commenter, body="Good luck, really.")
    editor = staff(verified(UserFactory(username="edith")), "Editors")

    asker, watch = open_page()
    asker.goto(live_server.url + letter.get_absolute_url())
    asker.fill("textarea[name=body]", "I changed teams in March. It is so much better.")
    asker.click("text=Send the update")
    asker.wait_for_selector("text=Thank you: your update reached the editors.")
    update = Question.objects.get(update_of=letter)

    mail.outbox.clear()
    desk, desk_watch = open_page(editor)
    desk.goto(live_server.url + f"/editor/questions/{update.pk}/")
    desk.fill("textarea[name=body]", "The letter writer changed teams in March, and it is much better.")
    desk.click("text=Publish as an update on the post")
    desk.wait_for_url(f"**{original.get_absolute_url()}#updates")
    assert "There is an update." in desk.inner_text("article.post header")
    assert "changed teams in March, and it is much better" in desk.inner_text("#updates")
    assert [message.to for message in mail.outbox] == [["cato@example.com"]]
    watch.assert_clean()
    desk_watch.assert_clean()
