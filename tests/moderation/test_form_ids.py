"""Moderation pages with several forms give every field its own id, and each label points at its field."""

import re
from collections import Counter

import pytest

from comments import services as comment_services
from comments.models import Comment
from tests.factories import TagFactory, UserFactory, verified, with_totp
from tests.moderation.conftest import make_comment


def ids_and_labels(page: str) -> tuple[Counter, list[str]]:
    ids = Counter(re.findall(r'\sid="([^"]+)"', page))
    labels = re.findall(r'<label[^>]*\sfor="([^"]+)"', page)
    return ids, labels


def assert_unique_and_labelled(page: str) -> None:
    ids, labels = ids_and_labels(page)
    assert [name for name, count in ids.items() if count > 1] == []
    assert [target for target in labels if target not in ids] == []


@pytest.fixture
def moderating(client, moderator):
    client.force_login(moderator)
    return client


def test_the_queue_page_has_one_id_per_field(moderating, post):
    held = make_comment(post, body="Waiting for a moderator.")
    comment_services.comment_apply_status(comment=held, status=Comment.Status.PENDING)
    page = moderating.get("/moderation/").content.decode()
    assert_unique_and_labelled(page)
    # The filter's flag reason and the bulk form's reason keep their names, with their own ids.
    assert re.search(r'<select name="reason" id="id_reason"', page)
    assert re.search(r'<input type="text" name="reason"[^>]*id="id_bulk_reason"', page)
    assert 'for="id_bulk_reason"' in page and 'for="id_bulk_action"' in page


@pytest.mark.parametrize("status", [Comment.Status.PUBLISHED, Comment.Status.HIDDEN, Comment.Status.PENDING])
def test_the_comment_page_has_one_id_per_field(moderating, post, status):
    comment = make_comment(post, body="Look at me.")
    comment_services.comment_apply_status(comment=comment, status=status)
    page = moderating.get(f"/moderation/comments/{comment.pk}/").content.decode()
    assert_unique_and_labelled(page)
    assert page.count('name="reason"') >= 3  # the actions' POST field names stay as they were


def test_the_comment_page_for_an_administrator_has_one_id_per_field(client, post):
    client.force_login(with_totp(verified(UserFactory(is_superuser=True, is_staff=True))))
    comment = make_comment(post, body="Look at me.")
    comment_services.comment_apply_status(comment=comment, status=Comment.Status.HIDDEN)
    page = client.get(f"/moderation/comments/{comment.pk}/").content.decode()
    assert (
        "Delete for good" in page and 'for="id_delete_reason"' in page and 'for="id_approve_reason"' in page
    )
    assert_unique_and_labelled(page)


@pytest.mark.parametrize(
    "path",
    [
        "/moderation/posts/{post}/",
        "/moderation/people/{person}/",
        "/moderation/terms/",
        "/moderation/blocks/",
        "/moderation/tags/",
        "/moderation/log/",
        "/moderation/preferences/",
    ],
)
def test_the_other_moderation_pages_have_one_id_per_field(client, post, reader, path):
    client.force_login(with_totp(verified(UserFactory(is_superuser=True, is_staff=True))))
    TagFactory.create_batch(2)
    response = client.get(path.format(post=post.pk, person=reader.pk))
    assert response.status_code == 200
    assert_unique_and_labelled(response.content.decode())
