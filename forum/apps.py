from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate


def _create_cache_table(sender, **kwargs) -> None:
    # Without REDIS_URL the shared cache is a database table (settings.CACHES); `migrate` alone must
    # leave a working site. createcachetable is idempotent and does nothing for other backends.
    call_command("createcachetable", database=kwargs.get("using", "default"), verbosity=0)


class ForumConfig(AppConfig):
    name = "forum"
    verbose_name = "Readers Write"

    def ready(self):
        from forum import checks  # noqa: F401  (registers the system checks)

        # Sent once per app with models (this one has none), so not filtered by sender.
        post_migrate.connect(_create_cache_table, dispatch_uid="forum-create-cache-table")
