"""The settings page's notification choices decide whether an account's subscriptions mail it."""

import pytest

from accounts.models import Profile
from comments import services

pytestmark = pytest.mark.usefixtures("no_posting_guards")


@pytest.fixture
def create_and_mail(django_capture_on_commit_callbacks):
    def create(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return services.comment_create(**kwargs)

    return create


@pytest.mark.parametrize("wants_replies", [True, False])
def test_reply_mail_follows_the_accounts_reply_choice(
    post, verified_user, create_and_mail, mailoutbox, wants_replies
):
    Profile.objects.update_or_create(user=verified_user, defaults={"is_notified_of_replies": wants_replies})
    mine = create_and_mail(post=post, author=verified_user, body="Any advice?", notify_replies=True)
    create_and_mail(post=post, author=None, body="Yes: ask them.", parent=mine, author_name="Wren")
    assert [m.to for m in mailoutbox] == ([[verified_user.email]] if wants_replies else [])


@pytest.mark.parametrize("wants_follows", [True, False])
def test_follow_mail_follows_the_accounts_follow_choice(
    post, verified_user, create_and_mail, mailoutbox, wants_follows
):
    Profile.objects.update_or_create(user=verified_user, defaults={"is_notified_of_follows": wants_follows})
    services.subscription_follow(post=post, user=verified_user)
    create_and_mail(post=post, author=None, body="A new thought.", author_name="Wren")
    assert [m.to for m in mailoutbox] == ([[verified_user.email]] if wants_follows else [])


@pytest.mark.parametrize("wants_follows", [True, False])
def test_following_says_whether_mail_will_come(client, post, verified_user, wants_follows):
    Profile.objects.update_or_create(user=verified_user, defaults={"is_notified_of_follows": wants_follows})
    client.force_login(verified_user)
    page = client.post(
        f"/comments/post/{post.pk}/follow/", {"action": "follow"}, follow=True
    ).content.decode()
    assert ("You will get an e-mail for every new comment" in page) == wants_follows
    assert ("Mail for followed discussions is off in your settings" in page) != wants_follows
