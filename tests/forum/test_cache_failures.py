"""forum.cache_failures: a failing time-saving cache call is logged and skipped, nothing else is."""

import logging

from forum.cache_failures import cache_failures_logged


def test_a_failing_block_is_logged_with_its_error_and_the_caller_carries_on(caplog):
    found = "default"
    with caplog.at_level(logging.WARNING), cache_failures_logged("cache down for post %s", 7) as trouble:
        raise ConnectionError("refused")
        found = "from the cache"  # noqa: F841 - never reached
    assert trouble.failed
    assert found == "default"
    [record] = caplog.records
    assert record.getMessage() == "cache down for post 7"
    assert record.exc_info[0] is ConnectionError


def test_a_block_that_works_is_not_marked_or_logged(caplog):
    with cache_failures_logged("cache down") as trouble:
        found = "from the cache"
    assert not trouble.failed
    assert found == "from the cache"
    assert not caplog.records
