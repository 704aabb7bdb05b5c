"""Readers who are not signed in share a briefly kept page with their own form values put back;
anyone with a session or a message gets a fresh one."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comments.models import Comment
from comments.services import thread_changed
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.usefixtures("no_posting_guards")

HIDDEN = re.compile(r'<input type="hidden" name="(\w+)" value="([^"]*)"')


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 30


def _get(client: Client, path: str) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_a_cookieless_visitor_gets_the_cached_home_page_without_queries(db, page_cache):
    post = PostFactory(title="The first letter")
    first, _ = _get(Client(), "/")
    Comment.objects.create(post=post, path="0001", body="x", body_html="<p>x</p>")
    type(post).objects.filter(pk=post.pk).update(comment_count=1)
    again, queries = _get(Client(), "/")
    assert again == first and queries == 0  # a comment count may lag by PAGE_CACHE_SECONDS


def test_a_new_or_edited_post_retires_the_kept_pages_at_once(db, page_cache):
    post = PostFactory(title="The first letter")
    _get(Client(), "/")
    PostFactory(title="A letter published since")
    assert "A letter published since" in _get(Client(), "/")[0]
    post.title = "The first letter, retitled"
    post.save()
    assert "The first letter, retitled" in _get(Client(), "/")[0]


def test_anyone_with_a_cookie_gets_a_fresh_page(db, page_cache, client):
    PostFactory(title="The first letter")
    _get(Client(), "/")
    PostFactory(title="A letter published since")
    client.force_login(UserFactory())
    assert "A letter published since" in _get(client, "/")[0]
    with_session = Client()
    with_session.cookies["sessionid"] = "x" * 32
    fresh, queries = _get(with_session, "/")
    assert "A letter published since" in fresh and queries > 0


def test_pages_are_kept_apart_and_odd_query_strings_are_not_kept(db, page_cache):
    for number in range(25):
        PostFactory(title=f"Letter {number:02d}")
    assert _get(Client(), "/?page=2")[0] != _get(Client(), "/")[0]
    assert _get(Client(), "/?page=2")[1] == 0
    for path in ("/?page=abc", "/?page=2&utm=x", "/?page=99999"):
        _get(Client(), path)
        assert _get(Client(), path)[1] > 0, path


def test_off_when_the_setting_is_zero(db, settings):
    settings.PAGE_CACHE_SECONDS = 0
    PostFactory()
    _get(Client(), "/")
    assert _get(Client(), "/")[1] > 0


def _hidden(page: str) -> dict[str, str]:
    return dict(HIDDEN.findall(page))


def test_a_kept_post_page_gives_each_visitor_their_own_form_values(db, page_cache):
    post = PostFactory()
    first, _ = _get(Client(), post.get_absolute_url())
    second, queries = _get(Client(), post.get_absolute_url())
    assert queries == 0
    one, two = _hidden(first), _hidden(second)
    assert set(one) == set(two) == {"csrfmiddlewaretoken", "token", "started"}
    assert one["csrfmiddlewaretoken"] != two["csrfmiddlewaretoken"] and one["token"] != two["token"]
    assert HIDDEN.sub("", first) == HIDDEN.sub("", second)


def test_a_comment_sent_from_a_kept_page_passes_the_csrf_check(db, page_cache):
    post = PostFactory()
    _get(Client(), post.get_absolute_url())
    reader = Client(enforce_csrf_checks=True)
    page, queries = _get(reader, post.get_absolute_url())
    assert queries == 0 and "csrftoken" in reader.cookies
    values = _hidden(page)
    response = reader.post(
        reverse("comments:comment_create", args=[post.pk]),
        {**values, "body": "Sent from a kept page.", "author_name": "Ann"},
    )
    assert response.status_code == 302
    assert Comment.objects.get(post=post).body == "Sent from a kept page."
    # The reader's page now has a session: fresh, and it shows the comment.
    assert "Sent from a kept page." in _get(reader, post.get_absolute_url())[0]
    assert "Sent from a kept page." in _get(Client(), post.get_absolute_url())[0]


def test_a_kept_post_page_follows_its_thread_version(db, page_cache):
    post = PostFactory()
    _get(Client(), post.get_absolute_url())
    Comment.objects.create(post=post, path="0001", body="y", body_html="<p>Quietly added</p>")
    type(post).objects.filter(pk=post.pk).update(comment_count=1)
    assert "Quietly added" not in _get(Client(), post.get_absolute_url())[0]
    thread_changed(post_id=post.pk)
    assert "Quietly added" in _get(Client(), post.get_absolute_url())[0]


def test_signed_in_readers_and_odd_addresses_never_get_a_kept_post_page(db, page_cache, client):
    post = PostFactory()
    for path in (post.get_absolute_url(), f"{post.get_absolute_url()}?sort=newest&page=1"):
        _get(Client(), path)
        assert _get(Client(), path)[1] == 0, path
    client.force_login(UserFactory(display_name="Signed Reader"))
    page, queries = _get(client, post.get_absolute_url())
    assert queries > 0 and 'name="author_name"' not in page
    replying = f"{post.get_absolute_url()}?replyto=1"
    _get(Client(), replying)
    assert _get(Client(), replying)[1] > 0


def test_a_kept_page_still_varies_on_cookie(db, page_cache):
    PostFactory()
    _get(Client(), "/")
    response = Client().get("/")
    assert "Cookie" in response["Vary"]


def test_repeated_or_odd_parameters_are_never_kept_and_order_does_not_matter(db, page_cache):
    post = PostFactory()
    url = post.get_absolute_url()
    for query in ("?page=1&page=1", "?page=1&", "?sort=newest&sort=oldest", "?page=0"):
        _get(Client(), url + query)
        assert _get(Client(), url + query)[1] > 0, query
    _get(Client(), url + "?page=1&sort=newest")
    assert _get(Client(), url + "?sort=newest&page=1")[1] == 0


def test_a_failing_cache_means_a_rendered_page_not_an_error(db, page_cache, monkeypatch, settings):
    import forum.pagecache

    class Down:
        def __getattr__(self, name):
            def refuse(*args, **kwargs):
                raise ConnectionError("cache down")

            return refuse

    PostFactory(title="Still here")
    monkeypatch.setattr(forum.pagecache, "caches", {settings.PAGE_CACHE: Down()})
    response = Client().get("/")
    assert response.status_code == 200 and "Still here" in response.content.decode()


def test_a_token_printed_outside_its_hidden_input_keeps_the_page_from_being_kept():
    from forum.pagecache import _cut

    form = b'<form><input type="hidden" name="csrfmiddlewaretoken" value="abc123secret"></form>'
    assert _cut(form) is not None
    assert _cut(form + b'<meta name="csrf" content="abc123secret">') is None
    assert _cut(b'<input type="hidden" name="unknown_field" value="x">') is None


def test_pinning_retires_the_kept_home_page(db, page_cache, django_capture_on_commit_callbacks):
    from moderation.services import post_set_pinned
    from tests.factories import staff, verified

    post = PostFactory(title="A letter to pin")
    _get(Client(), "/")
    assert _get(Client(), "/")[1] == 0
    moderator = staff(verified(UserFactory()), "Moderators")
    with django_capture_on_commit_callbacks(execute=True):
        post_set_pinned(post=post, actor=moderator, pinned=True)
    assert _get(Client(), "/")[1] > 0  # rendered afresh, with the pin


def test_a_head_request_gets_the_kept_page_headers_as_a_get_does(db, page_cache):
    """Link checkers ask with HEAD: the same kept page (no query), the same compression and Vary; the
    server leaves the body out."""
    post = PostFactory(title="The first letter")
    url = post.get_absolute_url()
    got = Client().get(url, headers={"Accept-Encoding": "gzip"})
    with CaptureQueriesContext(connection) as queries:
        asked = Client().head(url, headers={"Accept-Encoding": "gzip"})
    assert asked.status_code == got.status_code == 200
    assert len(queries) == 0
    for header in ("Content-Type", "Content-Encoding", "Vary", "Content-Length"):
        assert asked[header] == got[header], header
    assert int(asked["Content-Length"]) > 0
    # And a HEAD with nothing kept yet renders and keeps the page for the next GET.
    Client().head("/", headers={"Accept-Encoding": "gzip"})
    with CaptureQueriesContext(connection) as queries:
        home = Client().get("/", headers={"Accept-Encoding": "gzip"})
    assert home["Content-Encoding"] == "gzip" and len(queries) == 0
