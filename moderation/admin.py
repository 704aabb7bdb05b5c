from django.contrib import admin

from moderation.models import (
    AuditEntry,
    Block,
    CommentModeration,
    Flag,
    ModeratorNote,
    PostModeration,
    Sanction,
    Term,
)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the log is append-only, here as everywhere."""

    list_display = [
        "created_at",
        "actor_name",
        "action",
        "target_type",
        "target_id",
        "target_label",
        "reason",
    ]
    list_filter = ["action", "target_type"]
    search_fields = ["actor_name", "target_label", "reason"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Flag)
class FlagAdmin(admin.ModelAdmin):
    list_display = ["pk", "comment", "user", "reason", "outcome", "created_at"]
    list_filter = ["reason", "outcome"]
    raw_id_fields = ["comment", "user"]


@admin.register(Sanction)
class SanctionAdmin(admin.ModelAdmin):
    list_display = ["pk", "user", "kind", "ends_at", "lifted_at", "created_at"]
    list_filter = ["kind"]
    raw_id_fields = ["user", "created_by"]


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ["text", "action", "created_at"]
    list_filter = ["action"]


@admin.register(Block)
class BlockAdmin(admin.ModelAdmin):
    list_display = ["kind", "value", "expires_at", "created_at"]
    list_filter = ["kind"]


admin.site.register(CommentModeration, raw_id_fields=["comment"])
admin.site.register(PostModeration, raw_id_fields=["post"])
admin.site.register(ModeratorNote, raw_id_fields=["user", "author"])
