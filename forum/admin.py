from django.contrib import admin
from django.core.exceptions import PermissionDenied


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows to look up in the admin, never to add, change or delete there: the services that change them
    keep other things right (counts, cached renderings, the audit log) that a change here would not."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DeletedWithParentAdmin(ReadOnlyAdmin):
    """Read only, like ReadOnlyAdmin, but deleted along with what they belong to: deleting a post in
    the admin takes its comments and their moderation rows, which Django asks this admin about. They
    have no delete page or action of their own."""

    actions = None  # no "delete selected"

    def has_delete_permission(self, request, obj=None):
        return admin.ModelAdmin.has_delete_permission(self, request, obj)

    def delete_view(self, request, object_id, extra_context=None):
        raise PermissionDenied("Delete the post, or remove the comment on the moderation pages.")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return super().change_view(
            request, object_id, form_url, {**(extra_context or {}), "show_delete": False}
        )
