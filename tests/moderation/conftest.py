import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.utils import timezone

from comments import services as comment_services
from moderation.models import Sanction
from tests.factories import PostFactory, UserFactory


def verified(user):
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def with_totp(user):
    # Staff pages ask for a second factor (accounts' StaffMFARequiredMiddleware).
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "unused-in-tests"})
    return user


def staff(user, group: str):
    user.groups.add(Group.objects.get(name=group))
    return with_totp(user)


@pytest.fixture
def post(db):
    return PostFactory()


@pytest.fixture
def moderator(db):
    return staff(verified(UserFactory(username="mona")), "Moderators")


@pytest.fixture
def editor(db):
    return staff(verified(UserFactory(username="edith")), "Editors")


@pytest.fixture
def reader(db):
    return verified(UserFactory(username="riley"))


@pytest.fixture
def suspended_reader(db, moderator):
    user = verified(UserFactory(username="sully"))
    Sanction.objects.create(
        user=user,
        kind=Sanction.Kind.SUSPENSION,
        reason="Personal attacks",
        ends_at=timezone.now() + timezone.timedelta(days=3),
        created_by=moderator,
    )
    return user


@pytest.fixture
def first_time(settings):
    """The production default: a first comment from anyone waits for a moderator."""
    settings.MODERATION_PREMODERATION = "first_time"


def make_comment(post, *, body="A kind comment.", author=None, parent=None, **extra):
    return comment_services.comment_create(post=post, author=author, body=body, parent=parent, **extra)
