"""One call for "what readers see of the posts changed": every cache that shows posts starts afresh."""

from django.db import transaction

from posts.archives import archive_changed
from posts.page_parts import parts_changed
from posts.related import related_changed


def posts_changed() -> None:
    """Retire the archive summary, the related lists and the kept parts of post pages. posts.apps calls
    it on every save and delete of a post, an update, a category or a tag, and when a post's tags
    change; services that change posts with `update()` (pinning, tag renames and merges) call it
    themselves.

    Now, for reads inside this transaction, and again after commit, because another reader may have
    cached the old rows under the new version in between (robust: the change is committed either way).
    """
    for changed in (archive_changed, related_changed, parts_changed):
        changed()
        transaction.on_commit(changed, robust=True)
