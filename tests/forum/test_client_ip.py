import pytest
from django.test import RequestFactory

from forum.http import client_ip


@pytest.mark.parametrize(
    ("hops", "remote", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "198.51.100.1", "203.0.113.9"),  # no proxy: the header is the client's own words
        (1, "10.0.0.2", "198.51.100.1", "198.51.100.1"),
        (1, "10.0.0.2", "6.6.6.6, 198.51.100.1", "198.51.100.1"),  # a forged leftmost entry is ignored
        (2, "10.0.0.2", "198.51.100.1, 10.0.0.7", "198.51.100.1"),
        (1, "10.0.0.2", "", "10.0.0.2"),
        (0, "not-an-address", "", None),
        (1, "10.0.0.2", "garbage", None),
    ],
)
def test_client_ip_trusts_only_the_configured_proxies(settings, hops, remote, forwarded, expected):
    settings.TRUSTED_PROXY_HOPS = hops
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected
