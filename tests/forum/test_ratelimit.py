from unittest import mock

from django.core.cache import caches

from forum import ratelimit


def test_rate_limit_allows_up_to_the_limit_in_a_window(db):
    hits = [ratelimit.rate_limit_hit("t:1", limit=3, seconds=60) for _ in range(5)]
    assert hits == [False, False, False, True, True]


def test_rate_limit_starts_afresh_in_the_next_window(db):
    now = 1_000_000.0
    assert [ratelimit.rate_limit_hit("t:2", limit=1, seconds=15, now=now) for _ in range(2)] == [False, True]
    assert ratelimit.rate_limit_hit("t:2", limit=1, seconds=15, now=now + 15) is False


def test_database_cache_windows_do_not_stretch_past_their_length(db, settings):
    # Django's database cache re-saves incr()'d keys with the default timeout; the window must not grow.
    from django.core.management import call_command

    backend = "django.core.cache.backends.db.DatabaseCache"
    settings.CACHES = {"default": {"BACKEND": backend, "LOCATION": "ratelimit_test_cache"}}
    call_command("createcachetable", verbosity=0)
    now = 1_500 * 15.0
    with mock.patch.object(ratelimit, "cache", caches["default"]):
        hits = [ratelimit.rate_limit_hit("t:3", limit=1, seconds=15, now=now) for _ in range(2)]
        assert hits == [False, True]
        # Within the database cache's 300-second default timeout, but in the next 15-second window.
        assert ratelimit.rate_limit_hit("t:3", limit=1, seconds=15, now=now + 16) is False
