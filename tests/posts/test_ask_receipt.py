"""The ask receipt (issue 23, part 1): a reader who gives an address is mailed the private status link."""

import re

import pytest
from django.contrib.sites.models import Site

from posts.models import Question


@pytest.fixture
def site(db):
    Site.objects.filter(pk=1).update(domain="forum.example.org")
    Site.objects.clear_cache()
    yield Site.objects.get_current()
    Site.objects.clear_cache()


def test_ask_receipt_is_mailed_once_with_the_exact_status_link(
    client, site, ask_data, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/ask/", ask_data)
    question = Question.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/ask/status/{question.token}/"
    [mail] = mailoutbox
    assert mail.to == ["sam@example.com"]
    assert mail.subject == "[Readers Write] We have your question"
    # Tests run with DEBUG off, like production: the link is https on the Sites domain.
    assert re.findall(r"https?://\S+", mail.body) == [
        f"https://forum.example.org/ask/status/{question.token}/"
    ]


def test_ask_receipt_repeats_nothing_the_sender_typed(
    client, site, ask_data, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/ask/", {**ask_data, "name": "Visit spam.example", "title": "Cheap pills here"})
    [mail] = mailoutbox
    for typed in ("spam.example", "Cheap pills", ask_data["body"]):
        assert typed not in mail.subject and typed not in mail.body


def test_ask_receipt_is_not_sent_without_an_address(
    client, site, ask_data, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/ask/", {**ask_data, "email": ""}).status_code == 302
    assert Question.objects.exists()
    assert mailoutbox == []


def test_ask_receipt_is_not_sent_for_a_refused_form(
    client, site, ask_data, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/ask/", {**ask_data, "title": ""}).status_code == 200
    assert not Question.objects.exists()
    assert mailoutbox == []


def test_ask_receipt_goes_to_a_signed_in_askers_prefilled_account_address(
    client, site, reader, ask_data, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(reader)
    assert client.get("/ask/").context["form"].initial["email"] == reader.email
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/ask/", {**ask_data, "email": reader.email})
    assert [mail.to for mail in mailoutbox] == [[reader.email]]


def test_ask_receipt_is_not_sent_when_a_signed_in_asker_clears_the_address(
    client, site, reader, ask_data, mailoutbox, django_capture_on_commit_callbacks
):
    # The form does not fall back to the account's address: a cleared field means "do not write".
    client.force_login(reader)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/ask/", {**ask_data, "email": ""})
    assert Question.objects.get().asker == reader
    assert mailoutbox == []


def test_question_status_page_says_the_link_was_mailed_only_when_it_was(
    client, site, ask_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        mailed = client.post("/ask/", ask_data, follow=True).content.decode()
        unmailed = client.post("/ask/", {**ask_data, "email": ""}, follow=True).content.decode()
    assert "We have e-mailed a link to this page" in mailed
    assert "the only way to see your question" not in mailed
    assert "the only way to see your question" in unmailed
    assert "e-mailed" not in unmailed
