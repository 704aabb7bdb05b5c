"""RSS 2.0 and Atom feeds of published posts: all, per category, per tag. Items carry the full text."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from posts.models import Category, Post, PostUpdate, Tag

FEED_ITEMS = 20


class LatestPostsFeed(Feed):
    def title(self, obj=None):
        return settings.SITE_NAME

    def link(self, obj=None):
        return reverse("posts:home")

    def description(self, obj=None):
        return "Readers' letters about work, answered. Newest posts first."

    def feed_url(self, obj=None):
        return reverse("posts:feed_rss")

    def posts(self, obj=None):
        return Post.objects.published()

    def items(self, obj=None):
        return (
            self.posts(obj)
            .select_related("category", "editor")
            .prefetch_related("tags", "updates")
            .order_by("-published_at", "-pk")[:FEED_ITEMS]
        )

    def item_title(self, item: Post) -> str:
        return item.title

    def item_description(self, item: Post) -> str:
        return render_to_string("posts/_feed_item.html", {"post": item})

    def item_pubdate(self, item: Post):
        return item.published_at

    def item_updateddate(self, item: Post):
        return max(item.updated_at, item.published_at)

    def item_author_name(self, item: Post) -> str:
        return item.editor.public_name if item.editor_id else settings.SITE_NAME

    def item_categories(self, item: Post) -> list[str]:
        names = [tag.name for tag in item.tags.all()]
        return [item.category.name, *names] if item.category_id else names


class LatestPostsAtomFeed(LatestPostsFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj=None):
        return self.description(obj)

    def feed_url(self, obj=None):
        return reverse("posts:feed_atom")


class CategoryPostsFeed(LatestPostsFeed):
    def get_object(self, request, slug: str) -> Category:
        return get_object_or_404(Category, slug=slug)

    def title(self, obj: Category):
        return f"{obj.name} · {settings.SITE_NAME}"

    def link(self, obj: Category):
        return obj.get_absolute_url()

    def description(self, obj: Category):
        return obj.description or f"Newest posts in {obj.name}."

    def feed_url(self, obj: Category):
        return reverse("posts:category_feed_rss", kwargs={"slug": obj.slug})

    def posts(self, obj: Category):
        return Post.objects.published().filter(category=obj)


class CategoryPostsAtomFeed(CategoryPostsFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj: Category):
        return self.description(obj)

    def feed_url(self, obj: Category):
        return reverse("posts:category_feed_atom", kwargs={"slug": obj.slug})


class TagPostsFeed(LatestPostsFeed):
    def get_object(self, request, slug: str) -> Tag:
        return get_object_or_404(Tag, slug=slug)

    def title(self, obj: Tag):
        return f"Posts tagged {obj.name} · {settings.SITE_NAME}"

    def link(self, obj: Tag):
        return obj.get_absolute_url()

    def description(self, obj: Tag):
        return obj.description or f"Newest posts tagged {obj.name}."

    def feed_url(self, obj: Tag):
        return reverse("posts:tag_feed_rss", kwargs={"slug": obj.slug})

    def posts(self, obj: Tag):
        return Post.objects.published().filter(tags=obj)


class TagPostsAtomFeed(TagPostsFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj: Tag):
        return self.description(obj)

    def feed_url(self, obj: Tag):
        return reverse("posts:tag_feed_atom", kwargs={"slug": obj.slug})


class LetterWriterUpdatesFeed(Feed):
    """What happened after: the letter writers' updates, newest first (dated updates under a post, and
    updates published as posts of their own), each linking to where it is published."""

    title = f"{settings.SITE_NAME}: updates from letter writers"
    description = "What happened after the letter: updates from the people who wrote in."

    def link(self):
        return reverse("posts:home")

    def feed_url(self):
        return reverse("posts:updates_feed_rss")

    def items(self):
        published = Post.objects.published()
        notes = list(
            PostUpdate.objects.filter(post__in=published, source_question__isnull=False)
            .select_related("post")
            .order_by("-created_at", "-pk")[:FEED_ITEMS]
        )
        posts = list(
            published.filter(follow_up_of__isnull=False).order_by("-published_at", "-pk")[:FEED_ITEMS]
        )
        dated = [(note.created_at, note) for note in notes] + [(post.published_at, post) for post in posts]
        return [item for _, item in sorted(dated, key=lambda pair: pair[0], reverse=True)[:FEED_ITEMS]]

    def item_title(self, item) -> str:
        return f"Update: {item.post.title}" if isinstance(item, PostUpdate) else item.title

    def item_description(self, item) -> str:
        return item.body_html if isinstance(item, PostUpdate) else item.answer_html

    def item_link(self, item) -> str:
        if isinstance(item, PostUpdate):
            return f"{item.post.get_absolute_url()}#update-{item.pk}"
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.created_at if isinstance(item, PostUpdate) else item.published_at


class LetterWriterUpdatesAtomFeed(LetterWriterUpdatesFeed):
    feed_type = Atom1Feed
