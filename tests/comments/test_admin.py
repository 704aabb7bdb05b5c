"""The Django admin reads a comment's status; it changes on the moderation pages, which keep the post's
count, the thread's cached rendering and the approval time right."""

from django.contrib import admin

from comments import services
from comments.models import Comment


def test_the_admin_form_cannot_change_a_comments_status(rf, post, moderator):
    comment = services.comment_create(post=post, author=None, body="Moderated elsewhere.")
    request = rf.get("/admin/")
    request.user = moderator
    form = admin.site._registry[Comment].get_form(request, comment)
    assert "status" not in form.base_fields
    assert "approved_at" not in form.base_fields
    assert "body" in form.base_fields  # the form is there, with what may be changed
