import json
from unittest import mock
from urllib.parse import parse_qs, urlparse

import pytest
import requests
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount, SocialApp
from django.contrib.sites.models import Site
from django.urls import reverse

from accounts.models import Profile, User
from accounts.providers import providers_from_env

GOOGLE_USER = {
    "id": "108204268033311374519",
    "email": "sam.social@example.com",
    "verified_email": True,
    "name": "Sam Social",
    "given_name": "Sam",
    "family_name": "Social",
}


def json_response(data: dict) -> requests.Response:
    response = requests.Response()
    response.status_code = 200
    response._content = json.dumps(data).encode()
    response.headers["content-type"] = "application/json"
    return response


def fake_google(session, method, url, *args, **kwargs):
    """Stand in for Google: the token endpoint, then the user-info endpoint. No network."""
    if url.startswith("https://oauth2.googleapis.com/token"):
        assert kwargs["data"]["code"] == "fake-code"
        return json_response({"access_token": "fake-token", "token_type": "Bearer", "expires_in": 3600})
    if url.startswith("https://www.googleapis.com/oauth2/v2/userinfo"):
        return json_response(GOOGLE_USER)
    raise AssertionError(f"unexpected request to {url}")


@pytest.fixture
def google_app(db):
    """Configured in the database, as an operator would through the admin."""
    app = SocialApp.objects.create(provider="google", name="Google", client_id="client-id", secret="secret")
    app.sites.add(Site.objects.get_current())
    return app


def sign_in_with_google(client):
    response = client.post(reverse("google_login"), {"process": "login"})
    assert response.status_code == 302
    authorize = urlparse(response["Location"])
    assert authorize.netloc == "accounts.google.com"
    state = parse_qs(authorize.query)["state"][0]
    with mock.patch.object(requests.Session, "request", autospec=True, side_effect=fake_google):
        return client.get(reverse("google_callback"), {"code": "fake-code", "state": state})


def test_google_sign_in_creates_and_signs_in_an_account(client, google_app):
    response = sign_in_with_google(client)
    assert response.status_code == 302
    assert response["Location"] == "/"
    account = SocialAccount.objects.get(provider="google", uid=GOOGLE_USER["id"])
    user = account.user
    assert client.session["_auth_user_id"] == str(user.pk)
    assert user.display_name == "Sam Social"
    assert user.email == "sam.social@example.com"
    assert EmailAddress.objects.get(user=user).verified
    assert Profile.objects.filter(user=user).exists()
    assert not user.has_usable_password()


def test_second_google_sign_in_reuses_the_account(client, google_app):
    sign_in_with_google(client)
    client.logout()
    sign_in_with_google(client)
    assert User.objects.count() == 1
    assert "_auth_user_id" in client.session


def test_a_forged_state_signs_nobody_in(client, google_app):
    client.post(reverse("google_login"), {"process": "login"})
    with mock.patch.object(requests.Session, "request", autospec=True, side_effect=fake_google):
        response = client.get(reverse("google_callback"), {"code": "fake-code", "state": "forged"})
    assert response.status_code == 401
    assert response.content.decode().count("<h1") == 1
    assert "_auth_user_id" not in client.session
    assert not User.objects.exists()


def test_login_page_lists_configured_providers_only(client, google_app):
    html = client.get(reverse("account_login")).content.decode()
    assert "Google" in html
    assert "Facebook" not in html


def test_the_sign_in_page_offers_no_provider_when_none_is_configured(client, db):
    html = client.get(reverse("account_login")).content.decode()
    assert "Google" not in html and "/accounts/google/" not in html


def test_providers_whose_credentials_are_in_the_environment_are_offered_at_sign_in(client, db, settings):
    settings.SOCIALACCOUNT_PROVIDERS = providers_from_env(
        {
            "GOOGLE_CLIENT_ID": "g-id",
            "GOOGLE_CLIENT_SECRET": "g-secret",
            "FACEBOOK_CLIENT_ID": "f-id",  # no secret: not configured
            "OIDC_PROVIDER_ID": "linkedin",
            "OIDC_PROVIDER_NAME": "LinkedIn",
            "OIDC_SERVER_URL": "https://www.linkedin.com/oauth",
            "OIDC_CLIENT_ID": "l-id",
            "OIDC_CLIENT_SECRET": "l-secret",
        }
    )
    html = client.get(reverse("account_login")).content.decode()
    assert "Google" in html and "LinkedIn" in html
    assert "Facebook" not in html
    # Google's button sends the reader to Google with the client id from the environment.
    response = client.post(reverse("google_login"), {"process": "login"})
    authorize = urlparse(response["Location"])
    assert authorize.netloc == "accounts.google.com"
    assert parse_qs(authorize.query)["client_id"] == ["g-id"]


def test_provider_link_asks_to_continue_with_a_post_form(client, google_app):
    response = client.get(reverse("google_login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert 'method="post"' in html
    assert "style=" not in html
