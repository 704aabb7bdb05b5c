"""What every page shows a signed-in reader from moderation: a warning or suspension they have not
acknowledged yet (read lazily: one query, only on pages that show it)."""

from django.utils.functional import SimpleLazyObject

from moderation.models import Sanction


def sanction_notice(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"sanction_notice": SimpleLazyObject(lambda: Sanction.objects.to_notify(user).first())}
