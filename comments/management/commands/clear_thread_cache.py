from django.core.management.base import BaseCommand

from comments import thread_cache


class Command(BaseCommand):
    help = "Forget every cached discussion rendering (after restoring a backup into this database)."

    def handle(self, *args, **options):
        thread_cache.clear()
        if options["verbosity"]:
            self.stdout.write("Cleared the thread cache.")
