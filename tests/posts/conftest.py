import time

import pytest

from posts.forms import ask_started_token
from posts.models import Post
from tests.factories import PostFactory


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


@pytest.fixture
def bare_draft(db):
    """A draft with a title and a letter, and neither an answer nor a category yet."""
    return PostFactory(
        title="A reference who changed jobs",
        status=Post.Status.DRAFT,
        published_at=None,
        answer="",
        answer_html="",
        category=None,
    )
