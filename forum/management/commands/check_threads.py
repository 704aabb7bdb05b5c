"""Check every discussion's stored shape: paths, depths and parents agree; post and thread counters are
right."""

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count, F, Q

from comments.models import MAX_STORED_DEPTH, PATH_ALPHABET, PATH_STEP, Comment
from posts.models import Post

DIGITS = frozenset(PATH_ALPHABET)


def comment_problem(*, path: str, depth: int, parent: tuple[str, int] | None) -> str:
    """What is wrong with one comment given its parent's (path, depth), or "" when nothing is."""
    if not path or len(path) % PATH_STEP or not DIGITS.issuperset(path):
        return f"path {path!r} is not whole {PATH_STEP}-character base-36 steps"
    if parent is None:
        if depth != 0 or len(path) != PATH_STEP:
            return f"top-level comment has depth {depth} and path {path!r} (want depth 0, one step)"
        return ""
    parent_path, parent_depth = parent
    if depth != parent_depth + 1:
        return f"depth {depth} under a parent at depth {parent_depth}"
    # Replies below the storage limit are filed under their ancestor at the limit (comments/models.py).
    stored = min(depth, MAX_STORED_DEPTH)
    if len(path) != (stored + 1) * PATH_STEP:
        return f"path {path!r} has {len(path) // PATH_STEP} steps, depth {depth} wants {stored + 1}"
    if path[:-PATH_STEP] != parent_path[: stored * PATH_STEP]:
        return f"path {path!r} does not start with its parent's path {parent_path!r}"
    return ""


class Command(BaseCommand):
    help = (
        "Check that every comment's path, depth and parent agree and that each post's comment_count equals "
        "its published comments. Lists the problems and exits non-zero when there are any."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--show", type=int, default=50, help="List at most this many problems (default 50)."
        )

    def handle(self, *args, show: int, **options):
        problems = [*self._thread_problems(), *self._counter_problems()]
        checked = Comment.objects.count()
        if not problems:
            self.stdout.write(
                f"check_threads: {checked} comments on {Post.objects.count()} posts, no problems."
            )
            return
        for problem in problems[:show]:
            self.stdout.write(problem)
        if len(problems) > show:
            self.stdout.write(f"... and {len(problems) - show} more")
        raise CommandError(f"check_threads: {len(problems)} problem(s) in {checked} comments")

    def _thread_problems(self):
        """One pass in (post, path) order: a parent's path sorts before its replies', so it is seen first."""
        rows = (
            Comment.objects.order_by("post_id", "path")
            .values_list("pk", "post_id", "parent_id", "path", "depth", "status", "reply_count")
            .iterator(chunk_size=5000)
        )
        current_post, seen, paths = None, {}, set()
        thread = None  # [top pk, its stored reply_count, published replies seen so far]
        for pk, post_id, parent_id, path, depth, status, reply_count in rows:
            if depth == 0 or post_id != current_post:
                yield from self._reply_count_problem(thread)
                thread = [pk, reply_count, 0]
            elif status == Comment.Status.PUBLISHED:
                thread[2] += 1
            if post_id != current_post:
                current_post, seen, paths = post_id, {}, set()
            if path in paths:
                yield f"comment {pk} (post {post_id}): path {path!r} is used twice"
            paths.add(path)
            seen[pk] = (path, depth)
            if parent_id is not None and parent_id not in seen:
                yield self._misplaced_parent(pk=pk, post_id=post_id, parent_id=parent_id)
                continue
            problem = comment_problem(
                path=path, depth=depth, parent=seen[parent_id] if parent_id is not None else None
            )
            if problem:
                yield f"comment {pk} (post {post_id}): {problem}"
        yield from self._reply_count_problem(thread)

    def _reply_count_problem(self, thread):
        if thread is not None and thread[1] != thread[2]:
            top, stored, actual = thread
            yield f"comment {top}: reply_count is {stored}, but its thread has {actual} published replies"

    def _misplaced_parent(self, *, pk: int, post_id: int, parent_id: int) -> str:
        parent = Comment.objects.filter(pk=parent_id).values_list("post_id", "path").first()
        if parent is None:
            return f"comment {pk} (post {post_id}): parent {parent_id} does not exist"
        if parent[0] != post_id:
            return f"comment {pk} (post {post_id}): parent {parent_id} belongs to post {parent[0]}"
        return f"comment {pk} (post {post_id}): parent {parent_id} (path {parent[1]!r}) sorts after its reply"

    def _counter_problems(self):
        published = Count("comments", filter=Q(comments__status=Comment.Status.PUBLISHED))
        wrong = (
            Post.objects.annotate(published_comments=published)
            .exclude(comment_count=F("published_comments"))
            .order_by("pk")
            .values_list("pk", "comment_count", "published_comments")
        )
        for pk, stored, actual in wrong:
            yield f"post {pk}: comment_count is {stored}, but it has {actual} published comments"
