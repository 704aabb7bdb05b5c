from urllib.parse import unquote

from django.core.management.base import BaseCommand

from importers.models import LegacyNotFound, LegacyRedirect
from importers.parsing import normalise_path


class Command(BaseCommand):
    help = "List the most requested old-blog URLs that nothing answers, so they can be mapped."

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=50, help="How many to list (default 50).")
        parser.add_argument("--clear", action="store_true", help="Forget the recorded requests.")

    def handle(self, *args, **options):
        if options["clear"]:
            deleted, _ = LegacyNotFound.objects.all().delete()
            self.stdout.write(f"Forgot {deleted:,} recorded paths.")
            return
        mapped = set(LegacyRedirect.objects.values_list("old_path", flat=True))
        rows = [
            row
            for row in LegacyNotFound.objects.order_by("-hits", "path")[
                : max(options["limit"], 0) + len(mapped)
            ]
            if normalise_path(unquote(row.path.split("?", 1)[0])) not in mapped
        ][: max(options["limit"], 0)]
        if not rows:
            self.stdout.write("No unanswered old URLs recorded.")
            return
        self.stdout.write(f"{'hits':>8}  {'last seen':<16}  path")
        for row in rows:
            self.stdout.write(f"{row.hits:>8,}  {row.last_seen_at:%Y-%m-%d %H:%M}  {row.path}")
        self.stdout.write("Map one in the admin (Legacy redirects) to answer it with a 301.")
