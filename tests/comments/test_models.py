import pytest

from comments.models import Comment, decode_step, encode_step
from comments.services import comment_create


def test_encode_step_is_fixed_width_and_sorts_like_numbers():
    numbers = [1, 9, 10, 35, 36, 1295, 1296, 36**4 - 1]
    steps = [encode_step(n) for n in numbers]
    assert all(len(step) == 4 for step in steps)
    assert steps == sorted(steps)
    assert [decode_step(step) for step in steps] == numbers


@pytest.mark.parametrize("number", [0, -1, 36**4])
def test_encode_step_refuses_numbers_that_do_not_fit(number):
    with pytest.raises(ValueError):
        encode_step(number)


def test_database_orders_paths_bytewise(post):
    # Letters must sort after digits and a parent before its children, on SQLite and PostgreSQL alike.
    top = Comment.objects.create(post=post, path="0001", body="a", body_html="a")
    for path in ["000a", "000z", "0002", "0010"]:
        Comment.objects.create(post=post, path=path, body="x", body_html="x")
    Comment.objects.create(post=post, parent=top, path="0001000a", depth=1, body="x", body_html="x")
    Comment.objects.create(post=post, parent=top, path="00010002", depth=1, body="x", body_html="x")
    paths = list(Comment.objects.filter(post=post).order_by("path").values_list("path", flat=True))
    assert paths == ["0001", "00010002", "0001000a", "0002", "000a", "000z", "0010"]


def test_str_and_absolute_url_name_the_comment(post):
    comment = comment_create(post=post, author=None, body="Hello", author_name="Ann")
    assert "Ann" in str(comment)
    assert comment.get_absolute_url() == f"{post.get_absolute_url()}comments/{comment.pk}/"
