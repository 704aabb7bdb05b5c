from django.core.management.base import BaseCommand

from comments.digests import Frequency, digests_send


class Command(BaseCommand):
    help = (
        "Mail each reader who chose a digest the new posts in what they follow and the replies to them "
        "since their last digest. Safe to run as often as you like (hourly from cron, say): a reader "
        "gets at most one daily digest a day and one weekly digest a week."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--frequency",
            choices=Frequency.values,
            help="Send only this kind of digest (default: both).",
        )

    def handle(self, *args, frequency=None, **options):
        for kind in [frequency] if frequency else Frequency.values:
            queued = digests_send(frequency=kind)
            self.stdout.write(f"{kind}: {queued} digest{'s' if queued != 1 else ''} queued.")
