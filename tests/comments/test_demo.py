from django.core.management import call_command

from accounts.demo import seed_users
from comments.demo import seed_comments
from comments.models import Comment
from posts.demo import POSTS as DEMO_POSTS
from posts.models import Post
from tests.factories import PostFactory


def demo_post(number: int = 0) -> Post:
    """A post at one of the demo content's addresses: seed_comments only adds to those."""
    return PostFactory(slug=DEMO_POSTS[number][0])


def test_seed_comments_builds_deep_named_and_anonymous_discussions(db):
    posts = [demo_post(number) for number in range(3)]
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
    demo_post(0)
    demo_post(1)
    seed_comments(seed_users())
    for comment in Comment.objects.select_related("parent"):
        if comment.parent:
            assert comment.path.startswith(comment.parent.path)
            assert comment.depth == comment.parent.depth + 1
        assert len(comment.path) == 4 * (comment.depth + 1)


def test_seed_comments_twice_adds_nothing(db):
    demo_post()
    users = seed_users()
    seed_comments(users)
    before = Comment.objects.count()
    assert seed_comments(users) == 0
    assert Comment.objects.count() == before


def test_seed_demo_command_adds_discussions(db, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    assert Comment.objects.count() >= 300


def test_seeding_again_never_comments_on_a_post_someone_published_on_the_demo_site(db, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    mine = PostFactory(title="My own newest post")
    call_command("seed_demo")
    assert not Comment.objects.filter(post=mine).exists()
