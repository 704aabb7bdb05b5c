from django import forms
from django.contrib import admin

from forum.admin import DeletedWithParentAdmin, ReadOnlyAdmin
from moderation import services
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
class AuditEntryAdmin(ReadOnlyAdmin):
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


class TermAdminForm(forms.ModelForm):
    class Meta:
        model = Term
        fields = ["text", "action"]

    def clean_text(self) -> str:
        # As on the moderation page: one space between words, and no second entry differing in case.
        text = " ".join(self.cleaned_data["text"].split())
        if not text:
            raise forms.ValidationError("Give a word or phrase.")
        if Term.objects.filter(text__iexact=text).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(f"“{text}” is already on a list.")
        return text


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    """Changes here clear the cached term lists (moderation.signals) and leave audit entries."""

    form = TermAdminForm
    list_display = ["text", "action", "created_at"]
    list_filter = ["action"]

    def save_model(self, request, obj, form, change):
        before = None
        if change:
            before = (form.initial.get("text", obj.text), form.initial.get("action", obj.action))
        services.term_admin_save(term=obj, actor=request.user, before=before)

    def delete_model(self, request, obj):
        services.terms_admin_delete(terms=[obj], actor=request.user)

    def delete_queryset(self, request, queryset):
        services.terms_admin_delete(terms=list(queryset), actor=request.user)


@admin.register(Block)
class BlockAdmin(admin.ModelAdmin):
    list_display = ["kind", "value", "expires_at", "created_at"]
    list_filter = ["kind"]


@admin.register(CommentModeration)
class CommentModerationAdmin(DeletedWithParentAdmin):
    """Read only: reasons, collapses and locks change on the moderation pages, which audit them and
    render the thread again."""

    raw_id_fields = ["comment"]


admin.site.register(PostModeration, raw_id_fields=["post"])
admin.site.register(ModeratorNote, raw_id_fields=["user", "author"])
