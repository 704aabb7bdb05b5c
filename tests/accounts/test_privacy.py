import json

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.urls import reverse

from accounts.models import Profile, User
from accounts.services import FORMER_READER, account_delete
from comments.models import Comment, Subscription
from posts.models import Question
from tests.factories import PostFactory, QuestionFactory, UserFactory, verified

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"
DELETE_URL = reverse("accounts:account_delete")


@pytest.fixture
def person(db):
    user = verified(UserFactory(username="riley", email="riley@example.com", display_name="Riley Reader"))
    Profile.objects.create(user=user, bio="Bio of Riley", website="https://riley.example/")
    return user


@pytest.fixture
def history(person, make_comment):
    """Riley's footprint: a comment others answered, a lone comment, a question, a follow."""
    post = PostFactory(title="Ghosted after the interview")
    answered = make_comment(
        post=post, author=person, body="Riley's answered comment", author_email="riley@example.com",
        ip_address="203.0.113.7",
    )  # fmt: skip
    reply = make_comment(post=post, author=UserFactory(), parent=answered, body="Someone's reply")
    lone = make_comment(post=post, author=person, body="Riley's lone comment", ip_address="203.0.113.7")
    post.comment_count = 3
    post.save(update_fields=["comment_count"])
    asked = QuestionFactory(asker=person, name="Riley", email="riley@example.com", title="My boss and I")
    emailed = QuestionFactory(name="R.", email="RILEY@example.com", title="Sent while signed out")
    Subscription.objects.create(kind=Subscription.Kind.POST, post=post, user=person)
    return {
        "post": post,
        "answered": answered,
        "reply": reply,
        "lone": lone,
        "asked": asked,
        "emailed": emailed,
    }


def test_export_needs_sign_in(client):
    response = client.get(reverse("accounts:data_export"))
    assert response.status_code == 302


def test_export_is_a_json_file_of_profile_comments_questions_and_subscriptions(client, person, history):
    client.force_login(person)
    response = client.get(reverse("accounts:data_export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="readers-write-riley-')
    data = json.loads(response.content)
    assert data["account"]["username"] == "riley"
    assert data["account"]["email_addresses"] == [
        {"email": "riley@example.com", "verified": True, "primary": True}
    ]
    assert data["profile"]["bio"] == "Bio of Riley"
    assert [c["body"] for c in data["comments"]] == ["Riley's answered comment", "Riley's lone comment"]
    assert data["comments"][0]["url"].endswith(f"/comments/{history['answered'].pk}/")
    # Also the question sent signed out from their (verified) address, which deleting the account erases.
    assert [q["title"] for q in data["questions"]] == ["My boss and I", "Sent while signed out"]
    assert [s["post"] for s in data["subscriptions"]] == ["Ghosted after the interview"]
    assert "Someone's reply" not in response.content.decode()


def test_export_contains_only_the_signed_in_persons_data(client, person, history):
    other = UserFactory()
    client.force_login(other)
    data = json.loads(client.get(reverse("accounts:data_export")).content)
    assert data["comments"] == [] and data["questions"] == [] and data["subscriptions"] == []


def assert_no_personal_data_left(user_pk: int) -> None:
    assert not User.objects.filter(pk=user_pk).exists()
    assert not Profile.objects.filter(user_id=user_pk).exists()
    assert not EmailAddress.objects.filter(email__iexact="riley@example.com").exists()
    assert not SocialAccount.objects.filter(user_id=user_pk).exists()
    assert not Subscription.objects.filter(user_id=user_pk).exists()
    assert not Comment.objects.filter(author_id=user_pk).exists()
    assert not Comment.objects.filter(author_email__iexact="riley@example.com").exists()
    assert not Comment.objects.filter(ip_address="203.0.113.7").exists()
    assert not Question.objects.filter(email__iexact="riley@example.com").exists()
    assert not Question.objects.filter(asker_id=user_pk).exists()
    assert not Question.objects.filter(name__in=["Riley", "R."]).exists()


def test_delete_keeping_comments_shows_them_as_former_reader(person, history):
    pk = person.pk
    account_delete(user=person, keep_comments=True)
    assert_no_personal_data_left(pk)
    for key in ("answered", "lone"):
        comment = Comment.objects.get(pk=history[key].pk)
        assert comment.author_id is None
        assert comment.author_name == FORMER_READER
        assert comment.display_name == FORMER_READER
        assert comment.status == Comment.Status.PUBLISHED
    history["post"].refresh_from_db()
    assert history["post"].comment_count == 3
    # The questions stay for the editors, without anyone's contact details.
    assert Question.objects.get(pk=history["asked"].pk).title == "My boss and I"


def test_delete_removing_comments_leaves_placeholders_only_where_others_replied(person, history):
    pk = person.pk
    account_delete(user=person, keep_comments=False)
    assert_no_personal_data_left(pk)
    assert not Comment.objects.filter(pk=history["lone"].pk).exists()
    placeholder = Comment.objects.get(pk=history["answered"].pk)
    assert placeholder.status == Comment.Status.REMOVED
    assert placeholder.body == placeholder.body_html == ""
    assert placeholder.author_name == ""
    assert Comment.objects.get(pk=history["reply"].pk).body == "Someone's reply"
    history["post"].refresh_from_db()
    assert history["post"].comment_count == 1


def test_delete_removes_a_chain_of_own_replies_entirely(person, make_comment):
    post = PostFactory()
    first = make_comment(post=post, author=person)
    make_comment(post=post, author=person, parent=first)
    account_delete(user=person, keep_comments=False)
    assert not Comment.objects.filter(post=post).exists()


def test_delete_page_asks_the_choice_and_confirmation(client, person):
    client.force_login(person)
    response = client.get(DELETE_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert 'value="keep"' in html and 'value="remove"' in html


def test_delete_needs_reauthentication_then_does_what_was_chosen(client, person, history):
    client.force_login(person)
    response = client.post(DELETE_URL, {"comments": "keep", "confirm": "on"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert User.objects.filter(pk=person.pk).exists()

    response = client.post(response["Location"], {"password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert_no_personal_data_left(person.pk)
    assert Comment.objects.get(pk=history["lone"].pk).author_name == FORMER_READER
    assert "_auth_user_id" not in client.session


def test_delete_refuses_a_wrong_password(client, person):
    client.force_login(person)
    response = client.post(DELETE_URL, {"comments": "remove", "confirm": "on"})
    response = client.post(response["Location"], {"password": "wrong"})
    assert response.status_code == 200
    assert User.objects.filter(pk=person.pk).exists()


@pytest.mark.parametrize("data", [{}, {"comments": "keep"}, {"comments": "everything", "confirm": "on"}])
def test_delete_with_incomplete_answers_is_a_form_error(client, person, data):
    client.force_login(person)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    response = client.post(DELETE_URL, data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert User.objects.filter(pk=person.pk).exists()


def test_delete_needs_sign_in(client):
    response = client.post(DELETE_URL, {"comments": "keep", "confirm": "on"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_export_lists_followed_tags_and_categories(client, person):
    from posts.models import TopicFollow
    from tests.factories import CategoryFactory, TagFactory

    TopicFollow.objects.create(user=person, tag=TagFactory(name="LinkedIn", slug="linkedin"))
    TopicFollow.objects.create(user=person, category=CategoryFactory(name="Etiquette", slug="etiquette"))
    client.force_login(person)
    data = json.loads(client.get(reverse("accounts:data_export")).content)
    assert [(f["kind"], f["name"]) for f in data["followed_topics"]] == [
        ("tag", "LinkedIn"),
        ("category", "Etiquette"),
    ]
