"""Writes to the discussion. Each function is one transaction; mail goes out after it commits."""

from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from accounts.models import User
from comments.models import (
    MAX_STORED_DEPTH,
    PATH_STEP,
    Comment,
    Reaction,
    Subscription,
    ThreadVisit,
    decode_step,
    encode_step,
)
from comments.tasks import UNSUBSCRIBE_SALT, send_comment_notifications, send_pick_notice
from forum.markup import render_comment_markdown
from forum.policy import load_policy
from forum.ratelimit import rate_limit_hit
from posts.letter_writer import is_asker
from posts.models import Post, Question

# Without a form token (scripts, old cached forms), the same text from the same author under the same
# parent within this window counts as a resubmission.
DUPLICATE_WINDOW = timedelta(minutes=2)
# The session remembers an anonymous reader's held comments (newest last), so they see them marked.
OWN_PENDING_SESSION_KEY = "comments_own_pending"
OWN_PENDING_KEPT = 20


PARENT_CLOSED = "The comment you replied to is no longer open for replies."
REMOVED_BY_AUTHOR = "Its author removed this comment; it stays only as a placeholder for its replies."


class CommentError(Exception):
    """A comment write the reader cannot make; str(error) is the message to show them."""


class CommentsClosed(CommentError):
    def __init__(self):
        super().__init__("Comments are closed.")


class CommentNotAllowed(CommentError):
    status = 403


class InvalidParent(CommentError):
    pass


class CommentRefused(CommentError):
    """The comment policy (settings.COMMENTS_POLICY) refused it; `status` is 429 for rate limits."""

    def __init__(self, message: str, *, status: int = 400):
        super().__init__(message)
        self.status = status


def comments_close_at(post: Post) -> datetime | None:
    """When the post's comments close by themselves, or None: COMMENTS_CLOSE_AFTER_DAYS after
    publishing, or for a sensitive topic SENSITIVE_CLOSE_AFTER_DAYS after it became one (or was
    published, if later), whichever comes first."""
    if post.published_at is None:
        return None
    closes = []
    if settings.COMMENTS_CLOSE_AFTER_DAYS:
        closes.append(post.published_at + timedelta(days=settings.COMMENTS_CLOSE_AFTER_DAYS))
    if post.is_sensitive and settings.SENSITIVE_CLOSE_AFTER_DAYS:
        start = max(post.published_at, post.sensitive_since)
        closes.append(start + timedelta(days=settings.SENSITIVE_CLOSE_AFTER_DAYS))
    return min(closes, default=None)


def comments_are_closed(post: Post) -> bool:
    if post.is_comments_closed:
        return True
    closes = comments_close_at(post)
    return closes is not None and timezone.now() >= closes


def user_has_verified_email(user: User) -> bool:
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(user=user, verified=True).exists()


def commenting_refusal(
    *, post: Post, user, has_verified_email: bool | None = None, letter_writer: bool = False
) -> str:
    """Why this reader may not comment on this post right now, or "" when they may.

    `has_verified_email`, when the caller has read it already, saves the query that asks it. The letter
    writer (`letter_writer`, proved by their question's private link) may comment on their post while
    it is open, wherever signed-out readers may not.
    """
    if not post.is_visible:
        return "Comments open when the post is published."
    if comments_are_closed(post):
        return "Comments are closed."
    if letter_writer:
        return ""
    if user is None or not user.is_authenticated:
        if post.is_sensitive:
            return "This post is a sensitive topic: sign in to comment."
        if not settings.COMMENTS_ALLOW_ANONYMOUS:
            return "Sign in to comment."
        return ""
    if not (user_has_verified_email(user) if has_verified_email is None else has_verified_email):
        return "Verify your e-mail address before commenting: check your inbox, or add one in your settings."
    return load_policy("COMMENTS_POLICY").refusal_for(user=user)


def thread_changed(*, comment: Comment, replies: int = 0) -> None:
    """Call after every change to what `comment`'s thread shows: it raises the thread's version, which
    keys the thread's cached rendering (comments.discussion), and moves the thread's count of published
    replies by `replies`. One UPDATE of the top-level comment's row."""
    changes = {"thread_version": F("thread_version") + 1}
    if replies:
        changes["reply_count"] = F("reply_count") + replies
    Comment.objects.tops().filter(post_id=comment.post_id, path=comment.thread_path).update(**changes)


def published_count_changed(*, post_id: int, change: int) -> None:
    """Call when the post's published comments change in number: moves its count and raises its
    `discussion_version`, which answers readers' "anything new?" (comments.views.discussion_news)."""
    Post.objects.filter(pk=post_id).update(
        comment_count=F("comment_count") + change, discussion_version=F("discussion_version") + 1
    )


def _lock_post(post: Post) -> None:
    # Every write that changes a post's thread shape takes this row lock first: replies then read
    # the last sibling path and insert without racing, and a delete sees every committed reply.
    Post.objects.select_for_update().filter(pk=post.pk).values_list("pk", flat=True).get()


def _refuse_under_lock(
    *, post: Post, author: User | None, parent: Comment | None, letter_writer: Question | None = None
) -> None:
    """Take the post row lock and ask commenting_refusal and _check_parent again, from what it read.

    Closing or unpublishing updates the post row, so it waits for this comment to commit, or the
    locking read sees it. The account (still active, verified address) and the parent's status (a
    moderator may have hidden it since the form was checked; hiding takes the same lock) are read after
    the lock is granted, so they see whatever committed while this one waited.
    """
    from allauth.account.models import EmailAddress

    # Only the post: rows joined into a locking read are not read again after waiting for the lock.
    locked = (
        Post.objects.select_for_update()
        .filter(pk=post.pk)
        .values("status", "published_at", "is_comments_closed", "sensitive_since")
        .first()
    )
    if locked is None:  # deleted meanwhile
        raise CommentNotAllowed("Comments open when the post is published.")
    post.status, post.published_at = locked["status"], locked["published_at"]
    post.is_comments_closed, post.sensitive_since = locked["is_comments_closed"], locked["sensitive_since"]
    verified = None
    if author is not None and post.is_visible and not comments_are_closed(post):
        account = (
            User.objects.filter(pk=author.pk)
            .annotate(verified=Exists(EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)))
            .values("is_active", "verified")
            .first()
        )
        if account is None or not account["is_active"]:  # deactivated, or the account is gone
            raise CommentNotAllowed("This account can no longer comment.")
        verified = account["verified"]
    refusal = commenting_refusal(
        post=post, user=author, has_verified_email=verified, letter_writer=letter_writer is not None
    )
    if letter_writer is not None and not refusal:
        revoked = Question.objects.filter(pk=letter_writer.pk).values_list("voice_revoked_at", flat=True)
        if revoked.first() is not None:
            refusal = "The editors have closed your letter-writer voice on this post."
        elif letter_writer.asker_id is not None:  # a banned or suspended asker has no voice either
            refusal = load_policy("COMMENTS_POLICY").refusal_for(user=letter_writer.asker)
    if refusal:
        raise CommentsClosed() if comments_are_closed(post) else CommentNotAllowed(refusal)
    if parent is not None:
        status = Comment.objects.filter(pk=parent.pk, post=post).values_list("status", flat=True).first()
        if status != Comment.Status.PUBLISHED:  # hidden, held or deleted since
            raise InvalidParent(PARENT_CLOSED)


def _next_path(*, post: Post, parent: Comment | None) -> str:
    """The path for a new last child of `parent` (or a new top-level thread). Caller holds the lock."""
    comments = Comment.objects.filter(post=post)
    prefix = ""
    if parent is not None:
        prefix = parent.path[: min(parent.depth + 1, MAX_STORED_DEPTH) * PATH_STEP]
        # Paths use only PATH_ALPHABET, which sorts below "~": these are the paths under the prefix.
        comments = comments.filter(path__gt=prefix, path__lt=f"{prefix}~")
    # The greatest path below the prefix lies in the last child's subtree; its next step is that child.
    last = comments.order_by("-path").values_list("path", flat=True).first()
    number = decode_step(last[len(prefix) : len(prefix) + PATH_STEP]) + 1 if last else 1
    return prefix + encode_step(number)


def _find_resubmission(
    *, post, author, author_name, ip_address, parent, body, submit_token, letter_writer=False
) -> Comment | None:
    """The comment this very submission stored already (a double click, a retried POST), if any."""
    if submit_token:
        found = Comment.objects.filter(submit_token=submit_token).first()
        if found is not None and found.post_id != post.pk:
            raise CommentError("This form was already used on another post. Reload the page and try again.")
        return found
    same = Comment.objects.filter(
        post=post,
        body=body,
        created_at__gte=timezone.now() - DUPLICATE_WINDOW,
        parent=parent,
        author=author,
        letter_writer=letter_writer,
    )
    if author is None:
        same = same.filter(author_name=author_name, ip_address=ip_address)
    return same.order_by("path").first()


def _check_parent(*, post: Post, parent: Comment | None) -> None:
    if parent is None:
        return
    if parent.post_id != post.pk:
        raise InvalidParent("The comment you replied to is not part of this discussion.")
    if parent.status != Comment.Status.PUBLISHED:
        raise InvalidParent(PARENT_CLOSED)


def comment_create(
    *,
    post: Post,
    author: User | None,
    body: str,
    parent: Comment | None = None,
    author_name: str = "",
    author_email: str = "",
    ip_address: str | None = None,
    user_agent: str = "",
    referrer: str = "",
    submit_token: str = "",
    notify_replies: bool = False,
    follow_post: bool = False,
    letter_writer: Question | None = None,
) -> Comment:
    """Store a comment or reply, count it on the post, subscribe its author, and queue the mail.

    Outside services (a spam check, which may take seconds) are asked first, outside the transaction:
    neither the post's row lock nor a database connection in a transaction waits for them.

    With `letter_writer` (the question `post` answers, its asker proved by its private link) the comment
    is the letter writer's: stored with no author, name, address or IP address, and mail about replies
    goes to the question's asker.
    """
    if letter_writer is not None:
        if letter_writer.pk != post.source_question_id:
            raise CommentNotAllowed("Only the person who wrote the letter speaks as the letter writer.")
        author, author_name, author_email, ip_address, user_agent, referrer = None, "", "", None, "", ""
    if author is not None and not author.is_authenticated:
        author = None
    _check_parent(post=post, parent=parent)
    if author is not None:
        author_name, author_email = "", ""
    policy = load_policy("COMMENTS_POLICY")
    # Outside services first (a spam check may take seconds): no lock is held while they answer.
    screening = policy.screen_comment(
        post=post,
        author=author,
        body=body,
        author_name=author_name,
        author_email=author_email,
        ip_address=ip_address,
        user_agent=user_agent,
        referrer=referrer,
    )
    with transaction.atomic():
        # Also takes the post row lock.
        _refuse_under_lock(post=post, author=author, parent=parent, letter_writer=letter_writer)
        earlier = _find_resubmission(
            post=post,
            author=author,
            author_name=author_name,
            ip_address=ip_address,
            parent=parent,
            body=body,
            submit_token=submit_token,
            letter_writer=letter_writer is not None,
        )
        if earlier is not None:
            return earlier

        decision = policy.check_comment(
            post=post,
            author=author,
            body=body,
            parent=parent,
            author_name=author_name,
            author_email=author_email,
            ip_address=ip_address,
            screening=screening,
            letter_writer=letter_writer is not None,
        )
        if decision.is_refused:
            raise CommentRefused(decision.message, status=decision.status)
        status = Comment.Status.PENDING if decision.is_held else Comment.Status.PUBLISHED
        comment = Comment.objects.create(
            post=post,
            parent=parent,
            path=_next_path(post=post, parent=parent),
            depth=parent.depth + 1 if parent else 0,
            author=author,
            author_name=author_name,
            author_email=author_email,
            body=body,
            body_html=render_comment_markdown(body),
            status=status,
            ip_address=ip_address,
            user_agent=user_agent[:500] if ip_address else "",
            submit_token=submit_token,
            letter_writer=letter_writer is not None,
        )
        published = status == Comment.Status.PUBLISHED
        if published:
            published_count_changed(post_id=post.pk, change=1)
        if parent is not None:  # a new top-level comment starts a thread of its own
            # A held reply changes what moderators see.
            thread_changed(comment=comment, replies=int(published))
        policy.comment_stored(comment=comment, decision=decision)

        if letter_writer is not None:
            author, author_email = letter_writer.asker, letter_writer.email  # private: the subscription only
        subscriber = {"user": author} if author is not None else {"email": author_email}
        can_mail = author is not None or bool(author_email)
        if notify_replies and can_mail:
            kind = Subscription.Kind.REPLIES
            Subscription.objects.create(kind=kind, post=post, comment=comment, **subscriber)
        if follow_post and can_mail:
            _follow(post=post, **subscriber)

        transaction.on_commit(lambda: send_comment_notifications.enqueue(comment_id=comment.pk))
        return comment


@transaction.atomic
def comment_edit(*, comment: Comment, user: User, body: str) -> Comment:
    """Replace the author's text within the edit window and mark the comment edited."""
    if not comment.can_edit(user):
        raise PermissionDenied("You can edit your own comment only within its edit window.")
    refusal = load_policy("COMMENTS_POLICY").edit_refusal(comment=comment, body=body)
    if refusal:
        raise CommentRefused(refusal)
    comment.body = body
    comment.body_html = render_comment_markdown(body)
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "body_html", "edited_at"])
    thread_changed(comment=comment)
    return comment


@transaction.atomic
def comment_delete(*, comment: Comment, user: User) -> bool:
    """Delete the author's comment; one with replies stays as a placeholder. True if it stayed."""
    if not comment.can_edit(user):
        raise PermissionDenied("You can delete your own comment only within its edit window.")
    _lock_post(comment.post)
    counted = comment.status == Comment.Status.PUBLISHED
    keep_placeholder = Comment.objects.filter(parent=comment).exists()
    if keep_placeholder:
        comment.status = Comment.Status.REMOVED
        comment.body = comment.body_html = ""
        comment.picked_at = comment.picked_by = None  # nothing left to pick
        comment.save(update_fields=["status", "body", "body_html", "picked_at", "picked_by"])
        Subscription.objects.filter(comment=comment).delete()
        load_policy("COMMENTS_POLICY").comments_removed_by_author(comment_ids=[comment.pk])
    else:
        comment.delete()
    if counted:
        published_count_changed(post_id=comment.post_id, change=-1)
    if keep_placeholder or comment.depth:  # a top-level comment deleted outright took its thread along
        thread_changed(comment=comment, replies=-int(counted and comment.depth > 0))
    return keep_placeholder


@transaction.atomic
def comment_set_status(*, comment: Comment, status: str, actor: User) -> Comment:
    """A moderator publishes, holds or hides a comment; the post's count follows."""
    if not actor.has_perm("comments.moderate_comment"):
        raise PermissionDenied("Only moderators can change a comment's status.")
    return comment_apply_status(comment=comment, status=status)


@transaction.atomic
def comment_apply_status(*, comment: Comment, status: str) -> Comment:
    """Publish, hold or hide a comment and keep the post's count right; the caller checked who may.

    Moderation calls this for decisions that are nobody's permission, e.g. enough flags hiding one.
    """
    if status not in Comment.Status.values or status == Comment.Status.REMOVED:
        raise ValueError(f"moderators cannot set status {status!r}")
    _lock_post(comment.post)
    current = Comment.objects.filter(pk=comment.pk).values_list("status", flat=True).first()
    if current == Comment.Status.REMOVED:
        # Its text is gone and only its replies keep it: publishing it would show an empty comment.
        raise CommentNotAllowed(REMOVED_BY_AUTHOR)
    was_counted = current == Comment.Status.PUBLISHED
    comment.status = status
    changed = ["status"]  # a pick stays: the strips and digests show published picks only
    if status == Comment.Status.PUBLISHED and current == Comment.Status.PENDING:
        # A held comment approved: readers first read it now, so it is new to them from now. (A hidden
        # one restored was read before, and is not announced again.)
        comment.approved_at = timezone.now()
        changed.append("approved_at")
    comment.save(update_fields=changed)
    change = int(status == Comment.Status.PUBLISHED) - int(was_counted)
    if change:
        published_count_changed(post_id=comment.post_id, change=change)
    # Callers (moderation) change the comment's moderation row in this same transaction too.
    thread_changed(comment=comment, replies=change if comment.depth else 0)
    return comment


def may_close(user) -> bool:
    """Editors and moderators close a post's discussion, and open it again."""
    return user.is_authenticated and (
        user.has_perm("comments.moderate_comment") or user.has_perm("posts.change_post")
    )


@transaction.atomic
def post_comments_close(*, post: Post, closed: bool, actor: User) -> None:
    """An editor or moderator closes (or reopens) a post's discussion."""
    if not may_close(actor):
        raise PermissionDenied("Only editors and moderators can close comments.")
    Post.objects.filter(pk=post.pk).update(is_comments_closed=closed)
    post.is_comments_closed = closed  # the cached threads of an open and a closed post are kept apart
    load_policy("COMMENTS_POLICY").post_closed(post=post, actor=actor, closed=closed)


def is_own(comment: Comment, user, *, letter_writer: bool = False) -> bool:
    """Whether the comment is this signed-in reader's: by account, or said in the letter writer's voice
    (no account on it) when they are the letter writer, proved in this browser (`letter_writer`) or the
    question's asker by account."""
    if user is None or not user.is_authenticated:
        return False
    if comment.author_id is not None:
        return comment.author_id == user.pk
    return comment.letter_writer and (letter_writer or is_asker(user, comment.post))


def reaction_refusal(*, comment: Comment, user, letter_writer: bool = False) -> str:
    """Why this reader may not react to this comment, or "" when they may. Reactions count readers, so
    they ask what a comment asks: a signed-in reader with a verified address and no sanction.
    `letter_writer`: this browser proved its reader the letter writer of the comment's post."""
    if user is None or not user.is_authenticated:
        return "Sign in to react to comments."
    if is_own(comment, user, letter_writer=letter_writer):
        return "You cannot react to your own comment."
    if not user_has_verified_email(user):
        return "Verify your e-mail address before reacting: check your inbox, or add one in your settings."
    return load_policy("COMMENTS_POLICY").refusal_for(user=user)


@transaction.atomic
def reaction_toggle(
    *, comment: Comment, user: User, kind: str, want: bool | None = None, letter_writer: bool = False
) -> bool:
    """Add this reader's reaction of `kind` to the comment, or take it back if they had given it; the
    comment's count follows and its thread renders again. True when the reaction is now there.

    With `want` (what the reader's button said: give it, or take it back) the same request sent twice
    (a double click, a resent form) leaves it as asked instead of undoing itself. `letter_writer` as
    for reaction_refusal."""
    if kind not in Reaction.Kind.values:
        raise ValueError(f"no reaction {kind!r}")
    refusal = reaction_refusal(comment=comment, user=user, letter_writer=letter_writer)
    if refusal:
        raise CommentNotAllowed(refusal)
    if comment.status != Comment.Status.PUBLISHED:
        raise CommentNotAllowed("Only published comments take reactions.")
    rate = settings.MODERATION_REACTION_RATE
    if rate and rate_limit_hit(f"reaction:user:{user.pk}", limit=rate[0], seconds=rate[1]):
        raise CommentRefused(
            "You are reacting faster than anyone reads. Please wait a few minutes.", status=429
        )
    count = Reaction.count_field(kind)
    taken_back = created = 0
    if want is not True:
        taken_back, _ = Reaction.objects.filter(comment=comment, user=user, kind=kind).delete()
        if taken_back:
            Comment.objects.filter(pk=comment.pk).update(**{count: F(count) - 1})
    if want is True or (want is None and not taken_back):
        _, created = Reaction.objects.get_or_create(comment=comment, user=user, kind=kind)
        if created:  # a second click racing the first finds the reaction made, and counts nothing
            Comment.objects.filter(pk=comment.pk).update(**{count: F(count) + 1})
    if taken_back or created:
        thread_changed(comment=comment)
    return not taken_back if want is None else want


def may_pick(user) -> bool:
    """Editors choose the comments the discussion shows first (as they choose which letters run)."""
    return user is not None and user.is_authenticated and user.has_perm("posts.change_post")


@transaction.atomic
def comment_pick(*, comment: Comment, actor: User, picked: bool = True) -> Comment:
    """Make a published comment an editor's pick (listed at the top of its discussion, badged, its
    author told by mail) or take the pick back."""
    if not may_pick(actor):
        raise PermissionDenied("Only editors pick comments.")
    if picked and comment.status != Comment.Status.PUBLISHED:
        raise CommentNotAllowed("Only a published comment can be an editor's pick.")
    was_picked = comment.picked_at is not None
    if picked == was_picked:  # picked again: it keeps its place among the picks, and nobody is mailed twice
        return comment
    comment.picked_at, comment.picked_by = (timezone.now(), actor) if picked else (None, None)
    comment.save(update_fields=["picked_at", "picked_by"])
    thread_changed(comment=comment)
    if picked:
        transaction.on_commit(lambda: send_pick_notice.enqueue(comment_id=comment.pk))
    return comment


@transaction.atomic
def letter_writer_revoke(*, post: Post, actor: User) -> int:
    """An editor takes the letter writer's voice back on `post`: their comments lose the badge (they read
    as an anonymous reader's) and their question's private link no longer gives it. Returns how many
    comments lost it."""
    if not may_pick(actor):
        raise PermissionDenied("Only editors take the letter writer's badge back.")
    _lock_post(post)  # a letter writer's comment being stored meanwhile commits first, and loses it too
    question = Question.objects.select_for_update().filter(pk=post.source_question_id).first()
    if question is None:
        raise CommentNotAllowed("This post answers no reader's letter.")
    if question.voice_revoked_at is None:
        question.voice_revoked_at = timezone.now()
        question.save(update_fields=["voice_revoked_at"])
    said = list(Comment.objects.filter(post=post, letter_writer=True).only("pk", "post_id", "path"))
    Comment.objects.filter(pk__in=[comment.pk for comment in said]).update(letter_writer=False)
    for comment in said:
        thread_changed(comment=comment)
    return len(said)


def _follow(*, post: Post, user: User | None = None, email: str = "") -> Subscription:
    lookup = {"user": user} if user is not None else {"user": None, "email": email}
    subscription, _ = Subscription.objects.get_or_create(kind=Subscription.Kind.POST, post=post, **lookup)
    return subscription


@transaction.atomic
def subscription_follow(*, post: Post, user: User) -> Subscription:
    """Send this reader every new comment on the post."""
    return _follow(post=post, user=user)


@transaction.atomic
def subscription_unfollow(*, post: Post, user: User) -> None:
    Subscription.objects.filter(kind=Subscription.Kind.POST, post=post, user=user).delete()


def subscription_from_token(token: str) -> tuple[bool, Subscription | None]:
    """(token is genuine, the subscription if it still exists)."""
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return False, None
    if not isinstance(pk, int):
        return False, None
    return True, Subscription.objects.select_related("post", "comment").filter(pk=pk).first()


@transaction.atomic
def subscription_cancel(*, token: str) -> bool:
    """Delete the subscription a signed unsubscribe token names; False if the token is not ours."""
    genuine, subscription = subscription_from_token(token)
    if subscription is not None:
        subscription.delete()
    return genuine


def thread_visit_record(*, user: User, post: Post, at: datetime | None = None) -> datetime | None:
    """Remember that the reader opened a page of the discussion now; return the time comments must be
    newer than to be new to this visit (None on the first visit).

    Pages opened less than COMMENTS_VISIT_MINUTES apart are one visit (ThreadVisit). Not atomic on
    purpose: it touches one row of the reader's own, the upsert is a single statement, and the page
    render that calls it should not pay for a savepoint.
    """
    now = at or timezone.now()
    last = ThreadVisit.objects.filter(user=user, post=post).values_list("seen_at", "previous_seen_at").first()
    since = None
    if last is not None:
        seen_at, previous = last
        same_visit = now - seen_at < timedelta(minutes=settings.COMMENTS_VISIT_MINUTES)
        since = previous if same_visit else seen_at
    ThreadVisit.objects.bulk_create(
        [ThreadVisit(user=user, post=post, seen_at=now, previous_seen_at=since)],
        update_conflicts=True,
        unique_fields=["user", "post"],
        update_fields=["seen_at", "previous_seen_at"],
    )
    return since


@transaction.atomic
def comment_forget_ip_addresses(*, older_than_days: int) -> int:
    """Blank client IPs (and browser names) kept longer than the retention period; return how many
    addresses were cleared."""
    cutoff = timezone.now() - timedelta(days=older_than_days)
    old = Comment.objects.filter(created_at__lt=cutoff)
    old.exclude(user_agent="").update(user_agent="")
    return old.filter(ip_address__isnull=False).update(ip_address=None)
