"""Editor's picks: an editor marks comments; they are listed at the top of the discussion and badged on
the comment, their author is told, and only editors may pick."""

from urllib.parse import urlsplit

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comments import services
from comments.models import Comment, Subscription
from tests.factories import UserFactory, staff, verified

pytestmark = pytest.mark.usefixtures("no_posting_guards")


@pytest.fixture
def writer(db):
    return verified(UserFactory(username="wren", display_name="Wren"))


@pytest.fixture
def comment(post, writer):
    return services.comment_create(
        post=post, author=writer, body="Ask for the offer in writing, then decide."
    )


def pick_url(comment: Comment) -> str:
    return f"/comments/{comment.pk}/pick/"


def test_an_editor_picks_through_the_page_and_the_discussion_shows_it(
    client, comment, editor, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    page = client.get(comment.post.get_absolute_url()).content.decode()
    assert f'href="{pick_url(comment)}">Pick</a>' in page
    assert "Editor's picks" not in page
    assert "Make this comment an editor's pick?" in client.get(pick_url(comment)).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(pick_url(comment), {"action": "pick"})
    assert response.status_code == 302
    assert response["Location"] == comment.get_absolute_url()
    comment.refresh_from_db()
    assert comment.picked_at is not None and comment.picked_by == editor

    page = client.get(comment.post.get_absolute_url()).content.decode()
    assert '<h3 id="picks-heading">Editor\'s picks</h3>' in page
    assert (
        f'<a href="{comment.get_absolute_url()}">Wren</a>: Ask for the offer in writing, then decide.' in page
    )
    assert '<span class="badge badge-pick">Editor\'s pick</span>' in page

    (mail,) = mailoutbox
    assert mail.to == [comment.author.email]
    assert "is an editor's pick" in mail.subject
    assert comment.get_absolute_url() in mail.body


def test_taking_a_pick_back_removes_the_strip_and_the_badge_for_everyone(client, comment, editor):
    services.comment_pick(comment=comment, actor=editor)
    assert "badge-pick" in client.get(comment.post.get_absolute_url()).content.decode()  # kept signed out

    client.force_login(editor)
    assert "Take back the editor's pick?" in client.get(pick_url(comment)).content.decode()
    client.post(pick_url(comment), {"action": "unpick"})
    client.logout()
    page = client.get(comment.post.get_absolute_url()).content.decode()
    assert "badge-pick" not in page and "Editor's picks" not in page


def test_a_picked_comment_hidden_later_leaves_the_strip(client, comment, editor, moderator):
    services.comment_pick(comment=comment, actor=editor)
    services.comment_set_status(comment=comment, status=Comment.Status.HIDDEN, actor=moderator)
    assert "Editor's picks" not in client.get(comment.post.get_absolute_url()).content.decode()


def test_only_editors_pick(client, comment, reader, writer):
    moderator_only = staff(verified(UserFactory(username="mod")), "Moderators")
    for person in (reader, writer, moderator_only):
        client.force_login(person)
        assert client.get(pick_url(comment)).status_code == 403
        assert client.post(pick_url(comment), {"action": "pick"}).status_code == 403
        assert (
            f'href="{pick_url(comment)}"' not in client.get(comment.post.get_absolute_url()).content.decode()
        )
    client.logout()
    assert client.post(pick_url(comment)).status_code == 302  # to sign in
    comment.refresh_from_db()
    assert comment.picked_at is None
    with pytest.raises(PermissionDenied):
        services.comment_pick(comment=comment, actor=reader)


def test_a_pick_needs_the_button_that_says_so(
    client, comment, editor, mailoutbox, django_capture_on_commit_callbacks
):
    """Only "pick" or "unpick": a forged, empty or doubled action is a 400, and nobody is mailed."""
    client.force_login(editor)
    for action in (None, "garbage", "\x00bogus", ["pick", "unpick"]):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(pick_url(comment), {} if action is None else {"action": action})
        assert response.status_code == 400
    comment.refresh_from_db()
    assert comment.picked_at is None and mailoutbox == []


@pytest.mark.parametrize("status", [Comment.Status.PENDING, Comment.Status.HIDDEN, Comment.Status.REMOVED])
def test_only_published_comments_can_be_picked(client, comment, editor, status):
    Comment.objects.filter(pk=comment.pk).update(status=status)
    client.force_login(editor)
    assert client.post(pick_url(comment), {"action": "pick"}).status_code == 404
    assert client.get("/comments/999999/pick/").status_code == 404
    comment.refresh_from_db()
    assert comment.picked_at is None


def test_an_anonymous_author_is_told_only_when_they_asked_for_mail_about_their_comment(
    client, post, editor, mailoutbox, django_capture_on_commit_callbacks
):
    """An address given with a comment is kept private and mailed only when its author asked for mail
    about replies to it: then they hear of the pick too; otherwise nobody is told."""
    quiet = services.comment_create(post=post, author=None, body="Been there.", author_email="q@example.com")
    asked = services.comment_create(
        post=post,
        author=None,
        body="Me too.",
        author_name="Quinn",
        author_email="Quinn@Example.com",
        notify_replies=True,
    )
    client.force_login(editor)
    assert "its author left no address for mail about it" in client.get(pick_url(quiet)).content.decode()
    assert "its author is told by e-mail" in client.get(pick_url(asked)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_pick(comment=quiet, actor=editor)
        services.comment_pick(comment=asked, actor=editor)
    (told,) = mailoutbox
    assert told.to == ["Quinn@Example.com"] and told.body.startswith("Hello Quinn,")
    assert asked.get_absolute_url() in told.body
    # The mail they asked for can be stopped from this one, as from the reply mail.
    link = told.extra_headers["List-Unsubscribe"].strip("<>")
    assert link in told.body
    assert client.post(urlsplit(link).path).status_code == 200
    assert not Subscription.objects.filter(comment=asked).exists()


def test_picking_again_keeps_the_pick_in_place_and_mails_nobody_twice(
    comment, editor, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_pick(comment=comment, actor=editor)
    first = Comment.objects.get(pk=comment.pk).picked_at
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_pick(comment=Comment.objects.get(pk=comment.pk), actor=editor)
    assert Comment.objects.get(pk=comment.pk).picked_at == first
    assert len(mailoutbox) == 1


def test_the_pick_page_costs_the_same_however_many_comments_are_picked(client, post, comment, editor, writer):
    client.force_login(editor)
    client.get(pick_url(comment))  # per-process caches Django fills once
    counts = []
    for picks in (0, 20):
        for number in range(picks):
            other = services.comment_create(post=post, author=writer, body=f"Another thought {number}.")
            services.comment_pick(comment=other, actor=editor)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(pick_url(comment)).status_code == 200
        counts.append(len(queries.captured_queries))
    # Session, user, the editor's permissions (2), the staff check and second factor, the comment with its
    # post and author, base.html's sanction notice.
    assert counts == [8, 8]


def test_a_picked_comment_restored_after_its_flags_are_dismissed_is_a_pick_again(
    client, comment, editor, moderator
):
    """Readers' flags can hide a pick until a moderator decides; the decision to keep it keeps the pick."""
    services.comment_pick(comment=comment, actor=editor)
    services.comment_set_status(comment=comment, status=Comment.Status.HIDDEN, actor=moderator)
    assert "Editor's picks" not in client.get(comment.post.get_absolute_url()).content.decode()
    services.comment_set_status(comment=comment, status=Comment.Status.PUBLISHED, actor=moderator)
    page = client.get(comment.post.get_absolute_url()).content.decode()
    assert "Editor's picks" in page and "badge-pick" in page


def test_an_editor_takes_back_the_pick_of_a_hidden_comment(client, comment, moderator):
    """Hidden, the pick waits for a moderator's decision; an editor who moderates too may end it meanwhile,
    from the comment's moderation page, and it does not come back when the comment is shown again."""
    editor_moderator = staff(verified(UserFactory(username="edmod")), "Editors")
    editor_moderator.groups.add(*moderator.groups.all())
    services.comment_pick(comment=comment, actor=editor_moderator)
    services.comment_set_status(comment=comment, status=Comment.Status.HIDDEN, actor=moderator)
    client.force_login(editor_moderator)
    detail = client.get(f"/moderation/comments/{comment.pk}/").content.decode()
    assert f'<a href="{pick_url(comment)}">take the pick back</a>' in detail
    page = client.get(pick_url(comment)).content.decode()
    assert "Take back the editor's pick?" in page and "a moderator hid it" in page
    assert comment.body in page  # they moderate too
    assert client.post(pick_url(comment), {"action": "pick"}).status_code == 403  # no new pick while hidden
    response = client.post(pick_url(comment), {"action": "unpick"})
    assert response["Location"] == f"/moderation/comments/{comment.pk}/"
    comment.refresh_from_db()
    assert comment.picked_at is None
    services.comment_set_status(comment=comment, status=Comment.Status.PUBLISHED, actor=moderator)
    client.logout()
    assert "Editor's picks" not in client.get(comment.post.get_absolute_url()).content.decode()


def test_a_picked_comment_its_author_removes_is_no_pick(comment, editor, writer):
    services.comment_pick(comment=comment, actor=editor)
    services.comment_create(
        post=comment.post, author=None, parent=comment, body="A reply keeps it as a placeholder."
    )
    assert services.comment_delete(comment=comment, user=writer) is True
    comment.refresh_from_db()
    assert (comment.status, comment.picked_at, comment.picked_by) == (Comment.Status.REMOVED, None, None)


def test_a_pick_hidden_before_its_mail_goes_out_tells_nobody(
    comment, editor, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    from comments.tasks import send_pick_notice

    services.comment_pick(comment=comment, actor=editor)  # its mail task waits, as on a busy queue
    Comment.objects.filter(pk=comment.pk).update(status=Comment.Status.HIDDEN)
    assert send_pick_notice.call(comment_id=comment.pk) is False
    assert mailoutbox == []


def test_the_strip_shows_the_picked_comments_words_not_its_markdown(client, post, writer, editor):
    marked = services.comment_create(
        post=post, author=writer, body="**Yes.** Get it [in writing](https://example.com) & sleep on it."
    )
    services.comment_pick(comment=marked, actor=editor)
    strip = (
        client.get(post.get_absolute_url())
        .content.decode()
        .split('id="picks-heading"')[1]
        .split("</aside>")[0]
    )
    assert "Yes. Get it in writing &amp; sleep on it." in strip
    assert "**" not in strip and "](" not in strip and "&amp;amp;" not in strip


def test_the_strip_stays_short_and_folds_the_later_picks(client, post, writer, editor, settings):
    """Issue 24 asks for a short strip: the first COMMENTS_STRIP_SHOWN picks, the rest under "N more"
    (a <details>, so they open without JavaScript)."""
    settings.COMMENTS_STRIP_SHOWN = 2
    picked = []
    for n in range(5):
        comment = services.comment_create(post=post, author=writer, body=f"Pick number {n}.")
        services.comment_pick(comment=comment, actor=editor)
        picked.append(comment)
    strip = client.get(post.get_absolute_url()).content.decode().split('id="picks-heading"')[1]
    strip = strip.split("</aside>")[0]
    shown, folded = strip.split('<details class="strip-more"><summary>3 more picks</summary>')
    assert [f"Pick number {n}." in shown for n in range(5)] == [True, True, False, False, False]
    assert [f"Pick number {n}." in folded for n in range(5)] == [False, False, True, True, True]


def test_a_pick_sent_twice_says_what_is_so(client, comment, editor):
    client.force_login(editor)
    page = client.post(pick_url(comment), {"action": "unpick"}, follow=True).content.decode()
    assert "The comment is not an editor&#x27;s pick." in page
    client.post(pick_url(comment), {"action": "pick"}, follow=True)  # its message shown
    page = client.post(pick_url(comment), {"action": "pick"}, follow=True).content.decode()
    assert "The comment is an editor&#x27;s pick." in page and "has been told" not in page


def test_an_editor_who_does_not_moderate_takes_back_a_hidden_pick_without_reading_it(
    client, comment, editor, moderator
):
    services.comment_pick(comment=comment, actor=editor)
    services.comment_set_status(comment=comment, status=Comment.Status.HIDDEN, actor=moderator)
    client.force_login(editor)
    page = client.get(pick_url(comment)).content.decode()
    assert "Take back the editor's pick?" in page and comment.body not in page
    assert "Its words are for moderators while it is not shown." in page
    client.post(pick_url(comment), {"action": "unpick"})
    comment.refresh_from_db()
    assert comment.picked_at is None
