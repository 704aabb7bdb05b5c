"""Kept pages go out gzip-compressed to browsers that take it, put together from pieces compressed
once, with each visitor's own form values (forum.gzipped, forum.pagecache)."""

import gzip
import random
import re
import zlib

import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comments.models import Comment
from comments.services import thread_changed
from forum import gzipped
from tests.factories import PostFactory

pytestmark = pytest.mark.usefixtures("no_posting_guards")

HIDDEN = re.compile(r'<input type="hidden" name="(\w+)" value="([^"]*)"')
BROWSER = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br, zstd"}


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 30


@pytest.mark.parametrize(
    ("header", "takes_gzip"),
    [
        ("gzip, deflate, br", True),
        ("GZIP;q=0.5", True),
        ("x-gzip", True),
        ("*", True),
        ("*;q=0, gzip", True),  # named beats the wildcard
        ("deflate, gzip;q=0", False),
        ("gzip;q=0.000", False),
        ("gzip;q=1.2.3", False),
        ("gzip, *;q=0", True),
        ("br", False),
        ("gzipped", False),
        ("", False),
    ],
)
def test_accept_encoding_is_read_as_http_says(header, takes_gzip):
    assert gzipped.accepts_gzip(header) is takes_gzip


def _page(pieces, values) -> bytes:
    return b"".join(text + (values[name] if name else b"") for text, name in pieces)


def test_the_stream_unpacks_to_the_page_with_each_holes_value():
    rng = random.Random(9)
    for _ in range(60):
        count = rng.randint(1, 5)
        pieces = [
            (
                rng.choice(
                    [
                        b"",
                        rng.randbytes(rng.choice([1, 300, 70_000])),
                        b"<p>word</p>\n" * rng.randint(1, 9000),
                    ]
                ),
                f"hole{number}" if number < count - 1 else "",
            )
            for number in range(count)
        ]
        # Values up to twice the largest stored block (65,535 bytes), and empty ones.
        values = {
            f"hole{n}": rng.randbytes(rng.choice([0, 1, 64, 65_535, 65_536, 140_000])) for n in range(count)
        }
        stream = gzipped.assemble(gzipped.compress(pieces), [values[name] for _, name in pieces if name])
        assert gzip.decompress(stream) == _page(pieces, values)
        assert zlib.decompress(stream, 16 + zlib.MAX_WBITS) == _page(pieces, values)  # strict: CRC, size


def test_holes_of_the_same_name_each_get_their_own_value():
    pieces = [(b"<form>", "token"), (b"</form><form>", "token"), (b"</form>", "")]
    stream = gzipped.assemble(gzipped.compress(pieces), [b"one", b"two"])
    assert gzip.decompress(stream) == b"<form>one</form><form>two</form>"


def test_the_crc_of_pieces_put_together_is_the_crc_of_the_whole():
    rng = random.Random(3)
    for _ in range(200):
        first, second = rng.randbytes(rng.randint(0, 3000)), rng.randbytes(rng.randint(0, 100_000))
        combined = gzipped._multiply(gzipped._shift(len(second)), zlib.crc32(first)) ^ zlib.crc32(second)
        assert combined == zlib.crc32(first + second)


def test_the_values_are_never_compressed_with_the_page():
    """A value that repeats page text still costs its full length: its size gives nothing away."""
    text = b"<p>secret-looking words repeated here</p>" * 100
    pieces = gzipped.compress([(text, "hole"), (b"", "")])
    matching = gzipped.assemble(pieces, [b"secret-looking words"])
    other = gzipped.assemble(pieces, [b"zqxjvkwpfhbnmlrtgdcy"])
    assert len(matching) == len(other)


def _get(client: Client, path: str, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, **headers)
    assert response.status_code == 200
    return response, len(queries)


def _text(response) -> str:
    if response.get("Content-Encoding") == "gzip":
        return gzip.decompress(response.content).decode()
    return response.content.decode()


def test_a_browser_gets_the_kept_page_compressed_with_its_own_form_values(db, page_cache):
    post = PostFactory(title="A letter worth compressing")
    url = post.get_absolute_url()
    plain, _ = _get(Client(), url)
    first, compressing = _get(Client(), url, **BROWSER)  # compressed from the kept copy, no template
    second, queries = _get(Client(), url, **BROWSER)
    assert compressing == queries == 0
    for response in (first, second):
        assert response["Content-Encoding"] == "gzip"
        assert {"Cookie", "Accept-Encoding"} <= {v.strip() for v in response["Vary"].split(",")}
        assert int(response["Content-Length"]) == len(response.content)
    pages = [_text(response) for response in (plain, first, second)]
    values = [dict(HIDDEN.findall(page)) for page in pages]
    assert len({v["csrfmiddlewaretoken"] for v in values}) == 3 and len({v["token"] for v in values}) == 3
    assert HIDDEN.sub("", pages[0]) == HIDDEN.sub("", pages[1]) == HIDDEN.sub("", pages[2])
    assert "A letter worth compressing" in pages[2]


def test_a_client_without_gzip_never_gets_it(db, page_cache):
    post = PostFactory()
    url = post.get_absolute_url()
    _get(Client(), url, **BROWSER)  # rendered, kept, and compressed
    for headers in ({}, {"HTTP_ACCEPT_ENCODING": "gzip;q=0"}, {"HTTP_ACCEPT_ENCODING": "identity"}):
        response, queries = _get(Client(), url, **headers)
        assert not response.has_header("Content-Encoding") and queries == 0
        assert "Accept-Encoding" in response["Vary"]
        assert post.title in response.content.decode()


def test_the_first_browser_to_ask_gets_the_rendered_page_compressed(db, page_cache):
    post = PostFactory(title="Rendered and compressed at once")
    response, queries = _get(Client(), post.get_absolute_url(), **BROWSER)
    assert queries > 0 and response["Content-Encoding"] == "gzip"
    assert "Rendered and compressed at once" in _text(response)


def test_the_compressed_copy_follows_the_thread_version_like_the_plain_one(db, page_cache):
    post = PostFactory()
    url = post.get_absolute_url()
    _get(Client(), url, **BROWSER)
    Comment.objects.create(post=post, path="0001", body="y", body_html="<p>Quietly added</p>")
    type(post).objects.filter(pk=post.pk).update(comment_count=1)
    assert "Quietly added" not in _text(_get(Client(), url, **BROWSER)[0])
    thread_changed(post_id=post.pk)
    response, queries = _get(Client(), url, **BROWSER)
    assert queries > 0 and "Quietly added" in _text(response)
    assert "Quietly added" in _text(_get(Client(), url)[0])


def test_a_comment_sent_from_a_compressed_kept_page_passes_the_csrf_check(db, page_cache):
    post = PostFactory()
    _get(Client(), post.get_absolute_url(), **BROWSER)
    reader = Client(enforce_csrf_checks=True)
    response, queries = _get(reader, post.get_absolute_url(), **BROWSER)
    assert queries == 0 and response["Content-Encoding"] == "gzip" and "csrftoken" in reader.cookies
    sent = reader.post(
        reverse("comments:comment_create", args=[post.pk]),
        {
            **dict(HIDDEN.findall(_text(response))),
            "body": "Sent from a compressed page.",
            "author_name": "Bo",
        },
    )
    assert sent.status_code == 302
    assert Comment.objects.get(post=post).body == "Sent from a compressed page."


def test_signed_in_readers_get_their_own_page_uncompressed(db, page_cache, client):
    from tests.factories import UserFactory

    post = PostFactory()
    _get(Client(), post.get_absolute_url(), **BROWSER)
    client.force_login(UserFactory())
    response, queries = _get(client, post.get_absolute_url(), **BROWSER)
    assert queries > 0 and not response.has_header("Content-Encoding")


def test_a_failure_while_compressing_means_an_uncompressed_page(db, page_cache, monkeypatch):
    post = PostFactory(title="Still served")
    _get(Client(), post.get_absolute_url())  # the plain copy is kept

    def refuse(*args, **kwargs):
        raise ConnectionError("cache full")

    monkeypatch.setattr(gzipped, "compress", refuse)
    response, queries = _get(Client(), post.get_absolute_url(), **BROWSER)
    assert not response.has_header("Content-Encoding") and "Still served" in response.content.decode()
    assert queries == 0, "the kept plain copy is still good"


def test_a_worker_serves_its_recent_compressed_pages_from_memory_while_they_hold(db, page_cache, settings):
    from django.core.cache import caches

    from forum import pagecache

    post = PostFactory()
    url = post.get_absolute_url()
    _get(Client(), url, **BROWSER)
    caches[settings.PAGE_CACHE].clear()  # the shared copies go, and with them the page generation
    response, queries = _get(Client(), url, **BROWSER)
    assert queries > 0, "a page whose dependencies are gone is rendered again, memory or not"
    (key,) = pagecache._recent
    caches[settings.PAGE_CACHE].delete(key)  # now only this worker holds the compressed copy
    response, queries = _get(Client(), url, **BROWSER)
    assert queries == 0 and response["Content-Encoding"] == "gzip"
    Comment.objects.create(post=post, path="0001", body="y", body_html="<p>Added since</p>")
    thread_changed(post_id=post.pk)
    response, queries = _get(Client(), url, **BROWSER)
    assert queries > 0 and "Added since" in _text(response)


def test_a_worker_keeps_only_its_newest_compressed_pages(db, page_cache, monkeypatch):
    from forum import pagecache

    monkeypatch.setattr(pagecache, "RECENT_ENTRIES", 2)
    posts = [PostFactory() for _ in range(3)]
    for post in posts:
        _get(Client(), post.get_absolute_url(), **BROWSER)
    keys = [
        pagecache._key(RequestFactory().get(post.get_absolute_url())) + pagecache.GZIP_SUFFIX
        for post in posts
    ]
    assert list(pagecache._recent) == keys[1:]


def test_a_stale_copy_in_memory_gives_way_to_a_good_shared_one(db, page_cache, monkeypatch):
    """Another worker compressed the page since this one's copy went stale: it is not compressed again."""
    from forum import pagecache

    post = PostFactory()
    url = post.get_absolute_url()
    _get(Client(), url, **BROWSER)
    (key,) = pagecache._recent
    stale = {**pagecache._recent[key], "dependencies": {("default", "gone"): "x"}}
    pagecache._recent[key] = stale
    calls = []
    monkeypatch.setattr(gzipped, "compress", lambda *args, **kwargs: calls.append(args))
    response, queries = _get(Client(), url, **BROWSER)
    assert queries == 0 and not calls and response["Content-Encoding"] == "gzip"
    assert pagecache._recent[key] is not stale


def test_a_copy_past_its_time_is_not_served_from_memory(db, page_cache, settings):
    from django.core.cache import caches

    from forum import pagecache

    post = PostFactory(title="Before")
    url = post.get_absolute_url()
    _get(Client(), url, **BROWSER)
    (key,) = pagecache._recent
    pagecache._recent[key] = {**pagecache._recent[key], "expires": 0}
    caches[settings.PAGE_CACHE].delete(key)  # the shared copies went at their timeout
    caches[settings.PAGE_CACHE].delete(key.removesuffix(pagecache.GZIP_SUFFIX))
    type(post).objects.filter(pk=post.pk).update(title="After, left to the time limit")
    response, queries = _get(Client(), url, **BROWSER)
    assert queries > 0 and "After, left to the time limit" in _text(response)
