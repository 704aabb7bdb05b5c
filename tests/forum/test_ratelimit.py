import threading
from datetime import UTC, datetime
from unittest import mock

import pytest
from django.db import connection

from forum import ratelimit
from forum.models import RateCounter


def test_rate_limit_allows_up_to_the_limit_in_a_window(db):
    hits = [ratelimit.rate_limit_hit("t:1", limit=3, seconds=60) for _ in range(5)]
    assert hits == [False, False, False, True, True]


def test_rate_limit_starts_afresh_in_the_next_window(db):
    now = 1_000_000.0
    assert [ratelimit.rate_limit_hit("t:2", limit=1, seconds=15, now=now) for _ in range(2)] == [False, True]
    assert ratelimit.rate_limit_hit("t:2", limit=1, seconds=15, now=now + 15) is False


def test_keys_count_apart(db):
    assert ratelimit.rate_limit_hit("t:a", limit=1, seconds=60) is False
    assert ratelimit.rate_limit_hit("t:b", limit=1, seconds=60) is False


def test_one_statement_counts_and_the_window_end_is_stored(db, django_assert_num_queries):
    now = 1_500 * 15.0
    with mock.patch.object(ratelimit, "PURGE_ONE_IN", 10**9), django_assert_num_queries(1):
        ratelimit.rate_limit_hit("t:3", limit=1, seconds=15, now=now)
    counter = RateCounter.objects.get()
    assert counter.count == 1
    assert counter.expires_at == datetime.fromtimestamp(now + 15, tz=UTC)


def test_rows_of_ended_windows_are_purged(db):
    now = 2_000 * 60.0
    ratelimit.rate_limit_hit("t:old", limit=5, seconds=60, now=now - 120)
    with mock.patch.object(ratelimit, "PURGE_ONE_IN", 1):
        ratelimit.rate_limit_hit("t:new", limit=5, seconds=60, now=now)
    assert list(RateCounter.objects.values_list("key", flat=True)) == ["ratelimit:t:new:60:2000"]


@pytest.mark.django_db(transaction=True)
def test_simultaneous_attempts_are_all_counted(on_postgres):
    # The database cache's read-then-write let a burst undercount; the upsert cannot.
    results, barrier = [], threading.Barrier(12)

    def attempt():
        try:
            barrier.wait()
            results.append(ratelimit.rate_limit_hit("t:burst", limit=5, seconds=3600))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False] * 5 + [True] * 7
    assert RateCounter.objects.get().count == 12
