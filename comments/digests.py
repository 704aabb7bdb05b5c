"""The e-mail digest: new posts in the tags and categories a reader follows, and replies to their comments.

`manage.py send_digests` calls `digests_send` and may run as often as you like (hourly from cron, say).
Each reader gets at most one digest per day (daily) or per ISO week (weekly): `digest_send` records a
DigestRecord, unique per reader and period, in the same transaction that queues the mail after commit,
and moves Profile.last_digest_at on so the next digest starts where this one ended. A re-run finds the
record and sends nothing; a crash before the commit leaves neither record nor mail, and one after it has
both. It lives in comments because it reads comments (replies) as well as posts and accounts.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import Profile, User
from comments.models import Comment, first_readable_at
from comments.tasks import _absolute
from posts.models import DigestRecord, Post, TopicFollow
from posts.services import digest_unsubscribe_token

Frequency = DigestRecord.Frequency
PERIOD_LENGTH = {Frequency.DAILY: timedelta(days=1), Frequency.WEEKLY: timedelta(days=7)}
# Items listed per section; a reader back from a long silence gets the newest and a count of the rest.
DIGEST_ITEM_LIMIT = 30
RECIPIENT_BATCH = 500


def period_start(*, frequency: str, now: datetime) -> datetime:
    """Local midnight starting the day (daily) or the Monday of the ISO week (weekly) that holds `now`."""
    day = timezone.localtime(now).date()
    if frequency == Frequency.WEEKLY:
        day -= timedelta(days=day.weekday())
    return timezone.make_aware(datetime.combine(day, time.min))


def digest_posts(*, user: User, since: datetime, until: datetime) -> QuerySet:
    """Visible posts published in (since, until] that carry a tag or category the user follows."""
    follows = TopicFollow.objects.for_user(user)
    tagged = Post.tags.through.objects.filter(tag_id__in=follows.tags().values("tag_id")).values("post_id")
    return (
        Post.objects.published()
        .filter(published_at__gt=since, published_at__lte=until)
        .filter(Q(pk__in=tagged) | Q(category_id__in=follows.categories().values("category_id")))
        .select_related("category")
        .defer("question", "question_html", "answer", "answer_html")
        .order_by("-published_at", "-pk")
    )


def digest_replies(*, user: User, since: datetime, until: datetime) -> QuerySet:
    """Published replies by others to the user's comments, first readable in (since, until] (written then,
    or approved then after being held), on visible posts; the latest first."""
    return (
        Comment.objects.published_between(since, until)
        .filter(parent__author=user)
        .filter(post__in=Post.objects.published())
        .exclude(author=user)
        .not_from_ignored_by(user)
        .select_related("post", "author")
        .order_by(first_readable_at().desc(), "-pk")
    )


def digest_picks(*, user: User, since: datetime, until: datetime) -> QuerySet:
    """Comments editors picked in (since, until], still published, on visible posts: everyone's digest
    carries the period's editor's picks, but for the people the reader ignores."""
    return (
        Comment.objects.published()
        .filter(picked_at__gt=since, picked_at__lte=until)
        .filter(post__in=Post.objects.published())
        .not_from_ignored_by(user)
        .select_related("post", "author")
        .order_by("-picked_at", "-pk")
    )


def digest_recipients(*, frequency: str, now: datetime) -> QuerySet:
    """Active readers who chose this digest, have a verified address and have no digest this period."""
    verified = EmailAddress.objects.filter(
        user=OuterRef("pk"), email__iexact=OuterRef("email"), verified=True
    )
    sent = DigestRecord.objects.filter(
        user=OuterRef("pk"), frequency=frequency, period_start=period_start(frequency=frequency, now=now)
    )
    return (
        User.objects.filter(is_active=True, profile__digest=frequency)
        .exclude(email="")
        .filter(Exists(verified))
        .exclude(Exists(sent))
        .order_by("pk")
    )


@transaction.atomic
def digest_send(*, user: User, frequency: str, now: datetime) -> DigestRecord | None:
    """Record this period's digest for the reader and queue its mail; None if sent already or nothing new."""
    # The profile row lock makes concurrent runs take turns per reader on PostgreSQL; the unique
    # DigestRecord is the guarantee everywhere.
    profile = Profile.objects.select_for_update().filter(user=user).first()
    if profile is None or profile.digest != frequency:
        return None
    start = period_start(frequency=frequency, now=now)
    if DigestRecord.objects.filter(user=user, frequency=frequency, period_start=start).exists():
        return None
    since = profile.last_digest_at or now - PERIOD_LENGTH[frequency]
    post_count = digest_posts(user=user, since=since, until=now).count()
    reply_count = digest_replies(user=user, since=since, until=now).count()
    if not post_count and not reply_count and not digest_picks(user=user, since=since, until=now).exists():
        return None
    record = DigestRecord.objects.create(
        user=user,
        frequency=frequency,
        period_start=start,
        covers_from=since,
        covers_until=now,
        post_count=post_count,
        reply_count=reply_count,
    )
    Profile.objects.filter(pk=profile.pk).update(last_digest_at=now)
    transaction.on_commit(lambda: send_digest.enqueue(record_id=record.pk))
    return record


def digests_send(*, frequency: str, now: datetime | None = None) -> int:
    """Send this period's digest to everyone who chose `frequency`; return how many were queued."""
    now = now or timezone.now()
    # Ids first, then users a batch at a time: writing while a cursor over the same tables is open
    # is unsafe on SQLite, and a list of ids stays small.
    pks = list(digest_recipients(frequency=frequency, now=now).values_list("pk", flat=True))
    queued = 0
    for offset in range(0, len(pks), RECIPIENT_BATCH):
        users = User.objects.in_bulk(pks[offset : offset + RECIPIENT_BATCH])
        for user in users.values():
            try:
                record = digest_send(user=user, frequency=frequency, now=now)
            except IntegrityError:
                continue  # another run recorded this reader's digest between our check and our insert
            queued += record is not None
    return queued


@dataclass(frozen=True)
class DigestItem:
    title: str
    url: str
    detail: str


def _items(queryset: QuerySet, describe) -> tuple[list[DigestItem], int]:
    """The first DIGEST_ITEM_LIMIT items described, and how many more there are."""
    rows = list(queryset[: DIGEST_ITEM_LIMIT + 1])
    more = 0
    if len(rows) > DIGEST_ITEM_LIMIT:
        more = queryset.count() - DIGEST_ITEM_LIMIT
        rows = rows[:DIGEST_ITEM_LIMIT]
    return [describe(row) for row in rows], more


def _post_item(post: Post) -> DigestItem:
    detail = post.category.name if post.category_id else ""
    return DigestItem(title=post.title, url=_absolute(post.get_absolute_url()), detail=detail)


def _reply_item(comment: Comment) -> DigestItem:
    body = " ".join(comment.body.split())
    if len(body) > 300:
        body = body[:299].rstrip() + "…"
    return DigestItem(
        title=f"{comment.display_name} on “{comment.post.title}”",
        url=_absolute(comment.get_absolute_url()),
        detail=body,
    )


@task
def send_digest(*, record_id: int) -> bool:
    """Mail the digest a DigestRecord stands for; False when there is no longer anything to send."""
    record = DigestRecord.objects.select_related("user").filter(pk=record_id).first()
    if record is None or not record.user.is_active or not record.user.email:
        return False
    user = record.user
    window = {"user": user, "since": record.covers_from, "until": record.covers_until}
    posts, more_posts = _items(digest_posts(**window), _post_item)
    replies, more_replies = _items(digest_replies(**window), _reply_item)
    picks, more_picks = _items(digest_picks(**window), _reply_item)
    if not posts and not replies and not picks:
        return False  # everything in it was unpublished or hidden since it was recorded
    link = _absolute(
        reverse("posts:digest_unsubscribe", kwargs={"token": digest_unsubscribe_token(user=user)})
    )
    context = {
        "user": user,
        "record": record,
        "frequency": record.get_frequency_display().lower(),
        "posts": posts,
        "more_posts": more_posts,
        "post_total": len(posts) + more_posts,
        "reply_total": len(replies) + more_replies,
        "replies": replies,
        "more_replies": more_replies,
        "picks": picks,
        "more_picks": more_picks,
        "site_name": settings.SITE_NAME,
        "home_url": _absolute(reverse("posts:home")),
        "settings_url": _absolute(reverse("accounts:profile_settings")),
        "unsubscribe_url": link,
    }
    subject = render_to_string("comments/email/digest_subject.txt", context)
    EmailMessage(
        subject=" ".join(subject.split()),
        body=render_to_string("comments/email/digest.txt", context),
        to=[user.email],
        headers={"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    ).send()
    return True
