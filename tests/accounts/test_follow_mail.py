"""Following a discussion mails every new comment, for accounts made through sign-up too."""

import importlib
import re

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.urls import reverse

from accounts.models import Profile, User
from comments import services as comment_services
from tests.factories import PostFactory, UserFactory, sign_up

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_posting_guards")]

FOLLOW_LABEL = "E-mail me every new comment on discussions I follow"


def signed_up_reader(client, django_capture_on_commit_callbacks) -> User:
    """An account made by the sign-up form (its Profile comes from the account adapter), signed in."""
    sign_up(client, django_capture_on_commit_callbacks)
    user = User.objects.get(username="newreader")
    EmailAddress.objects.filter(user=user).update(verified=True)
    client.force_login(user)
    return user


def test_a_signed_up_reader_who_follows_a_post_gets_its_new_comments(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    post = PostFactory()
    user = signed_up_reader(client, django_capture_on_commit_callbacks)
    assert Profile.objects.get(user=user).is_notified_of_follows is True
    response = client.post(reverse("comments:post_follow", kwargs={"post_id": post.pk}), {"action": "follow"})
    assert response.status_code == 302
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        comment_services.comment_create(post=post, author=None, body="A new thought.", author_name="Wren")
    assert [message.to for message in mailoutbox] == [["new@example.com"]]


def test_the_settings_page_names_what_the_follow_box_does_and_has_it_ticked(
    client, django_capture_on_commit_callbacks
):
    signed_up_reader(client, django_capture_on_commit_callbacks)
    html = client.get(reverse("accounts:profile_settings")).content.decode()
    assert FOLLOW_LABEL in html
    box = re.search(r'<input[^>]*name="is_notified_of_follows"[^>]*>', html).group()
    assert " checked" in box
    assert 'id="id_is_notified_of_follows_helptext"' in html  # the box's aria-describedby target


def test_unticking_the_box_still_stops_follow_mail(client, mailoutbox, django_capture_on_commit_callbacks):
    post = PostFactory()
    user = signed_up_reader(client, django_capture_on_commit_callbacks)
    comment_services.subscription_follow(post=post, user=user)
    data = {"display_name": "", "digest": "none", "is_notified_of_replies": "on"}
    assert client.post(reverse("accounts:profile_settings"), data).status_code == 302
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        comment_services.comment_create(post=post, author=None, body="A new thought.")
    assert mailoutbox == []


def test_the_migration_turns_follow_mail_on_for_existing_profiles():
    migration = importlib.import_module("accounts.migrations.0003_follow_mail_on_by_default")
    quiet = Profile.objects.create(user=UserFactory(), is_notified_of_follows=False)
    migration.follow_mail_on_for_everyone(apps, None)
    quiet.refresh_from_db()
    assert quiet.is_notified_of_follows is True
