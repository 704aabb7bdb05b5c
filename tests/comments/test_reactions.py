"""Reactions: "Helpful" and "Been there", once each per signed-in reader, taken back by reacting again,
counted on the comment's row, never on one's own comment; the "Most helpful" order."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from accounts.services import account_delete
from comments import services
from comments.models import Comment, Reaction
from tests.factories import PostFactory, UserFactory, verified, with_totp

pytestmark = pytest.mark.usefixtures("no_posting_guards")


@pytest.fixture
def writer(db):
    return verified(UserFactory(username="wren"))


@pytest.fixture
def comment(post, writer):
    return services.comment_create(post=post, author=writer, body="Ask for the offer in writing.")


def react_url(comment: Comment) -> str:
    return f"/comments/{comment.pk}/react/"


def counts(comment: Comment) -> tuple[int, int]:
    comment.refresh_from_db()
    return comment.helpful_count, comment.been_there_count


def test_a_reaction_is_counted_once_and_taken_back_by_reacting_again(comment, reader):
    assert services.reaction_toggle(comment=comment, user=reader, kind="helpful") is True
    assert services.reaction_toggle(comment=comment, user=reader, kind="been_there") is True
    assert counts(comment) == (1, 1)
    assert services.reaction_toggle(comment=comment, user=reader, kind="helpful") is False
    assert counts(comment) == (0, 1)
    assert list(Reaction.objects.values_list("kind", flat=True)) == ["been_there"]


def test_the_database_refuses_a_second_reaction_of_one_kind(comment, reader):
    Reaction.objects.create(comment=comment, user=reader, kind="helpful")
    with pytest.raises(IntegrityError), transaction.atomic():
        Reaction.objects.create(comment=comment, user=reader, kind="helpful")


def test_readers_react_without_javascript_through_the_page_and_land_on_the_comment(client, comment, reader):
    client.force_login(reader)
    page = client.get(react_url(comment), {"kind": "helpful"})
    assert page.status_code == 200
    assert "Mark this comment “Helpful”?" in page.content.decode()

    response = client.post(react_url(comment), {"kind": "helpful"})
    assert response.status_code == 302
    assert response["Location"] == comment.get_absolute_url()
    assert counts(comment) == (1, 0)
    assert "Take back “Helpful”?" in client.get(react_url(comment), {"kind": "helpful"}).content.decode()


def test_with_javascript_the_answer_is_json_with_the_new_count(client, comment, reader):
    client.force_login(reader)
    response = client.post(react_url(comment), {"kind": "been_there"}, headers={"Accept": "application/json"})
    assert response.status_code == 200
    assert response.json() == {"kind": "been_there", "given": True, "count": 1}
    response = client.post(react_url(comment), {"kind": "been_there"}, headers={"Accept": "application/json"})
    assert response.json() == {"kind": "been_there", "given": False, "count": 0}


def test_reacting_faster_than_anyone_reads_is_refused_and_counts_nothing(client, comment, reader, settings):
    settings.MODERATION_REACTION_RATE = (3, 600)
    client.force_login(reader)
    json = {"Accept": "application/json"}
    for _ in range(3):
        assert client.post(react_url(comment), {"kind": "helpful"}, headers=json).status_code == 200
    assert counts(comment) == (1, 0)
    refused = client.post(react_url(comment), {"kind": "helpful"}, headers=json)
    assert refused.status_code == 429
    assert "faster than anyone reads" in refused.json()["error"]
    page = client.post(react_url(comment), {"kind": "been_there"})
    assert page.status_code == 429
    assert "faster than anyone reads" in page.content.decode()
    assert counts(comment) == (1, 0)


def test_nobody_reacts_to_their_own_comment(client, comment, writer):
    client.force_login(writer)
    response = client.post(react_url(comment), {"kind": "helpful"})
    assert response.status_code == 403
    assert "You cannot react to your own comment." in response.content.decode()
    json = client.post(react_url(comment), {"kind": "helpful"}, headers={"Accept": "application/json"})
    assert json.status_code == 403
    assert json.json() == {"error": "You cannot react to your own comment."}
    assert counts(comment) == (0, 0)


def test_signed_out_readers_are_sent_to_sign_in(client, comment):
    response = client.post(react_url(comment), {"kind": "helpful"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert counts(comment) == (0, 0)


def test_an_unverified_reader_is_asked_to_verify_first(client, comment):
    client.force_login(UserFactory(username="newcomer"))
    response = client.post(react_url(comment), {"kind": "helpful"})
    assert response.status_code == 403
    assert "Verify your e-mail address before reacting" in response.content.decode()
    assert counts(comment) == (0, 0)


@pytest.mark.parametrize(
    "data", [{}, {"kind": ""}, {"kind": "love"}, {"kind": "helpful\x00"}, {"kind": "x" * 10_000}]
)
def test_an_unknown_kind_is_a_bad_request(client, comment, reader, data):
    client.force_login(reader)
    assert client.post(react_url(comment), data).status_code == 400
    assert client.get(react_url(comment), data).status_code == 400
    assert counts(comment) == (0, 0)


@pytest.mark.parametrize("status", [Comment.Status.PENDING, Comment.Status.HIDDEN, Comment.Status.REMOVED])
def test_only_published_comments_take_reactions(client, comment, reader, status):
    Comment.objects.filter(pk=comment.pk).update(status=status)
    client.force_login(reader)
    assert client.post(react_url(comment), {"kind": "helpful"}).status_code == 404
    assert client.post("/comments/999999/react/", {"kind": "helpful"}).status_code == 404
    assert counts(comment) == (0, 0)


def test_a_reaction_shows_on_the_discussion_and_is_pressed_only_for_who_gave_it(client, comment, reader):
    services.reaction_toggle(comment=comment, user=reader, kind="helpful")
    other = verified(UserFactory(username="otto"))
    link = f'href="{react_url(comment)}?kind=helpful" role="button"'
    pressed = f'{link} aria-pressed="true"'
    unpressed = pressed.replace('"true"', '"false"')

    client.force_login(reader)
    page = client.get(comment.post.get_absolute_url()).content.decode()
    assert pressed in page
    assert '<span class="reaction-count">1</span>' in page

    client.force_login(other)  # the same thread, from the shared rendering
    page = client.get(comment.post.get_absolute_url()).content.decode()
    assert unpressed in page and pressed not in page
    assert '<span class="reaction-count">1</span>' in page


def test_the_author_sees_the_counts_without_buttons(client, comment, reader, writer):
    services.reaction_toggle(comment=comment, user=reader, kind="been_there")
    client.force_login(writer)
    page = client.get(comment.post.get_absolute_url()).content.decode()
    assert '<span class="reaction-tally" data-kind="been_there">Been there 1</span>' in page
    assert f"{react_url(comment)}?kind=" not in page


def test_most_helpful_order_puts_the_most_helpful_thread_first_and_replies_stay_in_order(client, reader):
    post = PostFactory()
    writer = verified(UserFactory(username="wren"))
    first = services.comment_create(post=post, author=writer, body="First thread.")
    second = services.comment_create(post=post, author=writer, body="Second thread.")
    reply_a = services.comment_create(post=post, author=writer, body="Reply A.", parent=second)
    reply_b = services.comment_create(post=post, author=writer, body="Reply B.", parent=second)
    services.reaction_toggle(comment=second, user=reader, kind="helpful")
    services.reaction_toggle(comment=reply_b, user=reader, kind="helpful")

    page = client.get(post.get_absolute_url(), {"sort": "helpful"}).content.decode()
    order = [page.index(f'id="comment-{c.pk}"') for c in (second, reply_a, reply_b, first)]
    assert order == sorted(order)
    assert '<strong aria-current="true">Most helpful</strong>' in page
    # The permalink finds the comment's page in that order too.
    response = client.get(first.get_absolute_url(), {"sort": "helpful"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#comment-{first.pk}")


def test_a_deleted_account_takes_its_reactions_out_of_the_counts_and_the_thread_renders_again(
    client, comment, reader
):
    other = verified(UserFactory(username="otto"))
    services.reaction_toggle(comment=comment, user=reader, kind="helpful")
    services.reaction_toggle(comment=comment, user=other, kind="helpful")
    services.reaction_toggle(comment=comment, user=reader, kind="been_there")
    page = client.get(comment.post.get_absolute_url()).content.decode()  # kept for signed-out readers
    assert '<span class="reaction-count">2</span>' in page

    account_delete(user=reader, keep_comments=True)
    assert counts(comment) == (1, 0)
    page = client.get(comment.post.get_absolute_url()).content.decode()  # the kept rendering is not reused
    assert '<span class="reaction-count">1</span>' in page
    assert '<span class="reaction-count">2</span>' not in page


def test_an_account_deleted_in_the_admin_takes_its_reactions_out_of_the_counts_too(client, comment, reader):
    services.reaction_toggle(comment=comment, user=reader, kind="helpful")
    mine = services.comment_create(post=comment.post, author=reader, body="Mine, kept without my name.")
    client.force_login(with_totp(verified(UserFactory(username="ada", is_superuser=True, is_staff=True))))
    response = client.post(f"/admin/accounts/user/{reader.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not type(reader).objects.filter(pk=reader.pk).exists()
    assert counts(comment) == (0, 0)
    mine.refresh_from_db()
    assert (mine.author, mine.body) == (None, "Mine, kept without my name.")


def test_the_data_export_lists_the_readers_reactions(client, comment, reader):
    services.reaction_toggle(comment=comment, user=reader, kind="been_there")
    client.force_login(reader)
    exported = client.get("/users/settings/export/").json()
    assert exported["reactions"] == [
        {
            "kind": "been_there",
            "comment_url": comment.get_absolute_url(),
            "created_at": exported["reactions"][0]["created_at"],
        }
    ]


def test_the_reaction_page_costs_the_same_for_any_number_of_reactions(client, comment, reader):
    client.force_login(reader)
    client.get(react_url(comment), {"kind": "helpful"})  # per-process caches Django fills once
    counts = []
    for givers in (0, 20):
        for _ in range(givers):
            services.reaction_toggle(comment=comment, user=verified(UserFactory()), kind="helpful")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(react_url(comment), {"kind": "helpful"}).status_code == 200
        counts.append(len(queries.captured_queries))
    # Session, user, the comment with its post and author, the reader's verified address, the sanction
    # check, whether they gave this reaction, and base.html's nav permissions (2) and sanction notice.
    assert counts == [9, 9]


def test_the_page_form_sent_twice_leaves_the_reaction_as_its_button_said(client, comment, reader):
    """A double click or a resent form gives (or takes back) the reaction once, not on and off again."""
    client.force_login(reader)
    page = client.get(react_url(comment), {"kind": "helpful"}).content.decode()
    assert '<input type="hidden" name="want" value="1">' in page
    for _ in range(2):
        assert client.post(react_url(comment), {"kind": "helpful", "want": "1"}).status_code == 302
    assert counts(comment) == (1, 0)
    page = client.get(react_url(comment), {"kind": "helpful"}).content.decode()
    assert '<input type="hidden" name="want" value="0">' in page
    for _ in range(2):
        client.post(react_url(comment), {"kind": "helpful", "want": "0"})
    assert counts(comment) == (0, 0)
    json = {"headers": {"Accept": "application/json"}}
    answers = [
        client.post(react_url(comment), {"kind": "helpful", "want": "1"}, **json).json() for _ in range(2)
    ]
    assert answers == [{"kind": "helpful", "given": True, "count": 1}] * 2


@pytest.mark.parametrize("want", ["yes", "2", "", "1\x00"])
def test_a_forged_want_is_a_bad_request(client, comment, reader, want):
    client.force_login(reader)
    assert client.post(react_url(comment), {"kind": "helpful", "want": want}).status_code == 400
    assert counts(comment) == (0, 0)
