from django.conf import settings
from django.contrib.sites.models import Site
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.demo import DEMO_PASSWORD, seed_users
from comments.demo import seed_comments
from moderation.demo import seed_moderation
from posts.demo import seed_posts


class Command(BaseCommand):
    help = "Load the demo content for a local run. Safe to run twice; refuses to run with DEBUG off."

    def add_arguments(self, parser):
        parser.add_argument(
            "--domain",
            help="host:port of this local site, for links in mails (the Sites entry starts as example.com)",
        )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo loads demo accounts with a known password; it runs only with DEBUG on."
            )
        with transaction.atomic():
            users = seed_users()
            posts = seed_posts(users)
            # Discussions go on published posts, so this runs after the posts are seeded.
            comments = seed_comments(users)
            seed_moderation(users)
            if options["domain"]:
                Site.objects.filter(pk=settings.SITE_ID, domain="example.com").update(
                    domain=options["domain"], name=settings.SITE_NAME
                )
        self.stdout.write(
            self.style.SUCCESS(f"Demo accounts {', '.join(sorted(users))} — password: {DEMO_PASSWORD}")
        )
        if settings.MFA_TOTP_INSECURE_BYPASS_CODE:
            self.stdout.write(
                "editor and moderator sign in with two-factor authentication; in this local run the "
                f"code {settings.MFA_TOTP_INSECURE_BYPASS_CODE} is accepted."
            )
        self.stdout.write(f"Demo posts: {len(posts)}")
        self.stdout.write(f"Demo comments added: {comments}")
