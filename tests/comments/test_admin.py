"""The Django admin only shows comments and their moderation rows: changes go through the discussion's
and the moderation pages, which keep the post's count, the thread's cached rendering and the audit
right. Deleting a post there still takes its comments along."""

import pytest
from django.contrib import admin

from comments import services
from comments.models import Comment
from moderation.models import CommentModeration
from moderation.services import comment_collapse
from posts.models import Post
from tests.factories import UserFactory, with_totp

pytestmark = pytest.mark.usefixtures("no_posting_guards")


@pytest.fixture
def superuser(db):
    return with_totp(UserFactory(is_staff=True, is_superuser=True))


@pytest.mark.parametrize("model", [Comment, CommentModeration])
def test_the_admin_reads_comments_and_their_moderation_but_changes_nothing(rf, superuser, model):
    request = rf.get("/admin/")
    request.user = superuser
    model_admin = admin.site._registry[model]
    assert model_admin.has_view_permission(request)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert "delete_selected" not in model_admin.get_actions(request)


def test_a_comment_has_no_delete_page_but_goes_with_its_post(client, post, superuser, moderator):
    top = services.comment_create(post=post, author=None, body="Kept until the post goes.")
    reply = services.comment_create(post=post, author=None, parent=top, body="A reply.")
    comment_collapse(comment=top, actor=moderator, reason="Off topic")
    client.force_login(superuser)
    page = client.get(f"/admin/comments/comment/{top.pk}/change/")
    assert page.status_code == 200
    assert f"/admin/comments/comment/{top.pk}/delete/" not in page.content.decode()
    assert client.post(f"/admin/comments/comment/{top.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Comment.objects.filter(pk__in=[top.pk, reply.pk]).count() == 2

    response = client.post(f"/admin/posts/post/{post.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Post.objects.filter(pk=post.pk).exists()
    assert not Comment.objects.filter(pk__in=[top.pk, reply.pk]).exists()
    assert not CommentModeration.objects.exists()
