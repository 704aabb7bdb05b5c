"""The moderation pages for one comment and one post cost a fixed number of queries, however many
flags, replies or comments they show (the queue's own count is pinned in test_queue_and_log.py)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from moderation import services
from moderation.models import Flag
from tests.factories import UserFactory, verified
from tests.moderation.conftest import make_comment

pytestmark = pytest.mark.usefixtures("no_posting_guards")


def queries(client, url: str) -> int:
    client.get(url)  # warm per-process caches (content types, site)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


def grow(post, comment, n: int) -> None:
    for number in range(n):
        make_comment(post, body=f"reply {number}", author_name=f"R{number}", parent=comment)
        flagger = verified(UserFactory())
        Flag.objects.create(comment=comment, user=flagger, reason=Flag.Reason.OFF_TOPIC, note="hm")


def test_a_comments_moderation_page_costs_the_same_for_1_and_8_flags_and_replies(moderator, post):
    client = Client()
    client.force_login(moderator)
    comment = make_comment(post, body="Under review", author=verified(UserFactory()))
    grow(post, comment, 1)
    services.comment_lock(comment=comment, actor=moderator, reason="going round")
    few = queries(client, f"/moderation/comments/{comment.pk}/")
    services.comment_unlock(comment=comment, actor=moderator)
    grow(post, comment, 7)
    services.comment_lock(comment=comment, actor=moderator, reason="going round")
    many = queries(client, f"/moderation/comments/{comment.pk}/")
    # session, user, staff group, MFA, two permission reads; the comment (with post, parent and
    # authors), its moderation row, base.html's sanction notice, the flags, the replies.
    assert few == many == 11


def test_a_posts_moderation_page_costs_the_same_for_a_quiet_and_a_busy_sensitive_post(editor, post):
    client = Client()
    client.force_login(editor)
    services.post_set_sensitive(post=post, actor=editor, sensitive=True)
    quiet = queries(client, f"/moderation/posts/{post.pk}/")
    for number in range(8):  # held: every comment on a sensitive topic waits
        make_comment(post, body=f"Comment {number}", author=verified(UserFactory()))
    busy = queries(client, f"/moderation/posts/{post.pk}/")
    assert quiet == busy == 10
