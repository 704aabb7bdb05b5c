import pytest
from django.utils import timezone

from accounts.adapter import SocialAccountAdapter
from comments.models import Comment, encode_step
from forum.markup import render_comment_markdown
from tests.accounts.fake_provider import FakeProvider


@pytest.fixture
def make_comment(db):
    """A comment written straight to the table (the comments app's services are tested there)."""

    def make(
        *,
        post,
        author=None,
        parent=None,
        body="A thoughtful reply.",
        status=Comment.Status.PUBLISHED,
        **extra,
    ):
        siblings = Comment.objects.filter(post=post, parent=parent).count()
        return Comment.objects.create(
            post=post,
            parent=parent,
            author=author,
            path=(parent.path if parent else "") + encode_step(siblings + 1),
            depth=parent.depth + 1 if parent else 0,
            body=body,
            body_html=render_comment_markdown(body),
            status=status,
            created_at=extra.pop("created_at", timezone.now()),
            **extra,
        )

    return make


@pytest.fixture
def fake_provider(monkeypatch):
    """Google, Facebook and an OpenID Connect server on loopback (tests/accounts/fake_provider.py)."""
    fake = FakeProvider()
    fake.start()
    monkeypatch.setattr(SocialAccountAdapter, "get_requests_session", lambda adapter: fake.session())
    yield fake
    fake.stop()
