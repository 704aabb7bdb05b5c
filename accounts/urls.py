from django.urls import path

from accounts import views

app_name = "accounts"

# Fixed paths first: ACCOUNT_USERNAME_BLACKLIST keeps anyone from registering "settings".
urlpatterns = [
    path("settings/", views.profile_settings, name="profile_settings"),
    path("settings/export/", views.data_export, name="data_export"),
    path("settings/delete/", views.account_delete, name="account_delete"),
    path("<str:username>/", views.profile, name="profile"),
    path("<str:username>/ignore/", views.profile_ignore, name="profile_ignore"),
]
