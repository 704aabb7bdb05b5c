from django.apps import AppConfig


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = "Readers Write"

    def ready(self):
        from forum import checks  # noqa: F401  (registers the system checks)
