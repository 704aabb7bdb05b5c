"""Moderators' mail preferences and the notice of a queue that waited too long."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from moderation.audit import (
    require_permission,
)
from moderation.models import (
    ModeratorPreference,
)

# Preferences


@transaction.atomic
def preference_set(*, user: User, notify_stale_queue: bool) -> ModeratorPreference:
    require_permission(user, "comments.moderate_comment")
    preference, _ = ModeratorPreference.objects.update_or_create(
        user=user, defaults={"is_notified_of_stale_queue": notify_stale_queue}
    )
    return preference


@transaction.atomic
def stale_queue_notify(*, now: datetime | None = None) -> int:
    """Queue a mail to each opted-in moderator when the oldest item waited too long; return how many.

    A moderator is told again only after another full waiting period, so a cron job every few minutes
    does not flood anyone.
    """
    from moderation.selectors import oldest_waiting_at, queue_comments
    from moderation.tasks import send_stale_queue_notice

    now = now or timezone.now()
    limit = timedelta(minutes=settings.MODERATION_STALE_QUEUE_MINUTES)
    oldest = oldest_waiting_at()
    if oldest is None or now - oldest < limit:
        return 0
    count = queue_comments().count()
    preferences = (
        ModeratorPreference.objects.select_for_update(of=("self",))
        .filter(is_notified_of_stale_queue=True, user__is_active=True)
        .filter(Q(last_stale_notice_at__isnull=True) | Q(last_stale_notice_at__lte=now - limit))
        .select_related("user")
    )
    sent = 0
    for preference in preferences:
        if not preference.user.has_perm("comments.moderate_comment"):
            continue
        preference.last_stale_notice_at = now
        preference.save(update_fields=["last_stale_notice_at"])
        user_id = preference.user_id
        transaction.on_commit(
            lambda user_id=user_id: send_stale_queue_notice.enqueue(
                moderator_id=user_id, count=count, oldest=oldest.isoformat()
            )
        )
        sent += 1
    return sent
