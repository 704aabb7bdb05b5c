import pytest
from allauth.account.models import EmailAddress

from tests.factories import PostFactory, UserFactory


@pytest.fixture
def post(db):
    return PostFactory()


@pytest.fixture
def verified_user(db):
    user = UserFactory()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user
