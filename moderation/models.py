import re

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from comments.models import Comment
from forum.dates import moment
from posts.models import Post, Question


class PostModeration(models.Model):
    """Per-post moderation switches that posts itself does not carry."""

    post = models.OneToOneField(Post, on_delete=models.CASCADE, related_name="moderation")
    is_premoderated = models.BooleanField(
        "pre-moderate this post", default=False, help_text="Hold every new comment for a moderator."
    )

    class Meta:
        verbose_name = "post moderation"

    def __str__(self):
        return f"Moderation of post {self.post_id}"


class CommentModeration(models.Model):
    """What moderation knows about one comment: why it was held, hidden or collapsed, and edits."""

    comment = models.OneToOneField(Comment, on_delete=models.CASCADE, related_name="moderation")
    # Why the policy held it, as short chips for the queue ("first-time commenter", "3 links", ...).
    hold_reasons = models.JSONField(default=list, blank=True)
    # Shown publicly in the placeholder: "removed by a moderator: off-topic".
    hidden_reason = models.CharField(max_length=200, blank=True)
    # A moderator collapsed the subthread starting here; readers see it closed with this reason.
    collapsed_reason = models.CharField(max_length=200, blank=True)
    # A moderator locked the subthread starting here: it stays readable and takes no new replies.
    locked_reason = models.CharField(max_length=200, blank=True)
    is_spam = models.BooleanField(default=False)
    # Hidden automatically by enough flags; waits for a moderator's decision.
    is_hidden_by_flags = models.BooleanField(default=False)
    edited_by_moderator_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True, help_text="When a moderator last decided.")

    class Meta:
        verbose_name = "comment moderation"

    def __str__(self):
        return f"Moderation of comment {self.comment_id}"


class FlagQuerySet(models.QuerySet):
    def open(self):
        return self.filter(outcome=Flag.Outcome.OPEN)


class Flag(models.Model):
    """A verified reader's report of one comment, once per comment."""

    class Reason(models.TextChoices):
        SPAM = "spam", "Spam"
        UNKIND = "unkind", "Unkind or a personal attack"
        OFF_TOPIC = "off_topic", "Off-topic or derailing"
        IDENTIFYING = "identifying", "Could identify the letter writer"
        OTHER = "other", "Something else"

    class Outcome(models.TextChoices):
        OPEN = "open", "Waiting for a moderator"
        UPHELD = "upheld", "A moderator agreed and removed the comment"
        DECLINED = "declined", "A moderator reviewed it and kept the comment"
        WITHDRAWN = "withdrawn", "Its author removed the comment"

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="flags")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="flags_made")
    reason = models.CharField(max_length=20, choices=Reason)
    note = models.CharField(max_length=500, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome, default=Outcome.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    objects = FlagQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["comment", "user"], name="flag_once_per_comment"),
            models.CheckConstraint(
                condition=Q(reason__in=["spam", "unkind", "off_topic", "identifying", "other"]),
                name="flag_reason_valid",
            ),
            models.CheckConstraint(condition=~Q(reason="other") | ~Q(note=""), name="flag_other_has_note"),
        ]
        indexes = [
            models.Index(fields=["outcome", "comment"], name="flag_open_by_comment"),
            models.Index(fields=["user", "-created_at"], name="flag_user_recent"),
        ]

    def __str__(self):
        return f"{self.get_reason_display()} flag on comment {self.comment_id}"


class SanctionQuerySet(models.QuerySet):
    def in_force(self, at=None):
        """Warnings stay on record; suspensions until their end; bans until lifted."""
        at = at or timezone.now()
        return self.filter(lifted_at__isnull=True).filter(Q(ends_at__isnull=True) | Q(ends_at__gt=at))

    def restricting(self, at=None):
        return self.in_force(at).exclude(kind=Sanction.Kind.WARNING)

    def to_notify(self, user):
        """The warnings and suspensions in force that `user` has not acknowledged yet, newest first."""
        return (
            self.in_force()
            .filter(user=user, acknowledged_at__isnull=True)
            .exclude(kind=Sanction.Kind.BAN)
            .order_by("-created_at")
        )


class Sanction(models.Model):
    class Kind(models.TextChoices):
        WARNING = "warning", "Warning"
        SUSPENSION = "suspension", "Suspension"
        BAN = "ban", "Ban"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sanctions")
    kind = models.CharField(max_length=12, choices=Kind)
    reason = models.CharField(max_length=500, help_text="Shown to the person.")
    ends_at = models.DateTimeField(null=True, blank=True, help_text="Suspensions end at this time.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    lifted_at = models.DateTimeField(null=True, blank=True)
    # When the person dismissed the notice of it that their pages show until then.
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    objects = SanctionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="suspension", ends_at__isnull=False) | ~Q(kind="suspension"),
                name="sanction_suspension_has_end",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["warning", "suspension", "ban"]), name="sanction_kind_valid"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.user_id}"

    def describe(self) -> str:
        """What the person is told."""
        if self.kind == self.Kind.SUSPENSION:
            until = moment(self.ends_at)
            return f"Your account is suspended until {until}: {self.reason}"
        if self.kind == self.Kind.BAN:
            return f"Your account is banned: {self.reason}"
        return f"A moderator warned you: {self.reason}"


class ModeratorNote(models.Model):
    """A private note moderators keep about an account."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="moderator_notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(max_length=2000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Note on {self.user_id} ({self.created_at:%Y-%m-%d})"


class Term(models.Model):
    """A word or phrase matched case-insensitively as a whole word: held for review, or refused."""

    class Action(models.TextChoices):
        HOLD = "hold", "Hold for review"
        BLOCK = "block", "Refuse"

    text = models.CharField(max_length=100)
    action = models.CharField(max_length=10, choices=Action)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["action", "text"]
        constraints = [
            models.UniqueConstraint(fields=["text"], name="term_unique_text"),
            models.CheckConstraint(condition=Q(action__in=["hold", "block"]), name="term_action_valid"),
        ]

    def __str__(self):
        return f"{self.text} ({self.action})"

    @property
    def pattern(self) -> str:
        # \b fails next to punctuation ("c++"), so whole word means: no word character either side.
        # Between the words of a phrase any run of whitespace matches ("free   money", "free\nmoney").
        words = r"\s+".join(re.escape(word) for word in self.text.split())
        return rf"(?<!\w){words}(?!\w)" if words else r"(?!)"  # a blank term matches nothing


class BlockQuerySet(models.QuerySet):
    def in_force(self, at=None):
        at = at or timezone.now()
        return self.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=at))


class Block(models.Model):
    """Refuse anonymous comments and questions from an e-mail address or an IP address."""

    class Kind(models.TextChoices):
        EMAIL = "email", "E-mail address"
        IP = "ip", "IP address"

    kind = models.CharField(max_length=10, choices=Kind)
    value = models.CharField(max_length=254, help_text="Stored lower-case.")
    reason = models.CharField(max_length=500, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = BlockQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.CheckConstraint(condition=Q(kind__in=["email", "ip"]), name="block_kind_valid")]
        indexes = [models.Index(fields=["kind", "value"], name="block_lookup")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.value}"


class QuestionReview(models.Model):
    """Why the question policy marked a new question as suspect (held terms, links, spam check)."""

    question = models.OneToOneField(Question, on_delete=models.CASCADE, related_name="review")
    reasons = models.JSONField(default=list)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    def __str__(self):
        return f"Review of question {self.question_id}"


class ModeratorPreference(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="moderator_preference"
    )
    is_notified_of_stale_queue = models.BooleanField(
        "e-mail me when the queue has waited too long", default=False
    )
    last_stale_notice_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Moderator preferences of {self.user_id}"


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("The moderation log is append-only.")

    def delete(self):
        raise PermissionError("The moderation log is append-only.")


class AuditEntry(models.Model):
    """One moderator action: who, what, when, why; before and after for edits. Never changed.

    The model refuses updates and deletes, and on PostgreSQL a trigger refuses them in the database
    too (migration 0002). Actor and subject are kept by id and name without a foreign-key constraint,
    so deleting an account neither rewrites nor removes history.
    """

    class Action(models.TextChoices):
        APPROVE = "approve", "Approved a comment"
        HIDE = "hide", "Hid a comment"
        RESTORE = "restore", "Restored a comment"
        SPAM = "spam", "Marked a comment as spam"
        DELETE = "delete", "Deleted a comment for good"
        EDIT = "edit", "Edited a comment"
        COLLAPSE = "collapse", "Collapsed a subthread"
        EXPAND = "expand", "Expanded a subthread"
        LOCK = "lock", "Locked a subthread"
        UNLOCK = "unlock", "Unlocked a subthread"
        DISMISS_FLAGS = "dismiss_flags", "Dismissed flags"
        CLOSE = "close", "Closed comments"
        REOPEN = "reopen", "Reopened comments"
        PIN = "pin", "Pinned a post"
        UNPIN = "unpin", "Unpinned a post"
        PREMODERATE = "premoderate", "Turned pre-moderation on"
        UNPREMODERATE = "unpremoderate", "Turned pre-moderation off"
        SENSITIVE = "sensitive", "Marked a post a sensitive topic"
        NOT_SENSITIVE = "not_sensitive", "Ended a post's sensitive-topic rules"
        SANCTION = "sanction", "Sanctioned an account"
        LIFT_SANCTION = "lift_sanction", "Lifted a sanction"
        NOTE = "note", "Added a note"
        BLOCK = "block", "Blocked an address"
        UNBLOCK = "unblock", "Lifted a block"
        TERM_ADD = "term_add", "Added a term"
        TERM_REMOVE = "term_remove", "Removed a term"
        TERM_CHANGE = "term_change", "Changed a term"
        TAG_RENAME = "tag_rename", "Renamed a tag"
        TAG_MERGE = "tag_merge", "Merged tags"
        REDIRECT_ADD = "redirect_add", "Mapped an old address"

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_name = models.CharField(max_length=150)
    action = models.CharField(max_length=20, choices=Action)
    target_type = models.CharField(max_length=20, help_text="comment, post, user, tag, term, block, redirect")
    target_id = models.BigIntegerField(null=True, blank=True)
    target_label = models.CharField(max_length=200, blank=True)
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        help_text="The account the action concerns, if any.",
    )
    reason = models.CharField(max_length=500, blank=True)
    before = models.TextField(blank=True)
    after = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "audit entries"
        indexes = [
            models.Index(fields=["action", "-created_at"], name="audit_action_recent"),
            models.Index(fields=["actor", "-created_at"], name="audit_actor_recent"),
            models.Index(fields=["target_type", "target_id"], name="audit_target"),
        ]
        permissions = [
            ("moderate_people", "Can see people pages, keep notes, sanction and block"),
            ("manage_terms", "Can edit the hold and block term lists"),
            ("manage_tags", "Can rename and merge tags"),
            ("moderate_post", "Can close, pin and pre-moderate posts"),
        ]

    def __str__(self):
        return f"{self.actor_name} {self.get_action_display().lower()} ({self.created_at:%Y-%m-%d %H:%M})"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise PermissionError("The moderation log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The moderation log is append-only.")
