import re
import secrets
from datetime import UTC

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import JSONObject
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from posts.fulltext import post_search_document


def new_status_token() -> str:
    return secrets.token_urlsafe(24)


class Category(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("posts:category_detail", kwargs={"slug": self.slug})


class Tag(models.Model):
    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("posts:tag_detail", kwargs={"slug": self.slug})


class QuestionQuerySet(models.QuerySet):
    def search(self, text: str):
        """Questions whose title, letter, name or e-mail contain the text."""
        text = text.strip()
        if not text:
            return self
        return self.filter(
            Q(title__icontains=text)
            | Q(body__icontains=text)
            | Q(name__icontains=text)
            | Q(email__icontains=text)
        )


def identifying_terms(details: str) -> list[str]:
    """The non-empty lines of an identifying-details field, each with its spaces tidied."""
    return [" ".join(line.split()) for line in details.splitlines() if line.strip()]


def mentions(text: str, term: str) -> bool:
    """Whether `text` contains `term` as whole words, in any case ("Acme" in "acme's", not in "Acmeville")."""
    words = r"\s+".join(re.escape(word) for word in term.split())
    return re.search(rf"(?<!\w){words}(?!\w)", text, re.IGNORECASE) is not None


class Question(models.Model):
    """A reader's private submission. Its text stays sealed; the post carries the edited copy."""

    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        SHORTLISTED = "shortlisted", "Shortlisted"
        ANSWERED = "answered", "Answered"
        DECLINED = "declined", "Declined"

    title = models.CharField(max_length=200)
    body = models.TextField()
    name = models.CharField(max_length=100, blank=True)
    email = models.EmailField(blank=True)
    consent_to_publish = models.BooleanField(default=False)
    asker = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="questions"
    )
    status = models.CharField(max_length=20, choices=Status, default=Status.RECEIVED)
    token = models.CharField(max_length=64, unique=True, default=new_status_token, editable=False)
    editor_notes = models.TextField(blank=True, help_text="Private to editors.")
    # An update the asker sent from an earlier question's status page (posts.services.question_update_submit).
    update_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="updates_sent", editable=False
    )
    # Set when an editor takes back the asker's letter-writer voice on the post that answers this question.
    voice_revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    decline_note = models.TextField(
        blank=True, help_text="Mailed to the asker when the question is declined."
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "-created_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("posts:question_status", kwargs={"token": self.token})


class PostQuerySet(models.QuerySet):
    def published(self):
        """Posts a reader may see: published, or scheduled and due."""
        return self.filter(
            status__in=[Post.Status.PUBLISHED, Post.Status.SCHEDULED], published_at__lte=timezone.now()
        )

    def unpublished(self):
        """Posts a reader may not see: drafts, and posts not yet due. The complement of published().

        Spelled out status by status so that each side can use an index (a `NOT IN` on the status
        cannot). The post_status_known constraint keeps any other status out of the table, and a
        test checks the two querysets cover every status.
        """
        return self.filter(
            Q(status=Post.Status.DRAFT)
            | Q(status__in=[Post.Status.PUBLISHED, Post.Status.SCHEDULED], published_at__gt=timezone.now())
        )

    def for_listing(self):
        """What a list of post summaries needs, in two queries whatever the number of posts; `is_updated`
        when the letter writer's update is out (a dated update, or a published post of its own)."""
        follow_ups = Post.objects.published().filter(follow_up_of=OuterRef("pk"))
        return (
            self.select_related("category")
            .prefetch_related("tags")
            .defer("answer", "answer_html", "question", "search_vector", "identifying_details")
            .annotate(is_updated=Exists(PostUpdate.objects.filter(post=OuterRef("pk"))) | Exists(follow_ups))
            .order_by("-published_at", "-pk")
        )

    def with_asker(self):
        """Annotate `question_asker_id`: the account that asked the question a post answers, if any (whose
        comments in the letter writer's voice are theirs, posts.letter_writer.is_asker)."""
        return self.annotate(question_asker_id=F("source_question__asker_id"))

    def with_neighbours(self):
        """Annotate the previous and next visible post (title, slug, date) in the same query."""
        visible = Post.objects.published()
        here = OuterRef("published_at")
        # The range on published_at stays a condition of its own so the database walks the date
        # index from this post outwards instead of filtering every post by the OR.
        earlier = (
            visible.filter(published_at__lte=here)
            .filter(Q(published_at__lt=here) | Q(pk__lt=OuterRef("pk")))
            .order_by("-published_at", "-pk")
        )
        later = (
            visible.filter(published_at__gte=here)
            .filter(Q(published_at__gt=here) | Q(pk__gt=OuterRef("pk")))
            .order_by("published_at", "pk")
        )
        # One subquery per direction, its fields as one JSON object: three subqueries each took
        # longer to build than the database took to run them.
        fields = JSONObject(**{field: field for field in NEIGHBOUR_FIELDS})
        return self.annotate(
            **{
                f"{direction}_neighbour": Subquery(neighbours.annotate(fields=fields).values("fields")[:1])
                for direction, neighbours in (("previous", earlier), ("next", later))
            }
        )

    def related_to(self, post: "Post", *, limit: int = 3):
        """Visible posts sharing the most tags with `post`, newest first among equals."""
        return (
            self.published()
            .exclude(pk=post.pk)
            .filter(tags__in=Tag.objects.filter(posts=post))
            .annotate(shared_tags=Count("tags"))
            .only("title", "slug", "published_at", "created_at")
            .order_by("-shared_tags", "-published_at", "-pk")[:limit]
        )


NEIGHBOUR_FIELDS = ("title", "slug", "published_at")


class Post(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SCHEDULED = "scheduled", "Scheduled"
        PUBLISHED = "published", "Published"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    question = models.TextField(blank=True, help_text="The reader's letter as published (Markdown).")
    question_html = models.TextField(blank=True, editable=False)
    answer = models.TextField(blank=True, help_text="Markdown.")
    answer_html = models.TextField(blank=True, editable=False)
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="posts"
    )
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.PROTECT, related_name="posts"
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="posts")
    source_question = models.OneToOneField(
        Question, null=True, blank=True, on_delete=models.SET_NULL, related_name="post"
    )
    status = models.CharField(max_length=20, choices=Status, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    is_pinned = models.BooleanField(default=False)
    is_comments_closed = models.BooleanField(default=False)
    # Details of the original letter that could identify its writer (a company, a town, a name), one per
    # line, private to editors: comments that mention one wait for a moderator (moderation.policy), and
    # the editing page says which the post's own text still contains.
    identifying_details = models.TextField(blank=True, default="")
    # A post that publishes the letter writer's update as a post of its own, linked both ways.
    follow_up_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="follow_ups"
    )
    # Set while the post is a sensitive topic (grief, harassment, a firing): every comment is held for a
    # moderator, only signed-in readers comment, each at most once every SENSITIVE_SLOW_MODE_MINUTES,
    # and comments close SENSITIVE_CLOSE_AFTER_DAYS after this or publishing, whichever is later. Set
    # from the post's moderation page (moderation.services.post_set_sensitive), audited.
    sensitive_since = models.DateTimeField("a sensitive topic since", null=True, blank=True)
    # Kept by comments.services when a comment is published, hidden or removed; the version rises with
    # every such change, so "is there news?" is answered from this row alone (comments.views).
    comment_count = models.PositiveIntegerField(default=0)
    discussion_version = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    # Full-text search (posts.search): the tag names, kept by posts.services, and the stored document
    # (NULL off PostgreSQL). Its GIN index is made by migration 0005 on PostgreSQL only.
    search_tags = models.TextField(blank=True, default="", editable=False)
    search_vector = models.GeneratedField(
        expression=post_search_document(), output_field=SearchVectorField(), db_persist=True
    )

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at"]
        indexes = [
            models.Index(fields=["status", "-published_at"]),
            # Readers' lists, the home page (pinned first) and the previous/next links walk visible
            # posts by date: indexes in those orders holding only what published() can return.
            models.Index(
                fields=["-published_at", "-id"],
                condition=Q(status__in=["published", "scheduled"]),
                name="post_visible_by_date",
            ),
            models.Index(
                fields=["-is_pinned", "-published_at", "-id"],
                condition=Q(status__in=["published", "scheduled"]),
                name="post_visible_pinned_first",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="post_published_has_date",
            ),
            # PostQuerySet.unpublished() names the statuses a reader may not see; no other can exist.
            models.CheckConstraint(
                condition=Q(status__in=["draft", "scheduled", "published"]), name="post_status_known"
            ),
        ]
        permissions = [("publish_post", "Can publish, schedule and unpublish posts")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        when = timezone.localtime(self.published_at or self.created_at)
        return reverse("post_detail", kwargs={"year": when.year, "month": when.month, "slug": self.slug})

    def published_follow_ups(self) -> list["Post"]:
        """The letter writer's updates published as posts of their own (`follow_ups`, prefetched)."""
        return [post for post in self.follow_ups.all() if post.is_visible]

    @property
    def identifying_terms(self) -> list[str]:
        return identifying_terms(self.identifying_details)

    def identifying_terms_in_text(self) -> list[str]:
        """The identifying details the post's published text (title, letter, answer) still contains."""
        text = "\n".join([self.title, self.question, self.answer, *(u.body for u in self.updates.all())])
        return [term for term in self.identifying_terms if mentions(text, term)]

    @property
    def is_sensitive(self) -> bool:
        return self.sensitive_since is not None

    @property
    def is_visible(self) -> bool:
        return (
            self.status != self.Status.DRAFT
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_scheduled(self) -> bool:
        return self.status != self.Status.DRAFT and not self.is_visible

    @property
    def previous_post(self) -> "Post | None":
        return self._neighbour("previous")

    @property
    def next_post(self) -> "Post | None":
        return self._neighbour("next")

    def add_neighbours(self) -> None:
        """Read what `with_neighbours()` annotates, for a post read without it (one query)."""
        names = [f"{direction}_neighbour" for direction in ("previous", "next")]
        values = Post.objects.filter(pk=self.pk).with_neighbours().values(*names).get()
        for name in names:
            setattr(self, name, values[name])

    def _neighbour(self, direction: str) -> "Post | None":
        """A title-and-link stand-in built from `with_neighbours()` annotations."""
        values = getattr(self, f"{direction}_neighbour", None)
        if not values:
            return None
        published_at = parse_datetime(values["published_at"])
        if timezone.is_naive(published_at):  # SQLite keeps UTC without an offset
            published_at = published_at.replace(tzinfo=UTC)
        return Post(title=values["title"], slug=values["slug"], published_at=published_at)


class PostUpdate(models.Model):
    """A dated "Update:" an editor adds to a published post."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="updates")
    # The update the letter writer sent, when this publishes one (posts.services.update_publish).
    source_question = models.ForeignKey(
        Question, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    body = models.TextField()
    body_html = models.TextField(editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return f"Update to {self.post} on {self.created_at:%Y-%m-%d}"


class TopicFollowQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(user=user)

    def tags(self):
        return self.filter(tag__isnull=False)

    def categories(self):
        return self.filter(category__isnull=False)


class TopicFollow(models.Model):
    """A reader following a tag or a category, for the digest of new posts in it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="topic_follows")
    tag = models.ForeignKey(Tag, null=True, blank=True, on_delete=models.CASCADE, related_name="follows")
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.CASCADE, related_name="follows"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = TopicFollowQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(tag__isnull=False, category__isnull=True)
                | Q(tag__isnull=True, category__isnull=False),
                name="topic_follow_exactly_one_target",
            ),
            models.UniqueConstraint(
                fields=["user", "tag"], condition=Q(tag__isnull=False), name="topic_follow_once_per_tag"
            ),
            models.UniqueConstraint(
                fields=["user", "category"],
                condition=Q(category__isnull=False),
                name="topic_follow_once_per_category",
            ),
        ]

    def __str__(self):
        return f"{self.user} follows {self.target}"

    @property
    def target(self) -> "Tag | Category":
        return self.tag if self.tag_id else self.category


class DigestRecord(models.Model):
    """One digest mailed to one reader for one period; the unique row is what stops a second send.

    It lives here rather than in comments because it refers only to users, and posts is the lowest
    app the digest command (comments.digests) can write to without an import going upwards.
    """

    class Frequency(models.TextChoices):
        DAILY = "daily", "Daily"
        WEEKLY = "weekly", "Weekly"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests")
    frequency = models.CharField(max_length=10, choices=Frequency)
    period_start = models.DateTimeField(help_text="Start of the day or week the digest covers.")
    covers_from = models.DateTimeField(help_text="New since this moment (the previous digest).")
    covers_until = models.DateTimeField()
    post_count = models.PositiveIntegerField(default=0)
    reply_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "frequency", "period_start"], name="digest_once_per_user_and_period"
            ),
            models.CheckConstraint(
                condition=Q(frequency__in=["daily", "weekly"]), name="digest_frequency_valid"
            ),
        ]

    def __str__(self):
        return f"{self.get_frequency_display()} digest for {self.user} from {self.period_start:%Y-%m-%d}"


class Poll(models.Model):
    """ "What should the letter writer do?": two to five options an editor adds to a post. Readers vote
    once (posts.polls) and see the results after voting or once the poll closes."""

    post = models.OneToOneField(Post, on_delete=models.CASCADE, related_name="poll")
    question = models.CharField(max_length=200, default="What should the letter writer do?")
    closes_at = models.DateTimeField(null=True, blank=True, help_text="Empty: open until closed.")
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"{self.question} ({self.post})"

    @property
    def is_closed(self) -> bool:
        return self.closes_at is not None and self.closes_at <= timezone.now()

    def verdict(self) -> dict | None:
        """The option most readers chose, with its share and the number of votes; None without votes."""
        options = list(self.options.all())
        total = sum(option.votes for option in options)
        if not total:
            return None
        leading = max(options, key=lambda option: (option.votes, -option.position))
        return {"option": leading, "percent": round(100 * leading.votes / total), "total": total}


class PollOption(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(max_length=120)
    position = models.PositiveSmallIntegerField(default=0)
    votes = models.PositiveIntegerField(default=0, editable=False)  # counted here, so results count no rows

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.label


class PollVote(models.Model):
    """One reader's vote: by account when signed in, else by this browser's voter cookie."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="poll_votes")
    option = models.ForeignKey(PollOption, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="poll_votes"
    )
    voter = models.CharField(max_length=64, blank=True, default="")
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "user"], condition=Q(user__isnull=False), name="poll_vote_once_per_account"
            ),
            models.UniqueConstraint(
                fields=["poll", "voter"], condition=~Q(voter=""), name="poll_vote_once_per_browser"
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(voter=""), name="poll_vote_has_a_voter"
            ),
        ]

    def __str__(self):
        return f"A vote in {self.poll_id}"
