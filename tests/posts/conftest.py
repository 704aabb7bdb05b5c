import time

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group

from posts.forms import ask_started_token
from tests.factories import UserFactory


@pytest.fixture
def editor(db):
    user = UserFactory(username="edith")
    user.groups.add(Group.objects.get(name="Editors"))
    # Staff pages ask for a second factor (accounts' StaffMFARequiredMiddleware).
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "unused-in-tests"})
    return user


@pytest.fixture
def reader(db):
    return UserFactory(username="riley")


@pytest.fixture
def ask_data():
    """A valid /ask/ submission, as if the form had been open for a minute."""
    return {
        "title": "My coworker adds me on Facebook",
        "body": "She sends a friend request every week. Should I accept?",
        "name": "Sam",
        "email": "sam@example.com",
        "consent": "on",
        "website": "",
        "started": ask_started_token(time.time() - 60),
    }
