""" "What should the letter writer do?" (issue 25, part 6): an editor adds two to five options to a post;
readers vote once (an account once; a browser once, and a few per IP address) and see the results after
voting or when the poll closes."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from posts.models import Poll, PollOption, PollVote
from posts.polls import PollError, poll_save, poll_vote
from tests.factories import PostFactory, UserFactory, staff, verified


@pytest.fixture
def poll(db):
    post = PostFactory()
    return poll_save(post=post, question="", options=["Quit", "Stay a year", "Ask for a transfer"])


def vote_url(poll) -> str:
    return f"/poll/{poll.pk}/vote/"


def options(poll) -> list[PollOption]:
    return list(poll.options.order_by("position"))


def test_readers_see_the_options_until_they_vote_and_then_the_results(client, poll):
    page = client.get(poll.post.get_absolute_url()).content.decode()
    assert '<h2 id="poll-heading">What should the letter writer do?</h2>' in page
    assert 'name="option"' in page and "poll-results" not in page
    quit_, stay, _ = options(poll)
    response = client.post(vote_url(poll), {"option": stay.pk})
    assert response.status_code == 302 and response["Location"].endswith("#poll")
    assert response.cookies["voter"]["httponly"]
    page = client.get(poll.post.get_absolute_url()).content.decode()
    assert "poll-results" in page and 'name="option"' not in page
    assert "Stay a year <em>(your vote)</em>" in page and "1 vote" in page
    stay.refresh_from_db()
    assert stay.votes == 1


def test_a_browser_votes_once(client, poll):
    first, second, _ = options(poll)
    client.post(vote_url(poll), {"option": first.pk})
    response = client.post(vote_url(poll), {"option": second.pk}, follow=True)
    assert "You have voted in this poll already." in response.content.decode()
    assert PollVote.objects.count() == 1
    assert [option.votes for option in options(poll)] == [1, 0, 0]


def test_an_account_votes_once_whatever_the_browser(poll):
    reader = verified(UserFactory())
    for _ in range(2):
        client = Client()
        client.force_login(reader)
        client.post(vote_url(poll), {"option": options(poll)[0].pk})
    assert PollVote.objects.filter(user=reader).count() == 1


def test_signed_out_votes_are_limited_per_ip_address(poll, settings):
    settings.POLL_VOTE_RATE = (2, 3600)
    for _ in range(3):
        Client().post(vote_url(poll), {"option": options(poll)[0].pk})  # a new browser each time
    assert PollVote.objects.count() == 2


def test_a_forged_voter_cookie_is_a_new_browser_not_someone_else(client, poll):
    client.cookies["voter"] = "forged"
    client.post(vote_url(poll), {"option": options(poll)[0].pk})
    assert PollVote.objects.get().voter not in ("", "forged")


@pytest.mark.parametrize("option", ["", "abc", "99999999", "1\x00", "-1"])
def test_a_bad_or_foreign_option_counts_nothing(client, poll, option):
    other = poll_save(post=PostFactory(), question="", options=["A", "B"])
    for value in (option, str(other.options.first().pk)):
        response = client.post(vote_url(poll), {"option": value}, follow=True)
        assert response.status_code == 200
        assert "Choose one of the options." in response.content.decode()
    assert not PollVote.objects.exists()


def test_a_closed_poll_shows_its_results_to_everyone_and_takes_no_votes(client, poll):
    poll.closes_at = timezone.now() - timedelta(minutes=1)
    poll.save()
    page = client.get(poll.post.get_absolute_url()).content.decode()
    assert "poll-results" in page and "the poll is closed" in page
    with pytest.raises(PollError, match="closed"):
        poll_vote(poll=poll, option_id=options(poll)[0].pk, voter="someone")


def test_a_poll_on_an_unpublished_post_is_a_404(client, db):
    draft = PostFactory(status="draft", published_at=None)
    poll = poll_save(post=draft, question="", options=["A", "B"])
    assert client.post(vote_url(poll), {"option": options(poll)[0].pk}).status_code == 404


def test_an_editor_adds_changes_and_closes_a_poll_and_nothing_typed_is_lost(db):
    post = PostFactory()
    client = Client()
    client.force_login(staff(verified(UserFactory(username="edith")), "Editors"))
    url = f"/editor/posts/{post.pk}/poll/"
    refused = client.post(url, {"poll-question": "Which way?", "poll-option_1": "Only one", "action": "save"})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "Give between 2 and 5 options." in page and 'value="Only one"' in page
    client.post(
        url,
        {"poll-question": "Which way?", "poll-option_1": "Left", "poll-option_3": "Right", "action": "save"},
    )
    poll = Poll.objects.get(post=post)
    assert [option.label for option in options(poll)] == ["Left", "Right"]
    poll_vote(poll=poll, option_id=options(poll)[0].pk, voter="v1")
    refused = client.post(
        url, {"poll-question": "Which way?", "poll-option_1": "Up", "poll-option_2": "Down", "action": "save"}
    )
    assert "Readers have voted" in refused.content.decode()
    client.post(url, {"action": "close"})
    poll.refresh_from_db()
    assert poll.is_closed


def test_only_editors_manage_polls(db, moderator, reader):
    post = PostFactory()
    for user in (moderator, reader):
        client = Client()
        client.force_login(user)
        data = {"poll-question": "Q", "poll-option_1": "A", "poll-option_2": "B"}
        assert client.post(f"/editor/posts/{post.pk}/poll/", data).status_code in (302, 403)
    assert not Poll.objects.exists()


@pytest.mark.parametrize("votes", [0, 40])
def test_the_post_page_with_a_poll_costs_the_same_for_any_number_of_votes(client, poll, votes):
    for number in range(votes):
        poll_vote(
            poll=poll,
            option_id=options(poll)[number % 3].pk,
            voter=f"voter-{number}",
            ip_address=f"192.0.2.{number}",
        )
    client.post(vote_url(poll), {"option": options(poll)[0].pk})  # this browser voted: results
    client.get(poll.post.get_absolute_url())  # warm
    with CaptureQueriesContext(connection) as queries:
        client.get(poll.post.get_absolute_url())
    # 2 for a post without comments (tests/comments/test_query_counts.py), + this browser's session (which
    # carries messages, such as the thanks for voting), the poll, its options and the vote
    assert len(queries) == 6, [query["sql"] for query in queries]


@pytest.mark.parametrize("option", ["²", "1" * 5000, "١"])
def test_odd_digits_are_not_options(client, poll, option):
    response = client.post(vote_url(poll), {"option": option}, follow=True)
    assert response.status_code == 200
    assert "Choose one of the options." in response.content.decode()
    assert not PollVote.objects.exists()
