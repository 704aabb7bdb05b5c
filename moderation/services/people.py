"""Sanctions (warnings, suspensions, bans) and moderators' private notes about an account."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from moderation.audit import (
    Action,
    ModerationError,
    person_audit,
    require_permission,
)
from moderation.models import (
    ModeratorNote,
    Sanction,
)
from moderation.tasks import send_sanction_notice

# People


@transaction.atomic
def sanction_create(
    *, user: User, actor: User, kind: str, reason: str, ends_at: datetime | None = None
) -> Sanction:
    """Warn, suspend until a time, or ban. A ban makes the account inactive, which ends its sessions."""
    require_permission(actor, "moderation.moderate_people")
    if user.pk == actor.pk:
        raise ModerationError("You cannot sanction yourself.")
    if user.is_superuser or user.has_perm("comments.moderate_comment"):
        raise ModerationError("Moderators and administrators cannot be sanctioned here.")
    if kind not in Sanction.Kind.values:
        raise ModerationError("Choose a warning, a suspension or a ban.")
    if kind == Sanction.Kind.SUSPENSION and (ends_at is None or ends_at <= timezone.now()):
        raise ModerationError("A suspension needs an end in the future.")
    sanction = Sanction.objects.create(
        user=user,
        kind=kind,
        reason=reason,
        ends_at=ends_at if kind == Sanction.Kind.SUSPENSION else None,
        created_by=actor,
    )
    if kind == Sanction.Kind.BAN:
        # Django's auth backends refuse inactive users, so every open session ends on its next request.
        User.objects.filter(pk=user.pk).update(is_active=False)
        user.is_active = False
    after = f"{sanction.get_kind_display()}" + (
        f" until {ends_at:%Y-%m-%d %H:%M}" if sanction.ends_at else ""
    )
    person_audit(user, actor, Action.SANCTION, reason, after=after)
    transaction.on_commit(lambda: send_sanction_notice.enqueue(sanction_id=sanction.pk))
    return sanction


@transaction.atomic
def sanction_acknowledge(*, sanction: Sanction) -> Sanction:
    """The person read the notice of their warning or suspension: their pages stop showing it."""
    if sanction.acknowledged_at is None:
        sanction.acknowledged_at = timezone.now()
        sanction.save(update_fields=["acknowledged_at"])
    return sanction


@transaction.atomic
def sanction_lift(*, sanction: Sanction, actor: User, reason: str = "") -> Sanction:
    require_permission(actor, "moderation.moderate_people")
    if sanction.lifted_at is not None:
        raise ModerationError("This sanction was already lifted.")
    sanction.lifted_at = timezone.now()
    sanction.save(update_fields=["lifted_at"])
    user = sanction.user
    if (
        sanction.kind == Sanction.Kind.BAN
        and not Sanction.objects.in_force().filter(user=user, kind=Sanction.Kind.BAN).exists()
    ):
        User.objects.filter(pk=user.pk).update(is_active=True)
    person_audit(user, actor, Action.LIFT_SANCTION, reason, before=sanction.get_kind_display())
    return sanction


@transaction.atomic
def note_add(*, user: User, actor: User, body: str) -> ModeratorNote:
    require_permission(actor, "moderation.moderate_people")
    note = ModeratorNote.objects.create(user=user, author=actor, body=body)
    person_audit(user, actor, Action.NOTE, after=body)
    return note
