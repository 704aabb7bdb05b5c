"""Moderator actions, one module per concept. Each action is one transaction, checks who may act and
leaves an audit entry (moderation.audit). `from moderation import services` reaches them all."""

from moderation.audit import ModerationError, audit_record, post_audit
from moderation.services.blocks_and_terms import (
    block_create,
    block_lift,
    term_add,
    term_admin_save,
    term_remove,
    terms_admin_delete,
)
from moderation.services.comments import (
    BULK_ACTIONS,
    comment_approve,
    comment_collapse,
    comment_delete_for_good,
    comment_expand,
    comment_hide,
    comment_lock,
    comment_mark_spam,
    comment_moderator_edit,
    comment_restore,
    comment_unlock,
    comments_bulk,
    moderation_of,
    resolve_flags,
)
from moderation.services.flags import flag_create, flag_refusal
from moderation.services.people import note_add, sanction_acknowledge, sanction_create, sanction_lift
from moderation.services.posts import (
    post_set_closed,
    post_set_pinned,
    post_set_premoderated,
    post_set_sensitive,
)
from moderation.services.preferences import preference_set, stale_queue_notify
from moderation.services.tags import TAG_GET_ROUTES, tag_merge, tag_rename

__all__ = [
    "BULK_ACTIONS",
    "ModerationError",
    "TAG_GET_ROUTES",
    "audit_record",
    "block_create",
    "block_lift",
    "comment_approve",
    "comment_collapse",
    "comment_delete_for_good",
    "comment_expand",
    "comment_hide",
    "comment_lock",
    "comment_mark_spam",
    "comment_moderator_edit",
    "comment_restore",
    "comment_unlock",
    "comments_bulk",
    "flag_create",
    "flag_refusal",
    "moderation_of",
    "note_add",
    "post_audit",
    "post_set_closed",
    "post_set_pinned",
    "post_set_premoderated",
    "post_set_sensitive",
    "preference_set",
    "resolve_flags",
    "sanction_acknowledge",
    "sanction_create",
    "sanction_lift",
    "stale_queue_notify",
    "tag_merge",
    "tag_rename",
    "term_add",
    "term_admin_save",
    "term_remove",
    "terms_admin_delete",
]
