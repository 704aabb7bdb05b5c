"""Ignoring a reader: their comments fold for the one who ignores them (and nobody else), their
comments send that reader no mail, and the list is kept on the settings page."""

import pytest

from accounts.models import Ignore
from comments import services
from comments.models import Subscription
from tests.factories import UserFactory, verified

pytestmark = pytest.mark.usefixtures("no_posting_guards")

FOLDED = '<details class="ignored-comment"><summary>A comment from someone you ignore</summary>'


@pytest.fixture
def writer(db):
    return verified(UserFactory(username="wren", display_name="Wren"))


def ignore_url(person) -> str:
    return f"/users/{person.username}/ignore/"


def test_a_reader_ignores_from_the_profile_and_stops_from_the_settings_page(client, reader, writer):
    client.force_login(reader)
    assert "Ignore Wren" in client.get(f"/users/{writer.username}/").content.decode()
    response = client.post(ignore_url(writer), {"action": "ignore"})
    assert response.status_code == 302 and response["Location"] == f"/users/{writer.username}/"
    assert Ignore.objects.filter(user=reader, ignored=writer).exists()
    assert "Stop ignoring Wren" in client.get(f"/users/{writer.username}/").content.decode()

    settings_page = client.get("/users/settings/").content.decode()
    assert (
        'id="ignored-heading"' in settings_page
        and f'<a href="/users/{writer.username}/">Wren</a>' in settings_page
    )
    response = client.post(ignore_url(writer), {"action": "unignore", "next": "settings"})
    assert response["Location"] == "/users/settings/"
    assert not Ignore.objects.exists()
    assert "You ignore nobody." in client.get("/users/settings/").content.decode()


def test_ignoring_twice_keeps_one_row(client, reader, writer):
    client.force_login(reader)
    client.post(ignore_url(writer), {"action": "ignore"})
    client.post(ignore_url(writer), {"action": "ignore"})
    assert Ignore.objects.count() == 1


def test_bad_requests_change_nothing(client, reader, writer):
    assert client.post(ignore_url(writer)).status_code == 302  # signed out: to sign in
    client.force_login(reader)
    assert client.post(ignore_url(reader)).status_code == 400  # oneself
    assert client.post("/users/nobody-here/ignore/").status_code == 404
    assert client.post("/users/wr%00en/ignore/").status_code == 404
    assert client.get(ignore_url(writer)).status_code == 405
    for action in (None, "garbage", "ignore\x00", ["unignore", "x"]):
        assert (
            client.post(ignore_url(writer), {} if action is None else {"action": action}).status_code == 400
        )
    assert not Ignore.objects.exists()


def test_an_ignored_readers_comments_fold_only_for_who_ignores_them(client, post, reader, writer):
    comment = services.comment_create(post=post, author=writer, body="My take on the offer.")
    other = verified(UserFactory(username="otto"))
    Ignore.objects.create(user=reader, ignored=writer)

    client.force_login(other)  # renders and keeps the thread for readers
    assert FOLDED not in client.get(post.get_absolute_url()).content.decode()

    client.force_login(reader)
    page = client.get(post.get_absolute_url()).content.decode()
    assert FOLDED in page
    assert "an editor or moderator now" not in client.get("/users/settings/").content.decode()
    start = page.index(f'id="comment-{comment.pk}"')
    assert page.index(FOLDED, start) < page.index("My take on the offer.", start)  # the text is inside

    client.force_login(other)  # the kept rendering was not the folded one
    assert FOLDED not in client.get(post.get_absolute_url()).content.decode()
    client.logout()
    assert FOLDED not in client.get(post.get_absolute_url()).content.decode()


def test_an_ignored_readers_editors_pick_is_listed_without_their_name_or_words(
    client, post, reader, writer, editor
):
    comment = services.comment_create(post=post, author=writer, body="My take on the offer.")
    services.comment_pick(comment=comment, actor=editor)
    Ignore.objects.create(user=reader, ignored=writer)
    client.force_login(reader)
    strip = (
        client.get(post.get_absolute_url())
        .content.decode()
        .split('<aside class="picks"')[1]
        .split("</aside>")[0]
    )
    assert f'<a href="{comment.get_absolute_url()}">A comment from someone you ignore</a>' in strip
    assert "Wren" not in strip and "My take" not in strip
    client.logout()
    assert "Wren</a>: My take on the offer." in client.get(post.get_absolute_url()).content.decode()


def test_an_ignored_readers_reply_sends_no_mail(
    post, reader, writer, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        mine = services.comment_create(post=post, author=reader, body="Should I?", notify_replies=True)
    assert Subscription.objects.filter(kind="replies", comment=mine).exists()
    Ignore.objects.create(user=reader, ignored=writer)
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_create(post=post, author=writer, body="Yes.", parent=mine)
    assert mailoutbox == []

    other = verified(UserFactory(username="otto"))
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_create(post=post, author=other, body="No.", parent=mine)
    assert [mail.to for mail in mailoutbox] == [[reader.email]]


def test_the_data_export_lists_the_people_ignored(client, reader, writer):
    Ignore.objects.create(user=reader, ignored=writer)
    client.force_login(reader)
    exported = client.get("/users/settings/export/").json()
    assert [row["username"] for row in exported["ignored"]] == ["wren"]


def test_a_banned_person_can_still_be_taken_off_the_list_but_not_newly_ignored(client, reader, writer):
    Ignore.objects.create(user=reader, ignored=writer)
    writer.is_active = False
    writer.save(update_fields=["is_active"])
    client.force_login(reader)
    assert client.post(ignore_url(writer), {"action": "ignore"}).status_code == 404
    response = client.post(ignore_url(writer), {"action": "unignore", "next": "settings"})
    assert response.status_code == 302
    assert not Ignore.objects.exists()


def test_nobody_ignores_an_editor_or_a_moderator(client, reader, editor, moderator):
    """As on Discourse: what staff say in a discussion (a moderator's note, an editor's answer) is for
    every reader, so their profile offers no Ignore button and a forged request is refused."""
    client.force_login(reader)
    for person in (editor, moderator):
        page = client.get(f"/users/{person.username}/").content.decode()
        assert 'value="ignore"' not in page and "Editors and moderators cannot be ignored" in page
        assert client.post(ignore_url(person), {"action": "ignore"}).status_code == 400
    assert not Ignore.objects.exists()
    writer = UserFactory()
    assert 'value="ignore"' in client.get(f"/users/{writer.username}/").content.decode()


def test_an_ignore_made_before_its_person_became_a_moderator_waits(
    client, post, reader, writer, moderator, mailoutbox, django_capture_on_commit_callbacks
):
    """Ignored as a reader, then made a moderator: their comments no longer fold and their replies mail
    again; the row stays, listed on the settings page, and works again if they stop being staff."""
    with django_capture_on_commit_callbacks(execute=True):
        mine = services.comment_create(post=post, author=reader, body="Should I?", notify_replies=True)
    Ignore.objects.create(user=reader, ignored=writer)
    writer.groups.add(*moderator.groups.all())
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_create(post=post, author=writer, body="Please keep it kind.", parent=mine)
    assert [mail.to for mail in mailoutbox] == [[reader.email]]
    client.force_login(reader)
    page = client.get(post.get_absolute_url()).content.decode()
    assert "Please keep it kind." in page and FOLDED not in page
    waits = "who is now an editor or moderator: their comments show and mail you until they are not."
    assert waits in client.get(f"/users/{writer.username}/").content.decode()
    settings_page = client.get("/users/settings/").content.decode()
    assert "(an editor or moderator now: their comments show and mail you until they are not)" in (
        settings_page
    )
    writer.groups.clear()
    page = client.get(post.get_absolute_url()).content.decode()
    assert FOLDED in page
