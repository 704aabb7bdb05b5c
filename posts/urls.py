from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, register_converter

from posts import archive_views, editor_views, feeds, views
from posts.sitemaps import SITEMAPS


class FourDigitYear:
    regex = "[0-9]{4}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):04d}"


class TwoDigitMonth:
    regex = "0[1-9]|1[0-2]"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):02d}"


register_converter(FourDigitYear, "yyyy")
register_converter(TwoDigitMonth, "mm")

app_name = "posts"

urlpatterns = [
    path("", views.home, name="home"),
    path("ask/", views.ask, name="ask"),
    path("ask/status/<slug:token>/", views.question_status, name="question_status"),
    path("ask/status/<slug:token>/update/", views.question_update, name="question_update"),
    path("ask/mine/", views.my_questions, name="my_questions"),
    path("poll/<int:pk>/vote/", views.poll_vote, name="poll_vote"),
    path("tags/", views.tag_list, name="tag_list"),
    path("tags/<slug:slug>/", views.tag_detail, name="tag_detail"),
    path("category/<slug:slug>/", views.category_detail, name="category_detail"),
    path("archive/", archive_views.archive_index, name="archive_index"),
    path("archive/<yyyy:year>/", archive_views.archive_year, name="archive_year"),
    path("archive/<yyyy:year>/<mm:month>/", archive_views.archive_month, name="archive_month"),
    path("search/", archive_views.search, name="search"),
    path("feed/", feeds.LatestPostsFeed(), name="feed_rss"),
    path("feed/atom/", feeds.LatestPostsAtomFeed(), name="feed_atom"),
    path("feed/updates/", feeds.LetterWriterUpdatesFeed(), name="updates_feed_rss"),
    path("feed/updates/atom/", feeds.LetterWriterUpdatesAtomFeed(), name="updates_feed_atom"),
    path("tags/<slug:slug>/feed/", feeds.TagPostsFeed(), name="tag_feed_rss"),
    path("tags/<slug:slug>/feed/atom/", feeds.TagPostsAtomFeed(), name="tag_feed_atom"),
    path("category/<slug:slug>/feed/", feeds.CategoryPostsFeed(), name="category_feed_rss"),
    path("category/<slug:slug>/feed/atom/", feeds.CategoryPostsAtomFeed(), name="category_feed_atom"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "posts:sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<slug:section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("robots.txt", archive_views.robots_txt, name="robots_txt"),
    path("tags/<slug:slug>/follow/", views.tag_follow, name="tag_follow"),
    path("category/<slug:slug>/follow/", views.category_follow, name="category_follow"),
    path("digest/unsubscribe/<str:token>/", views.digest_unsubscribe, name="digest_unsubscribe"),
    path("editor/", editor_views.editor_inbox, name="editor_inbox"),
    path("editor/questions/<int:pk>/", editor_views.editor_question, name="editor_question"),
    path(
        "editor/questions/<int:pk>/shortlist/",
        editor_views.editor_question_shortlist,
        name="editor_question_shortlist",
    ),
    path(
        "editor/questions/<int:pk>/decline/",
        editor_views.editor_question_decline,
        name="editor_question_decline",
    ),
    path(
        "editor/questions/<int:pk>/answer/",
        editor_views.editor_question_answer,
        name="editor_question_answer",
    ),
    path(
        "editor/questions/<int:pk>/publish-update/",
        editor_views.editor_question_publish_update,
        name="editor_question_publish_update",
    ),
    path("editor/posts/", editor_views.editor_posts, name="editor_posts"),
    path("editor/posts/<int:pk>/", editor_views.editor_post_edit, name="editor_post_edit"),
    path("editor/posts/<int:pk>/publish/", editor_views.editor_post_publish, name="editor_post_publish"),
    path("editor/posts/<int:pk>/poll/", editor_views.editor_post_poll, name="editor_post_poll"),
    path(
        "editor/posts/<int:pk>/unpublish/", editor_views.editor_post_unpublish, name="editor_post_unpublish"
    ),
    path(
        "editor/posts/<int:pk>/updates/", editor_views.editor_post_add_update, name="editor_post_add_update"
    ),
]
