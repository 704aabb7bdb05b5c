from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from accounts.models import Profile, User
from accounts.services import account_delete, public_name_changed

# Staff sign in through allauth (rate limits, MFA), never through the admin's own password form.
admin.site.login = secure_admin_login(admin.site.login)


class ProfileInline(admin.StackedInline):
    model = Profile
    can_delete = False
    fields = (
        "bio",
        "website",
        "digest",
        "is_notified_of_replies",
        "is_notified_of_follows",
        "is_notified_of_updates",
        "is_notified_of_moderation",
        "last_digest_at",
    )
    readonly_fields = ("last_digest_at",)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, ("Profile", {"fields": ("display_name",)}))
    list_display = ("username", "email", "display_name", "is_staff", "date_joined")
    inlines = (ProfileInline,)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Cached discussions show public names: a rename here retires them, as one in settings does.
        if change and {"display_name", "username"} & set(form.changed_data):
            public_name_changed(user=obj)

    # Deleting here deletes as the reader's own "delete my account" does (comments kept, anonymised), so
    # reaction counts, kept threads and the questions they sent stay right.
    def delete_model(self, request, obj):
        account_delete(user=obj, keep_comments=True)

    def delete_queryset(self, request, queryset):
        for user in queryset:
            account_delete(user=user, keep_comments=True)
