import time

import pytest

from posts.forms import ask_started_token


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
