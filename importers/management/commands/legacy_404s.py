from django.core.management.base import BaseCommand
from django.template.defaultfilters import pluralize

from importers.legacy_report import Group, Row, legacy_404_report, proposals
from importers.models import LegacyNotFound
from importers.services import legacy_redirects_create

SHOWN_PATH = 100  # characters of a path the report shows


class Command(BaseCommand):
    help = (
        "List the old-blog URLs that nothing answers, grouped by pattern, with a redirect proposed for "
        "each that names an imported post; --apply creates the proposed redirects."
    )

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=20, help="Paths listed per group (default 20).")
        parser.add_argument("--apply", action="store_true", help="Create the proposed redirects.")
        parser.add_argument("--clear", action="store_true", help="Forget the recorded requests.")

    def handle(self, *args, **options):
        if options["clear"]:
            deleted, _ = LegacyNotFound.objects.all().delete()
            self.stdout.write(f"Forgot {deleted:,} recorded paths.")
            return
        groups = legacy_404_report()
        if not groups:
            self.stdout.write("No unanswered old URLs recorded.")
            return
        for group in groups:
            self._write_group(group, limit=max(options["limit"], 0))
        proposed = proposals(groups)
        if options["apply"]:
            created = legacy_redirects_create(rows=proposed)
            count = len(created)
            self.stdout.write(f"Created {count:,} redirect{pluralize(count)}, each in the moderation log.")
        elif proposed:
            count = len(proposed)
            self.stdout.write(f"{count:,} redirect{pluralize(count)} proposed; run --apply to create them.")
        self.stdout.write("Map the others in the admin (Legacy redirects) to answer them with a 301.")

    def _write_group(self, group: Group, *, limit: int) -> None:
        hits, paths = group.hits, len(group.rows)
        self.stdout.write(f"{group.name}: {hits:,} hit{pluralize(hits)}, {paths:,} path{pluralize(paths)}")
        for row in group.rows[:limit]:
            self.stdout.write(f"{row.hits:>8,}  {row.last_seen_at:%Y-%m-%d %H:%M}  {_shown(row)}")
        if rest := group.rows[limit:]:
            with_proposal = sum(1 for row in rest if row.target)
            self.stdout.write(f"  ... and {len(rest):,} more ({with_proposal:,} with a proposal)")
        self.stdout.write("")


def _shown(row: Row) -> str:
    path = row.path if len(row.path) <= SHOWN_PATH else f"{row.path[:SHOWN_PATH]}…"
    path = "".join(char if char.isprintable() else repr(char)[1:-1] for char in path)
    if row.target:
        return f"{path}  -> {row.target} (by {row.note})"
    return f"{path}  {row.note}" if row.note else path
