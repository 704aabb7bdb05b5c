from django.core.management.base import BaseCommand

from moderation.services import stale_queue_notify


class Command(BaseCommand):
    help = (
        "E-mail opted-in moderators when the moderation queue has waited longer than "
        "MODERATION_STALE_QUEUE_MINUTES. Run it every few minutes (cron or a scheduler); "
        "each moderator hears at most once per waiting period."
    )

    def handle(self, *args, **options):
        sent = stale_queue_notify()
        self.stdout.write(f"Notified {sent} moderator{'s' if sent != 1 else ''}.")
