"""The e-mail digest: what it holds, once per period, never twice, and the signed-out unsubscribe link."""

import itertools
import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Ignore, Profile
from comments import digests
from comments.digests import digests_send, period_start
from comments.models import Comment, encode_step
from posts.models import DigestRecord, Post, TopicFollow
from tests.factories import CategoryFactory, PostFactory, TagFactory, UserFactory

pytestmark = pytest.mark.django_db

_paths = itertools.count(1)


def _base():
    """Wednesday noon two weeks back: every moment the tests use, up to a week later, is in the past."""
    monday = period_start(frequency="weekly", now=timezone.now()) - timedelta(days=14)
    return monday + timedelta(days=2, hours=12)


@pytest.fixture
def base():
    return _base()


def reader(*, digest="daily", last_digest_at=None, verified=True):
    user = UserFactory()
    if verified:
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    Profile.objects.create(user=user, digest=digest, last_digest_at=last_digest_at)
    return user


def comment(*, post, author, at, parent=None, body="A thought.", status=Comment.Status.PUBLISHED):
    path = (parent.path if parent else "") + encode_step(next(_paths))
    return Comment.objects.create(
        post=post,
        parent=parent,
        path=path,
        depth=parent.depth + 1 if parent else 0,
        author=author,
        body=body,
        body_html=f"<p>{body}</p>",
        status=status,
        created_at=at,
    )


def run(django_capture_on_commit_callbacks, **kwargs) -> int:
    with django_capture_on_commit_callbacks(execute=True):
        return digests_send(**kwargs)


@pytest.fixture
def followed(base):
    """A daily reader who follows a tag and a category and last had a digest a day before `base`."""
    user = reader(last_digest_at=base - timedelta(days=1))
    tag, category = TagFactory(name="LinkedIn"), CategoryFactory(name="Interviewing")
    TopicFollow.objects.create(user=user, tag=tag)
    TopicFollow.objects.create(user=user, category=category)
    return user, tag, category


def test_digest_holds_new_posts_in_followed_tags_and_categories_and_replies(
    base, followed, mailoutbox, django_capture_on_commit_callbacks
):
    user, tag, category = followed
    other_category = CategoryFactory(name="Elsewhere")
    an_hour_ago = base - timedelta(hours=1)
    PostFactory(title="Tagged and new", tags=[tag], category=other_category, published_at=an_hour_ago)
    PostFactory(title="In the category and new", category=category, published_at=an_hour_ago)
    PostFactory(title="Tagged and in the category", tags=[tag], category=category, published_at=an_hour_ago)
    PostFactory(title="Not followed", tags=[TagFactory(name="Etiquette")], category=other_category)
    PostFactory(title="Tagged but before the last digest", tags=[tag], published_at=base - timedelta(days=2))
    PostFactory(title="Tagged draft", tags=[tag], status=Post.Status.DRAFT, published_at=None)
    PostFactory(
        title="Tagged but scheduled",
        tags=[tag],
        status=Post.Status.SCHEDULED,
        published_at=timezone.now() + timedelta(days=3),
    )
    discussed = PostFactory(title="Where they comment", category=other_category)
    mine = comment(post=discussed, author=user, at=base - timedelta(days=3))
    someone = UserFactory(display_name="Quinn Replier")
    comment(post=discussed, author=someone, parent=mine, at=an_hour_ago, body="I had the same recruiter.")
    comment(post=discussed, author=someone, parent=mine, at=base - timedelta(days=2), body="Old reply.")
    comment(post=discussed, author=user, parent=mine, at=an_hour_ago, body="Replying to myself.")
    comment(
        post=discussed,
        author=someone,
        parent=mine,
        at=an_hour_ago,
        body="Hidden reply.",
        status=Comment.Status.HIDDEN,
    )
    theirs = comment(post=discussed, author=someone, at=base - timedelta(days=3))
    comment(post=discussed, author=UserFactory(), parent=theirs, at=an_hour_ago, body="Not to our reader.")

    assert run(django_capture_on_commit_callbacks, frequency="daily", now=base) == 1

    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [user.email]
    assert mail.subject == "Your daily digest from Readers Write: 3 new posts and 1 reply to you"
    for title in ("Tagged and new", "In the category and new", "Tagged and in the category"):
        assert mail.body.count(title) == 1
    for absent in (
        "Not followed",
        "before the last digest",
        "Tagged draft",
        "scheduled",
        "Old reply",
        "Replying to myself",
        "Hidden reply",
        "Not to our reader",
    ):
        assert absent not in mail.body
    assert "Quinn Replier on “Where they comment”" in mail.body
    assert "I had the same recruiter." in mail.body
    assert f"/comments/{Comment.objects.get(body='I had the same recruiter.').pk}/" in mail.body
    assert "List-Unsubscribe" in mail.extra_headers
    record = DigestRecord.objects.get(user=user)
    assert (record.post_count, record.reply_count) == (3, 1)
    assert Profile.objects.get(user=user).last_digest_at == base


def test_rerun_in_the_same_period_sends_nothing(
    base, followed, mailoutbox, django_capture_on_commit_callbacks
):
    user, tag, _ = followed
    PostFactory(tags=[tag], published_at=base - timedelta(hours=1))
    assert run(django_capture_on_commit_callbacks, frequency="daily", now=base) == 1
    PostFactory(title="Later the same day", tags=[tag], published_at=base + timedelta(hours=2))

    assert run(django_capture_on_commit_callbacks, frequency="daily", now=base + timedelta(hours=3)) == 0
    assert run(django_capture_on_commit_callbacks, frequency="daily", now=base) == 0

    assert len(mailoutbox) == 1
    assert DigestRecord.objects.filter(user=user).count() == 1


def test_next_days_digest_holds_only_what_came_after_the_last_one(
    base, followed, mailoutbox, django_capture_on_commit_callbacks
):
    _, tag, _ = followed
    PostFactory(title="Monday's news", tags=[tag], published_at=base - timedelta(hours=1))
    run(django_capture_on_commit_callbacks, frequency="daily", now=base)
    PostFactory(title="Tuesday's news", tags=[tag], published_at=base + timedelta(hours=5))

    assert run(django_capture_on_commit_callbacks, frequency="daily", now=base + timedelta(days=1)) == 1

    assert len(mailoutbox) == 2
    assert "Tuesday's news" in mailoutbox[1].body
    assert "Monday's news" not in mailoutbox[1].body


def test_weekly_digest_goes_once_a_week_and_daily_runs_leave_it_alone(
    base, mailoutbox, django_capture_on_commit_callbacks
):
    tag = TagFactory(name="Networking")
    weekly = reader(digest="weekly", last_digest_at=base - timedelta(days=7))
    TopicFollow.objects.create(user=weekly, tag=tag)
    PostFactory(title="This week", tags=[tag], published_at=base - timedelta(days=1))

    assert run(django_capture_on_commit_callbacks, frequency="daily", now=base) == 0
    assert run(django_capture_on_commit_callbacks, frequency="weekly", now=base) == 1
    PostFactory(title="Friday", tags=[tag], published_at=base + timedelta(days=2))
    # Sunday evening is still the same ISO week; the next Monday is not.
    sunday = base + timedelta(days=4, hours=10)
    assert run(django_capture_on_commit_callbacks, frequency="weekly", now=sunday) == 0
    assert run(django_capture_on_commit_callbacks, frequency="weekly", now=base + timedelta(days=5)) == 1

    assert [m.subject.split(":")[0] for m in mailoutbox] == ["Your weekly digest from Readers Write"] * 2
    assert "Friday" in mailoutbox[1].body and "This week" not in mailoutbox[1].body


def test_daily_reader_is_not_in_the_weekly_run(
    base, followed, mailoutbox, django_capture_on_commit_callbacks
):
    _, tag, _ = followed
    PostFactory(tags=[tag], published_at=base - timedelta(hours=1))
    assert run(django_capture_on_commit_callbacks, frequency="weekly", now=base) == 0
    assert mailoutbox == []


def test_nothing_new_sends_no_mail_and_records_nothing(
    base, followed, mailoutbox, django_capture_on_commit_callbacks
):
    user, tag, _ = followed
    PostFactory(tags=[tag], published_at=base - timedelta(days=2))  # before the last digest

    assert run(django_capture_on_commit_callbacks, frequency="daily", now=base) == 0

    assert mailoutbox == []
    assert not DigestRecord.objects.exists()
    assert Profile.objects.get(user=user).last_digest_at == base - timedelta(days=1)


def test_first_digest_covers_one_period(base, mailoutbox, django_capture_on_commit_callbacks):
    tag = TagFactory(name="Etiquette")
    user = reader(last_digest_at=None)
    TopicFollow.objects.create(user=user, tag=tag)
    PostFactory(title="Within a day", tags=[tag], published_at=base - timedelta(hours=20))
    PostFactory(title="Long ago", tags=[tag], published_at=base - timedelta(days=30))

    run(django_capture_on_commit_callbacks, frequency="daily", now=base)

    assert "Within a day" in mailoutbox[0].body
    assert "Long ago" not in mailoutbox[0].body


@pytest.mark.parametrize("case", ["no digest", "unverified", "inactive", "no address"])
def test_readers_who_should_not_get_a_digest_do_not(
    base, mailoutbox, django_capture_on_commit_callbacks, case
):
    tag = TagFactory(name="Remote work")
    user = reader(digest="none" if case == "no digest" else "daily", verified=case != "unverified")
    if case == "inactive":
        user.is_active = False
    if case == "no address":
        user.email = ""
    user.save()
    TopicFollow.objects.create(user=user, tag=tag)
    PostFactory(tags=[tag], published_at=base - timedelta(hours=1))

    assert run(django_capture_on_commit_callbacks, frequency="daily", now=base) == 0
    assert mailoutbox == []


def test_a_crash_mid_run_does_not_send_anyone_twice(
    base, mailoutbox, django_capture_on_commit_callbacks, monkeypatch
):
    tag = TagFactory(name="Salary")
    users = [reader(last_digest_at=base - timedelta(days=1)) for _ in range(3)]
    for user in users:
        TopicFollow.objects.create(user=user, tag=tag)
    PostFactory(tags=[tag], published_at=base - timedelta(hours=1))
    real_send, calls = digests.digest_send, []

    def crash_on_the_second(**kwargs):
        calls.append(kwargs["user"].pk)
        if len(calls) == 2:
            raise RuntimeError("the machine went away")
        return real_send(**kwargs)

    monkeypatch.setattr(digests, "digest_send", crash_on_the_second)
    with pytest.raises(RuntimeError):
        run(django_capture_on_commit_callbacks, frequency="daily", now=base)
    monkeypatch.setattr(digests, "digest_send", real_send)
    assert run(django_capture_on_commit_callbacks, frequency="daily", now=base + timedelta(hours=1)) == 2

    assert sorted(address for mail in mailoutbox for address in mail.to) == sorted(u.email for u in users)


def test_digest_send_twice_for_the_same_period_records_once(
    base, followed, django_capture_on_commit_callbacks
):
    user, tag, _ = followed
    PostFactory(tags=[tag], published_at=base - timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first = digests.digest_send(user=user, frequency="daily", now=base)
        second = digests.digest_send(user=user, frequency="daily", now=base + timedelta(minutes=5))
    assert first is not None and second is None
    assert len(callbacks) == 1


def test_mail_is_skipped_when_everything_in_it_was_unpublished_since(
    base, followed, mailoutbox, django_capture_on_commit_callbacks
):
    user, tag, _ = followed
    post = PostFactory(tags=[tag], published_at=base - timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=False):
        record = digests.digest_send(user=user, frequency="daily", now=base)
    Post.objects.filter(pk=post.pk).update(status=Post.Status.DRAFT)

    assert digests.send_digest.call(record_id=record.pk) is False
    assert mailoutbox == []


def test_long_digest_lists_the_newest_and_counts_the_rest(
    base, followed, mailoutbox, django_capture_on_commit_callbacks, monkeypatch
):
    _, tag, _ = followed
    monkeypatch.setattr(digests, "DIGEST_ITEM_LIMIT", 2)
    for hour in range(1, 6):
        PostFactory(title=f"Post from {hour}h ago", tags=[tag], published_at=base - timedelta(hours=hour))

    run(django_capture_on_commit_callbacks, frequency="daily", now=base)

    body = mailoutbox[0].body
    assert "Post from 1h ago" in body and "Post from 2h ago" in body and "Post from 3h ago" not in body
    assert "…and 3 more" in body
    assert "5 new posts" in mailoutbox[0].subject


def test_command_sends_both_kinds_or_the_one_asked_for(
    mailoutbox, django_capture_on_commit_callbacks, capsys
):
    tag = TagFactory(name="Careers")
    daily, weekly = reader(digest="daily"), reader(digest="weekly")
    for user in (daily, weekly):
        TopicFollow.objects.create(user=user, tag=tag)
    PostFactory(tags=[tag], published_at=timezone.now() - timedelta(minutes=5))

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digests", "--frequency", "weekly")
    assert [m.to for m in mailoutbox] == [[weekly.email]]
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digests")
        call_command("send_digests")

    assert sorted(m.to[0] for m in mailoutbox) == sorted([daily.email, weekly.email])
    assert "daily: 0 digests queued." in capsys.readouterr().out


def test_command_refuses_an_unknown_frequency():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("send_digests", "--frequency", "hourly")


def _unsubscribe_path(mail) -> str:
    url = re.search(r"https?://\S+/digest/unsubscribe/\S+/", mail.body).group(0)
    return "/" + url.split("/", 3)[3]


def test_unsubscribe_link_works_signed_out(
    base, followed, mailoutbox, client, django_capture_on_commit_callbacks
):
    user, tag, _ = followed
    PostFactory(tags=[tag], published_at=base - timedelta(hours=1))
    run(django_capture_on_commit_callbacks, frequency="daily", now=base)
    path = _unsubscribe_path(mailoutbox[0])
    assert mailoutbox[0].extra_headers["List-Unsubscribe"].endswith(f"{path}>")

    page = client.get(path)
    assert page.status_code == 200
    assert "Stop your daily digest?" in page.content.decode()
    assert Profile.objects.get(user=user).digest == "daily"  # a link scanner's GET changes nothing

    done = client.post(path)  # as a mail client's one-click POST: no session, no CSRF token
    assert done.status_code == 200
    assert "Your digest is stopped" in done.content.decode()
    assert Profile.objects.get(user=user).digest == "none"
    assert "nothing left to stop" in client.get(path).content.decode()


@pytest.mark.parametrize("token", ["forged", "MQ:1abc:def", "x" * 3000, "nul\x00byte"])
def test_forged_unsubscribe_token_is_404_and_changes_nothing(client, token):
    user = reader()
    response = client.post(f"/digest/unsubscribe/{token}/")
    assert response.status_code == 404
    assert Profile.objects.get(user=user).digest == "daily"


def test_unsubscribe_token_of_another_purpose_is_refused(client):
    from django.core import signing

    user = reader()
    other_purpose = signing.dumps(user.pk, salt="comments.unsubscribe")
    assert client.post(f"/digest/unsubscribe/{other_purpose}/").status_code == 404
    assert Profile.objects.get(user=user).digest == "daily"


@pytest.mark.django_db(transaction=True)
def test_simultaneous_runs_send_each_digest_once(on_postgres, base, mailoutbox):
    import threading

    from django.db import connection

    tag = TagFactory(name="Offers")
    users = [reader(last_digest_at=base - timedelta(days=1)) for _ in range(5)]
    for user in users:
        TopicFollow.objects.create(user=user, tag=tag)
    PostFactory(tags=[tag], published_at=base - timedelta(hours=1))
    runners, barrier, errors = 4, threading.Barrier(4), []

    def send() -> None:
        try:
            barrier.wait(timeout=10)
            digests_send(frequency="daily", now=base)
        except BaseException as error:  # reported below; a thread cannot fail the test itself
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(runners)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert sorted(mail.to[0] for mail in mailoutbox) == sorted(user.email for user in users)
    assert DigestRecord.objects.count() == len(users)


def test_the_periods_editors_picks_are_in_every_digest_even_alone(
    base, mailoutbox, django_capture_on_commit_callbacks
):
    user = reader(last_digest_at=base - timedelta(days=1))
    post = PostFactory(title="Counteroffer or not", published_at=base - timedelta(days=5))
    writer = UserFactory(username="wren")
    picked = comment(post=post, author=writer, at=base - timedelta(days=3), body="Take the offer in writing.")
    older = comment(post=post, author=writer, at=base - timedelta(days=3), body="Picked long ago.")
    hidden = comment(post=post, author=writer, at=base - timedelta(days=3), body="Picked, then hidden.")
    Comment.objects.filter(pk=picked.pk).update(picked_at=base - timedelta(hours=2))
    Comment.objects.filter(pk=older.pk).update(picked_at=base - timedelta(days=2))
    Comment.objects.filter(pk=hidden.pk).update(
        picked_at=base - timedelta(hours=2), status=Comment.Status.HIDDEN
    )

    assert run(django_capture_on_commit_callbacks, frequency="daily", now=base) == 1
    (mail,) = mailoutbox
    assert mail.to == [user.email]
    assert mail.subject.endswith("the editor's picks")
    assert "EDITOR'S PICKS" in mail.body
    assert "Take the offer in writing." in mail.body
    assert picked.get_absolute_url() in mail.body
    assert "Picked long ago." not in mail.body and "Picked, then hidden." not in mail.body


def test_replies_from_someone_the_reader_ignores_stay_out_of_the_digest(
    base, mailoutbox, django_capture_on_commit_callbacks
):
    user = reader(last_digest_at=base - timedelta(days=1))
    post = PostFactory(published_at=base - timedelta(days=5))
    mine = comment(post=post, author=user, at=base - timedelta(days=3))
    ignored, other = UserFactory(username="ignored"), UserFactory(username="other")
    Ignore.objects.create(user=user, ignored=ignored)
    comment(post=post, author=ignored, parent=mine, at=base - timedelta(hours=1), body="From the ignored.")
    comment(post=post, author=other, parent=mine, at=base - timedelta(hours=1), body="From another.")
    assert run(django_capture_on_commit_callbacks, frequency="daily", now=base) == 1
    (mail,) = mailoutbox
    assert "From another." in mail.body and "From the ignored." not in mail.body


def test_a_reply_counts_in_the_digest_of_the_period_a_moderator_published_it_in(
    base, followed, mailoutbox, django_capture_on_commit_callbacks
):
    """Held replies reach readers when approved: the digest of that period carries them, once."""
    user, _, _ = followed
    discussed = PostFactory(title="Where they comment")
    mine = comment(post=discussed, author=user, at=base - timedelta(days=3))
    someone = UserFactory(display_name="Quinn Replier")
    approved = comment(
        post=discussed, author=someone, parent=mine, at=base - timedelta(days=2), body="Approved."
    )
    waiting = comment(
        post=discussed, author=someone, parent=mine, at=base - timedelta(hours=1), body="Not yet."
    )
    Comment.objects.filter(pk=approved.pk).update(approved_at=base - timedelta(hours=1))
    Comment.objects.filter(pk=waiting.pk).update(approved_at=base + timedelta(hours=1))

    assert run(django_capture_on_commit_callbacks, frequency="daily", now=base) == 1
    assert "Approved." in mailoutbox[0].body
    assert "Not yet." not in mailoutbox[0].body
    assert run(django_capture_on_commit_callbacks, frequency="daily", now=base + timedelta(days=1)) == 1
    assert "Not yet." in mailoutbox[1].body
    assert "Approved." not in mailoutbox[1].body


def test_an_editors_pick_by_someone_the_reader_ignores_stays_out_of_their_digest(
    base, mailoutbox, django_capture_on_commit_callbacks
):
    """Their comments send the reader no mail: not as a pick either, and not a digest for it alone."""
    user = reader(last_digest_at=base - timedelta(days=1))
    other = reader(last_digest_at=base - timedelta(days=1))
    post = PostFactory(title="Counteroffer or not", published_at=base - timedelta(days=5))
    ignored = UserFactory(username="ignored")
    Ignore.objects.create(user=user, ignored=ignored)
    picked = comment(post=post, author=ignored, at=base - timedelta(days=3), body="Picked, from the ignored.")
    Comment.objects.filter(pk=picked.pk).update(picked_at=base - timedelta(hours=2))

    assert run(django_capture_on_commit_callbacks, frequency="daily", now=base) == 1
    (mail,) = mailoutbox
    assert mail.to == [other.email]
    assert "Picked, from the ignored." in mail.body
