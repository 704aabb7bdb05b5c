"""Demo accounts for a local run (`manage.py seed_demo`)."""

from accounts.models import Profile, User

DEMO_PASSWORD = "write-to-us-2026"
DEMO_USERS = {
    "editor": "Edith the Editor",
    "moderator": "Morgan the Moderator",
    "reader": "Riley Reader",
}


def seed_users() -> dict[str, User]:
    """Create the demo accounts once, with verified e-mail addresses; leave existing ones alone."""
    from allauth.account.models import EmailAddress

    users = {}
    for username, display_name in DEMO_USERS.items():
        email = f"{username}@example.com"
        user, created = User.objects.get_or_create(
            username=username, defaults={"email": email, "display_name": display_name}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        Profile.objects.get_or_create(user=user)
        users[username] = user
    _give_staff_an_authenticator([users["editor"], users["moderator"]])
    return users


def _give_staff_an_authenticator(staff: list[User]) -> None:
    """Staff pages require two-factor sign-in; the demo staff get a TOTP authenticator up front.

    Nobody holds its secret: a local run (`make run`) accepts allauth's DEBUG-only bypass code instead.
    """
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    for user in staff:
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, generate_totp_secret())
