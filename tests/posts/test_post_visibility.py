"""Which posts readers may see: PostQuerySet.published() and its complement, unpublished()."""

from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone

from posts.models import Post
from tests.factories import PostFactory


def test_unpublished_posts_are_exactly_those_readers_may_not_see(db):
    now = timezone.now()
    for status in Post.Status.values:
        for published_at in (None, now - timedelta(days=1), now + timedelta(days=1)):
            if status != Post.Status.DRAFT and published_at is None:
                continue  # the database refuses these
            PostFactory(status=status, published_at=published_at)
    every = set(Post.objects.values_list("pk", flat=True))
    seen = set(Post.objects.published().values_list("pk", flat=True))
    unseen = set(Post.objects.unpublished().values_list("pk", flat=True))
    assert seen and unseen
    assert seen | unseen == every
    assert not seen & unseen


def test_a_status_unpublished_does_not_know_cannot_be_stored(db):
    post = PostFactory()
    with pytest.raises(IntegrityError):
        Post.objects.filter(pk=post.pk).update(status="archived")
