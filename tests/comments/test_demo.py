from django.core.management import call_command

from accounts.demo import seed_users
from comments.demo import seed_comments
from comments.models import Comment
from posts.models import Post
from tests.factories import PostFactory


def test_seed_comments_builds_deep_named_and_anonymous_discussions(db):
    posts = [PostFactory() for _ in range(3)]
    added = seed_comments(seed_users())
    assert added == Comment.objects.count()
    biggest = max(posts, key=lambda p: Comment.objects.filter(post=p).count())
    assert Comment.objects.filter(post=biggest).count() >= 300
    assert Comment.objects.filter(depth=8).exists()
    assert not Comment.objects.filter(depth__gt=8).exists()
    assert Comment.objects.filter(author__isnull=False).exists()
    assert Comment.objects.filter(author__isnull=True, author_name="").exists()
    assert Comment.objects.filter(author__isnull=True).exclude(author_name="").exists()
    for post in Post.objects.all():
        assert post.comment_count == Comment.objects.filter(post=post).count()


def test_seeded_paths_are_consistent_with_parents(db):
    PostFactory()
    PostFactory()
    seed_comments(seed_users())
    for comment in Comment.objects.select_related("parent"):
        if comment.parent:
            assert comment.path.startswith(comment.parent.path)
            assert comment.depth == comment.parent.depth + 1
        assert len(comment.path) == 4 * (comment.depth + 1)


def test_seed_comments_twice_adds_nothing(db):
    PostFactory()
    users = seed_users()
    seed_comments(users)
    before = Comment.objects.count()
    assert seed_comments(users) == 0
    assert Comment.objects.count() == before


def test_seed_demo_command_adds_discussions(db, settings):
    settings.DEBUG = True
    PostFactory()
    call_command("seed_demo")
    assert Comment.objects.count() >= 300
