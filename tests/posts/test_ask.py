import time
from datetime import timedelta

import pytest
from django.utils import timezone

from posts.forms import ask_started_token
from posts.models import Post, Question
from posts.views import ASK_LIMIT_PER_HOUR
from tests.factories import PostFactory, QuestionFactory


def test_ask_page_shows_the_form_with_a_consent_box_and_a_hidden_honeypot(client, db):
    response = client.get("/ask/")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("<h1") == 1
    for name in ("title", "body", "name", "email", "consent", "website", "started"):
        assert f'name="{name}"' in body
    assert 'class="honeypot" aria-hidden="true"' in body
    assert "csrfmiddlewaretoken" in body


def test_ask_page_links_a_signed_in_reader_to_their_questions(client, reader):
    client.force_login(reader)
    assert 'href="/ask/mine/"' in client.get("/ask/").content.decode()


def test_a_question_is_stored_privately_and_the_asker_sees_its_status(client, db, ask_data):
    response = client.post("/ask/", ask_data, follow=True)
    question = Question.objects.get()
    assert question.title == ask_data["title"]
    assert question.consent_to_publish is True
    assert question.status == Question.Status.RECEIVED
    assert len(question.token) >= 32
    body = response.content.decode()
    assert "Received" in body
    assert "Thank you!" in body
    # Nothing is public yet.
    assert ask_data["title"] not in client.get("/").content.decode()


def test_a_signed_in_askers_question_is_linked_to_their_account(client, reader, ask_data):
    client.force_login(reader)
    client.post("/ask/", ask_data)
    question = Question.objects.get()
    assert question.asker == reader
    assert question.title in client.get("/ask/mine/").content.decode()


def test_the_status_page_links_the_post_only_once_it_is_visible(client, db):
    question = QuestionFactory(status=Question.Status.ANSWERED)
    post = PostFactory(
        source_question=question,
        status=Post.Status.SCHEDULED,
        published_at=timezone.now() + timedelta(days=3),
    )
    body = client.get(question.get_absolute_url()).content.decode()
    assert "Answered" in body
    assert post.get_absolute_url() not in body
    post.published_at = timezone.now() - timedelta(days=1)
    post.save()
    assert post.get_absolute_url() in client.get(question.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "", "This field is required."),
        ("body", "   ", "This field is required."),
        ("title", "x" * 201, "at most 200 characters"),
        ("body", "x" * 10_001, "at most 10000 characters"),
        ("title", "Null\x00byte", "Null characters are not allowed."),
        ("body", "Null\x00byte", "Null characters are not allowed."),
        ("email", "not-an-address", "Enter a valid email address."),
        ("consent", "", "This field is required."),
        ("website", "http://spam.example", "could not accept this submission"),
        ("started", "forged", "The form expired"),
        ("started", "two days ago", "The form expired"),
        ("started", "just now", "That was quick!"),
    ],
)
def test_bad_questions_get_a_form_error_and_are_not_stored(client, db, ask_data, field, value, message):
    # Made here, not in the parameters: each pytest-xdist worker must collect the same test ids.
    if value == "just now":
        value = ask_started_token()
    elif value == "two days ago":
        value = ask_started_token(time.time() - 2 * 24 * 3600)
    response = client.post("/ask/", {**ask_data, field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Question.objects.exists()


def test_a_refused_timestamp_is_replaced_so_the_form_can_be_sent_again(client, db, ask_data):
    response = client.post("/ask/", {**ask_data, "started": "forged"})
    assert response.context["form"].data["started"] != "forged"


def test_wrong_types_and_a_list_of_values_do_not_break_the_form(client, db, ask_data):
    response = client.post("/ask/", {**ask_data, "title": ["one", "two"], "consent": ["x", "y"]})
    assert response.status_code == 302
    assert Question.objects.get().title == "two"


def test_html_and_script_in_a_question_stay_inert(client, editor, ask_data):
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    client.post("/ask/", {**ask_data, "title": evil, "body": evil})
    question = Question.objects.get()
    for url in (question.get_absolute_url(), "/editor/", f"/editor/questions/{question.pk}/"):
        if url.startswith("/editor/"):
            client.force_login(editor)
        body = client.get(url).content.decode()
        assert "<script>alert" not in body, url
        assert "<img src=x" not in body, url
        assert "&lt;script&gt;" in body, url


def test_the_ask_form_is_rate_limited_per_address(client, db, ask_data):
    for n in range(ASK_LIMIT_PER_HOUR):
        assert client.post("/ask/", {**ask_data, "title": f"Question {n}"}).status_code == 302
    response = client.post("/ask/", ask_data)
    assert response.status_code == 429
    assert "try again later" in response.content.decode()
    assert Question.objects.count() == ASK_LIMIT_PER_HOUR
    # Another address is not affected.
    assert client.post("/ask/", ask_data, REMOTE_ADDR="10.0.0.9").status_code == 302


def test_the_ask_form_is_csrf_protected(db, ask_data):
    from django.test import Client

    assert Client(enforce_csrf_checks=True).post("/ask/", ask_data).status_code == 403
    assert not Question.objects.exists()
