"""The moderation policy's hand-written reads (forum.sql) give the answers its ORM queries gave."""

from datetime import timedelta

import pytest
from django.utils import timezone

from comments.models import Comment
from moderation.models import CommentModeration, PostModeration, Sanction
from moderation.policy import (
    EARLIER_SPAM,
    FIRST_TIME,
    PREMODERATED_POST,
    CommentPolicy,
    sanction_refusal,
)
from tests.factories import UserFactory, verified
from tests.moderation.conftest import make_comment

NOW = timezone.now()
SANCTIONS = {
    "warning": {"kind": Sanction.Kind.WARNING},
    "ban": {"kind": Sanction.Kind.BAN},
    "lifted ban": {"kind": Sanction.Kind.BAN, "lifted_at": NOW - timedelta(minutes=1)},
    "suspension": {"kind": Sanction.Kind.SUSPENSION, "ends_at": NOW + timedelta(days=1)},
    "ended suspension": {"kind": Sanction.Kind.SUSPENSION, "ends_at": NOW - timedelta(seconds=5)},
    "lifted suspension": {
        "kind": Sanction.Kind.SUSPENSION,
        "ends_at": NOW + timedelta(days=1),
        "lifted_at": NOW - timedelta(hours=1),
    },
}


@pytest.mark.parametrize(
    "names",
    [[], ["warning"], ["ban"], ["lifted ban"], ["suspension"], ["ended suspension"], ["lifted suspension"]]
    + [["warning", "suspension"], ["ban", "suspension"], ["suspension", "ban"], ["ended suspension", "ban"]],
)
def test_sanction_refusal_names_the_newest_restricting_sanction_as_the_queryset_does(db, names):
    user = UserFactory()
    for age, name in enumerate(reversed(names)):  # the last name is the oldest
        Sanction.objects.create(
            user=user, reason=name, created_at=NOW - timedelta(hours=age), **SANCTIONS[name]
        )
    other = UserFactory()  # someone else's sanctions never count
    Sanction.objects.create(user=other, reason="theirs", created_at=NOW, kind=Sanction.Kind.BAN)
    newest = Sanction.objects.restricting().filter(user=user).order_by("-created_at").first()
    assert sanction_refusal(user) == (newest.describe() if newest else "")
    assert bool(sanction_refusal(user)) == any(n in {"ban", "suspension"} for n in names)


@pytest.fixture
def reasons(post, settings):
    def ask(*, author=None, author_email="", mode="first_time"):
        settings.MODERATION_PREMODERATION = mode
        return CommentPolicy()._premoderation_reasons(post=post, author=author, author_email=author_email)

    return ask


def test_premoderation_reasons_for_an_account(post, reasons):
    author = verified(UserFactory())
    assert reasons(author=author, mode="none") == []
    assert reasons(author=author) == [FIRST_TIME]
    comment = make_comment(post, author=author)  # held: first time
    assert reasons(author=author) == [FIRST_TIME]
    Comment.objects.filter(pk=comment.pk).update(status=Comment.Status.PUBLISHED)
    assert reasons(author=author) == []
    assert reasons(author=UserFactory()) == [FIRST_TIME]  # another account's approval is not theirs
    PostModeration.objects.create(post=post, is_premoderated=True)
    assert reasons(author=author) == [PREMODERATED_POST]
    CommentModeration.objects.filter(comment=comment).update(is_spam=True)
    assert reasons(author=author) == [EARLIER_SPAM]


def test_premoderation_reasons_for_an_anonymous_address_ignore_case_and_accounts(post, reasons, settings):
    settings.MODERATION_PREMODERATION = "none"
    theirs = make_comment(post, author_name="Wren", author_email="Wren@Example.com")
    account = verified(UserFactory(email="wren@example.com"))
    signed_in = make_comment(post, author=account, body="Signed in this time.")  # published
    # An account's comment never counts for an anonymous address, even one that stored the address.
    Comment.objects.filter(pk=signed_in.pk).update(author_email="wren@example.com")
    Comment.objects.filter(pk=theirs.pk).update(status=Comment.Status.PENDING)
    assert reasons(author_email=" wren@EXAMPLE.com ") == [FIRST_TIME]  # held before: not approved
    Comment.objects.filter(pk=theirs.pk).update(status=Comment.Status.PUBLISHED)
    assert reasons(author_email=" wren@EXAMPLE.com ") == []
    assert reasons(author_email="other@example.com") == [FIRST_TIME]
    assert reasons(author_email="") == [FIRST_TIME]
    CommentModeration.objects.create(comment=theirs, is_spam=True)
    assert reasons(author_email="WREN@example.com") == [EARLIER_SPAM]
    assert reasons(author_email="other@example.com", mode="everyone") == ["everything is pre-moderated"]
