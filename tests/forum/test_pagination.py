"""Every list's page number: below 1 the first page (Django would show the last), past the end the last,
no number the first (forum.pagination.Paginator; ruff's TID251 keeps apps off Django's own class)."""

import pytest

from forum.pagination import Paginator


@pytest.mark.parametrize(
    ("asked", "shown"),
    [(None, 1), ("", 1), ("2", 2), ("0", 1), ("-3", 1), ("x\x00", 1), ("1.5", 1), ("9" * 40, 4), ("5", 4)],
)
def test_a_page_number_that_is_no_page_of_the_list(asked, shown):
    assert Paginator(range(10), 3).get_page(asked).number == shown
