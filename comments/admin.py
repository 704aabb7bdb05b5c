from django.contrib import admin

from comments.models import Comment, Subscription
from forum.admin import DeletedWithParentAdmin


@admin.register(Comment)
class CommentAdmin(DeletedWithParentAdmin):
    """Comments to look up, read only. Every change goes through the discussion's and the moderation
    pages (comments.services), which keep the post's count, the threads' cached renderings, paths and
    audit right; a change made here would do none of that."""

    list_display = ["pk", "display_name", "post", "status", "depth", "created_at"]
    list_filter = ["status"]
    search_fields = ["body", "author_name", "author__username"]
    list_select_related = ["post", "author"]
    raw_id_fields = ["post", "parent", "author"]
    date_hierarchy = "created_at"


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["pk", "kind", "post", "user", "email", "created_at"]
    list_filter = ["kind"]
    raw_id_fields = ["post", "comment", "user"]
