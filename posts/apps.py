from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


def _post_changed(sender, **kwargs) -> None:
    from posts.changes import posts_changed

    posts_changed()


class PostsConfig(AppConfig):
    name = "posts"
    verbose_name = "Posts"

    def ready(self) -> None:
        # Every save or delete of a post, from the editor, the admin, an import or a test factory,
        # starts a new archive version (the footer box and the home page's post count) and retires the
        # pages kept for readers who are not signed in (forum.pagecache) and the related-posts lists.
        post_save.connect(_post_changed, sender="posts.Post", dispatch_uid="posts-archive-save")
        post_delete.connect(_post_changed, sender="posts.Post", dispatch_uid="posts-archive-delete")
