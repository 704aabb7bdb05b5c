import pytest
from django.urls import reverse

from accounts.models import Profile
from accounts.templatetags.accounts_extras import initials
from comments.models import Subscription
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("accounts:profile_settings")
VALID = {
    "display_name": "  Riley   Reader ",
    "bio": "I read every letter twice.",
    "website": "riley.example",
    "digest": "weekly",
    "is_notified_of_replies": "on",
}


def test_settings_needs_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_settings_page_shows_the_form_and_settings_menu(client):
    client.force_login(UserFactory())
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert 'class="settings-nav"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert reverse("accounts:data_export") in html


def test_settings_saves_name_bio_website_and_notification_choices(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(URL, VALID)
    assert response.status_code == 302
    user.refresh_from_db()
    profile = Profile.objects.get(user=user)
    assert user.display_name == "Riley Reader"
    assert profile.bio == "I read every letter twice."
    assert profile.website == "https://riley.example"
    assert profile.digest == Profile.Digest.WEEKLY
    assert profile.is_notified_of_replies is True
    assert profile.is_notified_of_follows is False


@pytest.mark.parametrize(
    "field,value",
    [
        ("website", "javascript:alert(1)"),
        ("website", "not a url at all"),
        ("digest", "hourly"),
        ("display_name", "Former reader"),
        ("display_name", "x" * 61),
        ("display_name", "nul\x00name"),
        ("bio", "b" * 501),
        ("bio", "nul\x00bio"),
    ],
)
def test_settings_refuses_bad_input_with_a_form_error(client, field, value):
    user = UserFactory(display_name="Before")
    client.force_login(user)
    response = client.post(URL, {**VALID, field: value})
    assert response.status_code == 200
    assert field in response.context["form"].errors
    user.refresh_from_db()
    assert user.display_name == "Before"


def test_settings_lists_followed_discussions_with_unfollow_buttons(client):
    user = UserFactory()
    post = PostFactory(title="Ghosted after the third interview")
    Subscription.objects.create(kind=Subscription.Kind.POST, post=post, user=user)
    client.force_login(user)
    html = client.get(URL).content.decode()
    assert "Ghosted after the third interview" in html
    assert 'value="unfollow"' in html


@pytest.mark.parametrize(
    "name,expected", [("Riley Reader", "RR"), ("pat", "P"), ("mary_ann_lee", "ML"), ("", "?"), ("¡!", "?")]
)
def test_initials(name, expected):
    assert initials(name) == expected
