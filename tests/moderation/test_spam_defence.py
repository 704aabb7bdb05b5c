"""Spam defence on the comment and question forms: honeypot, fill time, rate limits, links, terms, Akismet."""

import time
from datetime import UTC, datetime

import httpx
import pytest
from django.test import Client

from comments.forms import form_started_token
from comments.models import Comment
from moderation.models import AuditEntry, QuestionReview, Term
from posts.forms import ask_started_token
from posts.models import Question
from tests.moderation.conftest import make_comment

# Each test turns on the one guard it is about.
pytestmark = pytest.mark.usefixtures("no_posting_guards")


def comment(client, post, *, ip: str = "127.0.0.1", **data):
    return client.post(f"/comments/post/{post.pk}/", {"body": "Hello there", **data}, REMOTE_ADDR=ip)


def ask(client, **extra):
    data = {
        "title": "My coworker hums",
        "body": "All day long.",
        "consent": "on",
        "website": "",
        "started": ask_started_token(time.time() - 60),
    }
    return client.post("/ask/", {**data, **extra})


def test_the_comment_honeypot_refuses_bots(client, post):
    response = comment(client, post, website="http://spam.example")
    assert response.status_code == 400 and "leave the last field empty" in response.content.decode()
    assert not Comment.objects.exists()


def test_the_comment_form_carries_a_hidden_honeypot_and_start_time(client, post):
    page = client.get(post.get_absolute_url()).content.decode()
    assert 'class="honeypot" aria-hidden="true"' in page and 'name="started"' in page


def test_a_comment_sent_faster_than_a_person_types_is_refused(client, post, settings):
    settings.COMMENTS_MIN_FILL_SECONDS = 3
    response = comment(client, post, started=form_started_token())
    assert response.status_code == 400 and "That was quick" in response.content.decode()
    assert comment(client, post, started="forged").status_code == 400
    assert comment(client, post).status_code == 400  # no start time at all
    assert not Comment.objects.exists()
    assert comment(client, post, started=form_started_token(time.time() - 10)).status_code == 302


def test_the_ask_form_keeps_its_honeypot_and_fill_time(client, db):
    assert ask(client, website="x").status_code == 200
    assert ask(client, started=ask_started_token()).status_code == 200
    assert not Question.objects.exists()


@pytest.fixture
def mid_window(time_machine):
    """The rate limits count in fixed windows (forum.ratelimit): stop the clock 7 s into a 15-second,
    an hour's and a day's window, so two requests of a test never fall on either side of a boundary."""
    time_machine.move_to(datetime(2026, 12, 7, 12, 0, 7, tzinfo=UTC), tick=False)


@pytest.mark.usefixtures("mid_window")
def test_a_rate_limited_comment_gets_a_clear_429(client, post, settings):
    settings.MODERATION_COMMENT_RATE = (1, 15)
    assert comment(client, post, body="first").status_code == 302
    response = comment(client, post, body="second")
    assert response.status_code == 429
    assert "faster than we allow" in response.content.decode() and "15 seconds" in response.content.decode()
    assert Comment.objects.count() == 1
    # Another address is not held back by the first one's limit.
    assert comment(client, post, body="third", ip="192.0.2.77").status_code == 302


@pytest.mark.usefixtures("mid_window")
def test_the_per_account_limit_holds_across_addresses(client, post, reader, settings):
    settings.MODERATION_COMMENT_RATE = (1, 15)
    client.force_login(reader)
    assert comment(client, post, body="one", ip="192.0.2.1").status_code == 302
    assert comment(client, post, body="two", ip="192.0.2.2").status_code == 429


@pytest.mark.usefixtures("mid_window")
def test_new_accounts_have_a_daily_limit(client, post, reader, settings):
    settings.MODERATION_NEW_ACCOUNT_COMMENT_RATE = (2, 24 * 60 * 60)
    client.force_login(reader)
    for n in range(2):
        assert comment(client, post, body=f"c{n}").status_code == 302
    response = comment(client, post, body="c3")
    assert response.status_code == 429 and "24 hours" in response.content.decode()


@pytest.mark.usefixtures("mid_window")
def test_a_rate_limited_question_gets_a_429(client, reader, settings):
    settings.MODERATION_QUESTION_RATE = (1, 3600)
    client.force_login(reader)
    assert ask(client).status_code == 302
    response = ask(client, title="Another one")
    assert response.status_code == 429 and "wait up to 1 hour" in response.content.decode()


def test_more_than_two_links_are_held(post):
    two = make_comment(post, body="See https://a.example and www.b.example")
    three = make_comment(post, body="https://a.example https://b.example http://c.example")
    assert two.status == Comment.Status.PUBLISHED
    assert three.status == Comment.Status.PENDING and three.moderation.hold_reasons == ["3 links"]


@pytest.fixture
def terms(moderator):
    client = Client()
    client.force_login(moderator)
    client.post("/moderation/terms/add/", {"text": "crypto", "action": "hold"})
    client.post("/moderation/terms/add/", {"text": "Slur", "action": "block"})
    return client


def test_a_held_term_is_held_and_a_blocked_term_refused_with_a_message(client, post, terms):
    assert comment(client, post, body="Have you tried CRYPTO?").status_code == 302
    held = Comment.objects.get()
    assert held.status == Comment.Status.PENDING and held.moderation.hold_reasons == ["matched term “crypto”"]
    response = comment(client, post, body="what a slur.")
    assert response.status_code == 400
    assert "contains “Slur”, which is not allowed here" in response.content.decode()
    assert Comment.objects.count() == 1
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["term_add", "term_add"]


def test_terms_match_whole_words_only(client, post, terms):
    comment(client, post, body="Cryptography and slurp are fine words.")
    assert Comment.objects.get().status == Comment.Status.PUBLISHED


def test_terms_apply_to_questions_too(client, terms):
    response = ask(client, body="This slur was used.")
    assert response.status_code == 400 and "not allowed here" in response.content.decode()
    ask(client, body="My crypto-loving boss")
    assert QuestionReview.objects.get().reasons == ["matched term “crypto”"]


def test_removing_a_term_stops_matching_and_is_logged(client, post, terms):
    terms.post(f"/moderation/terms/{Term.objects.get(text='Slur').pk}/delete/")
    assert comment(client, post, body="slur").status_code == 302
    assert AuditEntry.objects.filter(action="term_remove", target_label="Slur").exists()


def test_a_duplicate_or_empty_term_is_a_form_error(terms):
    assert terms.post("/moderation/terms/add/", {"text": "CRYPTO", "action": "block"}).status_code == 400
    assert terms.post("/moderation/terms/add/", {"text": "  ", "action": "hold"}).status_code == 400
    assert terms.post("/moderation/terms/add/", {"text": "x", "action": "nuke"}).status_code == 400
    assert Term.objects.count() == 2


def test_without_a_key_a_comment_is_posted_without_calling_out(client, post, monkeypatch):
    requests_sent = []

    def no_network(self, request, **kwargs):
        requests_sent.append(request.url)
        raise httpx.ConnectError("no network in this test")

    monkeypatch.setattr(httpx.Client, "send", no_network)
    assert comment(client, post, body="Just a thought").status_code == 302
    assert Comment.objects.get().status == Comment.Status.PUBLISHED
    assert requests_sent == []
