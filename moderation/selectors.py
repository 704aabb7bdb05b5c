"""Reads for moderators: the queue with its chips, a person's record, the log."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Case, Count, Exists, F, Min, OuterRef, Prefetch, Q, QuerySet, When
from django.utils import timezone

from comments.models import Comment
from moderation.models import AuditEntry, CommentModeration, Flag, QuestionReview
from posts.models import Question

QUEUE_FILTERS = {
    "all": "Everything",
    "held": "Held comments",
    "flagged": "Flagged comments",
}


def queue_comments(*, show: str = "all", reason: str = "", post_id: int | None = None) -> QuerySet[Comment]:
    """Held comments and comments with open flags (not removed by their authors): most flags first,
    then the longest wait. A held comment waits from when it was written, a flagged one from its
    first open flag (`waiting_since`).

    Each comment carries its post, parent (with author), author, moderation row and `open_flags` (a
    list), so the queue page costs the same number of queries for 5 items or 500.
    """
    has_open_flags = Exists(Flag.objects.open().filter(comment=OuterRef("pk")))
    is_open = Q(flags__outcome=Flag.Outcome.OPEN)
    # A comment its author removed is only a placeholder for its replies: nothing left to decide.
    comments = Comment.objects.exclude(status=Comment.Status.REMOVED).annotate(
        open_flag_count=Count("flags", filter=is_open),
        has_open_flags=has_open_flags,
        waiting_since=Case(
            When(status=Comment.Status.PENDING, then=F("created_at")),
            default=Min("flags__created_at", filter=is_open),
        ),
    )
    if show == "held":
        comments = comments.filter(status=Comment.Status.PENDING)
    elif show == "flagged":
        comments = comments.filter(has_open_flags=True)
    else:
        comments = comments.filter(Q(status=Comment.Status.PENDING) | Q(has_open_flags=True))
    if reason in Flag.Reason.values:
        comments = comments.filter(Exists(Flag.objects.open().filter(comment=OuterRef("pk"), reason=reason)))
    if post_id:
        comments = comments.filter(post_id=post_id)
    return (
        comments.select_related("post", "author", "parent", "parent__author", "moderation")
        .prefetch_related(
            Prefetch(
                "flags",
                queryset=Flag.objects.open().select_related("user").order_by("created_at"),
                to_attr="open_flags",
            )
        )
        .order_by("-open_flag_count", "waiting_since", "pk")
    )


def chips(comment: Comment) -> list[str]:
    """Why this item is in the queue, as short labels."""
    found: list[str] = []
    moderation = getattr(comment, "moderation", None) if _has_moderation(comment) else None
    if comment.status == Comment.Status.PENDING and moderation is not None:
        found.extend(moderation.hold_reasons)
    elif comment.status == Comment.Status.PENDING:
        found.append("held")
    flags = getattr(comment, "open_flags", [])
    if flags:
        reasons = sorted({flag.get_reason_display() for flag in flags})
        found.append(f"{len(flags)} flag{'s' if len(flags) != 1 else ''}: {', '.join(reasons)}")
    if moderation is not None and moderation.is_hidden_by_flags:
        found.append("hidden by flags")
    author = comment.author
    new_since = timezone.now() - timedelta(days=settings.MODERATION_NEW_ACCOUNT_DAYS)
    if author is not None and author.date_joined > new_since and "new account" not in found:
        found.append("new account")
    return found


def _has_moderation(comment: Comment) -> bool:
    try:
        comment.moderation  # noqa: B018 - select_related filled it, or cached its absence
    except CommentModeration.DoesNotExist:
        return False
    return True


def new_question_count() -> int:
    return Question.objects.filter(status=Question.Status.RECEIVED).count()


def suspect_questions() -> QuerySet[QuestionReview]:
    return QuestionReview.objects.filter(question__status=Question.Status.RECEIVED).select_related("question")


def oldest_waiting_at():
    """When the oldest item still in the queue arrived (a held comment, or an open flag), or None."""
    held = Comment.objects.filter(status=Comment.Status.PENDING).order_by("created_at")
    flag = Flag.objects.open().exclude(comment__status=Comment.Status.REMOVED).order_by("created_at")
    times = [
        held.values_list("created_at", flat=True).first(),
        flag.values_list("created_at", flat=True).first(),
    ]
    times = [moment for moment in times if moment is not None]
    return min(times) if times else None


@dataclass
class PersonRecord:
    comments: QuerySet
    flags_against: QuerySet
    flags_made_count: int
    sanctions: QuerySet
    notes: QuerySet
    entries: QuerySet


def person_record(*, user) -> PersonRecord:
    return PersonRecord(
        comments=Comment.objects.filter(author=user).select_related("post").order_by("-created_at")[:50],
        flags_against=Flag.objects.filter(comment__author=user)
        .select_related("comment", "user")
        .order_by("-created_at")[:50],
        flags_made_count=Flag.objects.filter(user=user).count(),
        sanctions=user.sanctions.select_related("created_by").order_by("-created_at"),
        notes=user.moderator_notes.select_related("author").order_by("-created_at"),
        entries=AuditEntry.objects.filter(subject_id=user.pk).order_by("-created_at", "-pk")[:50],
    )


def audit_entries(*, action: str = "", actor: str = "", target_type: str = "", target_id: int | None = None):
    entries = AuditEntry.objects.all()
    if action in AuditEntry.Action.values:
        entries = entries.filter(action=action)
    if actor:
        entries = entries.filter(actor_name=actor)
    if target_type:
        entries = entries.filter(target_type=target_type)
    if target_id:
        entries = entries.filter(target_id=target_id)
    return entries.order_by("-created_at", "-pk")
