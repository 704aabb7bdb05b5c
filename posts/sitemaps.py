"""/sitemap.xml: posts (with last-modified), categories, tags with posts, archive months, fixed pages."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef
from django.urls import reverse

from posts.archives import ArchiveMonth, archive_months
from posts.models import Category, Post, Tag


class PostSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8
    limit = 5000

    def items(self):
        fields = ("slug", "published_at", "created_at", "updated_at")
        return Post.objects.published().only(*fields).order_by("pk")

    def lastmod(self, item: Post):
        return max(item.updated_at, item.published_at)


class CategorySitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        has_posts = Exists(Post.objects.published().filter(category=OuterRef("pk")))
        return Category.objects.filter(has_posts).order_by("pk")


class TagSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.4
    limit = 5000

    def items(self):
        return Tag.objects.filter(Exists(Post.objects.published().filter(tags=OuterRef("pk")))).order_by("pk")


class ArchiveMonthSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.3

    def items(self) -> list[ArchiveMonth]:
        return archive_months()

    def location(self, item: ArchiveMonth) -> str:
        return reverse("posts:archive_month", kwargs={"year": item.year, "month": item.month})


class PageSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.6

    def items(self) -> list[str]:
        return ["posts:home", "posts:archive_index", "posts:tag_list"]

    def location(self, item: str) -> str:
        return reverse(item)


SITEMAPS = {
    "pages": PageSitemap,
    "posts": PostSitemap,
    "categories": CategorySitemap,
    "tags": TagSitemap,
    "archive": ArchiveMonthSitemap,
}
