from django.urls import path

from moderation import views

app_name = "moderation"


def _comment_action(action: str):
    return path(
        f"comments/<int:pk>/{action}/", views.comment_action, {"action": action}, name=f"comment_{action}"
    )


urlpatterns = [
    path("", views.queue, name="queue"),
    path("bulk/", views.queue_bulk, name="queue_bulk"),
    path("comments/<int:pk>/", views.comment_detail, name="comment_detail"),
    *[_comment_action(action) for action in views.COMMENT_ACTIONS],
    path("comments/<int:pk>/flag/", views.comment_flag, name="comment_flag"),
    path("my-flags/", views.my_flags, name="my_flags"),
    path("posts/<int:pk>/", views.post_detail, name="post_detail"),
    path("posts/<int:pk>/update/", views.post_update, name="post_update"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("people/<int:pk>/note/", views.person_note, name="person_note"),
    path("people/<int:pk>/sanction/", views.person_sanction, name="person_sanction"),
    path("sanctions/<int:pk>/lift/", views.sanction_lift, name="sanction_lift"),
    path("sanctions/<int:pk>/acknowledge/", views.sanction_acknowledge, name="sanction_acknowledge"),
    path("blocks/", views.block_list, name="block_list"),
    path("blocks/add/", views.block_create, name="block_create"),
    path("blocks/<int:pk>/lift/", views.block_lift, name="block_lift"),
    path("terms/", views.term_list, name="term_list"),
    path("terms/add/", views.term_create, name="term_create"),
    path("terms/<int:pk>/delete/", views.term_delete, name="term_delete"),
    path("tags/", views.tag_list, name="tag_list"),
    path("tags/<int:pk>/rename/", views.tag_rename, name="tag_rename"),
    path("tags/<int:pk>/merge/", views.tag_merge, name="tag_merge"),
    path("log/", views.audit_log, name="audit_log"),
    path("preferences/", views.preferences, name="preferences"),
]
