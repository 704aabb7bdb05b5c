"""Writes on accounts: settings, and the privacy operations (export is in selectors).

The comments and posts apps sit above accounts in the import order (accounts <- posts <- comments),
so the functions here reach their models through apps.get_model at call time instead of importing
them; a missing app simply means there is nothing of that kind to erase.
"""

from django.apps import apps
from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from accounts.models import Ignore, Profile, User
from forum.policy import load_policy

FORMER_READER = "Former reader"


def _model(label: str):
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def public_name_changed(*, user: User) -> None:
    """The name on the person's comments changes (a rename, a deleted account): the discussion threads
    that hold their comments are rendered again (their versions rise: comments.models)."""
    roles_changed(user_ids=[user.pk])


def roles_changed(*, user_ids) -> None:
    """What marks these people's comments changed (a name, a staff role's badge): the threads that hold
    their comments are rendered again (their versions rise: comments.models)."""
    Comment = _model("comments.Comment")
    if Comment is not None:
        Comment.objects.filter(author_id__in=list(user_ids)).threads_changed()


def comment_sort_remember(*, user: User, sort: str) -> None:
    """Keep the discussion order the reader chose, for the discussions they open next."""
    Profile.objects.update_or_create(user=user, defaults={"comment_sort": sort})


def profile_get(*, user: User) -> Profile:
    """The user's profile, created with defaults for accounts made before profiles existed."""
    profile, _ = Profile.objects.get_or_create(user=user)
    return profile


@transaction.atomic
def profile_update(
    *,
    user: User,
    display_name: str,
    bio: str,
    website: str,
    digest: str,
    is_notified_of_replies: bool,
    is_notified_of_follows: bool,
    is_notified_of_moderation: bool,
    is_notified_of_updates: bool = True,
) -> Profile:
    old_name = user.public_name
    user.display_name = display_name
    user.save(update_fields=["display_name"])
    if user.public_name != old_name:
        public_name_changed(user=user)
    profile = profile_get(user=user)
    profile.bio = bio
    profile.website = website
    profile.digest = digest
    profile.is_notified_of_replies = is_notified_of_replies
    profile.is_notified_of_follows = is_notified_of_follows
    profile.is_notified_of_moderation = is_notified_of_moderation
    profile.is_notified_of_updates = is_notified_of_updates
    profile.save()
    return profile


def _erase_question_contacts(*, user: User) -> int:
    Question = _model("posts.Question")
    if Question is None:
        return 0
    from allauth.account.models import EmailAddress

    emails = {user.email, *EmailAddress.objects.filter(user=user).values_list("email", flat=True)} - {""}
    match = Q(asker=user)
    for email in emails:
        match |= Q(email__iexact=email)
    return Question.objects.filter(match).update(asker=None, name="", email="")


def _recount_comments(*, post_ids: set[int]) -> None:
    Comment = _model("comments.Comment")
    Post = _model("posts.Post")
    published = (
        Comment.objects.filter(post=OuterRef("pk"), status=Comment.Status.PUBLISHED)
        .order_by()
        .values("post")
        .annotate(n=Count("pk"))
        .values("n")
    )
    Post.objects.filter(pk__in=post_ids).update(
        comment_count=Coalesce(Subquery(published), 0), discussion_version=F("discussion_version") + 1
    )
    Comment.objects.filter(post_id__in=post_ids).count_replies()


def _anonymise_comments(*, user: User) -> None:
    Comment = _model("comments.Comment")
    if Comment is not None:
        Comment.objects.filter(author=user).update(
            author=None, author_name=FORMER_READER, author_email="", ip_address=None, user_agent=""
        )


def _withdraw_reactions(*, user: User) -> None:
    """The person's reactions leave the comments' counts, and the threads holding them render again."""
    Reaction, Comment = _model("comments.Reaction"), _model("comments.Comment")
    if Reaction is None or Comment is None:
        return
    given = Reaction.objects.filter(user=user)
    for kind in Reaction.Kind.values:
        count = Reaction.count_field(kind)
        reacted = Comment.objects.filter(pk__in=given.filter(kind=kind).values("comment_id"))
        reacted.update(**{count: F(count) - 1})
    threads: dict[int, set[str]] = {}
    for comment in Comment.objects.filter(reactions__user=user).only("post_id", "path"):
        threads.setdefault(comment.post_id, set()).add(comment.thread_path)
    for post_id, paths in threads.items():
        tops = Comment.objects.tops().filter(post_id=post_id, path__in=paths)
        tops.update(thread_version=F("thread_version") + 1)
    given.delete()


def _remove_comments(*, user: User) -> None:
    Comment = _model("comments.Comment")
    if Comment is None:
        return
    own = Comment.objects.filter(author=user)
    post_ids = set(own.values_list("post_id", flat=True))
    has_replies = Exists(Comment.objects.filter(parent=OuterRef("pk")))
    # Leaves first, repeatedly, so a chain of the person's own replies goes entirely.
    while leaves := list(own.filter(~has_replies).values_list("pk", flat=True)):
        Comment.objects.filter(pk__in=leaves).delete()
    # What remains has replies from others: an empty placeholder keeps the thread's shape.
    placeholders = list(own.values_list("pk", flat=True))
    own.update(
        status=Comment.Status.REMOVED,
        body="",
        body_html="",
        author=None,
        author_name="",
        author_email="",
        ip_address=None,
        user_agent="",
    )
    load_policy("COMMENTS_POLICY").comments_removed_by_author(comment_ids=placeholders)
    _recount_comments(post_ids=post_ids)


@transaction.atomic
def account_delete(*, user: User, keep_comments: bool) -> None:
    """Delete the account and everything that points to the person; comments kept or removed."""
    public_name_changed(user=user)  # while the comments still name them
    _erase_question_contacts(user=user)
    _withdraw_reactions(user=user)
    if keep_comments:
        _anonymise_comments(user=user)
    else:
        _remove_comments(user=user)
    # Profile, e-mail addresses, social accounts, authenticators and subscriptions go with the row.
    user.delete()


@transaction.atomic
def ignore_add(*, user: User, ignored: User) -> Ignore:
    """`user` stops reading `ignored`: their comments fold, and send `user` no mail. Nobody ignores
    editors or moderators (as on Discourse): what they say in the discussion is for every reader."""
    if user.pk == ignored.pk:
        raise ValueError("nobody ignores themselves")
    if ignored.is_staff_member():
        raise ValueError("nobody ignores editors or moderators")
    ignore, _ = Ignore.objects.get_or_create(user=user, ignored=ignored)
    return ignore


@transaction.atomic
def ignore_remove(*, user: User, ignored: User) -> None:
    Ignore.objects.filter(user=user, ignored=ignored).delete()
