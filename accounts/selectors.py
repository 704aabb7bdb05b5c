"""Reads about a person that span apps above accounts (see services.py for why apps.get_model)."""

from django.apps import apps
from django.db.models import Q, QuerySet
from django.utils import timezone

from accounts.models import Profile, User


def _model(label: str):
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def profile_comments(*, user: User) -> QuerySet | None:
    """The person's published comments on published posts, newest first (None without comments)."""
    Comment = _model("comments.Comment")
    if Comment is None:
        return None
    Post = apps.get_model("posts", "Post")
    return (
        Comment.objects.filter(
            author=user, status=Comment.Status.PUBLISHED, post__in=Post.objects.published()
        )
        .select_related("post")
        .order_by("-created_at", "-pk")
    )


def followed_posts(*, user: User) -> list:
    Subscription = _model("comments.Subscription")
    if Subscription is None:
        return []
    return [
        subscription.post
        for subscription in Subscription.objects.filter(user=user, kind=Subscription.Kind.POST)
        .select_related("post")
        .order_by("-created_at")
    ]


def _iso(value) -> str | None:
    return value.isoformat() if value else None


EXPORT_SCHEMA_VERSION = 2  # README "Your data": raise it when a key changes meaning or goes


def _sent_from_their_addresses(user: User) -> Q:
    """Questions sent signed out from one of the person's verified addresses, in any case."""
    from allauth.account.models import EmailAddress

    sent = Q(pk__in=[])
    for address in EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True):
        sent |= Q(asker__isnull=True, email__iexact=address)
    return sent


def _rows(label: str, user: User, row, *related: str) -> list[dict]:
    """The person's rows of another app's model (read by name: those apps build on this one), oldest first."""
    model = _model(label)
    if model is None:
        return []
    rows = model.objects.filter(user=user).order_by("pk")
    return [row(item) for item in (rows.select_related(*related) if related else rows)]


def account_export(*, user: User) -> dict:
    """Everything we hold about the person, as plain JSON-ready data (README, "Your data")."""
    from allauth.account.models import EmailAddress
    from allauth.socialaccount.models import SocialAccount

    profile = Profile.objects.filter(user=user).first() or Profile(user=user)
    data: dict = {
        "schema_version": EXPORT_SCHEMA_VERSION,
        "exported_at": _iso(timezone.now()),
        "account": {
            "username": user.username,
            "display_name": user.display_name,
            "email": user.email,
            "date_joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
            "email_addresses": [
                {"email": address.email, "verified": address.verified, "primary": address.primary}
                for address in EmailAddress.objects.filter(user=user).order_by("pk")
            ],
            "social_accounts": [
                {"provider": account.provider, "uid": account.uid, "date_joined": _iso(account.date_joined)}
                for account in SocialAccount.objects.filter(user=user).order_by("pk")
            ],
        },
        "profile": {
            "bio": profile.bio,
            "website": profile.website,
            "digest": profile.digest,
            "is_notified_of_replies": profile.is_notified_of_replies,
            "is_notified_of_follows": profile.is_notified_of_follows,
            "is_notified_of_moderation": profile.is_notified_of_moderation,
            "is_notified_of_updates": profile.is_notified_of_updates,
            "last_digest_at": _iso(profile.last_digest_at),
        },
        "comments": [],
        "questions": [],
        "subscriptions": [],
        "followed_topics": [],
    }
    Comment = _model("comments.Comment")
    if Comment is not None:
        data["comments"] = [
            {
                "id": comment.pk,
                "post": comment.post.title,
                "url": comment.get_absolute_url(),
                "status": comment.status,
                "body": comment.body,
                "created_at": _iso(comment.created_at),
                "edited_at": _iso(comment.edited_at),
                "ip_address": comment.ip_address,  # until purge_comment_ips forgets it
                "user_agent": comment.user_agent,
            }
            for comment in Comment.objects.filter(author=user).select_related("post").order_by("created_at")
        ]
    Question = _model("posts.Question")
    if Question is not None:
        data["questions"] = [
            {
                "title": question.title,
                "body": question.body,
                "name": question.name,
                "email": question.email,
                "status": question.status,
                "created_at": _iso(question.created_at),
            }
            # Also those sent signed out from one of the person's verified addresses: deleting the account
            # erases them too.
            for question in Question.objects.filter(
                Q(asker=user) | _sent_from_their_addresses(user)
            ).order_by("created_at")
        ]
    Subscription = _model("comments.Subscription")
    if Subscription is not None:
        data["subscriptions"] = [
            {
                "kind": subscription.kind,
                "post": subscription.post.title,
                "url": subscription.post.get_absolute_url(),
                "created_at": _iso(subscription.created_at),
            }
            for subscription in Subscription.objects.filter(user=user).select_related("post").order_by("pk")
        ]
    data["ignored"] = [
        {"username": ignore.ignored.username, "created_at": _iso(ignore.created_at)}
        for ignore in user.ignores.select_related("ignored").order_by("pk")
    ]
    Reaction = _model("comments.Reaction")
    if Reaction is not None:
        data["reactions"] = [
            {
                "kind": reaction.kind,
                "comment_url": reaction.comment.get_absolute_url(),
                "created_at": _iso(reaction.created_at),
            }
            for reaction in Reaction.objects.filter(user=user).select_related("comment__post").order_by("pk")
        ]
    data["flags"] = _rows(
        "moderation.Flag",
        user,
        lambda flag: {
            "comment_url": flag.comment.get_absolute_url(),
            "reason": flag.reason,
            "note": flag.note,
            "outcome": flag.outcome,
            "created_at": _iso(flag.created_at),
            "resolved_at": _iso(flag.resolved_at),
        },
        "comment__post",
    )
    data["thread_visits"] = _rows(
        "comments.ThreadVisit",
        user,
        lambda visit: {
            "post_url": visit.post.get_absolute_url(),
            "seen_at": _iso(visit.seen_at),
            "previous_seen_at": _iso(visit.previous_seen_at),
        },
        "post",
    )
    data["digests"] = _rows(
        "posts.DigestRecord",
        user,
        lambda digest: {
            "frequency": digest.frequency,
            "period_start": _iso(digest.period_start),
            "post_count": digest.post_count,
            "reply_count": digest.reply_count,
            "sent_at": _iso(digest.created_at),
        },
    )
    data["poll_votes"] = _rows(
        "posts.PollVote",
        user,
        lambda vote: {
            "post_url": vote.poll.post.get_absolute_url(),
            "question": vote.poll.question,
            "option": vote.option.label,
            "created_at": _iso(vote.created_at),
        },
        "poll__post",
        "option",
    )
    data["sanctions"] = _rows(
        "moderation.Sanction",
        user,
        lambda sanction: {
            "kind": sanction.kind,
            "reason": sanction.reason,
            "created_at": _iso(sanction.created_at),
            "ends_at": _iso(sanction.ends_at),
            "lifted_at": _iso(sanction.lifted_at),
        },
    )
    TopicFollow = _model("posts.TopicFollow")
    if TopicFollow is not None:
        data["followed_topics"] = [
            {
                "kind": "tag" if follow.tag_id else "category",
                "name": (follow.tag or follow.category).name,
                "created_at": _iso(follow.created_at),
            }
            for follow in TopicFollow.objects.filter(user=user)
            .select_related("tag", "category")
            .order_by("pk")
        ]
    return data
