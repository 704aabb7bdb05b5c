"""Sign-up and sign-in through each provider we offer, against a fake provider over HTTP.

Google, Facebook and one OpenID Connect server (LinkedIn, as the README suggests) are configured from
the environment as in production; tests/accounts/fake_provider.py answers for all three on loopback.
Commenting needs a verified e-mail address: a provider that vouches for the address (Google, an
OpenID Connect server saying `email_verified`) signs the reader straight in; one that does not
(Facebook never does) or gives no address at all leads to our confirmation mail first.
"""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount, SocialApp
from django.contrib.sites.models import Site
from django.urls import reverse

from accounts.models import Profile, User
from accounts.providers import provider_form_action_origins, providers_from_env
from comments.models import Comment
from tests.accounts.fake_provider import CLIENTS
from tests.factories import PostFactory, UserFactory, verified

pytestmark = pytest.mark.django_db

GOOGLE_PERSON = {
    "sub": "108204268033311374519",
    "email": "sam.social@example.com",
    "email_verified": True,
    "name": "Sam Social",
    "given_name": "Sam",
    "family_name": "Social",
}
FACEBOOK_PERSON = {
    "id": "10158822334455",
    "email": "fran.book@example.com",
    "name": "Fran Book",
    "first_name": "Fran",
    "last_name": "Book",
}
OIDC_PERSON = {
    "sub": "li-4411",
    "email": "lee.linked@example.com",
    "email_verified": True,
    "name": "Lee Linked",
}

LOGIN_URLS = {
    "google": reverse("google_login"),
    "facebook": reverse("facebook_login"),
    "linkedin": reverse("openid_connect_login", kwargs={"provider_id": "linkedin"}),
}
PERSONS = {"google": GOOGLE_PERSON, "facebook": FACEBOOK_PERSON, "linkedin": OIDC_PERSON}


@pytest.fixture
def providers(settings, fake_provider):
    """All three providers configured from the environment, as `make serve` reads it."""
    settings.SOCIALACCOUNT_PROVIDERS = providers_from_env(
        {
            "GOOGLE_CLIENT_ID": CLIENTS["google"][0],
            "GOOGLE_CLIENT_SECRET": CLIENTS["google"][1],
            "FACEBOOK_CLIENT_ID": CLIENTS["facebook"][0],
            "FACEBOOK_CLIENT_SECRET": CLIENTS["facebook"][1],
            "OIDC_PROVIDER_ID": "linkedin",
            "OIDC_PROVIDER_NAME": "LinkedIn",
            "OIDC_SERVER_URL": fake_provider.oidc_server_url,
            "OIDC_CLIENT_ID": CLIENTS["oidc"][0],
            "OIDC_CLIENT_SECRET": CLIENTS["oidc"][1],
        }
    )
    return fake_provider


def through_provider(client, fake, provider: str, person: dict | None = None):
    """Press the provider's button, agree at the provider, come back; the callback's response."""
    fake.person = PERSONS[provider] if person is None else person
    response = client.post(LOGIN_URLS[provider], {"process": "login"})
    assert response.status_code == 302
    back = urlsplit(fake.consent(response["Location"]))
    assert back.netloc == "testserver"
    return client.get(f"{back.path}?{back.query}")


def signed_in_user(client) -> User | None:
    user_id = client.session.get("_auth_user_id")
    return User.objects.get(pk=user_id) if user_id else None


def can_comment(client, django_capture_on_commit_callbacks) -> bool:
    post = PostFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("comments:comment_create", kwargs={"post_id": post.pk}), {"body": "Hi."}
        )
    return response.status_code == 302 and Comment.objects.filter(post=post, author__isnull=False).exists()


def confirm_by_mail(client, mailoutbox, address: str):
    """Follow the link in the confirmation mail sent to `address`, in the same browser."""
    (message,) = [m for m in mailoutbox if m.to == [address]]
    path = re.search(r"https?://testserver(/accounts/confirm-email/\S+)", message.body).group(1)
    return client.post(path)


@pytest.mark.usefixtures("no_posting_guards")
@pytest.mark.parametrize("provider", ["google", "linkedin"])
def test_a_provider_that_vouches_for_the_address_signs_the_reader_up_and_in(
    client, providers, provider, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = through_provider(client, providers, provider)
    assert response.status_code == 302 and response["Location"] == "/"
    user = signed_in_user(client)
    person = PERSONS[provider]
    assert SocialAccount.objects.get(user=user).uid == person["sub"]
    assert user.display_name == person["name"]
    assert EmailAddress.objects.get(user=user, email=person["email"]).verified
    assert Profile.objects.filter(user=user).exists()
    assert not user.has_usable_password()
    assert mailoutbox == []
    assert can_comment(client, django_capture_on_commit_callbacks)

    client.logout()
    assert through_provider(client, providers, provider).status_code == 302
    assert signed_in_user(client) == user
    assert User.objects.count() == 1


def test_the_token_exchange_went_over_http_with_the_clients_secret(client, providers):
    """The fake refuses a wrong secret or code; what allauth sent it, in order, for each provider."""
    through_provider(client, providers, "google")
    assert providers.seen == [
        ("GET", "/accounts.google.com/o/oauth2/v2/auth"),
        ("POST", "/oauth2.googleapis.com/token"),
    ]
    providers.seen.clear()
    client.logout()
    through_provider(client, providers, "linkedin")
    assert [path for _, path in providers.seen] == [
        "/oidc/.well-known/openid-configuration",
        "/oidc/authorize",
        "/oidc/.well-known/openid-configuration",
        "/oidc/token",
        "/oidc/userinfo",
    ]


@pytest.mark.usefixtures("no_posting_guards")
@pytest.mark.parametrize(
    "provider, person",
    [("facebook", FACEBOOK_PERSON), ("linkedin", OIDC_PERSON | {"email_verified": False})],
    ids=["facebook", "oidc-unverified"],
)
def test_an_address_the_provider_does_not_vouch_for_is_confirmed_by_mail_first(
    client, providers, provider, person, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = through_provider(client, providers, provider, person)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert signed_in_user(client) is None
    user = User.objects.get(email=person["email"])
    assert not EmailAddress.objects.get(user=user).verified
    page = client.get(response["Location"]).content.decode()
    assert "sent" in page.lower()

    confirm_by_mail(client, mailoutbox, person["email"])
    assert signed_in_user(client) == user
    assert EmailAddress.objects.get(user=user).verified
    assert can_comment(client, django_capture_on_commit_callbacks)

    client.logout()
    with django_capture_on_commit_callbacks(execute=True):
        through_provider(client, providers, provider, person)
    assert signed_in_user(client) == user
    assert len(mailoutbox) == 1


@pytest.mark.usefixtures("no_posting_guards")
@pytest.mark.parametrize(
    "provider, person, name",
    [
        ("facebook", {k: v for k, v in FACEBOOK_PERSON.items() if k != "email"}, "Facebook"),
        ("linkedin", {"sub": "li-9", "name": "No Mail"}, "LinkedIn"),
    ],
)
def test_a_provider_that_gives_no_address_asks_for_one_and_says_why(
    client, providers, provider, person, name, mailoutbox, django_capture_on_commit_callbacks
):
    response = through_provider(client, providers, provider, person)
    assert response.status_code == 302
    assert response["Location"] == reverse("socialaccount_signup")
    page = " ".join(client.get(response["Location"]).content.decode().split())
    assert f"{name} did not give us an e-mail address" in page
    assert "Commenting needs an address we have confirmed" in page
    assert page.count("<h1") == 1
    assert signed_in_user(client) is None and not User.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("socialaccount_signup"), {"email": "typed@example.com", "username": "typed"}
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    confirm_by_mail(client, mailoutbox, "typed@example.com")
    user = signed_in_user(client)
    assert user.socialaccount_set.get().uid == (person.get("sub") or person["id"])
    assert EmailAddress.objects.get(user=user, email="typed@example.com").verified
    assert can_comment(client, django_capture_on_commit_callbacks)


def test_an_address_that_already_has_an_account_takes_nobody_over(
    client, providers, mailoutbox, django_capture_on_commit_callbacks
):
    """SOCIALACCOUNT_EMAIL_AUTHENTICATION is off: the provider's word does not open someone's account.

    allauth answers as for any new address (the address's owner is not revealed to whoever signs up)
    and tells the owner by mail instead.
    """
    owner = verified(UserFactory(email=GOOGLE_PERSON["email"]))
    with django_capture_on_commit_callbacks(execute=True):
        response = through_provider(client, providers, "google")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert signed_in_user(client) is None
    assert User.objects.get() == owner
    assert not SocialAccount.objects.exists()
    (message,) = mailoutbox
    assert message.to == [owner.email] and "Account already exists" in message.subject


def test_a_signed_in_reader_connects_a_provider_from_their_settings(client, providers):
    owner = verified(UserFactory(email=GOOGLE_PERSON["email"]))
    client.post(reverse("account_login"), {"login": owner.username, "password": "correct horse battery"})
    assert LOGIN_URLS["google"] in client.get(reverse("socialaccount_connections")).content.decode()
    providers.person = GOOGLE_PERSON
    response = client.post(LOGIN_URLS["google"], {"process": "connect"})
    back = urlsplit(providers.consent(response["Location"]))
    response = client.get(f"{back.path}?{back.query}")
    # Connecting a way in is a sensitive change: allauth asks for the password again, then carries on.
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_reauthenticate"))
    assert not SocialAccount.objects.exists()
    response = client.post(response["Location"], {"password": "correct horse battery"})
    assert response.status_code == 302 and response["Location"] == reverse("socialaccount_connections")
    assert SocialAccount.objects.get().user == owner

    client.logout()
    through_provider(client, providers, "google")
    assert signed_in_user(client) == owner


def test_a_reader_who_says_no_at_the_provider_is_told_so(client, providers):
    response = client.post(LOGIN_URLS["google"], {"process": "login"})
    state = parse_qs(urlsplit(response["Location"]).query)["state"][0]
    response = client.get(reverse("google_callback"), {"error": "access_denied", "state": state}, follow=True)
    assert response.status_code == 200
    assert "cancel" in response.content.decode().lower()
    assert signed_in_user(client) is None and not User.objects.exists()


@pytest.mark.parametrize("failing", ["/oauth2.googleapis.com/token", "/graph.facebook.com/v19.0/me"])
def test_a_provider_having_a_bad_day_gives_an_error_page_not_a_500(client, providers, failing):
    providers.failing.add(failing)
    response = through_provider(client, providers, "google" if "google" in failing else "facebook")
    assert response.status_code in (200, 400, 401)
    assert response.content.decode().count("<h1") == 1
    assert signed_in_user(client) is None and not User.objects.exists()


def test_a_wrong_secret_is_refused_by_the_provider_and_signs_nobody_in(client, providers, settings):
    settings.SOCIALACCOUNT_PROVIDERS["google"]["APPS"][0]["secret"] = "not-the-secret"
    response = through_provider(client, providers, "google")
    assert response.status_code in (200, 400, 401)
    assert signed_in_user(client) is None and not User.objects.exists()


def test_a_forged_state_signs_nobody_in(client, providers):
    providers.person = GOOGLE_PERSON
    response = client.post(LOGIN_URLS["google"], {"process": "login"})
    back = urlsplit(providers.consent(response["Location"]))
    forged = parse_qs(back.query)["code"][0]
    response = client.get(reverse("google_callback"), {"code": forged, "state": "forged"})
    assert response.status_code == 401
    assert response.content.decode().count("<h1") == 1
    assert signed_in_user(client) is None and not User.objects.exists()


def test_a_provider_configured_in_the_admin_works_too(client, fake_provider, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {}
    app = SocialApp.objects.create(
        provider="google", name="Google", client_id=CLIENTS["google"][0], secret=CLIENTS["google"][1]
    )
    app.sites.add(Site.objects.get_current())
    assert "Google" in client.get(reverse("account_login")).content.decode()
    assert through_provider(client, fake_provider, "google")["Location"] == "/"
    assert signed_in_user(client).email == GOOGLE_PERSON["email"]


def test_the_sign_in_page_lists_the_configured_providers(client, providers):
    html = client.get(reverse("account_login")).content.decode()
    assert "Google" in html and "Facebook" in html and "LinkedIn" in html


def test_the_sign_in_page_offers_no_provider_when_none_is_configured(client):
    html = client.get(reverse("account_login")).content.decode()
    assert "Google" not in html and "/accounts/google/" not in html


def test_a_provider_without_both_credentials_is_not_offered(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = providers_from_env(
        {"GOOGLE_CLIENT_ID": "g-id", "GOOGLE_CLIENT_SECRET": "g-secret", "FACEBOOK_CLIENT_ID": "f-id"}
    )
    html = client.get(reverse("account_login")).content.decode()
    assert "Google" in html and "Facebook" not in html
    assert client.get(LOGIN_URLS["facebook"]).status_code == 404


def test_provider_link_asks_to_continue_with_a_post_form(client, providers):
    response = client.get(LOGIN_URLS["google"])
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert 'method="post"' in html
    assert "style=" not in html


def test_an_openid_connect_server_may_receive_the_sign_in_redirect():
    origins = provider_form_action_origins({"OIDC_SERVER_URL": "https://www.linkedin.com/oauth"})
    assert origins == ["https://accounts.google.com", "https://www.facebook.com", "https://www.linkedin.com"]
    for no_origin in ("www.linkedin.com/oauth", "javascript:alert(1)", ""):
        assert len(provider_form_action_origins({"OIDC_SERVER_URL": no_origin})) == 2
