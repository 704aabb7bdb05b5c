from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows to look up in the admin, never to add, change or delete there: the services that change them
    keep other things right (counts, cached renderings, the audit log) that a change here would not."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
