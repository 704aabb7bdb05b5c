import re

import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ENTRANCE_PAGES = ["account_login", "account_signup", "account_reset_password"]
MANAGE_PAGES = [
    "account_email",
    "account_change_password",
    "mfa_index",
    "socialaccount_connections",
]


def assert_site_page(html: str) -> None:
    assert html.count("<h1") == 1
    assert 'class="site-header"' in html  # our base.html, not allauth's bare layout
    assert "style=" not in html
    # Only external scripts (CSP: scripts from /static/) or inert JSON data blocks.
    for tag in re.findall(r"<script[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag


@pytest.mark.parametrize("name", ENTRANCE_PAGES)
def test_entrance_pages_use_the_site_layout(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    assert_site_page(html)
    assert "account-entrance" in html
    assert 'name="csrfmiddlewaretoken"' in html


@pytest.mark.parametrize("name", MANAGE_PAGES)
def test_manage_pages_use_the_site_layout_with_the_settings_menu(client, name):
    client.force_login(UserFactory())
    response = client.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    assert_site_page(html)
    assert 'class="settings-nav"' in html


def test_signed_in_nav_links_to_the_profile(client):
    user = UserFactory(username="riley")
    client.force_login(user)
    html = client.get(reverse("account_email")).content.decode()
    assert 'href="/users/riley/"' in html


def test_sensitive_change_asks_for_the_password_again(client):
    user = UserFactory()
    client.force_login(user)  # a session without a recent password entry
    response = client.post(reverse("account_email"), {"action_add": "", "email": "second@example.com"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))


@pytest.mark.parametrize("name", ["account_logout", "account_reauthenticate"])
def test_signed_in_entrance_pages_use_the_site_layout(client, name):
    client.force_login(UserFactory())
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert_site_page(response.content.decode())
