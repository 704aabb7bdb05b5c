"""The Akismet spam check against a fake Akismet server over HTTP (issue 22): what it is sent, what its
verdicts do, and that a slow answer holds up the comment it is about and nothing else."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest
from django.db import connections
from django.test import Client

from comments import services
from comments.models import Comment
from moderation.policy import SPAM_CHECK, SPAM_CHECK_UNAVAILABLE
from tests.factories import PostFactory

pytestmark = pytest.mark.usefixtures("no_posting_guards")


class FakeAkismet(ThreadingHTTPServer):
    """Akismet's comment-check: "true" for a body with "pills", "false" otherwise, after `delay`
    seconds for a body with "slow" in it; submit-spam and submit-ham thank. Keeps every form it was
    sent."""

    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), AkismetHandler)
        self.forms: list[dict[str, str]] = []
        self.delay = 0.0
        self.slow_request_arrived = threading.Event()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class AkismetHandler(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 - the http.server API
        length = int(self.headers.get("Content-Length", 0))
        form = {key: values[0] for key, values in parse_qs(self.rfile.read(length).decode()).items()}
        server: FakeAkismet = self.server
        server.forms.append({"path": self.path, **form})
        if "slow" in form.get("comment_content", ""):
            server.slow_request_arrived.set()
            time.sleep(server.delay)  # the fake's slowness, the thing under test
        if self.path.startswith("/1.1/submit-"):
            answer = b"Thanks for making the web a better place."
        else:
            answer = b"true" if "pills" in form.get("comment_content", "") else b"false"
        try:
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the slow answer came after the site stopped waiting for it, as the test wants

    def log_message(self, *args):
        pass


@pytest.fixture
def akismet(settings):
    server = FakeAkismet()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.AKISMET_API_KEY = "fake-key"
    settings.AKISMET_SITE_URL = "https://readers.example"
    settings.AKISMET_API_URL = server.url
    settings.MODERATION_SPAM_CHECK = "moderation.spam.AkismetSpamCheck"
    yield server
    server.shutdown()
    server.server_close()


def post_comment(client, post, body: str, **headers):
    return client.post(
        f"/comments/post/{post.pk}/",
        {"body": body, "author_name": "Wren"},
        REMOTE_ADDR="198.51.100.7",
        **headers,
    )


def test_akismet_is_sent_the_readers_own_address_agent_and_referrer(client, post, akismet):
    response = post_comment(
        client,
        post,
        "A thoughtful reply",
        HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux) Firefox/140.0",
        HTTP_REFERER=f"https://readers.example{post.get_absolute_url()}",
    )
    assert response.status_code == 302
    [sent] = akismet.forms
    assert sent["path"] == "/1.1/comment-check"
    assert sent["user_ip"] == "198.51.100.7"
    assert sent["user_agent"] == "Mozilla/5.0 (X11; Linux) Firefox/140.0"
    assert sent["referrer"] == f"https://readers.example{post.get_absolute_url()}"
    assert (sent["api_key"], sent["blog"], sent["comment_type"]) == (
        "fake-key",
        "https://readers.example",
        "comment",
    )
    assert (sent["comment_content"], sent["comment_author"]) == ("A thoughtful reply", "Wren")
    assert Comment.objects.get().status == Comment.Status.PUBLISHED


def test_a_spam_verdict_holds_the_comment_with_its_reason(client, post, akismet):
    post_comment(client, post, "Cheap pills here")
    held = Comment.objects.get()
    assert held.status == Comment.Status.PENDING and held.moderation.hold_reasons == [SPAM_CHECK]


def test_an_answer_slower_than_the_timeout_holds_the_comment_not_loses_it(client, post, akismet, settings):
    settings.AKISMET_TIMEOUT_SECONDS = 0.3
    akismet.delay = 2
    assert post_comment(client, post, "A slow but honest reply").status_code == 302
    held = Comment.objects.get()
    assert held.status == Comment.Status.PENDING
    assert held.moderation.hold_reasons == [SPAM_CHECK_UNAVAILABLE]


def test_without_the_readers_address_akismet_is_not_asked(post, akismet):
    comment = services.comment_create(post=post, author=None, body="From a script", ip_address=None)
    assert comment.status == Comment.Status.PUBLISHED and akismet.forms == []


@pytest.mark.django_db(transaction=True)
def test_a_slow_spam_check_does_not_hold_up_other_replies_to_the_post(on_postgres, akismet, settings):
    """Akismet takes 5 s over one comment; another reader's reply to the same post is stored meanwhile,
    and the slow comment ends up held (the 2 s timeout), not lost."""
    akismet.delay = 5
    post = PostFactory()
    top = services.comment_create(post=post, author=None, body="The thread", ip_address="198.51.100.1")
    slow_done = threading.Event()

    def slow_comment():
        try:
            services.comment_create(post=post, author=None, body="A slow one", ip_address="198.51.100.2")
        finally:
            connections.close_all()
            slow_done.set()

    worker = threading.Thread(target=slow_comment)
    worker.start()
    assert akismet.slow_request_arrived.wait(timeout=10)
    started = time.monotonic()
    reply = services.comment_create(
        post=post, author=None, body="Quick reply", parent=top, ip_address="198.51.100.3"
    )
    assert time.monotonic() - started < 1.5  # did not wait for the slow check
    assert not slow_done.is_set()  # which was still being answered
    assert Comment.objects.get(pk=reply.pk).status == Comment.Status.PUBLISHED
    worker.join(timeout=10)
    held = Comment.objects.get(body="A slow one")
    assert held.status == Comment.Status.PENDING
    assert held.moderation.hold_reasons == [SPAM_CHECK_UNAVAILABLE]


# Moderators' decisions go back to Akismet


def moderator_posts(moderator, path, django_capture_on_commit_callbacks):
    client = Client()
    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(path).status_code == 302


def test_marking_a_comment_as_spam_reports_it_with_the_writers_address_and_browser(
    client, post, akismet, moderator, django_capture_on_commit_callbacks
):
    post_comment(client, post, "Buy my course, it changed my life", HTTP_USER_AGENT="SpamBot/1.0")
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PUBLISHED  # Akismet missed it
    moderator_posts(moderator, f"/moderation/comments/{comment.pk}/spam/", django_capture_on_commit_callbacks)
    sent = akismet.forms[-1]
    assert sent["path"] == "/1.1/submit-spam"
    assert (sent["user_ip"], sent["user_agent"]) == ("198.51.100.7", "SpamBot/1.0")
    assert (sent["comment_content"], sent["comment_author"]) == ("Buy my course, it changed my life", "Wren")


def test_approving_a_comment_the_check_held_as_spam_reports_it_as_ham(
    client, post, akismet, moderator, django_capture_on_commit_callbacks
):
    post_comment(client, post, "My doctor changed my pills and I feel better at work")
    held = Comment.objects.get()
    assert held.moderation.hold_reasons == [SPAM_CHECK]
    moderator_posts(moderator, f"/moderation/comments/{held.pk}/approve/", django_capture_on_commit_callbacks)
    assert [form["path"] for form in akismet.forms] == ["/1.1/comment-check", "/1.1/submit-ham"]
    assert akismet.forms[-1]["user_ip"] == "198.51.100.7"


def test_restoring_a_comment_marked_as_spam_reports_ham_and_an_ordinary_approval_reports_nothing(
    client, post, akismet, moderator, first_time, django_capture_on_commit_callbacks
):
    post_comment(client, post, "A first comment, held as first-time")
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    moderator_posts(
        moderator, f"/moderation/comments/{comment.pk}/approve/", django_capture_on_commit_callbacks
    )
    assert [form["path"] for form in akismet.forms] == ["/1.1/comment-check"]
    moderator_posts(moderator, f"/moderation/comments/{comment.pk}/spam/", django_capture_on_commit_callbacks)
    moderator_posts(
        moderator, f"/moderation/comments/{comment.pk}/restore/", django_capture_on_commit_callbacks
    )
    assert [form["path"] for form in akismet.forms][1:] == ["/1.1/submit-spam", "/1.1/submit-ham"]


def test_a_report_without_the_writers_address_is_not_sent(
    post, akismet, moderator, django_capture_on_commit_callbacks
):
    comment = services.comment_create(post=post, author=None, body="From an import", ip_address=None)
    moderator_posts(moderator, f"/moderation/comments/{comment.pk}/spam/", django_capture_on_commit_callbacks)
    assert akismet.forms == []
