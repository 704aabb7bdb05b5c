import pytest
from django.utils import timezone

from comments import services as comment_services
from moderation.models import Sanction
from tests.factories import UserFactory, verified


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
def first_time(no_posting_guards, settings):
    """Only first-time pre-moderation, the production default, among the posting guards."""
    settings.MODERATION_PREMODERATION = "first_time"


def make_comment(post, *, body="A kind comment.", author=None, parent=None, **extra):
    return comment_services.comment_create(post=post, author=author, body=body, parent=parent, **extra)
