"""Demo moderation data for a local run (`manage.py seed_demo`): the moderator's role, a term list, and
a queue to work through (held and flagged comments), a hidden comment, a locked subthread and a post
under the sensitive-topic rules, so every mark a reader or moderator can meet is on the demo site."""

from django.contrib.auth.models import Group

from accounts.models import User
from comments import services as comment_services
from comments.models import Comment
from moderation import services
from moderation.models import AuditEntry, Flag, ModeratorPreference, Term
from posts.models import Post

DEMO_TERMS = {
    "crypto giveaway": Term.Action.HOLD,
    "casino": Term.Action.HOLD,
    "buy followers": Term.Action.BLOCK,
}

# Held for the queue: first comments from anonymous readers (our own writing).
DEMO_HELD = [
    (
        "Quinn",
        "quinn@example.net",
        "First time commenting. Is it ever fine to list someone as a reference without asking first?",
    ),
    (
        "Sam",
        "sam@example.net",
        "Templates that get you hired: https://cv.example.com and https://jobs.example.com/free — "
        "worked for me!",
    ),
    (
        "Alex",
        "alex@example.net",
        "The same happened at my last job. HR did nothing, but writing a short summary after each "
        "conversation did.",
    ),
    ("", "", "Honestly the letter writer sounds exhausting. I would not want to work with them either."),
    # Held because it claims to be the letter writer, who comments with a badge instead.
    ("Jordan", "jordan@example.net", "LW here! To clear things up: my manager never saw the old posts."),
]


def seed_moderation(users: dict[str, User]) -> int:
    """Put the demo moderator in the Moderators group, add a few terms and, once, the moderation
    examples (see the module docstring); return how many terms are new."""
    moderator = users["moderator"]
    moderator.groups.add(Group.objects.get(name="Moderators"))
    ModeratorPreference.objects.get_or_create(user=moderator, defaults={"is_notified_of_stale_queue": True})
    created = 0
    for text, action in DEMO_TERMS.items():
        _, new = Term.objects.get_or_create(text=text, defaults={"action": action, "created_by": moderator})
        created += new
    if not AuditEntry.objects.exists():
        _seed_examples(moderator=User.objects.get(pk=moderator.pk), reader=users["reader"])
    return created


def _seed_examples(*, moderator: User, reader: User) -> None:
    """Held and flagged comments on the newest discussion, a hidden one on a small one, a locked
    subthread on the deep one, and the fourth newest post a sensitive topic."""
    posts = list(Post.objects.published().filter(comment_count__gt=0).order_by("-published_at")[:4])
    if len(posts) < 4:
        return
    big, deep, small, sensitive = posts
    for name, email, body in DEMO_HELD:
        comment = comment_services.comment_create(
            post=big, author=None, body=body, author_name=name, author_email=email
        )
        if comment.status != Comment.Status.PENDING:  # a site run without pre-moderation
            pending = Comment.Status.PENDING
            comment_services.comment_set_status(comment=comment, status=pending, actor=moderator)
    published = big.comments.filter(status=Comment.Status.PUBLISHED, author=None).order_by("path")
    for comment, reason in zip(published[5:7], [Flag.Reason.UNKIND, Flag.Reason.OFF_TOPIC], strict=True):
        services.flag_create(comment=comment, user=reader, reason=reason, note="Spotted while reading.")
    hidden = small.comments.filter(status=Comment.Status.PUBLISHED).order_by("path").last()
    services.comment_hide(comment=hidden, actor=moderator, reason="a personal attack")
    tops = deep.comments.filter(depth=0, status=Comment.Status.PUBLISHED)
    busiest = tops.order_by("-reply_count", "path")[0]
    services.comment_lock(comment=busiest, actor=moderator, reason="going round in circles")
    services.post_set_sensitive(post=sensitive, actor=moderator, sensitive=True, reason="a reader's loss")
