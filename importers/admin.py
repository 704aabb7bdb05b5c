from django.contrib import admin

from importers.models import LegacyNotFound, LegacyRedirect, SourceRecord
from importers.parsing import normalise_path


@admin.register(SourceRecord)
class SourceRecordAdmin(admin.ModelAdmin):
    list_display = ["source", "kind", "source_id", "legacy_path", "imported_at"]
    list_filter = ["source", "kind"]
    search_fields = ["source_id", "legacy_path", "legacy_key"]
    raw_id_fields = ["post", "comment", "tag", "category"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(LegacyNotFound)
class LegacyNotFoundAdmin(admin.ModelAdmin):
    list_display = ["path", "hits", "first_seen_at", "last_seen_at"]
    ordering = ["-hits", "path"]
    search_fields = ["path"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(LegacyRedirect)
class LegacyRedirectAdmin(admin.ModelAdmin):
    list_display = ["old_path", "target", "created_at"]
    search_fields = ["old_path", "target"]

    def save_model(self, request, obj, form, change):
        # Lookups compare normalised paths (see importers.parsing.normalise_path).
        obj.old_path = normalise_path(obj.old_path)
        super().save_model(request, obj, form, change)
