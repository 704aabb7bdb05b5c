from django.urls import path

from importers import views

app_name = "importers"

urlpatterns = [
    path("old-comment-link/<int:post_id>/<str:fragment>/", views.old_comment_link, name="old_comment_link"),
]
