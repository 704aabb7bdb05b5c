"""Demo moderation data for a local run (`manage.py seed_demo`): the moderator's role and a term list."""

from django.contrib.auth.models import Group

from accounts.models import User
from moderation.models import ModeratorPreference, Term

DEMO_TERMS = {
    "crypto giveaway": Term.Action.HOLD,
    "casino": Term.Action.HOLD,
    "buy followers": Term.Action.BLOCK,
}


def seed_moderation(users: dict[str, User]) -> int:
    """Put the demo moderator in the Moderators group and add a few terms; return how many terms are new."""
    moderator = users["moderator"]
    moderator.groups.add(Group.objects.get(name="Moderators"))
    ModeratorPreference.objects.get_or_create(user=moderator, defaults={"is_notified_of_stale_queue": True})
    created = 0
    for text, action in DEMO_TERMS.items():
        _, new = Term.objects.get_or_create(text=text, defaults={"action": action, "created_by": moderator})
        created += new
    return created
