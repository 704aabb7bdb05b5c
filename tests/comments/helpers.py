"""Build large discussions fast: one bulk insert per depth instead of a service call per comment."""

from django.utils import timezone

from comments.models import Comment, encode_step
from posts.models import Post


def bulk_thread(post: Post, count: int, *, fanout: int = 4, max_depth: int = 3) -> list[Comment]:
    """Create `count` published comments on `post`, breadth first: each comment gets up to `fanout`
    replies until `max_depth`, after which new comments start new top-level threads."""
    now = timezone.now()
    comments: list[Comment] = []
    child_counts: dict[int | None, int] = {}
    open_parents: list[int] = []  # indexes of comments that may still take replies
    for index in range(count):
        parent_index = open_parents[0] if open_parents else None
        parent = comments[parent_index] if parent_index is not None else None
        child_counts[parent_index] = child_counts.get(parent_index, 0) + 1
        if parent_index is not None and child_counts[parent_index] >= fanout:
            open_parents.pop(0)
        depth = parent.depth + 1 if parent else 0
        comment = Comment(
            post=post,
            parent=parent,
            path=(parent.path if parent else "") + encode_step(child_counts[parent_index]),
            depth=depth,
            author_name="" if index % 3 == 0 else f"Reader {index}",
            body=f"Comment number {index}.",
            body_html=f"<p>Comment number {index}.</p>",
            created_at=now,
        )
        comments.append(comment)
        if depth < max_depth:
            open_parents.append(index)
    for depth in range(max_depth + 1):
        level = [c for c in comments if c.depth == depth]
        for comment in level:
            comment.parent_id = comment.parent.pk if comment.parent else None
        Comment.objects.bulk_create(level, batch_size=500)
    Comment.objects.filter(post=post).count_replies()
    Post.objects.filter(pk=post.pk).update(comment_count=count)
    post.refresh_from_db()
    return comments
