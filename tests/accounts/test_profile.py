import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Profile
from comments.models import Comment
from posts.models import Post
from tests.factories import PostFactory, QuestionFactory, UserFactory

pytestmark = pytest.mark.django_db


def profile_url(user) -> str:
    return reverse("accounts:profile", kwargs={"username": user.username})


def test_profile_lists_published_comments_with_links_to_their_posts(client, make_comment):
    person = UserFactory(display_name="Riley Reader")
    post = PostFactory(title="Should I reply-all?")
    make_comment(post=post, author=person, body="Never reply-all.")
    make_comment(post=post, author=person, body="Held for review", status=Comment.Status.PENDING)
    make_comment(post=post, author=person, body="Hidden one", status=Comment.Status.HIDDEN)
    draft = PostFactory(status=Post.Status.DRAFT, published_at=None)
    make_comment(post=draft, author=person, body="On a draft")
    make_comment(post=post, author=UserFactory(), body="Someone else")

    html = client.get(profile_url(person)).content.decode()
    assert html.count("<h1") == 1
    assert "Riley Reader" in html
    assert "Never reply-all." in html
    assert post.get_absolute_url() in html
    for hidden in ("Held for review", "Hidden one", "On a draft", "Someone else"):
        assert hidden not in html


def test_profile_never_shows_questions_the_person_asked(client):
    person = UserFactory()
    QuestionFactory(asker=person, title="My boss reads my diary")
    html = client.get(profile_url(person)).content.decode()
    assert "My boss reads my diary" not in html


def test_profile_shows_bio_and_website_marked_nofollow(client):
    person = UserFactory()
    Profile.objects.create(user=person, bio="Recruiter <b>by</b> day.", website="https://riley.example/")
    html = client.get(profile_url(person)).content.decode()
    assert "Recruiter &lt;b&gt;by&lt;/b&gt; day." in html
    assert '<a href="https://riley.example/" rel="nofollow ugc noopener">' in html


def test_profile_has_an_initials_avatar_without_network(client):
    person = UserFactory(display_name="Riley Reader")
    html = client.get(profile_url(person)).content.decode()
    assert '<svg class="avatar"' in html
    assert ">RR</text>" in html
    assert "<img" not in html


def test_profile_of_an_unknown_or_inactive_user_is_404(client):
    assert client.get(reverse("accounts:profile", kwargs={"username": "nobody"})).status_code == 404
    inactive = UserFactory(is_active=False)
    assert client.get(profile_url(inactive)).status_code == 404
    assert client.get("/users/bad%00name/").status_code == 404


def test_profile_paginates_comments(client, make_comment):
    person = UserFactory()
    post = PostFactory()
    for number in range(25):
        make_comment(post=post, author=person, body=f"Comment number {number}")
    first = client.get(profile_url(person)).content.decode()
    assert "Comment number 24" in first
    assert "Comment number 4<" not in first
    second = client.get(profile_url(person), {"page": 2}).content.decode()
    assert "Comment number 4" in second
    assert client.get(profile_url(person), {"page": "x\x00"}).status_code == 200
    assert client.get(profile_url(person), {"page": "999"}).status_code == 200


@pytest.mark.parametrize("signed_in", [False, True])
def test_profile_query_count_does_not_grow_with_comments(
    client, make_comment, django_assert_num_queries, signed_in
):
    person = UserFactory()
    Profile.objects.create(user=person)
    posts = [PostFactory() for _ in range(3)]
    if signed_in:
        client.force_login(UserFactory())
    make_comment(post=posts[0], author=person)
    with CaptureQueriesContext(connection) as one:
        assert client.get(profile_url(person)).status_code == 200
    for number in range(49):
        make_comment(post=posts[number % 3], author=person)
    # The person with their profile, the comment count, one page of comments with their posts;
    # signed in adds the session, the viewer, the viewer's permissions for base.html's nav (2), whether
    # the viewer ignores the person, whether the person is staff (whom nobody ignores) and the notice of
    # a sanction they have not acknowledged.
    expected = 10 if signed_in else 3
    with django_assert_num_queries(expected):
        response = client.get(profile_url(person))
    assert len(one) == expected
    assert response.content.decode().count('class="comment-history-item"') == 20
