"""The data export holds every row about the reader (issue 27, part 2): a reader with one of everything,
and each appears in the JSON under its documented key (README, "Your data")."""

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import Ignore
from comments import services as comment_services
from comments.models import Reaction, Subscription, ThreadVisit
from moderation.models import Flag, Sanction
from posts.models import DigestRecord, TopicFollow
from posts.polls import poll_save, poll_vote
from tests.factories import PostFactory, QuestionFactory, TagFactory, UserFactory, verified

KEYS = [
    "schema_version", "exported_at", "account", "profile", "comments", "questions", "subscriptions",
    "ignored", "reactions", "flags", "thread_visits", "digests", "poll_votes", "sanctions", "followed_topics",
]  # fmt: skip


@pytest.fixture
def everything(db, settings, moderator):
    settings.MODERATION_PREMODERATION = "none"
    reader = verified(UserFactory(username="riley", email="riley@example.com"))
    other = verified(UserFactory(username="otto"))
    post = PostFactory()
    mine = comment_services.comment_create(post=post, author=reader, body="Mine.", ip_address="192.0.2.7")
    theirs = comment_services.comment_create(post=post, author=other, body="Theirs.")
    Subscription.objects.create(kind=Subscription.Kind.POST, post=post, user=reader)
    Ignore.objects.create(user=reader, ignored=other)
    Reaction.objects.create(comment=theirs, user=reader, kind="helpful")
    Flag.objects.create(comment=theirs, user=reader, reason=Flag.Reason.UNKIND, note="Harsh.")
    ThreadVisit.objects.create(user=reader, post=post, seen_at=timezone.now())
    now = timezone.now()
    DigestRecord.objects.create(
        user=reader,
        frequency="daily",
        period_start=now,
        covers_from=now - timedelta(days=1),
        covers_until=now,
    )
    poll = poll_save(post=post, question="", options=["Stay", "Go"])
    poll_vote(poll=poll, option_id=poll.options.first().pk, user=reader)
    Sanction.objects.create(user=reader, kind=Sanction.Kind.WARNING, reason="Be kind", created_by=moderator)
    TopicFollow.objects.create(user=reader, tag=TagFactory())
    QuestionFactory(asker=reader, title="Asked signed in")
    QuestionFactory(asker=None, email="RILEY@example.com", title="Asked signed out")
    QuestionFactory(asker=None, email="someone.else@example.com", title="Not theirs")
    return reader, mine


def test_the_export_holds_one_of_everything(everything):
    reader, mine = everything
    client = Client()
    client.force_login(reader)
    data = json.loads(client.get("/users/settings/export/").content)
    assert sorted(data) == sorted(KEYS)
    assert data["schema_version"] == 2
    for key in KEYS[4:]:
        assert data[key], f"nothing under {key}"
    assert data["comments"][0]["ip_address"] == "192.0.2.7"
    assert {question["title"] for question in data["questions"]} == {"Asked signed in", "Asked signed out"}
    assert data["flags"][0]["note"] == "Harsh."
    assert data["poll_votes"][0]["option"] == "Stay"
    assert data["sanctions"][0]["reason"] == "Be kind"
