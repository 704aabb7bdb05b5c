"""The brake on pile-ons: a new top-level comment very like several already there is shown them first,
with a way to reply to one, react to it, or post anyway (comments.similar, issue 24)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.services import ignore_add
from comments import services
from comments.models import Comment
from comments.similar import similar_comments
from tests.factories import PostFactory, UserFactory, verified

NEW = "Send the thank-you note anyway. It costs nothing and the recruiter may remember you."
# Said before, in other words: each is "very like" NEW on both backends.
ALIKE = [
    "Send the thank-you note anyway; it costs you nothing and a recruiter may remember it.",
    "I'd send the thank you note anyway. It costs nothing, and recruiters remember.",
    "Honestly, just send the thank-you note. Costs nothing. Recruiters do remember these things.",
]
# The same subject, another opinion; and another subject.
DIFFERENT = [
    "Don't send a note, the recruiter will not read it.",
    "Ask your manager for the raise in writing before the review.",
    "Send the thank-you note anyway. It costs nothing and the recruiter may remember you. I did this at my "
    "last three interviews and two of them mentioned it later; one hiring manager said it was why she "
    "called me back first. Keep it short: three sentences, no attachments, and no second follow-up.",
]


def url(post):
    return f"/comments/post/{post.pk}/"


@pytest.fixture
def said_before(post, settings):
    settings.MODERATION_PREMODERATION = "none"
    settings.MODERATION_COMMENT_RATE = None
    return [services.comment_create(post=post, author=None, body=body) for body in ALIKE + DIFFERENT]


@pytest.fixture
def quick(settings):
    """No fill-time guard: these tests post forms at once. The brake stays as it ships."""
    settings.COMMENTS_MIN_FILL_SECONDS = 0
    settings.MODERATION_PREMODERATION = "none"


def test_finds_the_comments_that_say_the_same_in_other_words(post, said_before):
    similar = similar_comments(post=post, body=NEW)
    assert similar.count == 3
    assert {c.body for c in similar.comments} == set(ALIKE)
    assert similar.comments[0].body == ALIKE[0]  # the most alike first


def test_replies_hidden_comments_other_posts_and_ones_own_are_not_counted(post, said_before, moderator):
    reader = verified(UserFactory())
    first, hidden, kept = said_before[:3]
    services.comment_create(post=post, author=None, body=ALIKE[0], parent=first)
    services.comment_set_status(comment=hidden, status=Comment.Status.HIDDEN, actor=moderator)
    mine = services.comment_create(post=post, author=reader, body=ALIKE[2])
    services.comment_create(post=PostFactory(), author=None, body=ALIKE[0])
    similar = similar_comments(post=post, body=NEW, exclude_author_id=reader.pk)
    assert {c.pk for c in similar.comments} == {first.pk, kept.pk}
    assert similar.count == 2
    assert mine.pk in {c.pk for c in similar_comments(post=post, body=NEW).comments}


def test_a_comment_like_several_already_there_is_shown_them_before_it_posts(client, post, said_before, quick):
    response = client.post(url(post), {"body": NEW, "author_name": "Wren", "token": "t" * 32})
    assert response.status_code == 200
    assert not Comment.objects.filter(body=NEW).exists()
    page = response.content.decode()
    assert "3 readers have already said something similar" in page
    for comment in said_before[:3]:
        assert f'href="{comment.get_absolute_url()}"' in page
        assert f'name="parent" value="{comment.pk}"' in page
    for comment in said_before[3:]:
        assert f'href="{comment.get_absolute_url()}"' not in page
    assert NEW in page  # the reader's words are kept in the form, with their name
    assert 'value="Wren"' in page
    assert 'name="post_anyway" value="1"' in page
    assert "Mark it “Helpful”" not in page  # reacting asks for an account


def test_post_anyway_posts_it(client, post, said_before, quick):
    response = client.post(url(post), {"body": NEW, "post_anyway": "1", "token": "t" * 32})
    comment = Comment.objects.get(body=NEW)
    assert response.status_code == 302
    assert comment.parent is None


def test_reply_there_posts_it_as_a_reply_to_the_chosen_comment(client, post, said_before, quick):
    chosen = said_before[1]
    response = client.post(url(post), {"body": NEW, "parent": chosen.pk, "token": "t" * 32})
    assert response.status_code == 302
    assert Comment.objects.get(body=NEW).parent == chosen


def test_a_signed_in_reader_may_mark_one_helpful_instead(client, post, said_before, quick, verified_user):
    client.force_login(verified_user)
    page = client.post(url(post), {"body": NEW}).content.decode()
    assert f'href="/comments/{said_before[0].pk}/react/?kind=helpful"' in page


def test_below_the_threshold_it_posts_at_once(client, post, quick, settings):
    settings.MODERATION_COMMENT_RATE = None
    for body in ALIKE[:2]:
        services.comment_create(post=post, author=None, body=body)
    assert client.post(url(post), {"body": NEW}).status_code == 302


def test_a_reply_is_never_braked(client, post, said_before, quick):
    parent = said_before[4]
    assert client.post(url(post), {"body": NEW, "parent": parent.pk}).status_code == 302


def test_switched_off_it_never_brakes(client, post, said_before, quick, settings):
    settings.COMMENTS_SIMILAR_BRAKE_AT = None
    assert client.post(url(post), {"body": NEW}).status_code == 302


@pytest.mark.parametrize("value", ["maybe", "\x00", "1" * 5000])
def test_a_forged_post_anyway_is_read_as_a_checkbox(client, post, said_before, quick, value):
    response = client.post(url(post), {"body": NEW, "post_anyway": value})
    assert response.status_code in (200, 302, 400)
    assert response.status_code != 500


def test_the_brake_page_reads_a_fixed_number_of_queries(client, post, said_before, quick, settings):
    settings.MODERATION_COMMENT_RATE = None
    for n in range(10):  # more alike comments than the page lists
        services.comment_create(post=post, author=None, body=f"{ALIKE[0]} ({n})")
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url(post), {"body": NEW})
    assert response.status_code == 200
    assert "13 readers have already said something similar" in response.content.decode()
    assert "The 5 most alike are shown." in response.content.decode()
    assert len(queries) == 3, [q["sql"] for q in queries]  # the post, the alike comments, the five shown


def test_it_counts_readers_not_comments(post, settings):
    settings.MODERATION_PREMODERATION = "none"
    settings.MODERATION_COMMENT_RATE = None
    one = verified(UserFactory())
    for body in ALIKE:
        services.comment_create(post=post, author=one, body=body)
    assert similar_comments(post=post, body=NEW).count == 1
    services.comment_create(post=post, author=None, body=ALIKE[0])  # an anonymous reader: one more
    assert similar_comments(post=post, body=NEW).count == 2


def test_a_similar_comment_from_someone_the_reader_ignores_is_folded(
    client, post, said_before, quick, verified_user
):
    pest = verified(UserFactory(display_name="Pat Pest"))
    services.comment_create(post=post, author=pest, body=ALIKE[1])
    ignore_add(user=verified_user, ignored=pest)
    client.force_login(verified_user)
    page = client.post(url(post), {"body": NEW}).content.decode()
    assert "4 readers have already said something similar" in page
    folded = page.split(
        '<details class="ignored-comment"><summary>A comment from someone you ignore</summary>'
    )
    assert len(folded) == 2 and "Pat Pest" in folded[1].split("</details>")[0]
