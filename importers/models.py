"""Where imported things came from, and what old URLs people still ask for.

`SourceRecord` maps a source's id (a Blogger atom id, a WordPress post or comment id, a label or a
category nicename) to the row it became, so a second import never duplicates and an old URL finds its
new place. A post's or comment's record outlives the row (pointing at nothing), so a post or comment
deleted here is not brought back by the next import. `LegacyNotFound` counts old-looking requests
nothing answered; `LegacyRedirect` is the operator's hand-made answer for them.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from comments.models import Comment
from posts.models import Category, Post, Tag


class SourceRecord(models.Model):
    class Source(models.TextChoices):
        BLOGGER = "blogger", "Blogger"
        WORDPRESS = "wordpress", "WordPress"
        DISQUS = "disqus", "Disqus"

    class Kind(models.TextChoices):
        POST = "post", "Post"
        COMMENT = "comment", "Comment"
        TAG = "tag", "Tag"
        CATEGORY = "category", "Category"

    source = models.CharField(max_length=20, choices=Source)
    # The blog within the source (Blogger blog id, WordPress site URL, Disqus forum), so two never collide.
    site = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=20, choices=Kind)
    source_id = models.CharField(max_length=255)
    # Posts: the old path, normalised (see importers.urls_legacy.normalise_path).
    legacy_path = models.CharField(max_length=500, blank=True)
    # Blogger comments: the showComment= timestamp; WordPress terms: the term id (?cat=ID).
    legacy_key = models.CharField(max_length=40, blank=True)
    # SET_NULL: the record stays behind as "deleted here" (see the module docstring).
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    comment = models.ForeignKey(Comment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    tag = models.ForeignKey(Tag, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey(Category, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    imported_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "site", "kind", "source_id"], name="source_record_unique_source_id"
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind__in=["post", "comment"])
                    | Q(kind="tag", tag__isnull=False)
                    | Q(kind="category", category__isnull=False)
                ),
                name="source_record_terms_point_at_their_row",
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "legacy_path"], name="source_record_legacy_path"),
            models.Index(fields=["kind", "legacy_key"], name="source_record_legacy_key"),
            models.Index(fields=["kind", "source_id"], name="source_record_kind_source_id"),
        ]

    def __str__(self):
        return f"{self.get_source_display()} {self.kind} {self.source_id}"


class LegacyNotFound(models.Model):
    """An old-looking URL that answered 404, with how often it was asked for."""

    path = models.CharField(max_length=500, unique=True)
    hits = models.PositiveIntegerField(default=1)
    first_seen_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "legacy 404"
        indexes = [models.Index(fields=["-hits"], name="legacy_not_found_hits")]

    def __str__(self):
        return f"{self.path} ({self.hits})"


class LegacyRedirect(models.Model):
    """An operator's mapping of an old path to its new address, answered with a 301."""

    old_path = models.CharField(
        max_length=500, unique=True, help_text='The old path, e.g. "/2009/02/my-old-post.html".'
    )
    target = models.CharField(max_length=500, help_text='Where it lives now, e.g. "/2009/02/my-post/".')
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["old_path"]

    def __str__(self):
        return f"{self.old_path} → {self.target}"
