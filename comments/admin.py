from django.contrib import admin

from comments.models import Comment, Subscription


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["pk", "display_name", "post", "status", "depth", "created_at"]
    list_filter = ["status"]
    search_fields = ["body", "author_name", "author__username"]
    list_select_related = ["post", "author"]
    raw_id_fields = ["post", "parent", "author"]
    # The status changes on the moderation pages (comments.services.comment_apply_status), which keep the
    # post's count, the thread's cached rendering and the approval time right; here it is only read.
    readonly_fields = [
        "status",
        "path",
        "depth",
        "body_html",
        "ip_address",
        "created_at",
        "edited_at",
        "approved_at",
    ]
    date_hierarchy = "created_at"


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = ["pk", "kind", "post", "user", "email", "created_at"]
    list_filter = ["kind"]
    raw_id_fields = ["post", "comment", "user"]
