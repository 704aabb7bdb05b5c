import pytest
from django.core import signing
from django.test import Client

from comments import services
from comments.models import Subscription
from comments.tasks import UNSUBSCRIBE_SALT

pytestmark = pytest.mark.usefixtures("no_posting_guards")


@pytest.fixture
def mail_after_commit(django_capture_on_commit_callbacks):
    def create(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return services.comment_create(**kwargs)

    return create


def unsubscribe_path(message) -> str:
    line = next(line for line in message.body.splitlines() if "/comments/unsubscribe/" in line)
    return line[line.index("/comments/unsubscribe/") :]


def test_account_author_gets_an_email_when_someone_replies(
    post, verified_user, mail_after_commit, mailoutbox
):
    mine = mail_after_commit(post=post, author=verified_user, body="Question?", notify_replies=True)
    assert mailoutbox == []
    mail_after_commit(post=post, author=None, body="An answer!", parent=mine, author_name="Wren")
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [verified_user.email]
    assert "Wren replied to your comment" in message.subject
    assert "An answer!" in message.body
    assert f"/comments/{mine.pk + 1}/" in message.body  # the reply's permalink
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_notify_replies_is_on_by_default_for_accounts_and_off_for_anonymous(client, post, verified_user):
    html = client.get(post.get_absolute_url()).content.decode()
    assert '<input type="checkbox" name="notify_replies" id="id_notify_replies">' in html
    client.force_login(verified_user)
    html = client.get(post.get_absolute_url()).content.decode()
    assert 'name="notify_replies" id="id_notify_replies" checked' in html


def test_anonymous_commenter_with_email_can_opt_in(client, post, mail_after_commit, mailoutbox):
    client.post(
        f"/comments/post/{post.pk}/",
        {"body": "Anyone?", "author_email": "wren@example.com", "notify_replies": "on"},
    )
    subscription = Subscription.objects.get()
    assert (subscription.email, subscription.user) == ("wren@example.com", None)
    mail_after_commit(post=post, author=None, body="Me!", parent=subscription.comment)
    assert [m.to for m in mailoutbox] == [["wren@example.com"]]


def test_no_mail_to_yourself_and_one_mail_per_person(post, verified_user, mail_after_commit, mailoutbox):
    mine = mail_after_commit(
        post=post, author=verified_user, body="Hi", notify_replies=True, follow_post=True
    )
    mail_after_commit(post=post, author=verified_user, body="Replying to myself", parent=mine)
    assert mailoutbox == []
    mail_after_commit(post=post, author=None, body="Someone else", parent=mine)
    assert len(mailoutbox) == 1 and "replied to your comment" in mailoutbox[0].subject


def test_followers_get_every_new_comment(client, post, verified_user, mail_after_commit, mailoutbox):
    client.force_login(verified_user)
    client.post(f"/comments/post/{post.pk}/follow/", {"action": "follow"})
    mail_after_commit(post=post, author=None, body="First!")
    mail_after_commit(post=post, author=None, body="Second!")
    assert len(mailoutbox) == 2
    assert all("New comment" in m.subject for m in mailoutbox)
    client.post(f"/comments/post/{post.pk}/follow/", {"action": "unfollow"})
    mail_after_commit(post=post, author=None, body="Third!")
    assert len(mailoutbox) == 2


def test_follow_button_shows_the_current_state(client, post, verified_user):
    client.force_login(verified_user)
    assert "Follow this discussion by e-mail" in client.get(post.get_absolute_url()).content.decode()
    services.subscription_follow(post=post, user=verified_user)
    assert "Stop following this discussion" in client.get(post.get_absolute_url()).content.decode()


def test_following_needs_an_account(client, post):
    response = client.post(f"/comments/post/{post.pk}/follow/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Subscription.objects.exists()


def test_unsubscribe_link_works_signed_out(post, verified_user, mail_after_commit, mailoutbox):
    mine = mail_after_commit(post=post, author=verified_user, body="Hi", notify_replies=True)
    mail_after_commit(post=post, author=None, body="Reply", parent=mine)
    path = unsubscribe_path(mailoutbox[0])
    signed_out = Client(enforce_csrf_checks=True)
    confirm = signed_out.get(path)
    assert confirm.status_code == 200 and "Stop these e-mails?" in confirm.content.decode()
    # One click, as mail clients do it (RFC 8058): a POST with no session and no CSRF token.
    done = signed_out.post(path, {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200 and "You are unsubscribed" in done.content.decode()
    assert not Subscription.objects.exists()
    mail_after_commit(post=post, author=None, body="Another reply", parent=mine)
    assert len(mailoutbox) == 1
    assert "already unsubscribed" in signed_out.get(path).content.decode()


@pytest.mark.parametrize(
    "token",
    [
        "garbage",
        signing.dumps(1, salt="some.other.salt"),
        signing.dumps("1", salt=UNSUBSCRIBE_SALT),
        "x" * 500,
    ],
    # Signed tokens carry a timestamp: stable ids let every pytest-xdist worker collect the same tests.
    ids=["garbage", "other-salt", "string-not-id", "overlong"],
)
def test_forged_unsubscribe_tokens_are_refused(client, post, verified_user, token):
    services.comment_create(post=post, author=verified_user, body="Hi", notify_replies=True)
    assert client.get(f"/comments/unsubscribe/{token}/").status_code == 404
    assert client.post(f"/comments/unsubscribe/{token}/").status_code == 404
    assert Subscription.objects.count() == 1


def test_mail_for_a_comment_hidden_before_the_task_ran_is_not_sent(post, verified_user, mailoutbox):
    from comments.models import Comment
    from comments.tasks import send_comment_notifications

    mine = services.comment_create(post=post, author=verified_user, body="Hi", notify_replies=True)
    reply = services.comment_create(post=post, author=None, body="spam", parent=mine)
    Comment.objects.filter(pk=reply.pk).update(status=Comment.Status.HIDDEN)
    assert send_comment_notifications.call(comment_id=reply.pk) == 0
    assert mailoutbox == []
