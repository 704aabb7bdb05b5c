"""A cache backend that fails every call, for tests of what a page does when its cache is down."""

from django.core.cache.backends.base import BaseCache

BACKEND = "tests.broken_cache.BrokenCache"


class BrokenCache(BaseCache):
    def __init__(self, location, params):
        super().__init__(params)

    def get(self, *args, **kwargs):
        raise ConnectionError("cache down")

    add = set = get_many = set_many = delete = get
