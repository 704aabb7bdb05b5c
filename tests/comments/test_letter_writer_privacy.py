"""No page, feed, e-mail, export or JSON answer tells anyone but the editors who the letter writer is:
not the discussion, not the moderation pages (to a moderator who is not an editor), not the comment
feeds, not the mail about replies, not another reader's data export, not the live news."""

import pytest
from django.core import mail
from django.test import Client

from comments import services
from comments.models import Comment
from tests.factories import PostFactory, QuestionFactory, UserFactory, staff, verified

# Everything that would identify the asker: their name, address and account.
NAME, EMAIL, USERNAME, DISPLAY = "Priya Quietly", "priya.private@example.com", "priyaq", "Priya Q."


@pytest.fixture
def world(db, settings):
    settings.MODERATION_PREMODERATION = "none"
    settings.MODERATION_COMMENT_RATE = None
    asker = verified(UserFactory(username=USERNAME, email=EMAIL, display_name=DISPLAY))
    letter = QuestionFactory(name=NAME, email=EMAIL, asker=asker, status="answered")
    post = PostFactory(source_question=letter, identifying_details="Acme Freight")
    reader = verified(UserFactory(username="otto", email="otto@example.com"))
    asked = services.comment_create(post=post, author=reader, body="How did it end?", notify_replies=True)
    said = services.comment_create(
        post=post,
        author=None,
        body="It ended well, thank you.",
        parent=asked,
        letter_writer=letter,
        notify_replies=True,
    )
    held = services.comment_create(
        post=post, author=None, body="Yes, it was Acme Freight.", letter_writer=letter
    )
    assert said.status == "published" and held.status == "pending"
    return {"post": post, "said": said, "held": held, "reader": reader, "asker": asker}


def assert_anonymous(text: str, where: str) -> None:
    for secret in (NAME, EMAIL, USERNAME, DISPLAY, "Priya"):
        assert secret not in text, f"{where} shows {secret!r}"


def test_the_stored_comment_holds_nothing_that_names_them(world):
    for comment in (world["said"], world["held"]):
        comment.refresh_from_db()
        assert (comment.author_id, comment.author_name, comment.author_email) == (None, "", "")
        assert (comment.ip_address, comment.user_agent) == (None, "")


def test_reader_pages_feeds_and_news(world):
    post, said = world["post"], world["said"]
    client = Client()
    client.force_login(world["reader"])
    paths = [
        post.get_absolute_url(),
        post.get_absolute_url() + "?letter_writer=1",
        said.get_absolute_url(),
        f"{post.get_absolute_url()}comments/feed/",
        f"{post.get_absolute_url()}comments/feed/atom/",
        "/comments/feed/",
        "/comments/feed/atom/",
        f"/search/comments/?q=ended&post={post.pk}",
        f"/comments/post/{post.pk}/news/?since=0",
        f"/users/{USERNAME}/",
    ]
    for path in paths:
        response = client.get(path, follow=True)
        assert response.status_code == 200, path
        text = response.content.decode()
        if path.endswith(f"/users/{USERNAME}/"):
            assert "It ended well" not in text  # their public profile lists no letter-writer comment
            continue
        assert_anonymous(text, path)


def test_moderation_pages_for_a_moderator_who_is_not_an_editor(world, moderator):
    assert not moderator.has_perm("posts.change_post")
    client = Client()
    client.force_login(moderator)
    for path in (
        "/moderation/",
        f"/moderation/comments/{world['held'].pk}/",
        f"/moderation/comments/{world['said'].pk}/",
        f"/moderation/posts/{world['post'].pk}/",
        "/moderation/log/",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert_anonymous(response.content.decode(), path)


def test_mail_about_their_reply_and_another_readers_export(world, django_capture_on_commit_callbacks):
    post, said = world["post"], world["said"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_create(post=post, author=None, body="Glad to hear!", parent=said, author_name="Wren")
    (to_letter_writer,) = mail.outbox  # a reply reaches them, privately
    assert to_letter_writer.to == [EMAIL]

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # they answer the reader again
        services.comment_create(
            post=post,
            author=None,
            body="One more thing.",
            parent=said.parent,
            letter_writer=post.source_question,
        )
    (to_reader,) = mail.outbox
    assert to_reader.to == ["otto@example.com"]
    assert "The letter writer replied" in to_reader.subject
    assert_anonymous(to_reader.subject + to_reader.body, "the reply mail")

    client = Client()
    client.force_login(world["reader"])
    assert_anonymous(client.get("/users/settings/export/").content.decode(), "another reader's export")


def test_editors_can_tell(world):
    editor = staff(verified(UserFactory(username="edith")), "Editors")
    client = Client()
    client.force_login(editor)
    letter = world["post"].source_question
    page = client.get(f"/editor/questions/{letter.pk}/").content.decode()
    assert NAME in page and EMAIL in page
    assert Comment.objects.filter(post__source_question=letter, letter_writer=True).count() == 2
