from django.contrib import admin

from forum.markup import render_markdown
from posts.models import Category, DigestRecord, Post, PostUpdate, Question, Tag, TopicFollow


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "slug"]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["title", "name", "email", "status", "created_at"]
    list_filter = ["status", "consent_to_publish"]
    search_fields = ["title", "body", "name", "email"]
    date_hierarchy = "created_at"
    raw_id_fields = ["asker"]
    readonly_fields = ["token", "created_at", "updated_at"]


class PostUpdateInline(admin.StackedInline):
    model = PostUpdate
    extra = 0


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "published_at", "category", "is_pinned", "comment_count"]
    list_filter = ["status", "category", "is_pinned", "is_comments_closed"]
    list_select_related = ["category"]
    search_fields = ["title", "question", "answer"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["tags"]
    raw_id_fields = ["editor", "source_question"]
    readonly_fields = ["comment_count", "created_at", "updated_at"]
    inlines = [PostUpdateInline]

    def save_model(self, request, obj, form, change):
        # The stored HTML is what readers see; keep it in step with Markdown edited here.
        obj.question_html = render_markdown(obj.question)
        obj.answer_html = render_markdown(obj.answer)
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for update in formset.save(commit=False):
            update.body_html = render_markdown(update.body)
            update.save()
        for deleted in formset.deleted_objects:
            deleted.delete()
        formset.save_m2m()


@admin.register(PostUpdate)
class PostUpdateAdmin(admin.ModelAdmin):
    list_display = ["post", "created_at"]
    list_select_related = ["post"]
    raw_id_fields = ["post"]

    def save_model(self, request, obj, form, change):
        obj.body_html = render_markdown(obj.body)
        super().save_model(request, obj, form, change)


@admin.register(TopicFollow)
class TopicFollowAdmin(admin.ModelAdmin):
    list_display = ["user", "tag", "category", "created_at"]
    list_select_related = ["user", "tag", "category"]
    raw_id_fields = ["user"]


@admin.register(DigestRecord)
class DigestRecordAdmin(admin.ModelAdmin):
    list_display = ["user", "frequency", "period_start", "created_at"]
    list_filter = ["frequency"]
    list_select_related = ["user"]
    raw_id_fields = ["user"]
