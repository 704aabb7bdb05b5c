from collections import Counter

from django.core.management import call_command

from accounts.demo import seed_users
from accounts.models import Ignore, User
from comments.demo import BIG_DISCUSSION, PILE_ON, PILE_ON_TRY, TOPICS, seed_comments
from comments.models import Comment, Reaction
from moderation.models import CommentModeration
from posts.demo import POSTS as DEMO_POSTS
from posts.demo import seed_posts
from posts.models import Poll, Post
from tests.factories import PostFactory

# For each post seed_demo gives a discussion: a word its comments use, and words from other posts'
# letters that they must not.
ON_TOPIC = {
    "old-posts-and-a-job-search": ("facebook", ["thank-you note", "counteroffer", "karaoke", "weakness"]),
    "answering-weakness-question": ("weakness", ["facebook", "thank-you note", "counteroffer", "karaoke"]),
    "counteroffer-or-not": ("counteroffer", ["facebook", "thank-you note", "karaoke", "weakness"]),
    "holiday-party-photos": ("photo", ["thank-you note", "counteroffer", "weakness", "recruiter"]),
    "feedback-after-rejection": ("feedback", ["facebook", "thank-you note", "counteroffer", "karaoke"]),
    "managing-a-former-peer": ("friend", ["facebook", "thank-you note", "recruiter", "karaoke"]),
    "recruiter-messages-on-linkedin": ("recruiter", ["facebook", "thank-you note", "karaoke", "weakness"]),
    "a-reply-all-disaster": ("apolog", ["facebook", "thank-you note", "counteroffer", "recruiter"]),
}


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


def test_seed_demo_shows_every_discussion_feature(db, settings, client):
    """The big discussion has reactions, editor's picks, a reader the demo reader ignores, and a piece of
    advice three readers gave, which the brake on pile-ons shows to whoever writes it a fourth time."""
    settings.DEBUG = True
    call_command("seed_demo")
    assert Comment.objects.count() >= 300
    big = Post.objects.order_by("-comment_count").first()
    assert big.comment_count == BIG_DISCUSSION
    on_big = Comment.objects.filter(post=big)
    assert on_big.filter(helpful_count__gt=0).count() > 50
    assert on_big.filter(been_there_count__gt=0).count() > 10
    assert Reaction.objects.filter(comment__post=big, user__username="reader").count() == 2
    assert on_big.exclude(picked_at=None).count() == 3
    ignored = Ignore.objects.get(user__username="reader").ignored
    assert on_big.filter(author=ignored).exists()
    # The letter writer (the demo reader asked the question) replied twice, and an impostor waits.
    assert big.source_question.asker.username == "reader"
    assert on_big.filter(letter_writer=True, status="published").count() == 2
    assert "The letter writer replied (2)" in client.get(big.get_absolute_url()).content.decode()
    exchanges = client.get(big.get_absolute_url(), {"letter_writer": "1"}).content.decode()
    assert exchanges.count('data-role="letter-writer"') == 2
    # An open poll with votes, on the counteroffer letter.
    poll = Poll.objects.get(post__slug="counteroffer-or-not")
    assert not poll.is_closed and sum(option.votes for option in poll.options.all()) > 10
    assert 'id="poll-heading"' in client.get(poll.post.get_absolute_url()).content.decode()
    # The former-peer letter's writer wrote back, published as a post of its own, linked both ways.
    follow_up = Post.objects.get(follow_up_of__slug="managing-a-former-peer")
    assert follow_up.is_visible and follow_up.source_question.update_of is not None
    assert (
        "<strong>There is an update.</strong>"
        in client.get(follow_up.follow_up_of.get_absolute_url()).content.decode()
    )
    held = CommentModeration.objects.select_related("comment")
    (impostor,) = [row for row in held if "claims to be the letter writer" in row.hold_reasons]
    assert impostor.comment.status == "pending" and impostor.comment.post == big

    settings.COMMENTS_MIN_FILL_SECONDS = 0
    client.force_login(User.objects.get(username="reader"))
    response = client.post(f"/comments/post/{big.pk}/", {"body": PILE_ON_TRY})
    assert response.status_code == 200
    assert f"{len(PILE_ON)} readers have already said something similar" in response.content.decode()


def test_seeding_again_never_comments_on_a_post_someone_published_on_the_demo_site(db, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    mine = PostFactory(title="My own newest post")
    call_command("seed_demo")
    assert not Comment.objects.filter(post=mine).exists()


def seeded_discussions() -> dict[str, list[Comment]]:
    """The demo posts with the discussions seed_comments gives them, by slug."""
    users = seed_users()
    seed_posts(users)
    seed_comments(users)
    discussions: dict[str, list[Comment]] = {}
    for comment in Comment.objects.select_related("post", "parent__parent").order_by("path"):
        discussions.setdefault(comment.post.slug, []).append(comment)
    return discussions


def most_repeated(comments: list[Comment]) -> tuple[str, int]:
    return Counter(comment.body for comment in comments).most_common(1)[0]


def test_no_demo_comment_appears_more_than_twice_in_a_discussion(db):
    discussions = seeded_discussions()
    assert set(discussions) == set(ON_TOPIC)
    for slug, comments in discussions.items():
        body, times = most_repeated(comments)
        assert times <= 2, f"{slug}: {body!r} appears {times} times"
    biggest = discussions["old-posts-and-a-job-search"]
    assert len(biggest) >= 300
    assert len({comment.body for comment in biggest}) >= 0.9 * len(biggest)


def test_a_demo_address_without_a_topic_still_gets_a_big_discussion_without_repeats(db):
    post = demo_post(0)
    assert post.slug not in TOPICS
    seed_comments(seed_users())
    comments = list(Comment.objects.filter(post=post))
    assert len(comments) >= 300
    body, times = most_repeated(comments)
    assert times <= 2, f"{body!r} appears {times} times"


def test_demo_discussions_stay_on_their_post_topic(db):
    for slug, comments in seeded_discussions().items():
        text = "\n".join(comment.body for comment in comments).lower()
        own, others = ON_TOPIC[slug]
        for word in others:
            assert word not in text, f"{slug}: a comment mentions {word!r}"
        assert own in text, f"{slug}: nobody mentions {own!r}"


def test_demo_replies_answer_what_their_parent_said(db):
    """A question, agreement or pushback replies to the point it is about, and the point's author
    answers the question or the pushback."""
    checked = 0
    for slug, comments in seeded_discussions().items():
        for point in TOPICS[slug].points:
            for comment in comments:
                parent = comment.parent
                if any(line in comment.body for line in (point.ask, point.agree, point.doubt)):
                    assert point.says in parent.body, f"{slug}: {comment.body!r} replies to {parent.body!r}"
                    checked += 1
                for answer, prompt in ((point.answer, point.ask), (point.defend, point.doubt)):
                    if answer in comment.body:
                        assert prompt in parent.body, f"{slug}: {comment.body!r} replies to {parent.body!r}"
                        point_made_by = parent.parent
                        assert point.says in point_made_by.body
                        assert (comment.author_id, comment.author_name) == (
                            point_made_by.author_id,
                            point_made_by.author_name,
                        )
                        checked += 1
    assert checked > 100
