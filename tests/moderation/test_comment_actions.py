"""Moderator actions on comments, what readers see afterwards, and the audit entry each leaves."""

import pytest
from django.test import Client

from comments.models import Comment
from moderation.models import AuditEntry, Flag
from moderation.selectors import queue_comments
from tests.factories import UserFactory, verified, with_totp
from tests.moderation.conftest import make_comment

pytestmark = pytest.mark.usefixtures("no_posting_guards")


@pytest.fixture
def moderating(client, moderator):
    client.force_login(moderator)
    return client


def act(client, comment, action, **data):
    return client.post(f"/moderation/comments/{comment.pk}/{action}/", data)


def public_page(post) -> str:
    return Client().get(post.get_absolute_url()).content.decode()


def test_hide_with_a_reason_shows_the_placeholder_where_there_are_replies(moderating, post, moderator):
    parent = make_comment(post, body="Off on a tangent about sports.")
    make_comment(post, body="A reply that stays.", parent=parent)
    lonely = make_comment(post, body="Nobody answered this one.")
    assert act(moderating, parent, "hide", reason="off-topic").status_code == 302
    act(moderating, lonely, "hide", reason="rude")
    page = public_page(post)
    assert "[removed by a moderator: off-topic]" in page
    assert "tangent about sports" not in page and "A reply that stays." in page
    assert "Nobody answered" not in page and "rude" not in page
    entry = AuditEntry.objects.filter(action="hide").first()
    assert entry.actor == moderator and entry.reason in {"off-topic", "rude"}
    post.refresh_from_db()
    assert post.comment_count == 1


def test_hiding_needs_a_reason(moderating, post):
    comment = make_comment(post)
    act(moderating, comment, "hide", reason="")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED
    assert not AuditEntry.objects.exists()


def test_restore_publishes_a_hidden_comment_again(moderating, post):
    comment = make_comment(post, body="Back again")
    act(moderating, comment, "hide", reason="mistake")
    act(moderating, comment, "restore", reason="it was fine")
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED and comment.moderation.hidden_reason == ""
    assert "Back again" in public_page(post)
    assert AuditEntry.objects.get(action="restore").reason == "it was fine"


def test_restore_refuses_a_published_comment(moderating, post):
    comment = make_comment(post)
    response = act(moderating, comment, "restore")
    assert response.status_code == 302
    assert not AuditEntry.objects.filter(action="restore").exists()


def test_spam_hides_it_and_keeps_the_authors_other_held_comments_held(moderating, post, first_time):
    spam = make_comment(post, body="Buy now", author_name="Bot", author_email="bot@example.com")
    other = make_comment(post, body="Buy later", author_name="Bot", author_email="bot@example.com")
    act(moderating, spam, "approve")  # a moderator first let one through
    act(moderating, spam, "spam")
    spam.refresh_from_db()
    other.refresh_from_db()
    assert spam.status == Comment.Status.HIDDEN and spam.moderation.is_spam
    assert other.status == Comment.Status.PENDING
    assert "author sent spam before" in other.moderation.hold_reasons
    # Their next comment is held too, although one of theirs was approved once.
    later = make_comment(post, body="More offers", author_email="bot@example.com")
    assert later.status == Comment.Status.PENDING
    assert AuditEntry.objects.filter(action="spam", target_id=spam.pk).exists()


def test_delete_for_good_is_for_administrators_only(moderating, post):
    comment = make_comment(post, body="Delete me")
    assert act(moderating, comment, "delete").status_code == 403
    assert Comment.objects.filter(pk=comment.pk).exists()

    admin = Client()
    admin.force_login(with_totp(verified(UserFactory(is_superuser=True, is_staff=True))))
    assert act(admin, comment, "delete", reason="doxxing").status_code == 302
    assert not Comment.objects.filter(pk=comment.pk).exists()
    entry = AuditEntry.objects.get(action="delete")
    assert entry.target_id == comment.pk and entry.reason == "doxxing" and "Delete me" not in entry.before
    post.refresh_from_db()
    assert post.comment_count == 0


def test_delete_for_good_with_replies_keeps_a_placeholder(post):
    from moderation import services

    admin = with_totp(UserFactory(is_superuser=True))
    parent = make_comment(post, body="Secret name here", author_email="x@example.com")
    make_comment(post, body="reply", parent=parent)
    flag = Flag.objects.create(comment=parent, user=UserFactory(), reason=Flag.Reason.IDENTIFYING)
    assert services.comment_delete_for_good(comment=parent, actor=admin, reason="identifying") is True
    parent.refresh_from_db()
    assert parent.body == parent.body_html == parent.author_email == ""
    assert "Secret name" not in public_page(post)
    flag.refresh_from_db()  # the flag was right, and the placeholder leaves the queue
    assert flag.outcome == Flag.Outcome.UPHELD and flag.resolved_at is not None
    assert not queue_comments().filter(pk=parent.pk).exists()


def test_edit_marks_the_comment_and_logs_before_and_after(moderating, post, moderator):
    comment = make_comment(post, body="My boss Jane Q. Smith at Acme is awful.")
    response = act(moderating, comment, "edit", body="My boss at my company is awful.", reason="identifying")
    assert response.status_code == 302
    page = public_page(post)
    assert "My boss at my company is awful." in page and "edited by a moderator" in page
    assert "Jane Q. Smith" not in page
    entry = AuditEntry.objects.get(action="edit")
    assert entry.before == "My boss Jane Q. Smith at Acme is awful."
    assert entry.after == "My boss at my company is awful."
    assert entry.actor == moderator and entry.reason == "identifying"


def test_edit_refuses_empty_nul_and_oversized_text(moderating, post, settings):
    comment = make_comment(post, body="original")
    for body in ("", "\x00", "x" * (settings.COMMENTS_MAX_LENGTH + 1)):
        act(moderating, comment, "edit", body=body, reason="x")
    comment.refresh_from_db()
    assert comment.body == "original"
    assert not AuditEntry.objects.exists()


def test_collapse_shows_the_subthread_closed_with_its_reason(moderating, post):
    top = make_comment(post, body="Top comment")
    branch = make_comment(post, body="Start of the derail", parent=top)
    make_comment(post, body="More derail", parent=branch)
    make_comment(post, body="On topic sibling", parent=top)
    act(moderating, branch, "collapse", reason="derailing")
    page = public_page(post)
    collapsed = page.split('<details class="collapsed-subthread">', 1)[1].split("</details>", 1)[0]
    assert "Collapsed by a moderator: derailing (2 comments)" in collapsed
    assert "Start of the derail" in collapsed and "More derail" in collapsed
    assert "On topic sibling" not in collapsed
    act(moderating, branch, "expand")
    assert "collapsed-subthread" not in public_page(post)
    assert list(AuditEntry.objects.values_list("action", flat=True).order_by("pk")) == ["collapse", "expand"]


def test_collapsing_a_whole_thread_from_the_top(moderating, post):
    top = make_comment(post, body="Flamebait")
    make_comment(post, body="Flame", parent=top)
    act(moderating, top, "collapse", reason="heated")
    assert "Collapsed by a moderator: heated (2 comments)" in public_page(post)


def test_bulk_approve_hide_and_spam(moderating, post, first_time):
    held = [make_comment(post, body=f"held {n}", author_name="A") for n in range(3)]
    response = moderating.post("/moderation/bulk/", {"action": "approve", "ids": [c.pk for c in held[:2]]})
    assert response.status_code == 302
    statuses = {c.pk: Comment.objects.get(pk=c.pk).status for c in held}
    assert list(statuses.values()) == [
        Comment.Status.PUBLISHED,
        Comment.Status.PUBLISHED,
        Comment.Status.PENDING,
    ]
    moderating.post("/moderation/bulk/", {"action": "spam", "ids": [held[2].pk]})
    assert Comment.objects.get(pk=held[2].pk).status == Comment.Status.HIDDEN
    moderating.post("/moderation/bulk/", {"action": "hide", "ids": [held[0].pk], "reason": "off-topic"})
    assert Comment.objects.get(pk=held[0].pk).moderation.hidden_reason == "off-topic"
    assert AuditEntry.objects.count() == 4


@pytest.mark.parametrize("ids", [[], ["abc"], ["99999999999999999999"], ["999999"], ["1\x00"]])
def test_bulk_with_forged_ids_changes_nothing(moderating, post, ids):
    comment = make_comment(post)
    response = moderating.post("/moderation/bulk/", {"action": "hide", "ids": ids, "reason": "x"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED
    assert not AuditEntry.objects.exists()


def test_bulk_refuses_an_unknown_action(moderating, post):
    comment = make_comment(post)
    moderating.post("/moderation/bulk/", {"action": "delete", "ids": [comment.pk]})
    assert not AuditEntry.objects.exists()


def test_actions_on_a_missing_comment_are_404(moderating):
    assert act(moderating, type("Missing", (), {"pk": 999999})(), "hide", reason="x").status_code == 404
    assert moderating.get("/moderation/comments/999999/").status_code == 404


def test_moderators_see_a_moderate_link_on_each_comment(moderating, post):
    comment = make_comment(post)
    page = moderating.get(post.get_absolute_url()).content.decode()
    assert f'href="/moderation/comments/{comment.pk}/"' in page
    assert f"/moderation/posts/{post.pk}/" in page
