"""What is refused or held before anyone reads it: blocked addresses and the term lists."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from moderation.audit import (
    Action,
    ModerationError,
    audit_record,
    require_permission,
)
from moderation.models import (
    Block,
    Term,
)

# Blocks


@transaction.atomic
def block_create(
    *, kind: str, value: str, actor: User, reason: str = "", expires_at: datetime | None = None
) -> Block:
    require_permission(actor, "moderation.moderate_people")
    if kind not in Block.Kind.values:
        raise ModerationError("Block an e-mail address or an IP address.")
    block = Block.objects.create(
        kind=kind, value=value.strip().lower(), reason=reason, expires_at=expires_at, created_by=actor
    )
    audit_record(
        actor=actor,
        action=Action.BLOCK,
        target_type="block",
        target_id=block.pk,
        target_label=f"{block.get_kind_display()} {block.value}",
        reason=reason,
        after=f"until {expires_at:%Y-%m-%d %H:%M}" if expires_at else "no expiry",
    )
    return block


@transaction.atomic
def block_lift(*, block: Block, actor: User, reason: str = "") -> None:
    require_permission(actor, "moderation.moderate_people")
    label = f"{block.get_kind_display()} {block.value}"
    pk = block.pk
    Block.objects.filter(pk=pk).update(expires_at=timezone.now())
    audit_record(
        actor=actor,
        action=Action.UNBLOCK,
        target_type="block",
        target_id=pk,
        target_label=label,
        reason=reason,
    )


# Term lists


@transaction.atomic
def term_add(*, text: str, action: str, actor: User) -> Term:
    require_permission(actor, "moderation.manage_terms")
    text = " ".join(text.split())
    if not text:
        raise ModerationError("Give a word or phrase.")
    if Term.objects.filter(text__iexact=text).exists():
        raise ModerationError(f"“{text}” is already on a list.")
    term = Term.objects.create(text=text, action=action, created_by=actor)  # signals clear the cache
    _audit_term_added(term, actor)
    return term


def _audit_term_added(term: Term, actor: User) -> None:
    audit_record(
        actor=actor,
        action=Action.TERM_ADD,
        target_type="term",
        target_id=term.pk,
        target_label=term.text,
        after=term.get_action_display(),
    )


@transaction.atomic
def term_remove(*, term: Term, actor: User) -> None:
    require_permission(actor, "moderation.manage_terms")
    audit_record(
        actor=actor,
        action=Action.TERM_REMOVE,
        target_type="term",
        target_id=term.pk,
        target_label=term.text,
        before=term.get_action_display(),
    )
    term.delete()  # signals clear the cache


def _term_state(text: str, action: str) -> str:
    return f"{text} ({Term.Action(action).label})" if action in Term.Action.values else text


@transaction.atomic
def term_admin_save(*, term: Term, actor: User, before: tuple[str, str] | None = None) -> Term:
    """Save a term added or changed in the Django admin (which checked the model permission) and log it.

    `before` is the (text, action) the term had, None for a new term. Signals clear the cached lists.
    """
    adding = term.pk is None
    if adding and term.created_by_id is None:
        term.created_by = actor
    term.save()
    after = _term_state(term.text, term.action)
    if adding:
        _audit_term_added(term, actor)
    elif before is not None and _term_state(*before) != after:
        audit_record(
            actor=actor,
            action=Action.TERM_CHANGE,
            target_type="term",
            target_id=term.pk,
            target_label=term.text,
            before=_term_state(*before),
            after=after,
        )
    return term


@transaction.atomic
def terms_admin_delete(*, terms: list[Term], actor: User) -> int:
    """Delete terms from the Django admin, one log entry each; signals clear the cached lists."""
    for term in terms:
        audit_record(
            actor=actor,
            action=Action.TERM_REMOVE,
            target_type="term",
            target_id=term.pk,
            target_label=term.text,
            before=term.get_action_display(),
        )
        term.delete()
    return len(terms)
