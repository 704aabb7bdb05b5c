"""Updates as first-class posts (issue 25, part 5): the letter writer sends an update from their status
page; the editor publishes it under the original post or as a post of its own; the two link both ways,
the original says "There is an update", its followers and commenters are told, the home page marks it,
there is an updates feed, and the original's poll result stands beside what the letter writer did."""

import pytest
from django.core import mail
from django.test import Client

from accounts.models import Profile
from comments import services as comment_services
from comments.models import Subscription
from posts.models import Post, PostUpdate, Question
from posts.polls import poll_save, poll_vote
from posts.services import post_publish, question_answer
from tests.factories import PostFactory, QuestionFactory, UserFactory, staff, verified


@pytest.fixture
def letter(db):
    return QuestionFactory(name="Priya", email="priya@example.com", status="answered")


@pytest.fixture
def original(letter):
    return PostFactory(source_question=letter, title="My manager reads my messages")


@pytest.fixture
def editor_client(db):
    client = Client()
    client.force_login(staff(verified(UserFactory(username="edith")), "Editors"))
    return client


def send_update(client, letter, body="I changed teams, and it is much better.") -> Question:
    response = client.post(f"/ask/status/{letter.token}/update/", {"body": body})
    assert response.status_code == 302
    return Question.objects.get(update_of=letter)


def test_the_letter_writer_sends_an_update_that_reaches_the_inbox_linked_to_the_original(
    client, letter, original, editor_client
):
    page = client.get(letter.get_absolute_url()).content.decode()
    assert "Send the editors an update" in page
    update = send_update(client, letter)
    assert (update.title, update.email, update.status) == (
        f"Update: {letter.title}",
        letter.email,
        "received",
    )
    assert "Sent " in client.get(letter.get_absolute_url()).content.decode()
    inbox_page = editor_client.get(f"/editor/questions/{update.pk}/").content.decode()
    assert f'href="/editor/questions/{letter.pk}/">{letter.title}</a>' in inbox_page
    assert "Publish as an update on the post" in inbox_page


@pytest.mark.parametrize("body", ["", "   ", "a\x00b", "x" * 20_001])
def test_a_bad_update_is_a_form_error_and_sends_nothing(client, letter, original, body):
    response = client.post(f"/ask/status/{letter.token}/update/", {"body": body})
    assert response.status_code == 400
    assert not Question.objects.filter(update_of=letter).exists()


def test_no_update_before_the_post_is_published(client, db):
    letter = QuestionFactory()
    PostFactory(source_question=letter, status="draft", published_at=None)
    assert client.post(f"/ask/status/{letter.token}/update/", {"body": "Hello"}).status_code == 404


def test_published_under_the_post_it_closes_the_poll_and_tells_followers_and_commenters(
    client, letter, original, editor_client, settings, django_capture_on_commit_callbacks
):
    settings.MODERATION_PREMODERATION = "none"
    poll = poll_save(post=original, question="", options=["Quit", "Change teams"])
    for number in range(3):
        poll_vote(poll=poll, option_id=poll.options.get(label="Change teams").pk, voter=f"v{number}")
    follower = verified(UserFactory(username="fola", email="fola@example.com"))
    Subscription.objects.create(kind=Subscription.Kind.POST, post=original, user=follower)
    commenter = verified(UserFactory(username="cato", email="cato@example.com"))
    comment_services.comment_create(post=original, author=commenter, body="Good luck!")
    quiet = verified(UserFactory(username="quinn", email="quinn@example.com"))
    Profile.objects.update_or_create(user=quiet, defaults={"is_notified_of_updates": False})
    comment_services.comment_create(post=original, author=quiet, body="Me too.")
    update = send_update(client, letter)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            f"/editor/questions/{update.pk}/publish-update/", {"body": "They changed teams. It went well."}
        )
    assert response.status_code == 302 and response["Location"].endswith("#updates")
    note = PostUpdate.objects.get(post=original)
    assert note.source_question == update
    update.refresh_from_db()
    assert update.status == "answered"
    poll.refresh_from_db()
    assert poll.is_closed

    page = Client().get(original.get_absolute_url()).content.decode()
    assert "<strong>There is an update.</strong>" in page
    assert "Update from the letter writer" in page and "They changed teams. It went well." in page
    assert "100% of 3 said <strong>Change teams</strong>" in page
    assert sorted(message.to[0] for message in mail.outbox) == ["cato@example.com", "fola@example.com"]
    assert "the letter writer sent an update" in mail.outbox[0].subject

    again = editor_client.post(
        f"/editor/questions/{update.pk}/publish-update/", {"body": "Twice"}, follow=True
    )
    assert "This update is published already." in again.content.decode()
    assert PostUpdate.objects.filter(post=original).count() == 1


def test_published_as_its_own_post_the_two_link_both_ways(
    client, letter, original, editor_client, django_capture_on_commit_callbacks
):
    update = send_update(client, letter)
    editor = staff(verified(UserFactory(username="ed2")), "Editors")
    follow_up = question_answer(question=update, editor=editor)
    assert follow_up.follow_up_of == original
    follow_up.answer, follow_up.category = "It went well.", original.category
    follow_up.save()
    with django_capture_on_commit_callbacks(execute=True):
        post_publish(post=follow_up)

    page = Client().get(original.get_absolute_url()).content.decode()
    assert "<strong>There is an update.</strong>" in page
    assert f'href="{follow_up.get_absolute_url()}"' in page
    own = Client().get(follow_up.get_absolute_url()).content.decode()
    assert f'An update from the letter writer of “<a href="{original.get_absolute_url()}">' in own


def test_the_home_page_marks_updated_posts_and_the_feed_lists_updates(
    client, letter, original, editor_client
):
    plain = PostFactory(title="Nothing new here")
    update = send_update(client, letter)
    editor_client.post(f"/editor/questions/{update.pk}/publish-update/", {"body": "All better now."})
    home = client.get("/").content.decode()
    assert f'href="{original.get_absolute_url()}#updates">Updated</a>' in home
    assert f'href="{plain.get_absolute_url()}#updates"' not in home
    feed = client.get("/feed/updates/").content.decode()
    assert f"Update: {original.title}" in feed and "All better now." in feed
    assert client.get("/feed/updates/atom/").status_code == 200


def test_updates_never_name_the_letter_writer(client, letter, original, editor_client):
    update = send_update(client, letter)
    editor_client.post(f"/editor/questions/{update.pk}/publish-update/", {"body": "All better now."})
    for path in (original.get_absolute_url(), "/", "/feed/updates/", "/feed/"):
        text = client.get(path).content.decode()
        assert "priya@example.com" not in text and ">Priya<" not in text


def test_only_editors_publish_updates(client, letter, original, moderator):
    update = send_update(client, letter)
    client.force_login(moderator)
    response = client.post(f"/editor/questions/{update.pk}/publish-update/", {"body": "Sneaky"})
    assert response.status_code in (302, 403)
    assert not PostUpdate.objects.exists()
    assert Post.objects.count() == 1
