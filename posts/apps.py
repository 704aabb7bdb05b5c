from django.apps import AppConfig
from django.db import transaction
from django.db.models.signals import post_delete, post_save


def _post_changed(sender, **kwargs) -> None:
    from forum.pagecache import pages_changed
    from posts.archives import archive_changed
    from posts.related import related_changed

    # Now, for reads inside this transaction; again after commit, because another reader may have
    # cached the summary (or a page) from the old rows under the new version in between.
    for changed in (archive_changed, pages_changed, related_changed):
        changed()
        transaction.on_commit(changed)


class PostsConfig(AppConfig):
    name = "posts"
    verbose_name = "Posts"

    def ready(self) -> None:
        # Every save or delete of a post, from the editor, the admin, an import or a test factory,
        # starts a new archive version (the footer box and the home page's post count) and retires the
        # pages kept for readers who are not signed in (forum.pagecache) and the related-posts lists.
        post_save.connect(_post_changed, sender="posts.Post", dispatch_uid="posts-archive-save")
        post_delete.connect(_post_changed, sender="posts.Post", dispatch_uid="posts-archive-delete")
