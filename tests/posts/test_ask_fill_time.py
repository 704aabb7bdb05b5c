"""The ask form's fill-time guard speaks only when the form is otherwise valid (issue 23, part 4)."""

import time

import pytest

from posts.forms import ask_started_token
from posts.models import Question

pytestmark = pytest.mark.django_db

QUICK = "That was quick!"


def test_an_empty_ask_sent_at_once_shows_the_required_errors_and_not_that_it_was_quick(client):
    response = client.post("/ask/", {"started": ask_started_token()})
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("This field is required.") == 3  # title, question, consent
    assert QUICK not in page
    assert not Question.objects.exists()


@pytest.mark.parametrize("missing", ["title", "body", "consent"])
def test_a_quick_ask_with_one_field_missing_names_only_that_field(client, ask_data, missing):
    response = client.post("/ask/", {**ask_data, missing: "", "started": ask_started_token()})
    page = response.content.decode()
    assert "This field is required." in page
    assert QUICK not in page


def test_a_quick_ask_with_a_bad_address_names_the_address_only(client, ask_data):
    response = client.post("/ask/", {**ask_data, "email": "nope", "started": ask_started_token()})
    page = response.content.decode()
    assert "Enter a valid email address." in page and QUICK not in page


def test_a_valid_but_too_fast_ask_is_still_refused_as_quick(client, ask_data):
    response = client.post("/ask/", {**ask_data, "started": ask_started_token()})
    assert response.status_code == 200
    assert QUICK in response.content.decode()
    assert not Question.objects.exists()


def test_the_start_time_survives_field_errors_so_the_corrected_ask_goes_through(
    client, ask_data, monkeypatch
):
    started = ask_started_token(time.time() - 1)
    first = client.post("/ask/", {**ask_data, "title": "", "started": started})
    assert QUICK not in first.content.decode()
    assert first.context["form"].data["started"] == started  # kept: the guard has not spoken
    a_minute_later = time.time() + 60
    monkeypatch.setattr(time, "time", lambda: a_minute_later)
    assert client.post("/ask/", {**ask_data, "started": started}).status_code == 302
