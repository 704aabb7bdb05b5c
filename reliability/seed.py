"""Seed the load-test database and print what the simulated users need as JSON.

Run with the app's environment (`python -m reliability.seed`): the demo content (the same seed
functions `manage.py seed_demo` calls), plus load-test readers with verified e-mail addresses and a
moderator whose TOTP secret the load generator knows, so it signs in the way a real one does.
"""

import json
import secrets
import sys
from datetime import timedelta

import django

django.setup()

from allauth.account.models import EmailAddress  # noqa: E402
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.demo import seed_users  # noqa: E402
from accounts.models import Profile, User  # noqa: E402
from comments.demo import seed_comments  # noqa: E402
from comments.models import Comment  # noqa: E402
from posts.demo import seed_posts  # noqa: E402
from posts.models import Category, Post, Tag  # noqa: E402


def _member(username: str, password: str) -> User:
    # Older than a week, so the stricter limits for brand-new accounts do not apply to them.
    user = User.objects.create_user(
        username=username,
        email=f"{username}@load.example",
        password=password,
        display_name=username.replace("-", " ").title(),
        date_joined=timezone.now() - timedelta(days=30),
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    Profile.objects.get_or_create(user=user)
    return user


@transaction.atomic
def seed(members: int) -> dict:
    users = seed_users()
    seed_posts(users)
    seed_comments(users)
    try:
        from moderation.demo import seed_moderation
    except ImportError:  # the moderation app may not ship demo data
        pass
    else:
        seed_moderation(users)

    password = secrets.token_urlsafe(12)
    readers = [_member(f"load-reader-{n}", password).username for n in range(members)]
    moderator = _member("load-moderator", password)
    moderator.groups.add(Group.objects.get(name="Moderators"))
    totp_secret = generate_totp_secret()
    TOTP.activate(moderator, totp_secret)

    posts = list(Post.objects.published().order_by("-published_at")[:12])
    return {
        "password": password,
        "readers": readers,
        "moderator": {"username": moderator.username, "totp_secret": totp_secret},
        "posts": [{"id": post.pk, "url": post.get_absolute_url()} for post in posts],
        "tags": [tag.get_absolute_url() for tag in Tag.objects.all()[:10]],
        "categories": [category.get_absolute_url() for category in Category.objects.all()[:10]],
        "comments": Comment.objects.count(),
    }


if __name__ == "__main__":
    print(json.dumps(seed(int(sys.argv[1]) if len(sys.argv) > 1 else 20)))
