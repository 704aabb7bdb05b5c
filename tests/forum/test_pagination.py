"""Every list's page number: below 1 the first page (Django would show the last), past the end the last,
no number the first (forum.pagination.Paginator)."""

import re
from pathlib import Path

import pytest

from forum.pagination import Paginator


@pytest.mark.parametrize(
    ("asked", "shown"),
    [(None, 1), ("", 1), ("2", 2), ("0", 1), ("-3", 1), ("x\x00", 1), ("1.5", 1), ("9" * 40, 4), ("5", 4)],
)
def test_a_page_number_that_is_no_page_of_the_list(asked, shown):
    assert Paginator(range(10), 3).get_page(asked).number == shown


def test_every_list_pages_with_it():
    """No app pages with Django's Paginator directly, so ?page=0 means the same on every list."""
    root = Path(__file__).resolve().parents[2]
    direct = [
        str(path.relative_to(root))
        for app in ("accounts", "comments", "forum", "importers", "moderation", "posts")
        for path in (root / app).rglob("*.py")
        if re.search(r"from django\.core\.paginator import .*\bPaginator\b", path.read_text())
    ]
    assert direct == []
