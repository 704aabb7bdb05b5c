"""Polls: "What should the letter writer do?" (issue 25). An editor adds two to five options to a post;
readers vote once (signed in: once per account; signed out: once per browser, by a signed `voter`
cookie, and POLL_VOTE_RATE votes per IP address) and see the results after voting or once the poll
closes. Votes are counted on the option's row, so the results read no votes."""

import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from forum.ratelimit import rate_limit_hit
from posts.models import Poll, PollOption, PollVote, Post

MIN_OPTIONS, MAX_OPTIONS = 2, 5
VOTER_COOKIE = "voter"
VOTER_SALT = "posts.polls.voter"
VOTER_SECONDS = 365 * 24 * 60 * 60


class PollError(Exception):
    def __init__(self, message: str, *, status: int = 400):
        super().__init__(message)
        self.status = status


def voter_from_cookie(cookies) -> str:
    """This browser's voter id, from its signed cookie; "" when it has none (or a forged one)."""
    try:
        return signing.loads(cookies.get(VOTER_COOKIE, ""), salt=VOTER_SALT)
    except signing.BadSignature:
        return ""


def new_voter() -> tuple[str, str]:
    """A new voter id and the signed cookie value that carries it."""
    voter = secrets.token_urlsafe(24)
    return voter, signing.dumps(voter, salt=VOTER_SALT)


@transaction.atomic
def poll_save(*, post: Post, question: str, options: list[str], closes_at=None) -> Poll:
    """Add the post's poll, or change it while nobody has voted."""
    labels = [" ".join(option.split()) for option in options if option and option.strip()]
    if not MIN_OPTIONS <= len(labels) <= MAX_OPTIONS:
        raise PollError(f"Give between {MIN_OPTIONS} and {MAX_OPTIONS} options.")
    if len({label.casefold() for label in labels}) != len(labels):
        raise PollError("Each option must differ from the others.")
    poll = Poll.objects.select_for_update().filter(post=post).first()
    if poll is not None and PollVote.objects.filter(poll=poll).exists():
        raise PollError("Readers have voted, so the options stay as they are. You can close the poll.")
    if poll is None:
        poll = Poll(post=post)
    poll.question = " ".join(question.split()) or Poll._meta.get_field("question").default
    poll.closes_at = closes_at
    poll.save()
    poll.options.all().delete()
    PollOption.objects.bulk_create(
        PollOption(poll=poll, label=label, position=position) for position, label in enumerate(labels)
    )
    return poll


@transaction.atomic
def poll_close(*, poll: Poll) -> Poll:
    if not poll.is_closed:
        poll.closes_at = timezone.now()
        poll.save(update_fields=["closes_at"])
    return poll


@transaction.atomic
def poll_vote(
    *, poll: Poll, option_id, user=None, voter: str = "", ip_address: str | None = None
) -> PollOption:
    """Count one vote for the option; a second vote from the same account or browser is refused."""
    if poll.is_closed:
        raise PollError("This poll is closed.", status=403)
    option_id = str(option_id)
    well_formed = option_id.isascii() and option_id.isdigit() and len(option_id) <= 18
    option = PollOption.objects.filter(poll=poll, pk=option_id).first() if well_formed else None
    if option is None:
        raise PollError("Choose one of the options.")
    if user is None:
        limit, seconds = settings.POLL_VOTE_RATE or (0, 0)
        if limit and rate_limit_hit(f"poll:ip:{ip_address or 'unknown'}", limit=limit, seconds=seconds):
            raise PollError("Too many votes from your network. Please try again later.", status=429)
        if not voter:
            raise PollError("Your browser did not keep our cookie, so we cannot count your vote once.")
    try:
        with transaction.atomic():
            PollVote.objects.create(
                poll=poll, option=option, user=user, voter="" if user else voter, ip_address=ip_address
            )
    except IntegrityError as error:
        raise PollError("You have voted in this poll already.", status=409) from error
    PollOption.objects.filter(pk=option.pk).update(votes=F("votes") + 1)
    return option


@dataclass
class PollView:
    """A post's poll as one reader sees it."""

    poll: Poll
    options: list[PollOption] = field(default_factory=list)
    voted: int | None = None  # the option this reader chose
    total: int = 0

    @property
    def show_results(self) -> bool:
        return self.voted is not None or self.poll.is_closed


def poll_for_reader(*, post: Post, user=None, voter: str = "") -> PollView | None:
    """The post's poll with its options and this reader's vote: three queries, or one without a poll."""
    poll = Poll.objects.filter(post=post).first()
    if poll is None:
        return None
    options = list(poll.options.all())
    total = sum(option.votes for option in options)
    for option in options:
        option.percent = round(100 * option.votes / total) if total else 0
    mine = None
    if user is not None or voter:
        lookup = {"user": user} if user is not None else {"voter": voter}
        mine = PollVote.objects.filter(poll=poll, **lookup).values_list("option_id", flat=True).first()
    return PollView(poll=poll, options=options, voted=mine, total=total)
