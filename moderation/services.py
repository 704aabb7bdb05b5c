"""Moderator actions. Each is one transaction, checks who may act, and leaves an audit entry."""

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from comments import services as comment_services
from comments.models import Comment
from comments.tasks import send_comment_notifications
from forum.markup import render_comment_markdown
from forum.redirects import path_moved
from moderation.models import (
    AuditEntry,
    Block,
    CommentModeration,
    Flag,
    ModeratorNote,
    ModeratorPreference,
    PostModeration,
    Sanction,
    Term,
)
from moderation.policy import EARLIER_SPAM, sanction_refusal
from moderation.tasks import send_sanction_notice
from posts.changes import posts_changed
from posts.models import Post, Tag, TopicFollow
from posts.services import tag_posts_search_tags_update

Action = AuditEntry.Action


class ModerationError(Exception):
    """An action that cannot be taken as asked; str(error) is the message for the moderator or reader."""


def _require(actor: User, permission: str) -> None:
    if not (actor.is_authenticated and actor.is_active and actor.has_perm(permission)):
        raise PermissionDenied("You may not do that.")


def audit_record(
    *,
    actor: User | None,
    action: str,
    target_type: str,
    target_id: int | None,
    target_label: str = "",
    subject: User | None = None,
    reason: str = "",
    before: str = "",
    after: str = "",
) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=actor,
        actor_name=actor.username if actor is not None else "system",
        action=action,
        target_type=target_type,
        target_id=target_id,
        target_label=target_label[:200],
        subject=subject,
        reason=reason[:500],
        before=before,
        after=after,
    )


def _comment_label(comment: Comment) -> str:
    return f"comment {comment.pk} by {comment.display_name} on “{comment.post.title}”"


def _audit_comment(comment: Comment, actor: User, action: str, reason: str = "", **extra) -> None:
    audit_record(
        actor=actor,
        action=action,
        target_type="comment",
        target_id=comment.pk,
        target_label=_comment_label(comment),
        subject=comment.author,
        reason=reason,
        **extra,
    )


def _moderation_of(comment: Comment) -> CommentModeration:
    moderation, _ = CommentModeration.objects.get_or_create(comment=comment)
    return moderation


def _refuse_removed(comment: Comment, doing: str) -> None:
    """An author-removed comment keeps no text, only its place for the replies: not for moderators to revive.

    Read from the database, not the caller's copy, which may predate the author's delete.
    """
    if Comment.objects.filter(pk=comment.pk, status=Comment.Status.REMOVED).exists():
        comment.status = Comment.Status.REMOVED
        raise ModerationError(f"Its author removed this comment, so it cannot be {doing}.")


def _resolve_flags(comment: Comment, outcome: str) -> int:
    return Flag.objects.open().filter(comment=comment).update(outcome=outcome, resolved_at=timezone.now())


# Comments


@transaction.atomic
def comment_approve(*, comment: Comment, actor: User, reason: str = "") -> Comment:
    """Publish a held or flag-hidden comment; open flags are declined. Mail goes out if it was held."""
    _require(actor, "comments.moderate_comment")
    _refuse_removed(comment, "approved")
    was_pending = comment.status == Comment.Status.PENDING
    comment_services.comment_set_status(comment=comment, status=Comment.Status.PUBLISHED, actor=actor)
    moderation = _moderation_of(comment)
    moderation.is_hidden_by_flags = False
    moderation.hidden_reason = ""
    moderation.decided_at = timezone.now()
    moderation.save(update_fields=["is_hidden_by_flags", "hidden_reason", "decided_at"])
    _resolve_flags(comment, Flag.Outcome.DECLINED)
    if was_pending:
        transaction.on_commit(lambda: send_comment_notifications.enqueue(comment_id=comment.pk))
    _audit_comment(comment, actor, Action.APPROVE, reason)
    return comment


@transaction.atomic
def comment_hide(*, comment: Comment, actor: User, reason: str) -> Comment:
    """Hide a comment; where it has replies, readers see "removed by a moderator: <reason>"."""
    _require(actor, "comments.moderate_comment")
    _refuse_removed(comment, "hidden")
    comment_services.comment_set_status(comment=comment, status=Comment.Status.HIDDEN, actor=actor)
    moderation = _moderation_of(comment)
    moderation.hidden_reason = reason
    moderation.is_hidden_by_flags = False
    moderation.decided_at = timezone.now()
    moderation.save(update_fields=["hidden_reason", "is_hidden_by_flags", "decided_at"])
    _resolve_flags(comment, Flag.Outcome.UPHELD)
    _audit_comment(comment, actor, Action.HIDE, reason)
    return comment


@transaction.atomic
def comment_restore(*, comment: Comment, actor: User, reason: str = "") -> Comment:
    """Publish a hidden comment again and forget why it was hidden."""
    _require(actor, "comments.moderate_comment")
    _refuse_removed(comment, "restored")
    if comment.status != Comment.Status.HIDDEN:
        raise ModerationError("Only a hidden comment can be restored.")
    comment_services.comment_set_status(comment=comment, status=Comment.Status.PUBLISHED, actor=actor)
    CommentModeration.objects.filter(comment=comment).update(
        hidden_reason="", is_spam=False, is_hidden_by_flags=False, decided_at=timezone.now()
    )
    _audit_comment(comment, actor, Action.RESTORE, reason)
    return comment


def _same_author(comment: Comment):
    if comment.author_id is not None:
        return Q(author_id=comment.author_id)
    if comment.author_email:
        return Q(author__isnull=True, author_email__iexact=comment.author_email)
    if comment.ip_address:
        return Q(author__isnull=True, ip_address=comment.ip_address)
    return None


@transaction.atomic
def comment_mark_spam(*, comment: Comment, actor: User, reason: str = "") -> int:
    """Hide the comment as spam and keep the author's other held comments held, marked; return how many.

    The author's later comments are held too (the policy sees the spam mark), so bulk approval cannot
    wave their backlog through unseen.
    """
    _require(actor, "comments.moderate_comment")
    _refuse_removed(comment, "marked as spam")
    comment_services.comment_set_status(comment=comment, status=Comment.Status.HIDDEN, actor=actor)
    moderation = _moderation_of(comment)
    moderation.is_spam = True
    moderation.hidden_reason = "spam"
    moderation.is_hidden_by_flags = False
    moderation.decided_at = timezone.now()
    moderation.save(update_fields=["is_spam", "hidden_reason", "is_hidden_by_flags", "decided_at"])
    _resolve_flags(comment, Flag.Outcome.UPHELD)
    held = 0
    same = _same_author(comment)
    if same is not None:
        others = Comment.objects.filter(same, status=Comment.Status.PENDING).exclude(pk=comment.pk)
        for other in others:
            other_moderation = _moderation_of(other)
            if EARLIER_SPAM not in other_moderation.hold_reasons:
                other_moderation.hold_reasons = [*other_moderation.hold_reasons, EARLIER_SPAM]
                other_moderation.save(update_fields=["hold_reasons"])
            held += 1
    _audit_comment(comment, actor, Action.SPAM, reason, after=f"{held} other held comment(s) marked")
    return held


@transaction.atomic
def comment_delete_for_good(*, comment: Comment, actor: User, reason: str = "") -> bool:
    """Remove the text for good (admins only). A comment with replies stays as a placeholder.

    Returns True when the row stayed as a placeholder. The log keeps who, when and why, not the text.
    """
    _require(actor, "comments.delete_comment")
    label = _comment_label(comment)
    author = comment.author
    pk = comment.pk
    # Hidden first, so the post's count drops; one its author removed is already out of the count and
    # stays "removed by its author", losing only the details it kept.
    if not Comment.objects.filter(pk=pk, status=Comment.Status.REMOVED).exists():
        comment_services.comment_apply_status(comment=comment, status=Comment.Status.HIDDEN)
    if Comment.objects.filter(parent=comment).exists():
        Comment.objects.filter(pk=pk).update(
            body="", body_html="", author_name="", author_email="", ip_address=None
        )
        CommentModeration.objects.update_or_create(comment=comment, defaults={"hidden_reason": "deleted"})
        _resolve_flags(comment, Flag.Outcome.UPHELD)  # else the placeholder waits in the queue
        kept = True
    else:
        comment.delete()
        kept = False
    audit_record(
        actor=actor,
        action=Action.DELETE,
        target_type="comment",
        target_id=pk,
        target_label=label,
        subject=author,
        reason=reason,
    )
    return kept


@transaction.atomic
def comment_moderator_edit(*, comment: Comment, actor: User, body: str, reason: str) -> Comment:
    """Replace a comment's text, marked "edited by a moderator"; the log keeps before and after."""
    _require(actor, "comments.moderate_comment")
    _refuse_removed(comment, "edited")
    before = comment.body
    comment.body = body
    comment.body_html = render_comment_markdown(body)
    comment.save(update_fields=["body", "body_html"])
    moderation = _moderation_of(comment)
    moderation.edited_by_moderator_at = timezone.now()
    moderation.save(update_fields=["edited_by_moderator_at"])
    comment_services.thread_changed(comment=comment)
    _audit_comment(comment, actor, Action.EDIT, reason, before=before, after=body)
    return comment


@transaction.atomic
def comment_collapse(*, comment: Comment, actor: User, reason: str) -> Comment:
    """Show the subthread from this comment down collapsed to readers, with the reason."""
    _require(actor, "comments.moderate_comment")
    if not reason.strip():
        raise ModerationError("Say why the subthread is collapsed; readers see the reason.")
    moderation = _moderation_of(comment)
    moderation.collapsed_reason = reason
    moderation.save(update_fields=["collapsed_reason"])
    comment_services.thread_changed(comment=comment)
    _audit_comment(comment, actor, Action.COLLAPSE, reason)
    return comment


@transaction.atomic
def comment_expand(*, comment: Comment, actor: User, reason: str = "") -> Comment:
    _require(actor, "comments.moderate_comment")
    CommentModeration.objects.filter(comment=comment).update(collapsed_reason="")
    comment_services.thread_changed(comment=comment)
    _audit_comment(comment, actor, Action.EXPAND, reason)
    return comment


BULK_ACTIONS = {"approve", "hide", "spam"}


@transaction.atomic
def comments_bulk(*, comments: list[Comment], actor: User, action: str, reason: str = "") -> int:
    """Approve, hide or mark as spam each comment; one audit entry per comment."""
    _require(actor, "comments.moderate_comment")
    if action not in BULK_ACTIONS:
        raise ModerationError("Choose approve, hide or spam.")
    removed = Comment.objects.filter(
        pk__in=[comment.pk for comment in comments], status=Comment.Status.REMOVED
    )
    removed_ids = sorted(removed.values_list("pk", flat=True))
    if removed_ids:
        listed = ", ".join(str(pk) for pk in removed_ids)
        raise ModerationError(f"Their authors removed comment(s) {listed}; untick them. Nothing was changed.")
    for comment in comments:
        if action == "approve":
            comment_approve(comment=comment, actor=actor, reason=reason)
        elif action == "hide":
            comment_hide(comment=comment, actor=actor, reason=reason or "removed in review")
        else:
            comment_mark_spam(comment=comment, actor=actor, reason=reason)
    return len(comments)


# Flags


def flag_refusal(*, comment: Comment, user: User) -> str:
    """Why this reader may not flag this comment, or ""."""
    if not user.is_authenticated:
        return "Sign in to flag a comment."
    if not comment_services.user_has_verified_email(user):
        return "Verify your e-mail address before flagging comments."
    refusal = sanction_refusal(user)
    if refusal:
        return refusal
    if comment.author_id == user.pk:
        return "You cannot flag your own comment."
    if comment.status != Comment.Status.PUBLISHED and not Flag.objects.filter(comment=comment).exists():
        return "This comment is not shown, so it cannot be flagged."
    if Flag.objects.filter(comment=comment, user=user).exists():
        return "You have already flagged this comment. Thank you."
    since = timezone.now() - timedelta(days=1)
    if Flag.objects.filter(user=user, created_at__gte=since).count() >= settings.MODERATION_FLAG_DAILY_CAP:
        return "You have flagged as many comments as we allow in a day. Please try again tomorrow."
    return ""


@transaction.atomic
def flag_create(*, comment: Comment, user: User, reason: str, note: str = "") -> Flag:
    """Record a flag; at MODERATION_FLAG_HIDE_THRESHOLD distinct flags the comment is hidden for review."""
    # The post row lock (as comments takes it): one flagger at a time decides the threshold.
    Post.objects.select_for_update().filter(pk=comment.post_id).values_list("pk", flat=True).get()
    comment.refresh_from_db(fields=["status"])
    refusal = flag_refusal(comment=comment, user=user)
    if refusal:
        raise ModerationError(refusal)
    if reason not in Flag.Reason.values:
        raise ModerationError("Choose a reason.")
    if reason == Flag.Reason.OTHER and not note.strip():
        raise ModerationError("Tell the moderators what is wrong.")
    flag = Flag.objects.create(comment=comment, user=user, reason=reason, note=note.strip())
    open_count = Flag.objects.open().filter(comment=comment).count()
    if open_count >= settings.MODERATION_FLAG_HIDE_THRESHOLD and comment.status == Comment.Status.PUBLISHED:
        comment_services.comment_apply_status(comment=comment, status=Comment.Status.HIDDEN)
        moderation = _moderation_of(comment)
        moderation.is_hidden_by_flags = True
        moderation.save(update_fields=["is_hidden_by_flags"])
    return flag


# Posts


def post_audit(*, post: Post, actor: User, action: str, reason: str = "") -> None:
    """Log an action on a post; also how comments' own close button is logged (the policy hook)."""
    audit_record(
        actor=actor,
        action=action,
        target_type="post",
        target_id=post.pk,
        target_label=post.title,
        reason=reason,
    )


@transaction.atomic
def post_set_closed(*, post: Post, actor: User, closed: bool, reason: str = "") -> Post:
    _require(actor, "moderation.moderate_post")
    Post.objects.filter(pk=post.pk).update(is_comments_closed=closed)
    post.is_comments_closed = closed  # the cached threads of an open and a closed post are kept apart
    post_audit(post=post, actor=actor, action=Action.CLOSE if closed else Action.REOPEN, reason=reason)
    return post


@transaction.atomic
def post_set_pinned(*, post: Post, actor: User, pinned: bool, reason: str = "") -> Post:
    _require(actor, "moderation.moderate_post")
    Post.objects.filter(pk=post.pk).update(is_pinned=pinned)
    post.is_pinned = pinned
    posts_changed()  # the home page's order
    post_audit(post=post, actor=actor, action=Action.PIN if pinned else Action.UNPIN, reason=reason)
    return post


@transaction.atomic
def post_set_premoderated(*, post: Post, actor: User, premoderated: bool, reason: str = "") -> PostModeration:
    _require(actor, "moderation.moderate_post")
    moderation, _ = PostModeration.objects.update_or_create(
        post=post, defaults={"is_premoderated": premoderated}
    )
    post_audit(
        post=post,
        actor=actor,
        action=Action.PREMODERATE if premoderated else Action.UNPREMODERATE,
        reason=reason,
    )
    return moderation


# People


def _audit_person(user: User, actor: User, action: str, reason: str = "", **extra) -> None:
    audit_record(
        actor=actor,
        action=action,
        target_type="user",
        target_id=user.pk,
        target_label=user.username,
        subject=user,
        reason=reason,
        **extra,
    )


@transaction.atomic
def sanction_create(
    *, user: User, actor: User, kind: str, reason: str, ends_at: datetime | None = None
) -> Sanction:
    """Warn, suspend until a time, or ban. A ban makes the account inactive, which ends its sessions."""
    _require(actor, "moderation.moderate_people")
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
    _audit_person(user, actor, Action.SANCTION, reason, after=after)
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
    _require(actor, "moderation.moderate_people")
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
    _audit_person(user, actor, Action.LIFT_SANCTION, reason, before=sanction.get_kind_display())
    return sanction


@transaction.atomic
def note_add(*, user: User, actor: User, body: str) -> ModeratorNote:
    _require(actor, "moderation.moderate_people")
    note = ModeratorNote.objects.create(user=user, author=actor, body=body)
    _audit_person(user, actor, Action.NOTE, after=body)
    return note


@transaction.atomic
def block_create(
    *, kind: str, value: str, actor: User, reason: str = "", expires_at: datetime | None = None
) -> Block:
    _require(actor, "moderation.moderate_people")
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
    _require(actor, "moderation.moderate_people")
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
    _require(actor, "moderation.manage_terms")
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
    _require(actor, "moderation.manage_terms")
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


# Tags


# Every public GET address of a tag (posts/urls.py). Following is POST-only, and a 301 would turn the
# POST into a GET, so a follow at the old address stays a 404.
TAG_GET_ROUTES = ("posts:tag_detail", "posts:tag_feed_rss", "posts:tag_feed_atom")


def _tag_paths(slug: str) -> list[str]:
    return [reverse(name, kwargs={"slug": slug}) for name in TAG_GET_ROUTES]


def _redirect_tag(*, old_slug: str, new_slug: str) -> None:
    """Old tag URLs answer 301 to the new ones (django.contrib.redirects), without chains."""
    for old_path, new_path in zip(_tag_paths(old_slug), _tag_paths(new_slug), strict=True):
        path_moved(old_path=old_path, new_path=new_path)


@transaction.atomic
def tag_rename(*, tag: Tag, actor: User, name: str, slug: str = "") -> Tag:
    _require(actor, "moderation.manage_tags")
    name = " ".join(name.split())
    slug = slugify(slug or name)[:60].strip("-")
    if not name or not slug:
        raise ModerationError("A tag needs a name with at least one letter or digit.")
    if Tag.objects.filter(Q(name__iexact=name) | Q(slug=slug)).exclude(pk=tag.pk).exists():
        raise ModerationError("Another tag has this name or address; merge into it instead.")
    before = f"{tag.name} ({tag.slug})"
    old_slug = tag.slug
    tag.name, tag.slug = name, slug
    tag.save(update_fields=["name", "slug"])  # posts.apps retires every page showing the old name
    tag_posts_search_tags_update(tag=tag)
    if old_slug != slug:
        _redirect_tag(old_slug=old_slug, new_slug=slug)
    audit_record(
        actor=actor,
        action=Action.TAG_RENAME,
        target_type="tag",
        target_id=tag.pk,
        target_label=name,
        before=before,
        after=f"{name} ({slug})",
    )
    return tag


@transaction.atomic
def tag_merge(*, source: Tag, target: Tag, actor: User) -> Tag:
    """Move every post and follower of `source` to `target`, delete `source`, redirect its URLs."""
    _require(actor, "moderation.manage_tags")
    if source.pk == target.pk:
        raise ModerationError("Choose a different tag to merge into.")
    through = Post.tags.through
    post_ids = list(through.objects.filter(tag=source).values_list("post_id", flat=True))
    already = set(through.objects.filter(tag=target, post_id__in=post_ids).values_list("post_id", flat=True))
    through.objects.bulk_create([through(post_id=pk, tag=target) for pk in post_ids if pk not in already])
    followers = set(TopicFollow.objects.filter(tag=target).values_list("user_id", flat=True))
    TopicFollow.objects.filter(tag=source).exclude(user_id__in=followers).update(tag=target)
    before = f"{source.name} ({source.slug}), {len(post_ids)} post(s)"
    source_pk, source_slug = source.pk, source.slug
    source.delete()  # posts.apps retires the pages and related lists that showed it
    tag_posts_search_tags_update(tag=target)
    _redirect_tag(old_slug=source_slug, new_slug=target.slug)
    audit_record(
        actor=actor,
        action=Action.TAG_MERGE,
        target_type="tag",
        target_id=source_pk,
        target_label=f"{source_slug} into {target.slug}",
        before=before,
        after=f"{target.name} ({target.slug})",
    )
    return target


# Preferences


@transaction.atomic
def preference_set(*, user: User, notify_stale_queue: bool) -> ModeratorPreference:
    _require(user, "comments.moderate_comment")
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
