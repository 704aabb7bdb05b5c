"""A comment its author removed stays a placeholder: moderators cannot publish, hide or edit it again."""

import importlib

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from accounts.services import account_delete
from comments import services as comment_services
from comments.models import Comment
from moderation import services
from moderation.models import AuditEntry, Flag
from moderation.selectors import queue_comments
from tests.factories import UserFactory, verified, with_totp
from tests.moderation.conftest import make_comment

pytestmark = pytest.mark.usefixtures("no_posting_guards")


@pytest.fixture
def removed(post, reader):
    """riley's comment with a reply, which riley then deleted from the post page."""
    comment = make_comment(post, body="Something I regret saying.", author=reader)
    make_comment(post, body="A reply that keeps it in place.", parent=comment)
    client = Client()
    client.force_login(reader)
    assert client.post(f"/comments/{comment.pk}/delete/").status_code == 302
    comment.refresh_from_db()
    assert comment.status == Comment.Status.REMOVED
    post.refresh_from_db()
    assert post.comment_count == 1
    return comment


@pytest.fixture
def moderating(client, moderator):
    client.force_login(moderator)
    return client


def act(client, comment, action, **data):
    return client.post(f"/moderation/comments/{comment.pk}/{action}/", data)


def assert_still_removed(comment, post):
    comment.refresh_from_db()
    post.refresh_from_db()
    assert comment.status == Comment.Status.REMOVED and comment.body == ""
    assert post.comment_count == 1
    assert not AuditEntry.objects.filter(target_type="comment").exists()


@pytest.mark.parametrize(
    ("action", "data", "doing"),
    [
        ("approve", {}, "approved"),
        ("hide", {"reason": "off-topic"}, "hidden"),
        ("restore", {}, "restored"),
        ("spam", {}, "marked as spam"),
        ("edit", {"body": "Words the author never wrote.", "reason": "tidy"}, "edited"),
    ],
)
def test_moderators_cannot_revive_an_author_removed_comment(moderating, post, removed, action, data, doing):
    response = act(moderating, removed, action, **data)
    assert response.status_code == 302
    assert response.url == f"/moderation/comments/{removed.pk}/"
    shown = [str(message) for message in get_messages(response.wsgi_request)]
    assert shown == [f"Its author removed this comment, so it cannot be {doing}."]
    assert_still_removed(removed, post)


def test_approving_a_removed_comment_keeps_it_out_of_the_page_and_the_feed(moderating, post, removed):
    act(moderating, removed, "approve")
    page = Client().get(post.get_absolute_url()).content.decode()
    assert "[removed by its author]" in page
    feed = Client().get("/comments/feed/").content.decode()
    assert f"comment-{removed.pk}" not in feed and "A reply that keeps it in place." in feed


def test_hide_then_restore_cannot_bring_it_back(moderating, post, removed):
    act(moderating, removed, "hide", reason="spam")
    act(moderating, removed, "restore")
    assert_still_removed(removed, post)


def test_the_services_refuse_even_with_a_copy_read_before_the_delete(post, reader, moderator):
    comment = make_comment(post, body="Soon gone.", author=reader)
    make_comment(post, body="reply", parent=comment)
    stale = Comment.objects.get(pk=comment.pk)
    comment_services.comment_delete(comment=comment, user=reader)
    with pytest.raises(services.ModerationError):
        services.comment_approve(comment=stale, actor=moderator)
    with pytest.raises(comment_services.CommentNotAllowed):
        comment_services.comment_set_status(comment=stale, status=Comment.Status.PUBLISHED, actor=moderator)
    assert_still_removed(comment, post)


def test_the_comment_page_offers_no_actions_that_would_revive_it(moderating, removed):
    page = moderating.get(f"/moderation/comments/{removed.pk}/").content.decode()
    assert "Its author removed this comment" in page
    for action in ("approve", "hide", "restore", "spam", "edit"):
        assert f"/moderation/comments/{removed.pk}/{action}/" not in page
    assert f"/moderation/comments/{removed.pk}/collapse/" in page


def test_bulk_actions_refuse_a_removed_comment_and_change_nothing(moderating, post, removed):
    other = make_comment(post, body="Waiting.")
    comment_services.comment_apply_status(comment=other, status=Comment.Status.PENDING)
    response = moderating.post("/moderation/bulk/", {"action": "approve", "ids": [removed.pk, other.pk]})
    assert response.status_code == 302
    shown = [str(message) for message in get_messages(response.wsgi_request)]
    assert shown == [f"Their authors removed comment(s) {removed.pk}; untick them. Nothing was changed."]
    other.refresh_from_db()
    assert other.status == Comment.Status.PENDING
    assert_still_removed(removed, post)


def test_a_flagged_comment_its_author_removed_leaves_the_queue(moderating, post, removed, reader):
    Flag.objects.create(comment=removed, user=UserFactory(), reason=Flag.Reason.UNKIND)
    page = moderating.get("/moderation/").content.decode()
    assert f"Comment {removed.pk}" not in page


def test_an_administrator_can_still_delete_it_for_good(post, removed):
    admin = with_totp(verified(UserFactory(is_superuser=True)))
    assert services.comment_delete_for_good(comment=removed, actor=admin, reason="their request") is True
    removed.refresh_from_db()
    post.refresh_from_db()
    assert removed.status == Comment.Status.REMOVED and removed.ip_address is None
    assert post.comment_count == 1


def test_open_flags_close_when_the_author_removes_the_comment(post, reader):
    """The flagger's "Your flags" says what became of it, instead of waiting for a moderator forever."""
    comment = make_comment(post, body="Something I regret saying.", author=reader)
    make_comment(post, body="A reply that keeps it in place.", parent=comment)
    flagger = verified(UserFactory(username="flagger"))
    open_flag = Flag.objects.create(comment=comment, user=flagger, reason=Flag.Reason.UNKIND)
    declined = Flag.objects.create(
        comment=comment, user=UserFactory(), reason=Flag.Reason.SPAM, outcome=Flag.Outcome.DECLINED
    )
    elsewhere = Flag.objects.create(comment=make_comment(post), user=flagger, reason=Flag.Reason.OFF_TOPIC)

    comment_services.comment_delete(comment=comment, user=reader)

    open_flag.refresh_from_db()
    assert open_flag.outcome == Flag.Outcome.WITHDRAWN and open_flag.resolved_at is not None
    declined.refresh_from_db()
    assert declined.outcome == Flag.Outcome.DECLINED and declined.resolved_at is None
    elsewhere.refresh_from_db()
    assert elsewhere.outcome == Flag.Outcome.OPEN
    client = Client()
    client.force_login(flagger)
    page = client.get("/moderation/my-flags/").content.decode()
    assert "Its author removed the comment" in page and "Waiting for a moderator" in page


def test_the_migration_closes_flags_left_open_on_removed_comments(post, reader, removed):
    from django.apps import apps

    # The module's name starts with a digit, so it cannot be imported with `import`.
    migration = importlib.import_module("moderation.migrations.0005_flag_withdrawn")
    left_open = Flag.objects.create(comment=removed, user=UserFactory(), reason=Flag.Reason.UNKIND)
    admin = with_totp(verified(UserFactory(is_superuser=True)))
    deleted = make_comment(post, body="Named the company.")
    make_comment(post, body="reply", parent=deleted)
    services.comment_delete_for_good(comment=deleted, actor=admin, reason="identifying")
    # As the flag on a placeholder deleted for good was left before: open.
    on_deleted = Flag.objects.create(comment=deleted, user=UserFactory(), reason=Flag.Reason.IDENTIFYING)
    kept = Flag.objects.create(comment=make_comment(post), user=UserFactory(), reason=Flag.Reason.UNKIND)
    migration.close_flags_on_removed_comments(apps, None)
    for flag in (left_open, on_deleted, kept):
        flag.refresh_from_db()
    assert left_open.outcome == Flag.Outcome.WITHDRAWN and left_open.resolved_at is not None
    assert on_deleted.outcome == Flag.Outcome.UPHELD and on_deleted.resolved_at is not None
    assert kept.outcome == Flag.Outcome.OPEN


def test_deleting_an_account_with_its_comments_closes_their_open_flags(post, reader):
    comment = make_comment(post, body="Something I regret saying.", author=reader)
    make_comment(post, body="A reply that keeps it in place.", parent=comment)
    flag = Flag.objects.create(comment=comment, user=verified(UserFactory()), reason=Flag.Reason.UNKIND)
    account_delete(user=reader, keep_comments=False)
    comment.refresh_from_db()
    flag.refresh_from_db()
    assert comment.status == Comment.Status.REMOVED
    assert flag.outcome == Flag.Outcome.WITHDRAWN and flag.resolved_at is not None
    assert not queue_comments().filter(pk=comment.pk).exists()
