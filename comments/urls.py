from django.urls import path

from comments import feeds, views

app_name = "comments"

urlpatterns = [
    path("post/<int:post_id>/", views.comment_create, name="comment_create"),
    path("post/<int:post_id>/follow/", views.post_follow, name="post_follow"),
    path("post/<int:post_id>/news/", views.discussion_news, name="discussion_news"),
    path("post/<int:post_id>/close/", views.post_comments_close, name="post_comments_close"),
    path("post/<int:post_id>/letter-writer/revoke/", views.letter_writer_revoke, name="letter_writer_revoke"),
    path("<int:pk>/edit/", views.comment_edit, name="comment_edit"),
    path("<int:pk>/delete/", views.comment_delete, name="comment_delete"),
    path("<int:pk>/react/", views.comment_react, name="comment_react"),
    path("<int:pk>/pick/", views.comment_pick, name="comment_pick"),
    path("unsubscribe/<str:token>/", views.subscription_cancel, name="subscription_cancel"),
    path("feed/", feeds.LatestCommentsFeed(), name="feed_rss"),
    path("feed/atom/", feeds.LatestCommentsAtomFeed(), name="feed_atom"),
]
