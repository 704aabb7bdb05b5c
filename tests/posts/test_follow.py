"""Following a tag or a category: buttons on their pages, the POST views, and the settings page list."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.models import Ignore
from posts.models import TopicFollow
from tests.factories import CategoryFactory, PostFactory, TagFactory, UserFactory
from tests.posts.test_query_counts import CATEGORY_QUERIES, TAG_QUERIES

pytestmark = pytest.mark.django_db

SETTINGS_URL = reverse("accounts:profile_settings")


@pytest.fixture
def tag():
    return TagFactory(name="LinkedIn", slug="linkedin")


@pytest.fixture
def category():
    return CategoryFactory(name="Networking", slug="networking")


def _follow_url(kind: str, slug: str) -> str:
    return reverse(f"posts:{kind}_follow", kwargs={"slug": slug})


def test_tag_page_offers_sign_in_to_follow_to_anonymous_readers(client, tag):
    html = client.get(tag.get_absolute_url()).content.decode()
    assert f"{reverse('account_login')}?next=/tags/linkedin/" in html
    assert _follow_url("tag", "linkedin") not in html


@pytest.mark.parametrize("kind", ["tag", "category"])
def test_follow_button_follows_and_then_offers_unfollow(client, tag, category, kind):
    user = UserFactory()
    client.force_login(user)
    target = tag if kind == "tag" else category
    page = client.get(target.get_absolute_url()).content.decode()
    assert f'action="{_follow_url(kind, target.slug)}"' in page
    assert 'value="follow"' in page

    response = client.post(_follow_url(kind, target.slug), {"action": "follow"}, follow=True)

    assert response.redirect_chain[-1][0] == target.get_absolute_url()
    assert TopicFollow.objects.filter(user=user, **{kind: target}).count() == 1
    html = response.content.decode()
    assert "You follow “" in html
    assert 'value="unfollow"' in html
    assert html.count("<h1") == 1


def test_following_twice_keeps_one_row(client, tag):
    user = UserFactory()
    client.force_login(user)
    client.post(_follow_url("tag", tag.slug), {"action": "follow"})
    client.post(_follow_url("tag", tag.slug), {"action": "follow"})
    assert TopicFollow.objects.filter(user=user, tag=tag).count() == 1


def test_unfollow_removes_only_that_follow(client, tag, category):
    user, other = UserFactory(), UserFactory()
    TopicFollow.objects.create(user=user, tag=tag)
    TopicFollow.objects.create(user=user, category=category)
    TopicFollow.objects.create(user=other, tag=tag)
    client.force_login(user)

    response = client.post(_follow_url("tag", tag.slug), {"action": "unfollow"})

    assert response.status_code == 302
    assert not TopicFollow.objects.filter(user=user, tag=tag).exists()
    assert TopicFollow.objects.filter(user=user, category=category).exists()
    assert TopicFollow.objects.filter(user=other, tag=tag).exists()


def test_follow_message_points_to_the_digest_setting_when_there_is_no_digest(client, tag):
    user = UserFactory()
    client.force_login(user)
    response = client.post(_follow_url("tag", tag.slug), {"action": "follow"}, follow=True)
    assert "Choose a daily or weekly digest" in response.content.decode()


def test_following_needs_no_verified_address(client, tag):
    user = UserFactory()  # no allauth EmailAddress at all
    client.force_login(user)
    assert client.post(_follow_url("tag", tag.slug), {"action": "follow"}).status_code == 302
    assert TopicFollow.objects.filter(user=user, tag=tag).exists()


@pytest.mark.parametrize("kind", ["tag", "category"])
def test_follow_of_a_missing_topic_is_404(client, kind):
    client.force_login(UserFactory())
    assert client.post(_follow_url(kind, "no-such-thing"), {"action": "follow"}).status_code == 404
    assert client.post(f"/{'tags' if kind == 'tag' else 'category'}/%00/follow/").status_code == 404
    assert not TopicFollow.objects.exists()


@pytest.mark.parametrize("kind", ["tag", "category"])
def test_anonymous_follow_is_sent_to_sign_in(client, tag, category, kind):
    slug = tag.slug if kind == "tag" else category.slug
    response = client.post(_follow_url(kind, slug), {"action": "follow"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not TopicFollow.objects.exists()


@pytest.mark.parametrize("kind", ["tag", "category"])
def test_follow_by_get_is_405(client, tag, category, kind):
    client.force_login(UserFactory())
    slug = tag.slug if kind == "tag" else category.slug
    assert client.get(_follow_url(kind, slug)).status_code == 405
    assert not TopicFollow.objects.exists()


def test_follow_needs_a_csrf_token(tag):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    user = UserFactory()
    client.force_login(user)
    assert client.post(_follow_url("tag", tag.slug), {"action": "follow"}).status_code == 403
    assert not TopicFollow.objects.exists()


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/",
        "//evil.example/",
        "/ok/\x00",
        "javascript:alert(1)",
        "tags/",
        "/" + "x" * 5000,
    ],
)
def test_follow_never_redirects_off_site(client, tag, next_url):
    client.force_login(UserFactory())
    response = client.post(_follow_url("tag", tag.slug), {"action": "follow", "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == tag.get_absolute_url()


@pytest.mark.parametrize("action", [None, "", "unfollow\x00", "x" * 10000, ["follow", "unfollow"]])
def test_an_action_no_button_sends_is_a_400_that_changes_nothing(client, tag, action):
    user = UserFactory()
    client.force_login(user)
    response = client.post(_follow_url("tag", tag.slug), {} if action is None else {"action": action})
    assert response.status_code == 400
    assert not TopicFollow.objects.filter(user=user, tag=tag).exists()


def test_database_refuses_a_follow_of_both_or_neither(tag, category):
    user = UserFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        TopicFollow.objects.create(user=user, tag=tag, category=category)
    with pytest.raises(IntegrityError), transaction.atomic():
        TopicFollow.objects.create(user=user)
    TopicFollow.objects.create(user=user, tag=tag)
    with pytest.raises(IntegrityError), transaction.atomic():
        TopicFollow.objects.create(user=user, tag=tag)


def test_settings_lists_followed_tags_and_categories_with_unfollow_buttons(client, tag, category):
    user = UserFactory()
    TopicFollow.objects.create(user=user, tag=tag)
    TopicFollow.objects.create(user=user, category=category)
    TopicFollow.objects.create(user=UserFactory(), tag=TagFactory(name="Etiquette"))
    client.force_login(user)

    html = client.get(SETTINGS_URL).content.decode()

    assert f'href="{tag.get_absolute_url()}">LinkedIn</a>' in html
    assert f'href="{category.get_absolute_url()}">Networking</a>' in html
    assert "Etiquette" not in html
    assert f'action="{_follow_url("tag", "linkedin")}"' in html
    assert f'action="{_follow_url("category", "networking")}"' in html
    assert html.count("<h1") == 1


def test_unfollow_from_settings_returns_to_settings(client, tag):
    user = UserFactory()
    TopicFollow.objects.create(user=user, tag=tag)
    client.force_login(user)

    response = client.post(
        _follow_url("tag", tag.slug), {"action": "unfollow", "next": SETTINGS_URL}, follow=True
    )

    assert response.redirect_chain[-1][0] == SETTINGS_URL
    assert not TopicFollow.objects.filter(user=user).exists()
    assert "You follow no tags or categories" in response.content.decode()


@pytest.mark.parametrize("n", [1, 30])
def test_settings_page_query_count_does_not_grow_with_follows(client, django_assert_num_queries, n):
    user = UserFactory()
    for i in range(n):
        Ignore.objects.create(user=user, ignored=UserFactory())
        TopicFollow.objects.create(user=user, tag=TagFactory(name=f"topic {i}"))
        TopicFollow.objects.create(user=user, category=CategoryFactory(name=f"Category {i}"))
    client.force_login(user)
    client.get(SETTINGS_URL)  # creates the profile on first visit
    # Session, user, profile, followed discussions, people ignored, base.html's permission check (2) and
    # sanction notice, followed topics.
    with django_assert_num_queries(SETTINGS_QUERIES):
        response = client.get(SETTINGS_URL)
    assert response.status_code == 200
    assert response.content.decode().count("Unfollow<span") == 2 * n
    assert response.content.decode().count("Stop ignoring<span") == n


SETTINGS_QUERIES = 9


@pytest.mark.parametrize("n", [1, 30])
def test_tag_and_category_pages_signed_in_cost_one_more_query(client, django_assert_num_queries, n):
    tag, category = TagFactory(name="Interviews"), CategoryFactory(name="Careers")
    for _ in range(n):
        PostFactory(category=category, tags=[tag])
    user = UserFactory()
    TopicFollow.objects.create(user=user, tag=tag)
    client.force_login(user)
    # The anonymous page, then session, user, base.html's permission check (2) and sanction notice,
    # and "do I follow it?".
    for url, anonymous in (
        (tag.get_absolute_url(), TAG_QUERIES),
        (category.get_absolute_url(), CATEGORY_QUERIES),
    ):
        with django_assert_num_queries(anonymous + 6):
            response = client.get(url)
        assert response.status_code == 200
