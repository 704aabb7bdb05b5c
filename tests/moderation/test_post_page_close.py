"""Closing comments from the post page is logged like the moderation page's button (the policy hook)."""

import pytest

from comments import services as comment_services
from forum.policy import OpenPolicy
from moderation.models import AuditEntry


def close(client, post, action):
    return client.post(f"/comments/post/{post.pk}/close/", {"action": action})


@pytest.mark.parametrize("who", ["moderator", "editor"])
def test_closing_and_reopening_from_the_post_page_each_leave_an_entry_with_the_actor(
    client, post, who, request
):
    actor = request.getfixturevalue(who)
    client.force_login(actor)
    assert close(client, post, "close").status_code == 302
    assert close(client, post, "open").status_code == 302
    post.refresh_from_db()
    assert not post.is_comments_closed
    entries = list(AuditEntry.objects.order_by("pk"))
    assert [entry.action for entry in entries] == ["close", "reopen"]
    assert {(entry.actor_id, entry.actor_name) for entry in entries} == {(actor.pk, actor.username)}
    assert {(entry.target_type, entry.target_id, entry.target_label) for entry in entries} == {
        ("post", post.pk, post.title)
    }


def test_the_entries_show_in_the_moderation_log(client, post, moderator):
    client.force_login(moderator)
    close(client, post, "close")
    page = client.get("/moderation/log/?action=close").content.decode()
    assert "Closed comments" in page and post.title in page


def test_a_refused_close_leaves_no_entry(client, post, reader):
    client.force_login(reader)
    assert close(client, post, "close").status_code == 403
    assert not AuditEntry.objects.exists()


def test_without_the_moderation_policy_closing_still_works_and_logs_nothing(post, moderator, settings):
    settings.COMMENTS_POLICY = ""
    comment_services.post_comments_close(post=post, closed=True, actor=moderator)
    post.refresh_from_db()
    assert post.is_comments_closed and not AuditEntry.objects.exists()
    assert OpenPolicy().post_closed(post=post, actor=moderator, closed=True) is None
