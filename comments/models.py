from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import Ignore
from posts.fulltext import SEARCH_CONFIG, OnPostgreSQL
from posts.models import Post

# A path is the concatenation of fixed-width base-36 steps, one per level: "0001", "00010003", ...
# Four characters give 1,679,615 replies per parent; 255 characters hold 63 levels. Deeper replies are
# filed (path only) under their ancestor at the storage limit; `parent` still names the real parent.
PATH_STEP = 4
PATH_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz"
MAX_PATH_LENGTH = 252
MAX_STORED_DEPTH = MAX_PATH_LENGTH // PATH_STEP - 1


def encode_step(number: int) -> str:
    """Encode a 1-based sibling number as one fixed-width base-36 path step."""
    if not 0 < number < len(PATH_ALPHABET) ** PATH_STEP:
        raise ValueError(f"step {number} does not fit in {PATH_STEP} base-36 characters")
    digits = []
    for _ in range(PATH_STEP):
        number, digit = divmod(number, len(PATH_ALPHABET))
        digits.append(PATH_ALPHABET[digit])
    return "".join(reversed(digits))


def decode_step(step: str) -> int:
    return int(step, 36)


class PathField(models.CharField):
    """A CharField that sorts byte-wise on every backend, so ORDER BY path is thread order.

    SQLite compares text with BINARY by default; PostgreSQL needs the "C" collation, which also lets
    the (post, path) B-tree serve `path LIKE 'prefix%'`.
    """

    def db_parameters(self, connection):
        params = super().db_parameters(connection)
        if connection.vendor == "postgresql":
            params["collation"] = "C"
        return params


def first_readable_at():
    """When readers could first read a published comment: when it was written, or when a moderator
    approved it (see published_between). The feeds' order, with an index of its own."""
    return Coalesce("approved_at", "created_at")


def published_between(since, until=None) -> Q:
    """Published comments readers could first read after `since` (and by `until`): one published as it
    was written from its `created_at`, one a moderator published later from its `approved_at`."""
    written, approved = Q(approved_at__isnull=True, created_at__gt=since), Q(approved_at__gt=since)
    if until is not None:
        written &= Q(created_at__lte=until)
        approved &= Q(approved_at__lte=until)
    return Q(written | approved, status=Comment.Status.PUBLISHED)


class CommentQuerySet(models.QuerySet):
    def for_post(self, post: Post):
        return self.filter(post=post)

    def published(self):
        return self.filter(status=Comment.Status.PUBLISHED)

    def published_between(self, since, until=None):
        return self.filter(published_between(since, until))

    def newest_readable_first(self):
        """The comment readers could read last first (`first_readable_at`): one a moderator approves hours
        after it was written is news when approved, not buried that far back."""
        return self.annotate(first_readable_at=first_readable_at()).order_by("-first_readable_at", "-pk")

    def not_from_ignored_by(self, user):
        """Leave out the comments of the people `user` ignores (Ignore.objects.in_force(): no staff)."""
        return self.exclude(author__in=Ignore.objects.in_force().filter(user=user).values("ignored_id"))

    def visible_to(self, user):
        """Comments this user may read: moderators see all; authors also see their own pending ones."""
        if user is not None and user.is_authenticated:
            if user.has_perm("comments.moderate_comment"):
                return self
            return self.filter(
                Q(status=Comment.Status.PUBLISHED) | Q(author=user, status=Comment.Status.PENDING)
            )
        return self.published()

    def in_thread_order(self):
        return self.order_by("path")

    def tops(self):
        """Top-level comments: each one heads a thread."""
        return self.filter(depth=0)

    def in_threads(self, top_paths):
        """The comments of the threads these top-level paths head (a thread is a path prefix)."""
        wanted = Q()
        for path in top_paths:
            # Paths use only PATH_ALPHABET, which sorts below "~": the thread is this one range.
            wanted |= Q(path__gte=path, path__lt=f"{path}~")
        return self.filter(wanted) if wanted else self.none()

    def count_replies(self):
        """Store on each top-level comment here how many published replies its thread has (imports and
        generated data write comments in bulk; the services keep the count as they go)."""
        replies = (
            Comment.objects.filter(post=OuterRef("post"), path__startswith=OuterRef("path"), depth__gt=0)
            .published()
            .order_by()
            .values("post")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return self.tops().update(reply_count=Coalesce(Subquery(replies), 0))

    def threads_changed(self) -> int:
        """Raise the version of every thread that holds one of these comments, retiring their cached
        renderings (for changes to many threads at once: a renamed or deleted account, an import)."""
        heads = sorted({(post_id, path[:PATH_STEP]) for post_id, path in self.values_list("post_id", "path")})
        changed = 0
        for start in range(0, len(heads), 500):
            wanted = Q()
            for post_id, path in heads[start : start + 500]:
                wanted |= Q(post_id=post_id, path=path)
            changed += Comment.objects.tops().filter(wanted).update(thread_version=F("thread_version") + 1)
        return changed


LETTER_WRITER_NAME = "The letter writer"


class Comment(models.Model):
    class Status(models.TextChoices):
        PUBLISHED = "published", "Published"
        PENDING = "pending", "Awaiting moderation"
        HIDDEN = "hidden", "Hidden by a moderator"
        REMOVED = "removed", "Removed by its author"

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    path = PathField(max_length=MAX_PATH_LENGTH, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
    )
    author_name = models.CharField(max_length=60, blank=True, help_text="Shown for anonymous comments.")
    author_email = models.EmailField(blank=True, help_text="Private; never shown.")
    body = models.TextField(help_text="Markdown subset.")
    body_html = models.TextField(editable=False)
    status = models.CharField(max_length=20, choices=Status, default=Status.PUBLISHED)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)
    # When a moderator approved it, published after being held; None for a comment published as it was
    # written. Live news, "new since your last visit" and the digests count a comment from the moment
    # readers could first read it (CommentQuerySet.published_between).
    approved_at = models.DateTimeField(null=True, blank=True, editable=False)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    # The writer's browser, kept with the IP address (and forgotten with it) so a moderator's spam or
    # not-spam decision can be reported to the spam check as the visitor it judged.
    user_agent = models.CharField(max_length=500, blank=True, default="", editable=False)
    # The one-time token the comment form carries, so a resent form stores one comment.
    submit_token = models.CharField(max_length=64, blank=True, default="", editable=False)
    # Kept on top-level comments for their whole thread: the published replies in it (the "most replies"
    # order), and a number every change in the thread raises, which keys its cached rendering.
    reply_count = models.PositiveIntegerField(default=0, editable=False)
    thread_version = models.PositiveIntegerField(default=0, editable=False)
    # Readers' reactions (Reaction), counted on the row so a page of comments counts none of them.
    helpful_count = models.PositiveIntegerField(default=0, editable=False)
    been_there_count = models.PositiveIntegerField(default=0, editable=False)
    # An editor's pick (comments.services.comment_pick): shown at the top of the discussion.
    picked_at = models.DateTimeField(null=True, blank=True, editable=False)
    picked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    # Written by the person whose letter the post answers, proved by their question's private link
    # (comments.services.letter_writer_refusal): shown as "The letter writer" with a badge, and stored
    # without a name, an e-mail address, an account or an IP address, so no page can tell who it is.
    letter_writer = models.BooleanField(default=False, editable=False)
    # Full-text search (comments.search): the body's stored document (NULL off PostgreSQL), so ranking
    # and rechecking a match read it instead of parsing the body again. Its GIN index over published
    # comments is made by migration 0003 on PostgreSQL only.
    search_vector = models.GeneratedField(
        expression=OnPostgreSQL(SearchVector("body", config=SEARCH_CONFIG)),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        permissions = [("moderate_comment", "Can moderate comments")]
        constraints = [
            models.UniqueConstraint(fields=["post", "path"], name="comment_unique_path_per_post"),
            models.UniqueConstraint(
                fields=["submit_token"], condition=~Q(submit_token=""), name="comment_unique_submit_token"
            ),
            models.CheckConstraint(
                condition=Q(parent__isnull=True, depth=0) | Q(parent__isnull=False, depth__gt=0),
                name="comment_depth_matches_parent",
            ),
        ]
        indexes = [
            models.Index(fields=["author", "-created_at"], name="comment_author_recent"),
            models.Index(fields=["status", "-created_at"], name="comment_status_recent"),
            models.Index(
                first_readable_at().desc(), condition=Q(status="published"), name="comment_published_recent"
            ),
            # A discussion page: its top-level comments in the reader's order.
            models.Index(fields=["post", "path"], condition=Q(depth=0), name="comment_thread_oldest"),
            # Counting a discussion's pages reads who sees each thread (comments.selectors.thread_tops)
            # from the index alone on PostgreSQL, once vacuum has marked the table's pages all-visible
            # (a 2,500-comment post's count: 1.7 -> 0.2 ms). SQLite makes no covering indexes: there
            # it is a plain partial index on post.
            models.Index(
                fields=["post"],
                include=["status", "reply_count", "author"],
                condition=Q(depth=0),
                name="comment_thread_shown",
            ),
            models.Index(
                fields=["post", "-reply_count", "path"], condition=Q(depth=0), name="comment_thread_replies"
            ),
            models.Index(
                fields=["post", "-helpful_count", "path"], condition=Q(depth=0), name="comment_thread_helpful"
            ),
            models.Index(
                fields=["post", "picked_at"], condition=Q(picked_at__isnull=False), name="comment_picks"
            ),
            models.Index(
                fields=["post", "created_at"], condition=Q(letter_writer=True), name="comment_letter_writer"
            ),
        ]

    def __str__(self):
        return f"{self.display_name} on {self.post_id} ({self.pk})"

    def get_absolute_url(self):
        """The permalink: it answers with the discussion page that shows this comment."""
        return f"{self.post.get_absolute_url()}comments/{self.pk}/"

    @property
    def thread_path(self) -> str:
        """The path of the top-level comment heading this comment's thread."""
        return self.path[:PATH_STEP]

    @property
    def display_name(self) -> str:
        if self.letter_writer:
            return LETTER_WRITER_NAME
        if self.author_id is not None and self.author is not None:
            return self.author.public_name
        return self.author_name or "Anonymous"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def edit_deadline(self):
        return self.created_at + timedelta(minutes=settings.COMMENTS_EDIT_WINDOW_MINUTES)

    def can_edit(self, user) -> bool:
        return author_may_edit(self, user)


def author_may_edit(comment, user) -> bool:
    """The author may edit or delete their comment while it waits for a moderator, and a published one
    within the edit window."""
    if user is None or not user.is_authenticated or comment.author_id != user.pk:
        return False
    if comment.status == Comment.Status.PENDING:
        return True
    return comment.status == Comment.Status.PUBLISHED and timezone.now() <= comment.created_at + timedelta(
        minutes=settings.COMMENTS_EDIT_WINDOW_MINUTES
    )


class Subscription(models.Model):
    """Who gets e-mail about new comments: replies to one comment, or everything on a post."""

    class Kind(models.TextChoices):
        REPLIES = "replies", "Replies to a comment"
        POST = "post", "All new comments on a post"

    kind = models.CharField(max_length=10, choices=Kind)
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comment_subscriptions")
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="subscriptions"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="comment_subscriptions",
    )
    email = models.EmailField(blank=True, help_text="For anonymous subscribers; accounts use their own.")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="replies", comment__isnull=False) | Q(kind="post", comment__isnull=True),
                name="subscription_kind_matches_target",
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(email=""), name="subscription_has_recipient"
            ),
            models.UniqueConstraint(
                fields=["user", "post"],
                condition=Q(kind="post", user__isnull=False),
                name="subscription_one_follow_per_user",
            ),
            models.UniqueConstraint(
                fields=["email", "post"],
                condition=Q(kind="post", user__isnull=True),
                name="subscription_one_follow_per_email",
            ),
            models.UniqueConstraint(
                fields=["comment"], condition=Q(kind="replies"), name="subscription_one_per_comment"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} for {self.user or self.email}"

    @property
    def recipient(self) -> str:
        return self.user.email if self.user_id else self.email


class Reaction(models.Model):
    """A signed-in reader's reaction to someone else's comment: each kind once per reader, taken back by
    reacting again (comments.services.reaction_toggle keeps the comment's counts)."""

    class Kind(models.TextChoices):
        HELPFUL = "helpful", "Helpful"
        BEEN_THERE = "been_there", "Been there"

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reactions")
    kind = models.CharField(max_length=12, choices=Kind)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["comment", "user", "kind"], name="reaction_once_per_reader")
        ]
        indexes = [models.Index(fields=["user", "comment"], name="reaction_by_reader")]

    def __str__(self):
        return f"{self.user} finds {self.comment_id} {self.get_kind_display().lower()}"

    @staticmethod
    def count_field(kind: str) -> str:
        """The Comment field that counts reactions of this kind."""
        return f"{kind}_count"


class ThreadVisit(models.Model):
    """When a signed-in reader last opened a post's discussion, to mark what is new since.

    A visit is the discussion's pages opened less than COMMENTS_VISIT_MINUTES apart, so the comments
    new to it stay new on every page the reader moves to: they are those published after the
    previous visit's last page (`previous_seen_at`).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField()  # the last page of the discussion this reader opened
    previous_seen_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "post"], name="thread_visit_once")]

    def __str__(self):
        return f"{self.user} saw {self.post_id} at {self.seen_at:%Y-%m-%d %H:%M}"
