from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comments import services
from comments.models import Comment
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.usefixtures("no_posting_guards")


def create(post, body="text", parent=None, **kwargs):
    return services.comment_create(
        post=post, author=kwargs.pop("author", None), body=body, parent=parent, **kwargs
    )


def thread_bodies(post):
    return list(Comment.objects.filter(post=post).order_by("path").values_list("body", flat=True))


def test_interleaved_replies_keep_thread_order(post):
    first = create(post, "1")
    second = create(post, "2")
    create(post, "1.1", first)
    create(post, "2.1", second)
    one_two = create(post, "1.2", first)
    create(post, "3")
    create(post, "1.2.1", one_two)
    create(post, "1.3", first)
    create(post, "2.2", second)
    assert thread_bodies(post) == ["1", "1.1", "1.2", "1.2.1", "1.3", "2", "2.1", "2.2", "3"]


def test_reply_gets_parents_path_plus_one_step_and_depth(post):
    top = create(post, "top")
    reply = create(post, "reply", parent=top)
    deeper = create(post, "deeper", parent=reply)
    assert (top.path, top.depth) == ("0001", 0)
    assert (reply.path, reply.depth) == ("00010001", 1)
    assert (deeper.path, deeper.depth) == ("000100010001", 2)


def test_step_count_continues_after_the_last_child_was_deleted(post, verified_user):
    top = create(post)
    create(post, "first reply", parent=top)
    last = create(post, "second reply", parent=top, author=verified_user)
    services.comment_delete(comment=last, user=verified_user)
    again = create(post, "second reply, take two", parent=top)
    assert again.path == "00010002"


def test_comment_count_follows_creates_deletes_and_moderation(post, verified_user):
    moderator = UserFactory(is_superuser=True, second_factor=True)
    top = create(post, "top")
    reply = create(post, "reply", parent=top, author=verified_user)
    post.refresh_from_db()
    assert post.comment_count == 2
    services.comment_set_status(comment=top, status=Comment.Status.HIDDEN, actor=moderator)
    services.comment_delete(comment=reply, user=verified_user)
    post.refresh_from_db()
    assert post.comment_count == 0
    services.comment_set_status(comment=top, status=Comment.Status.PUBLISHED, actor=moderator)
    post.refresh_from_db()
    assert post.comment_count == 1


def test_only_moderators_change_status(post, verified_user):
    comment = create(post)
    with pytest.raises(PermissionDenied):
        services.comment_set_status(comment=comment, status=Comment.Status.HIDDEN, actor=verified_user)


def test_reply_to_a_comment_on_another_post_is_refused(post):
    elsewhere = create(PostFactory())
    with pytest.raises(services.InvalidParent, match="not part of this discussion"):
        create(post, parent=elsewhere)


@pytest.mark.parametrize("status", [Comment.Status.HIDDEN, Comment.Status.REMOVED, Comment.Status.PENDING])
def test_reply_to_a_comment_that_is_not_published_is_refused(post, status):
    parent = create(post, "parent")
    Comment.objects.filter(pk=parent.pk).update(status=status)
    parent.refresh_from_db()
    with pytest.raises(services.InvalidParent, match="no longer open"):
        create(post, "reply", parent=parent)


def test_closed_post_refuses_a_comment(post):
    post.is_comments_closed = True
    post.save()
    with pytest.raises(services.CommentsClosed, match="Comments are closed"):
        create(post)
    assert not Comment.objects.exists()


def test_comments_close_automatically_after_the_setting_days(db, settings):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 30
    old = PostFactory(published_at=timezone.now() - timedelta(days=31))
    fresh = PostFactory(published_at=timezone.now() - timedelta(days=29))
    assert services.comments_are_closed(old)
    assert not services.comments_are_closed(fresh)


def test_anonymous_comments_can_be_turned_off(post, settings):
    settings.COMMENTS_ALLOW_ANONYMOUS = False
    with pytest.raises(services.CommentNotAllowed, match="Sign in"):
        create(post)


def test_account_without_verified_email_cannot_comment(post):
    with pytest.raises(services.CommentNotAllowed, match="Verify your e-mail"):
        create(post, author=UserFactory())


def test_same_form_token_stores_one_comment(post):
    first = create(post, "twice", submit_token="t" * 32)
    second = create(post, "twice", submit_token="t" * 32)
    assert first.pk == second.pk
    assert Comment.objects.count() == 1


def test_form_token_from_another_post_is_refused(post):
    create(PostFactory(), submit_token="u" * 32)
    with pytest.raises(services.CommentError, match="already used"):
        create(post, submit_token="u" * 32)


def test_same_text_from_same_author_without_token_is_one_comment(post, verified_user):
    first = create(post, "again", author=verified_user)
    assert create(post, "again", author=verified_user).pk == first.pk
    assert create(post, "something else", author=verified_user).pk != first.pk


def test_same_text_from_different_anonymous_readers_is_two_comments(post):
    first = create(post, "+1", ip_address="192.0.2.1")
    assert create(post, "+1", ip_address="192.0.2.2").pk != first.pk


def test_account_comments_do_not_store_a_typed_name_or_email(post, verified_user):
    comment = create(post, author=verified_user, author_name="Fake", author_email="x@example.com")
    assert (comment.author_name, comment.author_email) == ("", "")


def test_delete_without_replies_removes_the_row(post, verified_user):
    comment = create(post, author=verified_user)
    assert services.comment_delete(comment=comment, user=verified_user) is False
    assert not Comment.objects.filter(pk=comment.pk).exists()


def test_delete_with_replies_leaves_an_empty_placeholder(post, verified_user):
    comment = create(post, "my words", author=verified_user)
    create(post, "an answer", parent=comment)
    assert services.comment_delete(comment=comment, user=verified_user) is True
    comment.refresh_from_db()
    assert (comment.status, comment.body, comment.body_html) == (Comment.Status.REMOVED, "", "")


def test_edit_and_delete_are_refused_after_the_window(post, verified_user, settings):
    settings.COMMENTS_EDIT_WINDOW_MINUTES = 15
    comment = create(post, author=verified_user)
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(minutes=16))
    comment.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.comment_edit(comment=comment, user=verified_user, body="late")
    with pytest.raises(PermissionDenied):
        services.comment_delete(comment=comment, user=verified_user)


def test_edit_by_someone_else_is_refused(post, verified_user):
    comment = create(post, author=verified_user)
    with pytest.raises(PermissionDenied):
        services.comment_edit(comment=comment, user=UserFactory(), body="mine now")


def test_edit_rerenders_and_marks_edited(post, verified_user):
    comment = create(post, "plain", author=verified_user)
    services.comment_edit(comment=comment, user=verified_user, body="**bold**")
    comment.refresh_from_db()
    assert comment.body_html == "<p><strong>bold</strong></p>\n"
    assert comment.edited_at is not None


def test_forget_ip_addresses_clears_only_old_ones_and_their_browser_names(post):
    old = create(post, "old", ip_address="192.0.2.1", user_agent="Firefox/140.0")
    new = create(post, "new", ip_address="192.0.2.2", user_agent="Safari/19.0")
    Comment.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=91))
    assert services.comment_forget_ip_addresses(older_than_days=90) == 1
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.ip_address, old.user_agent) == (None, "")
    assert (new.ip_address, new.user_agent) == ("192.0.2.2", "Safari/19.0")


def test_post_comments_close_needs_editor_or_moderator(post, verified_user):
    with pytest.raises(PermissionDenied):
        services.post_comments_close(post=post, closed=True, actor=verified_user)
    admin = UserFactory(is_superuser=True, second_factor=True)
    services.post_comments_close(post=post, closed=True, actor=admin)
    post.refresh_from_db()
    assert post.is_comments_closed


def test_purge_comment_ips_command_uses_the_retention_setting(post, settings, capsys):
    from django.core.management import call_command

    settings.COMMENTS_IP_RETENTION_DAYS = 10
    old = create(post, "old", ip_address="2001:db8::1")
    Comment.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=11))
    call_command("purge_comment_ips")
    assert "Cleared 1 IP address." in capsys.readouterr().out
    old.refresh_from_db()
    assert old.ip_address is None


def test_an_account_deactivated_or_unverified_since_the_page_was_read_is_refused_under_the_lock(
    post, verified_user
):
    from allauth.account.models import EmailAddress

    type(verified_user).objects.filter(pk=verified_user.pk).update(is_active=False)
    with pytest.raises(services.CommentNotAllowed, match="can no longer comment"):
        create(post, author=verified_user)
    type(verified_user).objects.filter(pk=verified_user.pk).update(is_active=True)
    EmailAddress.objects.filter(user=verified_user).update(verified=False)
    with pytest.raises(services.CommentNotAllowed, match="Verify your e-mail address"):
        create(post, author=verified_user)
    assert not Comment.objects.filter(post=post).exists()


# The reply path reads the post under its lock, then the parent and the account again.


def test_a_reply_to_a_parent_deleted_since_the_form_was_read_is_refused_not_an_error(post):
    parent = create(post, "parent")
    Comment.objects.filter(pk=parent.pk).delete()  # `parent` is now a stale object
    with pytest.raises(services.InvalidParent, match="no longer open"):
        create(post, "reply", parent=parent)
    assert not Comment.objects.exists()


def test_a_parent_hidden_since_the_form_was_read_is_refused_under_the_lock(post):
    parent = create(post, "parent")
    Comment.objects.filter(pk=parent.pk).update(status=Comment.Status.HIDDEN)  # `parent` still says published
    with pytest.raises(services.InvalidParent, match="no longer open"):
        create(post, "reply", parent=parent)


def test_the_locked_read_sees_dates_as_the_orm_does(db, settings):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 30
    old = PostFactory(published_at=timezone.now() - timedelta(days=31))
    with pytest.raises(services.CommentsClosed):
        create(old)
    scheduled = PostFactory(published_at=timezone.now() + timedelta(hours=1))
    with pytest.raises(services.CommentNotAllowed, match="open when the post is published"):
        create(scheduled)
    fresh = PostFactory(published_at=timezone.now() - timedelta(days=29))
    # An object read long ago (closed, or never published) is re-read under the lock.
    stale = type(fresh).objects.get(pk=fresh.pk)
    stale.is_comments_closed, stale.published_at = True, None
    assert create(stale).status == Comment.Status.PUBLISHED
    assert stale.is_comments_closed is False and stale.published_at == fresh.published_at


def test_a_resubmission_is_the_same_text_parent_author_and_address_within_the_window(post, verified_user):
    top = create(post, "top")
    first = create(post, "+1", ip_address="192.0.2.1", author_name="Ash")
    assert create(post, "+1", ip_address="192.0.2.1", author_name="Ash").pk == first.pk
    assert create(post, "+1", ip_address="192.0.2.1", author_name="Birch").pk != first.pk
    without_address = create(post, "+1", author_name="Ash")
    assert without_address.pk != first.pk  # no address is not the same address
    assert create(post, "+1", author_name="Ash").pk == without_address.pk
    assert create(post, "+1", parent=top, ip_address="192.0.2.1", author_name="Ash").pk != first.pk
    assert create(post, "+1", author=verified_user).pk != first.pk
    Comment.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(minutes=3))
    assert create(post, "+1", ip_address="192.0.2.1", author_name="Ash").pk != first.pk


def test_a_resubmission_by_form_token_comes_back_whole(post):
    first = create(post, "twice", submit_token="v" * 32, author_name="Ash", ip_address="2001:db8::7")
    again = create(post, "twice", submit_token="v" * 32, author_name="Ash", ip_address="2001:db8::7")
    assert (again.pk, again.body, again.author_name, again.ip_address) == (
        first.pk,
        "twice",
        "Ash",
        "2001:db8::7",
    )


def _statements_of_a_reply(post, parent):
    with CaptureQueriesContext(connection) as queries:
        create(post, f"A reply under {parent.pk}", parent=parent)
    statements = [query["sql"].split()[:3] for query in queries.captured_queries]
    return [words for words in statements if words[0] in {"INSERT", "UPDATE", "DELETE"}], len(statements)


def test_a_reply_writes_the_same_rows_and_runs_as_many_statements_in_a_short_and_a_long_thread(post):
    short_parent = create(post, "the only comment")
    long_post = PostFactory()
    parent = None
    for depth in range(14):  # past the display cap, with siblings at every level
        create(long_post, f"sibling at {depth}", parent=parent)
        parent = create(long_post, f"level {depth}", parent=parent)
    short = _statements_of_a_reply(post, short_parent)
    long = _statements_of_a_reply(long_post, parent)
    assert short == long
    writes, _count = short
    assert [words[:3] for words in writes] == [
        ["INSERT", "INTO", '"comments_comment"'],
        ["UPDATE", '"posts_post"', "SET"],
        ["UPDATE", '"comments_comment"', "SET"],  # the thread's reply count and version
    ]
