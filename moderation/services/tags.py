"""Renaming and merging topic tags, with their old addresses answering 301."""

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify

from accounts.models import User
from forum.redirects import path_moved
from moderation.audit import Action, ModerationError, audit_record, require_permission
from posts.models import Post, Tag, TopicFollow
from posts.services import tag_posts_search_tags_update

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
    require_permission(actor, "moderation.manage_tags")
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
    require_permission(actor, "moderation.manage_tags")
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
