"""The Django admin only shows comments and their moderation rows: changes go through the discussion's
and the moderation pages, which keep the post's count, the thread's cached rendering and the audit
right."""

import pytest
from django.contrib import admin

from comments.models import Comment
from moderation.models import CommentModeration


@pytest.mark.parametrize("model", [Comment, CommentModeration])
def test_the_admin_reads_comments_and_their_moderation_but_changes_nothing(rf, admin_user, model):
    request = rf.get("/admin/")
    admin_user._lacks_required_mfa = False  # a superuser with a second factor: every permission
    request.user = admin_user
    model_admin = admin.site._registry[model]
    assert model_admin.has_view_permission(request)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
