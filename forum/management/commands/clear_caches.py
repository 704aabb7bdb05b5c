"""Empty the shared caches: `make restore` runs this after loading a backup.

A restore takes the database back in time, ids and versions included, while the caches still hold
what was built from the data it replaced: pages parts, related posts, sessions read through Redis,
rate-limit counters and the discussion threads. Emptying the shared cache ("default": Redis, or the
database table) retires all of it: the generations kept there (forum/generations.py) start afresh, and
with them the keys of the threads each worker keeps in its own memory (comments/discussion.py), which
no other process can reach.
"""

from django.conf import settings
from django.core.cache import caches
from django.core.management.base import BaseCommand

# Kept in one process's memory: another process (a running worker) is retired by the generations.
PROCESS_LOCAL = ("LocMemCache", "DummyCache")


class Command(BaseCommand):
    help = "Empty every shared cache (after a restore, or to start afresh)."

    def handle(self, *args, **options):
        for alias, config in settings.CACHES.items():
            backend = config["BACKEND"].rsplit(".", 1)[-1]
            if backend in PROCESS_LOCAL and alias == "default":
                # DEBUG or tests: nothing is shared, so nothing here can reach a running server's memory.
                self.stdout.write(
                    self.style.WARNING(
                        f"{alias}: {backend} lives in each process; restart the server to empty it"
                    )
                )
            elif backend in PROCESS_LOCAL:
                self.stdout.write(f"{alias}: {backend} lives in each process; retired with the shared cache")
            else:
                caches[alias].clear()  # Redis: the whole database REDIS_URL names (README: Backups)
                self.stdout.write(f"{alias}: {backend} {config.get('LOCATION', '')} emptied")
