"""The letter writer's voice (issue 25): the asker proves who they are with their question's private
link, comments as "The letter writer" with a badge and nothing that names them, is listed at the top of
the discussion, and can lose the badge to an editor; anyone else who claims to be them is held."""

import pytest
from django.core import mail
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from comments import services
from comments.models import Comment, ThreadVisit
from moderation.models import CommentModeration
from posts.polls import poll_save, poll_vote
from tests.factories import PostFactory, QuestionFactory, UserFactory, verified

ASKER_NAME, ASKER_EMAIL = "Priya Quietly", "priya.asks@example.com"


@pytest.fixture
def letter(db):
    return QuestionFactory(name=ASKER_NAME, email=ASKER_EMAIL, status="answered")


@pytest.fixture
def post(letter):
    return PostFactory(source_question=letter)


@pytest.fixture
def quick(settings):
    """Forms sent at once; pre-moderation and rate limits as they ship."""
    settings.COMMENTS_MIN_FILL_SECONDS = 0


def comment_url(post) -> str:
    return f"/comments/post/{post.pk}/"


def cold_and_warm(client, post) -> tuple[int, int]:
    """The post page's queries signed out, with nothing kept, then again."""
    client.cookies.clear()
    caches["default"].clear()
    counts = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(post.get_absolute_url()).status_code == 200
        counts.append(len(captured))
    return counts[0], counts[1]


def as_letter_writer(client, letter, post, body: str, **data):
    """Open the private link, as the asker does, then post from the discussion's form."""
    assert client.get(letter.get_absolute_url()).status_code == 200
    return client.post(comment_url(post), {"body": body, "as_letter_writer": "on", **data})


def test_the_private_link_offers_the_voice_once_the_post_is_published(client, letter, post):
    page = client.get(letter.get_absolute_url()).content.decode()
    assert "Comment as the letter writer" in page
    assert f'href="{post.get_absolute_url()}#reply"' in page
    form = client.get(post.get_absolute_url()).content.decode()
    assert 'name="as_letter_writer"' in form and "Post as the letter writer" in form


def test_nothing_is_offered_before_the_post_is_published_or_to_another_browser(client, db):
    letter = QuestionFactory()
    draft = PostFactory(source_question=letter, status="draft", published_at=None)
    assert "Comment as the letter writer" not in client.get(letter.get_absolute_url()).content.decode()
    draft.status, draft.published_at = "published", draft.created_at
    draft.save()
    assert 'name="as_letter_writer"' not in client.get(draft.get_absolute_url()).content.decode()


def test_the_letter_writers_comment_carries_the_badge_and_nothing_that_names_them(
    client, letter, post, quick
):
    response = as_letter_writer(
        client,
        letter,
        post,
        "Thank you all. I did talk to my manager.",
        author_name="Priya",
        author_email="p@x.org",
    )
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.letter_writer and comment.status == Comment.Status.PUBLISHED  # no first-time hold
    assert (comment.author, comment.author_name, comment.author_email, comment.ip_address) == (
        None,
        "",
        "",
        None,
    )
    assert comment.user_agent == ""

    page = client.get(post.get_absolute_url()).content.decode()
    assert f'id="comment-{comment.pk}" data-depth="0" data-role="letter-writer"' in page
    assert '<span class="badge badge-role badge-letter-writer">Letter writer</span>' in page
    assert '<h3 id="letter-writer-heading">The letter writer replied (1)</h3>' in page
    for secret in (ASKER_NAME, ASKER_EMAIL, "Priya", "p@x.org"):
        assert secret not in page


def test_a_signed_in_asker_speaks_from_their_questions_and_stays_off_their_profile(
    client, post, letter, quick, settings, django_capture_on_commit_callbacks
):
    settings.MODERATION_PREMODERATION = "none"
    asker = verified(UserFactory(username="priya", display_name=ASKER_NAME))
    letter.asker = asker
    letter.save()
    client.force_login(asker)
    mine = client.get("/ask/mine/").content.decode()
    assert f'href="{letter.get_absolute_url()}#voice-heading">comment as the letter writer</a>' in mine
    as_letter_writer(client, letter, post, "Update: it went well.", notify_replies="on")
    comment = Comment.objects.get()
    assert comment.letter_writer and comment.author is None
    assert "Update: it went well." not in client.get("/users/priya/").content.decode()
    assert ASKER_NAME not in Client().get(post.get_absolute_url()).content.decode()

    # A reply reaches them by mail, privately.
    reader = verified(UserFactory(username="otto", display_name="Otto"))
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_create(post=post, author=reader, body="So glad to hear it!", parent=comment)
    assert [message.to for message in mail.outbox] == [[asker.email]]
    assert "Otto replied to your comment" in mail.outbox[0].subject


def test_a_reader_told_of_the_letter_writers_reply_learns_nothing_about_them(
    client, letter, post, quick, settings, django_capture_on_commit_callbacks
):
    settings.MODERATION_PREMODERATION = "none"
    reader = verified(UserFactory(username="otto"))
    asked = services.comment_create(post=post, author=reader, body="How did it end?", notify_replies=True)
    with django_capture_on_commit_callbacks(execute=True):
        as_letter_writer(client, letter, post, "It ended well.", parent=asked.pk)
    (message,) = mail.outbox
    assert message.to == [reader.email]
    assert "The letter writer replied to your comment" in message.subject
    for secret in (ASKER_NAME, ASKER_EMAIL):
        assert secret not in message.subject + message.body


def test_unticked_the_letter_writer_comments_as_anyone_else(client, letter, post, quick):
    assert client.get(letter.get_absolute_url()).status_code == 200
    client.post(comment_url(post), {"body": "Just a reader's thought.", "author_name": "Pat"})
    comment = Comment.objects.get()
    assert not comment.letter_writer and comment.author_name == "Pat"


def test_a_forged_box_from_another_browser_is_ignored(client, post, quick, settings):
    settings.MODERATION_PREMODERATION = "none"
    client.post(comment_url(post), {"body": "Trust me.", "as_letter_writer": "on", "author_name": "Mallory"})
    comment = Comment.objects.get()
    assert not comment.letter_writer and comment.author_name == "Mallory"


@pytest.mark.parametrize(
    "body",
    [
        "LW here! Thanks, everyone.",
        "I'm the OP and that is not what happened.",
        "I wrote this letter last spring.",
    ],
)
def test_a_comment_claiming_to_be_the_letter_writer_is_held_for_a_moderator(
    client, post, quick, settings, body
):
    settings.MODERATION_PREMODERATION = "none"
    client.post(comment_url(post), {"body": body})
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert "claims to be the letter writer" in CommentModeration.objects.get(comment=comment).hold_reasons


def test_the_letter_writer_saying_so_is_not_held(client, letter, post, quick):
    as_letter_writer(client, letter, post, "LW here: thank you all.")
    assert Comment.objects.get().status == Comment.Status.PUBLISHED


def test_an_editor_takes_the_badge_back(client, letter, post, quick, editor):
    as_letter_writer(client, letter, post, "I am the letter writer and you are all wrong.")
    client.force_login(editor)
    page = client.get(f"/comments/post/{post.pk}/letter-writer/revoke/")
    assert "Take back the letter writer's badge?" in page.content.decode()
    assert client.post(f"/comments/post/{post.pk}/letter-writer/revoke/").status_code == 302
    comment = Comment.objects.get()
    assert not comment.letter_writer
    letter.refresh_from_db()
    assert letter.voice_revoked_at is not None
    assert 'data-role="letter-writer"' not in client.get(post.get_absolute_url()).content.decode()

    client.logout()
    assert "Comment as the letter writer" not in client.get(letter.get_absolute_url()).content.decode()
    assert 'name="as_letter_writer"' not in client.get(post.get_absolute_url()).content.decode()


def test_only_editors_take_the_badge_back(client, post, moderator, reader):
    for user in (moderator, reader):
        client.force_login(user)
        assert client.post(f"/comments/post/{post.pk}/letter-writer/revoke/").status_code == 403
    client.logout()
    assert client.post(f"/comments/post/{post.pk}/letter-writer/revoke/").status_code == 302  # to sign in


def test_the_filter_shows_each_of_their_comments_after_the_one_it_answered(
    client, letter, post, quick, settings
):
    settings.MODERATION_PREMODERATION = "none"
    otto = verified(UserFactory(username="otto", display_name="Otto"))
    asked = services.comment_create(post=post, author=otto, body="Did you ever talk to HR?")
    as_letter_writer(client, letter, post, "Yes, twice. It helped.", parent=asked.pk)
    page = client.get(post.get_absolute_url(), {"letter_writer": "1"}).content.decode()
    page = page.split("each after the comment it answered")[1]
    assert page.index("Did you ever talk to HR?") < page.index("Yes, twice. It helped.")
    assert "<strong>Otto</strong> said" in page


def test_the_post_page_costs_the_same_with_one_or_many_letter_writer_comments(
    client, letter, post, quick, settings
):
    """Cold (nothing kept) and warm: the strip and the badges cost one query whatever their number."""
    settings.MODERATION_COMMENT_RATE = None

    as_letter_writer(client, letter, post, "First word from me.")
    assert cold_and_warm(client, post) == (9, 4)
    for number in range(12):
        services.comment_create(post=post, author=None, body=f"More from me ({number})", letter_writer=letter)
    assert cold_and_warm(client, post) == (9, 4)
    filtered = CaptureQueriesContext(connection)
    with filtered:
        page = client.get(post.get_absolute_url(), {"letter_writer": "1"})
    assert page.content.decode().count('data-role="letter-writer"') == 13
    assert len(filtered) == 5


def test_the_post_page_with_a_poll_and_letter_writer_comments_has_a_fixed_cost(
    client, letter, post, quick, settings
):
    """Issue 25's acceptance: both on one post, signed out, cold and warm, for 1 and 13 of their comments
    and any number of votes: the poll and its options add two queries, the strip none."""
    settings.MODERATION_COMMENT_RATE = None
    poll = poll_save(post=post, question="", options=["Stay", "Go"])

    as_letter_writer(client, letter, post, "First word from me.")
    assert cold_and_warm(client, post) == (11, 6)
    for number in range(12):
        services.comment_create(post=post, author=None, body=f"More from me ({number})", letter_writer=letter)
        poll_vote(poll=poll, option_id=poll.options.first().pk, voter=f"voter-{number}")
    assert cold_and_warm(client, post) == (11, 6)


@pytest.mark.parametrize("name", ["The Letter-Writer.", "LW", "  the letter writer ", "O.P."])
def test_nobody_takes_the_letter_writers_name(client, post, quick, name):
    response = client.post(comment_url(post), {"body": "Hello.", "author_name": name})
    assert response.status_code == 400
    assert "That name is reserved." in response.content.decode()
    assert not Comment.objects.exists()


def test_a_banned_asker_has_no_voice(client, letter, post, quick, moderator):
    from moderation.services import sanction_create

    asker = verified(UserFactory(username="priya"))
    letter.asker = asker
    letter.save()
    sanction_create(user=asker, actor=moderator, kind="ban", reason="abuse")
    response = as_letter_writer(client, letter, post, "I am back.")
    assert response.status_code in (400, 403)
    assert not Comment.objects.exists()


def test_the_letter_writer_asks_for_replies_without_giving_an_address_again(client, letter, post, quick):
    as_letter_writer(client, letter, post, "Ask me anything.", notify_replies="on")
    comment = Comment.objects.get()
    assert comment.subscriptions.get().email == ASKER_EMAIL


def test_the_letter_writers_own_comments_are_no_live_news_to_them(client, letter, post, quick):
    since = str(int(post.published_at.timestamp() * 1000))
    as_letter_writer(client, letter, post, "Thank you all, I will write again.")
    news = f"/comments/post/{post.pk}/news/"
    assert client.get(news, {"since": since}).json()["new"] == 0
    assert Client().get(news, {"since": since}).json()["new"] == 1  # another reader's browser


def test_a_signed_in_letter_writers_held_comment_is_shown_to_them_where_they_land(client, letter, quick):
    """Held (it names a detail that may identify them): nobody's account is on it, so this browser's
    session is what shows it to them, signed in as to anyone else."""
    post = PostFactory(source_question=letter, identifying_details="Acme Freight")
    asker = verified(UserFactory(username="priya", display_name=ASKER_NAME))
    letter.asker = asker
    letter.save()
    client.force_login(asker)
    response = as_letter_writer(client, letter, post, "I left Acme Freight last week, as you advised.")
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert response["Location"] == f"{post.get_absolute_url()}#comment-{comment.pk}"
    page = client.get(post.get_absolute_url()).content.decode()
    assert "I left Acme Freight last week" in page and "awaiting moderation" in page.lower()
    assert "I left Acme Freight" not in Client().get(post.get_absolute_url()).content.decode()
    other = Client()
    other.force_login(verified(UserFactory()))
    assert "I left Acme Freight" not in other.get(post.get_absolute_url()).content.decode()


def test_the_letter_writer_cannot_mark_their_own_comment_helpful(client, letter, post, quick):
    asker = verified(UserFactory(username="priya"))
    letter.asker = asker
    letter.save()
    as_letter_writer(client, letter, post, "Thank you all.")
    comment = Comment.objects.get()
    client.force_login(asker)
    response = client.post(f"/comments/{comment.pk}/react/", {"kind": "helpful"})
    assert response.status_code == 403
    assert "your own comment" in response.content.decode()
    other = Client()
    other.force_login(verified(UserFactory()))
    assert other.post(f"/comments/{comment.pk}/react/", {"kind": "helpful"}).status_code == 302
    comment.refresh_from_db()
    assert comment.helpful_count == 1


def test_what_the_letter_writer_said_in_that_voice_is_theirs_on_the_page(client, letter, post, quick):
    """Signed in as someone the question never named (it was asked without an account), proved in this
    browser: their letter-writer comment shows its counts, not buttons they would be refused, nor a
    Flag link; and flagging it by hand is refused as for any own comment."""
    as_letter_writer(client, letter, post, "Thank you all, I took the advice.")
    comment = Comment.objects.get()
    other = Client()
    other.force_login(verified(UserFactory()))
    assert other.post(f"/comments/{comment.pk}/react/", {"kind": "helpful", "want": "1"}).status_code == 302
    other_page = other.get(post.get_absolute_url()).content.decode()
    react_button = f'href="/comments/{comment.pk}/react/?kind=helpful"'
    flag_link = f'href="/moderation/comments/{comment.pk}/flag/"'
    assert react_button in other_page and flag_link in other_page
    client.force_login(verified(UserFactory()))  # the session keeps its proof
    page = client.get(post.get_absolute_url()).content.decode()
    assert react_button not in page and flag_link not in page
    assert 'class="reaction-tally" data-kind="helpful">Helpful 1<' in page
    refused = client.post(f"/comments/{comment.pk}/react/", {"kind": "helpful", "want": "1"})
    assert refused.status_code == 403 and "your own comment" in refused.content.decode()
    flagged = client.post(f"/moderation/comments/{comment.pk}/flag/", {"reason": "spam"})
    assert flagged.status_code == 403 and "You cannot flag your own comment." in flagged.content.decode()
    comment.refresh_from_db()
    assert comment.helpful_count == 1 and comment.status == Comment.Status.PUBLISHED


def test_the_asker_by_account_is_the_letter_writer_in_another_browser_too(letter, post, quick):
    """Their question asked signed in, they read the post in a browser that never opened its private link:
    what they said as the letter writer is still theirs, neither reactable nor news to them."""
    since = str(int(post.published_at.timestamp() * 1000))
    asker = verified(UserFactory())
    letter.asker = asker
    letter.save()
    browser = Client()
    browser.force_login(asker)
    browser.get(post.get_absolute_url())  # a visit: what comes after it is new to them
    ThreadVisit.objects.update(seen_at=post.published_at)
    as_letter_writer(Client(), letter, post, "Thank you all, I took the advice.")
    comment = Comment.objects.get()
    page = browser.get(post.get_absolute_url()).content.decode()
    assert "Thank you all, I took the advice." in page and ' data-new="true"' not in page
    assert f'href="/comments/{comment.pk}/react/?kind=helpful"' not in page
    assert f'href="/moderation/comments/{comment.pk}/flag/"' not in page
    assert browser.get(f"/comments/post/{post.pk}/news/", {"since": since}).json()["new"] == 0
    stranger = Client()
    stranger.force_login(verified(UserFactory()))
    assert stranger.get(f"/comments/post/{post.pk}/news/", {"since": since}).json()["new"] == 1


def test_a_letter_writers_picked_comment_tells_them_privately_at_their_questions_address(
    client, letter, post, quick, editor, django_capture_on_commit_callbacks
):
    as_letter_writer(client, letter, post, "Thank you all.")
    comment = Comment.objects.get()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_pick(comment=comment, actor=editor)
    (message,) = mail.outbox
    assert message.to == [ASKER_EMAIL]
    assert "is an editor's pick" in message.subject
    assert message.body.startswith("Hello,\n")  # their name is nowhere, not even here
    assert comment.get_absolute_url() in message.body
    assert "List-Unsubscribe" not in message.extra_headers  # they asked for no mail about replies


def test_a_letter_writer_who_asked_for_reply_mail_can_stop_it_from_the_pick_notice(
    client, letter, post, quick, editor, django_capture_on_commit_callbacks
):
    as_letter_writer(client, letter, post, "Thank you all.", notify_replies="on")
    comment = Comment.objects.get()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_pick(comment=comment, actor=editor)
    (message,) = mail.outbox
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert message.to == [ASKER_EMAIL] and link in message.body


def test_the_letter_writers_strip_shows_their_latest_comments_and_folds_the_earlier(
    client, letter, post, quick, settings
):
    settings.COMMENTS_STRIP_SHOWN = 2
    settings.MODERATION_COMMENT_RATE = None
    for n in range(4):
        as_letter_writer(client, letter, post, f"Update number {n}.")
    strip = Client().get(post.get_absolute_url()).content.decode().split('id="letter-writer-heading"')[1]
    strip = strip.split("</aside>")[0]
    assert strip.startswith(">The letter writer replied (4)</h3>")
    folded, shown = strip.split("</details>")
    assert "<summary>2 earlier comments</summary>" in folded
    assert [f"Update number {n}." in folded for n in range(4)] == [True, True, False, False]
    assert [f"Update number {n}." in shown for n in range(4)] == [False, False, True, True]
