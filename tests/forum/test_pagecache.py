"""Cookie-less visitors share a briefly cached page; anyone with a cookie gets a fresh one."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import PostFactory, UserFactory


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 30


def _get(client: Client, path: str) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def test_a_cookieless_visitor_gets_the_cached_home_page_without_queries(db, page_cache):
    PostFactory(title="The first letter")
    first, _ = _get(Client(), "/")
    PostFactory(title="A letter published since")
    again, queries = _get(Client(), "/")
    assert again == first and queries == 0
    assert "A letter published since" not in again


def test_anyone_with_a_cookie_gets_a_fresh_page(db, page_cache, client):
    PostFactory(title="The first letter")
    _get(Client(), "/")
    PostFactory(title="A letter published since")
    client.force_login(UserFactory())
    assert "A letter published since" in _get(client, "/")[0]
    with_cookie = Client()
    with_cookie.cookies["csrftoken"] = "x" * 32
    fresh, queries = _get(with_cookie, "/")
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
