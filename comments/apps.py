from django.apps import AppConfig


class CommentsConfig(AppConfig):
    name = "comments"
    verbose_name = "Comments"

    def ready(self):
        # accounts may not import comments, so it announces name changes with a signal.
        from accounts.signals import public_name_changed
        from comments.thread_cache import public_name_changed_receiver

        public_name_changed.connect(
            public_name_changed_receiver, dispatch_uid="comments.thread_cache.public_name"
        )
        # The comment form's per-visitor hidden values, renewed in every page served from the page cache.
        from comments.forms import form_started_token, new_submit_token
        from forum.pagecache import register_hole

        register_hole("token", lambda request: new_submit_token())
        register_hole("started", lambda request: form_started_token())
