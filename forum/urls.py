from django.conf import settings
from django.contrib import admin
from django.urls import include, path

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
    path("", include("posts.urls")),
    # Comment pages at post and search addresses (DESIGN.md §4); posts must not import comments.
    # After the posts include, which registers the yyyy/mm converters; no posts route overlaps these.
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
    # A page of N bytes from memory: the most a page that large can be served at.
    urlpatterns.insert(0, path("bench/bytes/<int:size>/", views.bench_bytes, name="bench_bytes"))
    # A thread's rows fetched and their stored HTML joined, nothing rendered: the most a cold page can do.
    urlpatterns.insert(
        0, path("bench/thread-floor/<int:post_id>/", views.bench_thread_floor, name="bench_thread_floor")
    )
