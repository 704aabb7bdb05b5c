from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from comments import views as comment_views
from comments.feeds import PostCommentsAtomFeed, PostCommentsFeed
from comments.search_views import comment_search
from forum import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("users/", include("accounts.urls")),
    path("moderation/", include("moderation.urls")),
    path("comments/", include("comments.urls")),
    path("imported/", include("importers.urls")),
    path("", include("posts.urls")),
    # The post page shows its discussion, so it is a comments view, as are the other comment pages at
    # post and search addresses (DESIGN.md §4); posts must not import comments. After the posts
    # include, which registers the yyyy/mm converters; no posts route overlaps these.
    path("<yyyy:year>/<mm:month>/<slug:slug>/", comment_views.post_detail, name="post_detail"),
    path(
        "<yyyy:year>/<mm:month>/<slug:slug>/comments/<int:pk>/",
        comment_views.comment_permalink,
        name="comment_permalink",
    ),
    path("search/comments/", comment_search, name="comment_search"),
    path(
        "<yyyy:year>/<mm:month>/<slug:slug>/comments/feed/", PostCommentsFeed(), name="post_comments_feed_rss"
    ),
    path(
        "<yyyy:year>/<mm:month>/<slug:slug>/comments/feed/atom/",
        PostCommentsAtomFeed(),
        name="post_comments_feed_atom",
    ),
]

handler500 = "forum.errors.server_error"

if settings.BENCH_ENDPOINTS:
    # The baseline `make bench` divides page speeds by: the whole middleware stack, no database.
    urlpatterns.insert(0, path("bench/hello/", views.bench_hello, name="bench_hello"))
    # A page's HTML the bench stored in the cache, read back: the most that page can be served at.
    urlpatterns.insert(0, path("bench/cached/<slug:name>/", views.bench_cached, name="bench_cached"))
