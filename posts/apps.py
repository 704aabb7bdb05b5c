from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


def _post_changed(sender, **kwargs) -> None:
    from posts.changes import posts_changed

    posts_changed()


def _tags_changed(sender, action: str, **kwargs) -> None:
    if action.startswith("post_"):
        _post_changed(sender)


class PostsConfig(AppConfig):
    name = "posts"
    verbose_name = "Posts"

    def ready(self) -> None:
        # Every save or delete of a post, from the editor, the admin, an import or a test factory,
        # starts a new archive version (the footer box and the home page's post count) and retires the
        # related-posts lists and the kept parts of post pages (posts.page_parts). An update, a
        # category or a tag is shown on those pages too, and so is the set of a post's tags.
        for model in ("Post", "PostUpdate", "Category", "Tag"):
            for name, signal in (("save", post_save), ("delete", post_delete)):
                signal.connect(_post_changed, sender=f"posts.{model}", dispatch_uid=f"posts-{model}-{name}")
        m2m_changed.connect(_tags_changed, sender="posts.Post_tags", dispatch_uid="posts-changed-tags")
