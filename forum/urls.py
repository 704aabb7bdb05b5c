from django.contrib import admin
from django.urls import include, path

from forum import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("users/", include("accounts.urls")),
    path("moderation/", include("moderation.urls")),
    path("comments/", include("comments.urls")),
    path("", include("posts.urls")),
]
