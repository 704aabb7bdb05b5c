"""Protecting the letter writer (issue 25, part 4): the editor lists, from the sealed letter, details
that could identify its writer; comments that mention one are held and published only by a decision on
each; the editing page says which the post's own text still contains."""

import pytest
from django.test import Client

from comments import services
from comments.models import Comment
from moderation.models import CommentModeration
from posts.models import Post
from tests.factories import PostFactory, QuestionFactory, UserFactory, staff, verified

MAY_IDENTIFY = "may identify the letter writer"


@pytest.fixture
def post(db, settings):
    settings.MODERATION_PREMODERATION = "none"
    settings.MODERATION_COMMENT_RATE = None
    return PostFactory(source_question=QuestionFactory(), identifying_details="Acme Freight\nDuluth")


def hold_reasons(comment: Comment) -> list[str]:
    row = CommentModeration.objects.filter(comment=comment).first()
    return row.hold_reasons if row else []


@pytest.mark.parametrize(
    "body", ["Sounds like ACME freight to me.", "Is this the Duluth office?", "acme   Freight's HR again"]
)
def test_a_comment_naming_a_detail_is_held(post, body):
    comment = services.comment_create(post=post, author=None, body=body)
    assert comment.status == Comment.Status.PENDING
    assert MAY_IDENTIFY in hold_reasons(comment)


@pytest.mark.parametrize("body", ["Acmeville has nice trains.", "Freight is hard work.", "Duluthian pride"])
def test_words_that_only_look_alike_are_not(post, body):
    comment = services.comment_create(post=post, author=None, body=body)
    assert comment.status == Comment.Status.PUBLISHED


def test_the_letter_writer_naming_their_own_company_is_held_too(post):
    comment = services.comment_create(
        post=post, author=None, body="I work at Acme Freight, yes.", letter_writer=post.source_question
    )
    assert comment.status == Comment.Status.PENDING and comment.letter_writer


def test_bulk_approval_leaves_them_to_a_decision_on_each(post, moderator):
    naming = services.comment_create(post=post, author=None, body="Duluth, surely.")
    other = services.comment_create(post=post, author=None, body="Call me, www.example.com www.x.org w.co")
    client = Client()
    client.force_login(moderator)
    response = client.post(
        "/moderation/bulk/", {"action": "approve", "ids": [naming.pk, other.pk]}, follow=True
    )
    assert "may identify the letter writer: open each to decide" in response.content.decode()
    assert Comment.objects.get(pk=naming.pk).status == Comment.Status.PENDING
    client.post(f"/moderation/comments/{naming.pk}/approve/", {"reason": ""})
    assert Comment.objects.get(pk=naming.pk).status == Comment.Status.PUBLISHED


def test_the_editing_page_keeps_the_details_private_and_says_which_the_post_still_contains(post):
    editor = staff(verified(UserFactory(username="edith")), "Editors")
    client = Client()
    client.force_login(editor)
    data = {
        "title": post.title,
        "slug": post.slug,
        "question": "I drive for a freight firm in Duluth.",
        "answer": "Talk to them.",
        "identifying_details": "  Acme   Freight \n\nDuluth\n",
        "action": "save",
    }
    assert client.post(f"/editor/posts/{post.pk}/", data).status_code == 302
    post = Post.objects.get(pk=post.pk)
    assert post.identifying_details == "Acme Freight\nDuluth"
    page = client.get(f"/editor/posts/{post.pk}/").content.decode()
    assert "still contains 1 detail that could identify the letter writer: <strong>Duluth</strong>" in page
    assert "Acme Freight" not in Client().get(post.get_absolute_url()).content.decode()


def test_the_author_of_a_held_guess_learns_nothing_from_the_hold(client, post, settings):
    settings.COMMENTS_MIN_FILL_SECONDS = 0
    response = client.post(f"/comments/post/{post.pk}/", {"body": "Surely this is Duluth?"})
    comment = Comment.objects.get(body="Surely this is Duluth?")
    assert comment.status == Comment.Status.PENDING
    page = client.get(response["Location"].split("#")[0]).content.decode()
    assert "a moderator reads some comments on this post before they appear" in page
    assert "letter writer" not in page.split(f'id="comment-{comment.pk}"')[1][:2000].lower()


def test_a_name_counts_as_much_as_the_text(post):
    comment = services.comment_create(
        post=post, author=None, body="Hang in there.", author_name="Jo at Acme Freight"
    )
    assert comment.status == Comment.Status.PENDING
    assert MAY_IDENTIFY in hold_reasons(comment)


@pytest.mark.parametrize("body", ["Edited: it is Acme Freight, I am sure.", "LW here, I wrote this letter."])
def test_an_edit_that_would_be_held_is_refused_in_words_that_confirm_nothing(post, body):
    writer = verified(UserFactory(username="wren"))
    comment = services.comment_create(post=post, author=writer, body="A first thought.")
    client = Client()
    client.force_login(writer)
    response = client.post(f"/comments/{comment.pk}/edit/", {"body": body})
    assert response.status_code == 200
    assert "look, so it was not saved. Write it as a new comment instead." in response.content.decode()
    comment.refresh_from_db()
    assert comment.body == "A first thought."


def test_a_follow_up_post_keeps_the_originals_details_and_updates_are_scanned(post):
    from posts.services import post_add_update, question_answer

    update = QuestionFactory(update_of=post.source_question, title="Update", body="News from Duluth.")
    follow_up = question_answer(
        question=update, editor=staff(verified(UserFactory(username="ed")), "Editors")
    )
    assert follow_up.identifying_details == post.identifying_details
    post_add_update(post=post, body="They left Acme Freight in May.")
    assert "Acme Freight" in Post.objects.get(pk=post.pk).identifying_terms_in_text()
