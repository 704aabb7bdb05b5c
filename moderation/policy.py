"""The comment and question policies posts and comments load by setting (forum.policy explains why).

Each check runs in this order: who is asking (sanctions, blocks), how often (rate limits, shared
cache), what it says (blocked terms refuse; held terms, links and the spam check hold), and finally
whether this author still needs pre-moderation.
"""

import re
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from comments.models import PATH_STEP, Comment
from forum.policy import Decision, OpenPolicy
from forum.ratelimit import rate_limit_hit
from moderation.audit import post_audit
from moderation.models import (
    AuditEntry,
    Block,
    CommentModeration,
    Flag,
    PostModeration,
    QuestionReview,
    Sanction,
    Term,
)
from moderation.spam import SPAM, UNAVAILABLE, spam_check
from moderation.tasks import send_comment_moderation_notice
from posts.models import Post, mentions

TERMS_CACHE_KEY = "moderation:terms"
LINK_PATTERN = re.compile(r"https?://|www\.", re.IGNORECASE)

FIRST_TIME = "first-time commenter"
PREMODERATED_POST = "post is pre-moderated"
SENSITIVE_POST = "sensitive topic"
EVERYONE = "everything is pre-moderated"
SPAM_CHECK = "spam check"
SPAM_CHECK_UNAVAILABLE = "spam check unavailable"
EARLIER_SPAM = "author sent spam before"
NEW_ACCOUNT = "new account"
CLAIMS_LETTER_WRITER = "claims to be the letter writer"
MAY_IDENTIFY = "may identify the letter writer"
# "LW here", "I'm the OP", "I wrote this letter"...: a claim the letter writer's badge makes for them.
LETTER_WRITER_CLAIM = re.compile(
    r"\b(?:(?<!the\s)(?:lw|op|letter[- ]writer|original poster)\s+here\b"
    r"|i(?:['’]m|\s+am)\s+(?:the\s+)?(?:lw|op|letter[- ]writer|original poster|asker)\b"
    r"|this\s+is\s+the\s+(?:lw|op|letter[- ]writer)\b"
    r"|i\s+(?:wrote|sent)\s+(?:in\s+)?(?:this|the|that)\s+(?:letter|question)\b(?!\s+(?:of|for)\b)"
    r"|i(?:['’]m|\s+am)\s+the\s+one\s+who\s+wrote\s+(?:in|this|that|the\s+letter)\b)",
    re.IGNORECASE,
)


def claims_letter_writer(text: str) -> bool:
    return LETTER_WRITER_CLAIM.search(text) is not None


def sanction_refusal(user) -> str:
    """The reason this account may not take part right now (suspended or banned), or ""."""
    if user is None or not user.is_authenticated:
        return ""
    sanction = Sanction.objects.filter(user=user).restricting().order_by("-created_at").first()
    return sanction.describe() if sanction is not None else ""


def block_refusal(*, email: str = "", ip_address: str | None = None) -> str:
    wanted = Q()
    if email:
        wanted |= Q(kind=Block.Kind.EMAIL, value=email.strip().lower())
    if ip_address:
        wanted |= Q(kind=Block.Kind.IP, value=ip_address)
    if not wanted or not Block.objects.in_force().filter(wanted).exists():
        return ""
    return "Submissions from this address are blocked. Contact the editors if you think this is a mistake."


def over_rate(key: str, rate: tuple[int, int] | None) -> int:
    """Count one attempt under `key`; the window's length in seconds once it is over the limit, else 0.

    A fixed window in the shared cache (Redis or the database cache in production), so the limit holds
    across workers and servers.
    """
    if not rate:
        return 0
    limit, seconds = rate
    return seconds if rate_limit_hit(f"moderation:{key}", limit=limit, seconds=seconds) else 0


def _wait_text(seconds: int) -> str:
    if seconds >= 3600:
        hours = round(seconds / 3600)
        return f"{hours} hour{'s' if hours != 1 else ''}"
    if seconds >= 60:
        minutes = round(seconds / 60)
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    return f"{seconds} seconds"


def terms() -> list[tuple[str, str]]:
    """(text, action) for every term, cached until a moderator changes the lists."""
    found = cache.get(TERMS_CACHE_KEY)
    if found is None:
        found = list(Term.objects.values_list("text", "action"))
        cache.set(TERMS_CACHE_KEY, found, timeout=60 * 60)
    return found


def matched_terms(text: str) -> tuple[list[str], list[str]]:
    """(blocked terms, held terms) found in the text as whole words, ignoring case."""
    blocked, held = [], []
    for term, action in terms():
        if re.search(Term(text=term).pattern, text, re.IGNORECASE):
            (blocked if action == Term.Action.BLOCK else held).append(term)
    return blocked, held


def count_links(text: str) -> int:
    return len(LINK_PATTERN.findall(text))


def content_decision(*, text: str, kind: str, spam_verdict: str | None = None, **spam_facts) -> Decision:
    """Refuse blocked terms; hold for held terms, too many links, or a spam verdict (asked now unless
    the caller asked it already: `spam_verdict`)."""
    blocked, held = matched_terms(text)
    if blocked:
        return Decision(
            action=Decision.REFUSE,
            message=f"Your {kind} contains “{blocked[0]}”, which is not allowed here. Please rephrase it.",
        )
    reasons = [f"matched term “{term}”" for term in held]
    links = count_links(text)
    if links > settings.MODERATION_MAX_LINKS:
        reasons.append(f"{links} links")
    if spam_verdict is None:
        spam_verdict = spam_check().check(kind=kind, text=text, **spam_facts)
    if spam_verdict == SPAM:
        reasons.append(SPAM_CHECK)
    elif spam_verdict == UNAVAILABLE:
        reasons.append(SPAM_CHECK_UNAVAILABLE)
    return Decision(action=Decision.HOLD, reasons=tuple(reasons)) if reasons else Decision()


READER_REASONS = {
    FIRST_TIME: "a first comment waits for a moderator",
    PREMODERATED_POST: "every comment on this post waits for a moderator",
    SENSITIVE_POST: "this post is a sensitive topic, so every comment on it waits for a moderator",
    EVERYONE: "every comment waits for a moderator at the moment",
    SPAM_CHECK: "the spam filter flagged it",
    SPAM_CHECK_UNAVAILABLE: "the spam filter could not check it in time",
    EARLIER_SPAM: "an earlier comment of yours was marked as spam",
    NEW_ACCOUNT: "your account is new",
    CLAIMS_LETTER_WRITER: "it says its writer wrote the letter, which only the letter writer's badge can say",
    # Said as any careful look is, so that the author of a guess learns nothing from the hold.
    MAY_IDENTIFY: "a moderator reads some comments on this post before they appear",
}


def held_because(reason: str) -> str:
    """A hold reason (as the queue shows it) in words for the comment's author."""
    if reason in READER_REASONS:
        return READER_REASONS[reason]
    if reason.startswith("matched term"):
        return "it uses a word the moderators check"
    if reason.endswith(" links"):
        return f"it has {reason} (more than {settings.MODERATION_MAX_LINKS})"
    return ""


def tell_author(comment: Comment) -> None:
    """Mail the author why their comment waits or was hidden, once this transaction commits."""
    transaction.on_commit(lambda: send_comment_moderation_notice.enqueue(comment_id=comment.pk))


def slow_mode_wait(*, post, author) -> int:
    """Seconds until this reader may comment again on a sensitive topic (one comment per
    SENSITIVE_SLOW_MODE_MINUTES), from their last stored comment there; 0 when they may now."""
    minutes = settings.SENSITIVE_SLOW_MODE_MINUTES
    if not (post.is_sensitive and minutes and author is not None):
        return 0
    since = timezone.now() - timedelta(minutes=minutes)
    last = (
        Comment.objects.filter(post=post, author=author, created_at__gt=since)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    return max(1, round((last - since).total_seconds())) if last else 0


def locked_subthread_reason(comment: Comment) -> str | None:
    """The reason a moderator locked the subthread `comment` sits in (it or one of its ancestors, found
    by path prefix), or None when replies to it are open."""
    paths = [comment.path[:end] for end in range(PATH_STEP, len(comment.path) + 1, PATH_STEP)]
    return (
        CommentModeration.objects.filter(comment__post_id=comment.post_id, comment__path__in=paths)
        .exclude(locked_reason="")
        .values_list("locked_reason", flat=True)
        .first()
    )


def is_new_account(user) -> bool:
    return timezone.now() - user.date_joined < timedelta(days=settings.MODERATION_NEW_ACCOUNT_DAYS)


class CommentPolicy(OpenPolicy):
    def refusal_for(self, *, user) -> str:
        return sanction_refusal(user)

    def screen_comment(
        self, *, post, author, body, author_name, author_email, ip_address, user_agent, referrer
    ) -> dict:
        """The spam service's verdict, asked before the post's lock is taken."""
        verdict = spam_check().check(
            kind="comment",
            text=body,
            author_name=author.public_name if author else author_name,
            author_email=author.email if author else author_email,
            ip_address=ip_address,
            user_agent=user_agent,
            referrer=referrer,
            permalink=post.get_absolute_url(),
        )
        return {"spam_verdict": verdict}

    def check_comment(
        self, *, post, author, body, parent, author_name, author_email, ip_address, screening, **facts
    ) -> Decision:
        # A suspended or banned author was refused already: the service asks refusal_for under its lock.
        refusal = block_refusal(email=author_email, ip_address=ip_address) if author is None else ""
        if refusal:
            return Decision(action=Decision.REFUSE, message=refusal, status=403)
        locked = locked_subthread_reason(parent) if parent is not None else None
        if locked is not None:
            message = f"A moderator locked this part of the discussion ({locked}): it takes no new replies."
            return Decision(action=Decision.REFUSE, message=message, status=403)

        slow = slow_mode_wait(post=post, author=author)
        if slow:  # before the rate limits, so a refusal here spends none of them
            every = settings.SENSITIVE_SLOW_MODE_MINUTES
            message = (
                f"This post is a sensitive topic: one comment every {every} minutes. "
                f"You can send this one in {_wait_text(slow)}."
            )
            return Decision(action=Decision.REFUSE, message=message, status=429)

        letter_writer = facts.get("letter_writer", False)
        waits = [over_rate(f"comment:ip:{ip_address}", settings.MODERATION_COMMENT_RATE) if ip_address else 0]
        if letter_writer:  # stored without an IP address: limited per post instead
            waits.append(over_rate(f"comment:letter-writer:{post.pk}", settings.MODERATION_COMMENT_RATE))
        if author is not None:
            waits.append(over_rate(f"comment:user:{author.pk}", settings.MODERATION_COMMENT_RATE))
            if is_new_account(author):
                waits.append(
                    over_rate(f"comment:new:{author.pk}", settings.MODERATION_NEW_ACCOUNT_COMMENT_RATE)
                )
        if max(waits):
            return Decision(
                action=Decision.REFUSE,
                message="You are commenting faster than we allow. "
                f"Please wait up to {_wait_text(max(waits))} and send your comment again.",
                status=429,
            )

        content = content_decision(text=body, kind="comment", spam_verdict=screening.get("spam_verdict"))
        if content.is_refused:
            return content
        reasons = list(content.reasons)
        said = f"{author_name}\n{body}"  # an anonymous name says as much as the text
        if not letter_writer and claims_letter_writer(said):
            reasons.append(CLAIMS_LETTER_WRITER)
        if any(mentions(said, term) for term in post.identifying_terms):
            reasons.append(MAY_IDENTIFY)
        reasons += self._premoderation_reasons(
            post=post, author=author, author_email=author_email, letter_writer=letter_writer
        )
        if reasons and author is not None and is_new_account(author):
            reasons.append(NEW_ACCOUNT)
        return Decision(action=Decision.HOLD, reasons=tuple(reasons)) if reasons else Decision()

    def _premoderation_reasons(self, *, post, author, author_email, letter_writer=False) -> list[str]:
        """Why a comment is held before anyone reads it; the facts come from one statement. The letter
        writer, whom editors know, is no first-time commenter."""
        mode = settings.MODERATION_PREMODERATION
        facts = {
            "premoderated": Exists(PostModeration.objects.filter(post=OuterRef("pk"), is_premoderated=True))
        }
        email = author_email.strip()
        if author is not None or email:
            # The author's own comments: by account, or for an anonymous author by e-mail (iexact).
            if author is not None:
                mine = Comment.objects.filter(author=author)
            else:
                mine = Comment.objects.filter(author__isnull=True, author_email__iexact=email)
            facts["spam"] = Exists(CommentModeration.objects.filter(comment__in=mine, is_spam=True))
            if mode == "first_time":
                facts["approved"] = Exists(mine.published())
        found = Post.objects.filter(pk=post.pk).values(**facts).first() or {}
        if found.get("spam"):
            return [EARLIER_SPAM]
        if post.is_sensitive:
            return [SENSITIVE_POST]
        if found.get("premoderated"):
            return [PREMODERATED_POST]
        if mode == "everyone":
            return [EVERYONE]
        if mode == "first_time" and not found.get("approved") and not letter_writer:
            return [FIRST_TIME]
        return []

    def edit_refusal(self, *, comment, body) -> str:
        """An edit goes out unread, so one that would be held as a new comment is refused instead, in
        words that confirm nothing (a guess at the letter writer stays a guess)."""
        claims = not comment.letter_writer and claims_letter_writer(body)
        if claims or any(mentions(body, term) for term in comment.post.identifying_terms):
            return (
                "This edit needs a moderator's look, so it was not saved. Write it as a new comment instead."
            )
        return ""

    def comment_stored(self, *, comment, decision: Decision) -> None:
        if decision.is_held:
            CommentModeration.objects.update_or_create(
                comment=comment, defaults={"hold_reasons": list(decision.reasons)}
            )
            if comment.author_id:
                tell_author(comment)

    def thread_annotations(self) -> dict:
        return {
            "moderator_reason": F("moderation__hidden_reason"),
            "collapsed_reason": F("moderation__collapsed_reason"),
            "locked_reason": F("moderation__locked_reason"),
            "moderator_edited_at": F("moderation__edited_by_moderator_at"),
            "hold_reasons": F("moderation__hold_reasons"),
        }

    def status_note(self, comment) -> str:
        if comment.status == Comment.Status.PENDING:
            reasons = [held_because(reason) for reason in getattr(comment, "hold_reasons", None) or []]
            why = "; ".join(reason for reason in reasons if reason) or "a moderator reads it first"
            return f"Only you can see it until a moderator approves it: {why}."
        if comment.status == Comment.Status.HIDDEN:
            reason = getattr(comment, "moderator_reason", "") or "no reason given"
            return f"A moderator hid this comment ({reason}); only you can see it."
        return ""

    def comment_links(self, *, user) -> tuple[tuple[str, str], ...]:
        if user is None or not user.is_authenticated:
            return ()
        if user.has_perm("comments.moderate_comment"):
            links = [("Moderate", reverse("moderation:comment_detail", kwargs={"pk": 1}))]
        else:
            links = [("Flag", reverse("moderation:comment_flag", kwargs={"pk": 1}))]
        if user.has_perm("posts.change_post"):  # editors pick comments (comments.services.may_pick)
            links.append(("Pick", reverse("comments:comment_pick", kwargs={"pk": 1})))
        return tuple((label, url.replace("/1/", "/{pk}/")) for label, url in links)

    def post_closed(self, *, post, actor, closed: bool) -> None:
        """Closing or reopening from the post page is logged like the moderation page's button."""
        post_audit(
            post=post, actor=actor, action=AuditEntry.Action.CLOSE if closed else AuditEntry.Action.REOPEN
        )

    def comments_removed_by_author(self, *, comment_ids: list[int]) -> None:
        """Nothing is left to judge (the queue leaves such comments out), so the open flags close and
        each flagger's "Your flags" says why."""
        Flag.objects.open().filter(comment_id__in=comment_ids).update(
            outcome=Flag.Outcome.WITHDRAWN, resolved_at=timezone.now()
        )

    def discussion_links(self, *, user, post) -> tuple[tuple[str, str], ...]:
        if user is None or not user.is_authenticated:
            return ()
        links = [("Your flags", reverse("moderation:my_flags"))]
        if user.has_perm("moderation.moderate_post"):
            links.append(("Moderate this post", reverse("moderation:post_detail", kwargs={"pk": post.pk})))
        return tuple(links)


class QuestionPolicy(OpenPolicy):
    def refusal_for(self, *, user) -> str:
        return sanction_refusal(user)

    def check_question(self, *, title, body, name, email, asker, ip_address, **facts) -> Decision:
        refusal = sanction_refusal(asker) or block_refusal(
            email=asker.email if asker else email, ip_address=ip_address
        )
        if refusal:
            return Decision(action=Decision.REFUSE, message=refusal, status=403)
        if asker is not None:
            wait = over_rate(f"question:user:{asker.pk}", settings.MODERATION_QUESTION_RATE)
            if wait:
                return Decision(
                    action=Decision.REFUSE,
                    message="You have sent several questions recently; "
                    f"please wait up to {_wait_text(wait)}.",
                    status=429,
                )
        return content_decision(
            text=f"{title}\n{body}",
            kind="question",
            author_name=name,
            author_email=email,
            ip_address=ip_address,
        )

    def question_stored(self, *, question, decision: Decision, ip_address: str | None) -> None:
        if decision.is_held:
            QuestionReview.objects.create(
                question=question, reasons=list(decision.reasons), ip_address=ip_address
            )
