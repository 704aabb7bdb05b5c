"""Readers flag comments; enough distinct flags hide one until a moderator decides."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from comments.models import Comment
from moderation.models import Flag
from tests.factories import UserFactory, verified
from tests.moderation.conftest import make_comment

pytestmark = pytest.mark.usefixtures("no_posting_guards")


def flag(client, comment, reason="unkind", note=""):
    return client.post(f"/moderation/comments/{comment.pk}/flag/", {"reason": reason, "note": note})


def flaggers(count: int) -> list[Client]:
    clients = []
    for _ in range(count):
        client = Client()
        client.force_login(verified(UserFactory()))
        clients.append(client)
    return clients


def test_three_distinct_flags_hide_a_comment_until_a_moderator_decides(post, moderator):
    comment = make_comment(post, body="You are all idiots.")
    first, second, third = flaggers(3)
    assert flag(first, comment)["Location"] == comment.get_absolute_url()
    assert flag(second, comment, reason="off_topic").status_code == 302
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED
    hid_it = flag(third, comment, reason="other", note="Insults everyone")
    # The comment is hidden now, so its permalink would find nothing: the reader goes to the discussion.
    assert hid_it["Location"] == f"{post.get_absolute_url()}#comments"
    comment.refresh_from_db()
    post.refresh_from_db()
    assert comment.status == Comment.Status.HIDDEN and comment.moderation.is_hidden_by_flags
    assert post.comment_count == 0
    assert "You are all idiots" not in Client().get(post.get_absolute_url()).content.decode()

    moderating = Client()
    moderating.force_login(moderator)
    queue = moderating.get("/moderation/?show=flagged").content.decode()
    assert "3 flags" in queue and "Insults everyone" in queue and "hidden by flags" in queue

    moderating.post(f"/moderation/comments/{comment.pk}/hide/", {"reason": "personal attack"})
    outcomes = set(Flag.objects.values_list("outcome", flat=True))
    assert outcomes == {Flag.Outcome.UPHELD}
    page = first.get("/moderation/my-flags/").content.decode()
    assert "A moderator agreed and removed the comment" in page


def test_an_approved_comment_declines_its_flags_and_the_flagger_sees_it(post, moderator):
    comment = make_comment(post)
    (reader,) = flaggers(1)
    flag(reader, comment, reason="spam")
    moderating = Client()
    moderating.force_login(moderator)
    moderating.post(f"/moderation/comments/{comment.pk}/approve/")
    assert Flag.objects.get().outcome == Flag.Outcome.DECLINED
    assert "kept the comment" in reader.get("/moderation/my-flags/").content.decode()


def test_a_reader_flags_a_comment_once(client, post, reader):
    comment = make_comment(post)
    client.force_login(reader)
    flag(client, comment)
    response = flag(client, comment)
    assert response.status_code == 403
    assert "already flagged" in response.content.decode()
    assert Flag.objects.count() == 1


def test_something_else_needs_a_note(client, post, reader):
    comment = make_comment(post)
    client.force_login(reader)
    response = flag(client, comment, reason="other")
    assert response.status_code == 400 and "Tell the moderators" in response.content.decode()
    assert not Flag.objects.exists()


def test_a_forged_reason_is_a_form_error(client, post, reader):
    comment = make_comment(post)
    client.force_login(reader)
    assert flag(client, comment, reason="<script>").status_code == 400
    assert flag(client, comment, reason="spam", note="\x00").status_code == 400
    assert not Flag.objects.exists()


def test_the_daily_cap_stops_the_next_flag(client, post, reader, settings):
    settings.MODERATION_FLAG_DAILY_CAP = 2
    comments = [make_comment(post, body=f"c{n}") for n in range(4)]
    client.force_login(reader)
    flag(client, comments[0])
    flag(client, comments[1])
    response = flag(client, comments[2])
    assert response.status_code == 403 and "as many comments as we allow" in response.content.decode()
    Flag.objects.update(created_at=timezone.now() - timedelta(days=2))
    assert flag(client, comments[3]).status_code == 302


def test_only_verified_signed_in_readers_flag(client, post):
    comment = make_comment(post)
    assert flag(client, comment).status_code == 302  # to sign in
    client.force_login(UserFactory())
    response = flag(client, comment)
    assert response.status_code == 403 and "Verify your e-mail" in response.content.decode()
    assert not Flag.objects.exists()


def test_nobody_flags_their_own_comment(client, post, reader):
    comment = make_comment(post, author=reader)
    client.force_login(reader)
    assert flag(client, comment).status_code == 403


def test_a_suspended_reader_cannot_flag(client, post, suspended_reader):
    comment = make_comment(post)
    client.force_login(suspended_reader)
    response = flag(client, comment)
    assert response.status_code == 403 and "suspended until" in response.content.decode()


def test_the_discussion_links_to_flagging_and_to_your_flags(client, post, reader):
    comment = make_comment(post)
    client.force_login(reader)
    page = client.get(post.get_absolute_url()).content.decode()
    assert f"/moderation/comments/{comment.pk}/flag/" in page
    assert "/moderation/my-flags/" in page
    assert "/moderation/" not in Client().get(post.get_absolute_url()).content.decode()


def test_flagging_a_comment_on_a_draft_or_a_missing_comment_is_404(client, reader):
    client.force_login(reader)
    assert client.get("/moderation/comments/999999/flag/").status_code == 404


def test_flagging_returns_the_reader_to_the_comment_and_their_flags_link_it(client, post, reader):
    comment = make_comment(post)
    client.force_login(reader)
    response = flag(client, comment)
    assert response["Location"] == comment.get_absolute_url()  # the permalink finds its page
    mine = client.get("/moderation/my-flags/").content.decode()
    assert f'<a href="{comment.get_absolute_url()}">A comment</a> on' in mine
