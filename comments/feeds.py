"""RSS 2.0 and Atom feeds of published comments: one post's discussion, and the newest site-wide."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from comments.models import Comment
from posts.models import Post

FEED_ITEMS = 50


class LatestCommentsFeed(Feed):
    def title(self, obj=None):
        return f"Newest comments · {settings.SITE_NAME}"

    def link(self, obj=None):
        return reverse("posts:home")

    def description(self, obj=None):
        return "The newest comments on every post."

    def feed_url(self, obj=None):
        return reverse("comments:feed_rss")

    def comments(self, obj=None):
        return Comment.objects.published().filter(post__in=Post.objects.published())

    def items(self, obj=None):
        return (
            self.comments(obj)
            .newest_readable_first()
            .select_related("post", "author")
            .defer("author_email", "ip_address", "submit_token", "body")[:FEED_ITEMS]
        )

    def item_title(self, item: Comment) -> str:
        return f"{item.display_name} on “{item.post.title}”"

    def item_description(self, item: Comment) -> str:
        return item.body_html

    def item_link(self, item: Comment) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Comment):
        return item.first_readable_at

    def item_updateddate(self, item: Comment):
        return max(item.edited_at or item.first_readable_at, item.first_readable_at)

    def item_author_name(self, item: Comment) -> str:
        return item.display_name


class LatestCommentsAtomFeed(LatestCommentsFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj=None):
        return self.description(obj)

    def feed_url(self, obj=None):
        return reverse("comments:feed_atom")


class PostCommentsFeed(LatestCommentsFeed):
    def get_object(self, request, year: int, month: int, slug: str) -> Post:
        post = get_object_or_404(Post.objects.published(), slug=slug)
        if post.get_absolute_url() != reverse(
            "post_detail", kwargs={"year": year, "month": month, "slug": slug}
        ):
            raise Http404("No post at this address.")
        return post

    def title(self, obj: Post):
        return f"Comments on “{obj.title}” · {settings.SITE_NAME}"

    def link(self, obj: Post):
        return f"{obj.get_absolute_url()}#comments"

    def description(self, obj: Post):
        return f"The discussion of “{obj.title}”, newest comments first."

    def feed_url(self, obj: Post):
        return f"{obj.get_absolute_url()}comments/feed/"

    def comments(self, obj: Post):
        return Comment.objects.published().filter(post=obj)

    def item_title(self, item: Comment) -> str:
        return f"{item.display_name} said…"


class PostCommentsAtomFeed(PostCommentsFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj: Post):
        return self.description(obj)

    def feed_url(self, obj: Post):
        return f"{obj.get_absolute_url()}comments/feed/atom/"
