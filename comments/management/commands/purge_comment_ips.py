from django.conf import settings
from django.core.management.base import BaseCommand

from comments.services import comment_forget_ip_addresses


class Command(BaseCommand):
    help = "Forget commenters' IP addresses older than COMMENTS_IP_RETENTION_DAYS (run daily from cron)."

    def handle(self, *args, **options):
        cleared = comment_forget_ip_addresses(older_than_days=settings.COMMENTS_IP_RETENTION_DAYS)
        self.stdout.write(f"Cleared {cleared} IP address{'es' if cleared != 1 else ''}.")
