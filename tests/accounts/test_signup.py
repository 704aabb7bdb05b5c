import re

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from accounts.models import Profile, User
from tests.factories import UserFactory, verified

pytestmark = pytest.mark.django_db

PASSWORD = "a long and unusual passphrase 42"


def link_in(message) -> str:
    match = re.search(r"https?://testserver(/\S+)", message.body)
    assert match, message.body
    return match.group(1)


def sign_up(client, *, username="newreader", email="new@example.com"):
    return client.post(
        reverse("account_signup"),
        {"username": username, "email": email, "password1": PASSWORD, "password2": PASSWORD},
    )


def test_signup_mails_a_verification_link_that_verifies_the_address(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(username="newreader")
    assert Profile.objects.filter(user=user).exists()
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["new@example.com"]
    assert "Readers Write" in mailoutbox[0].subject
    assert "Readers Write" in mailoutbox[0].body  # SITE_NAME, not the django_site placeholder

    confirm_url = link_in(mailoutbox[0])
    assert client.get(confirm_url).status_code == 200
    response = client.post(confirm_url)
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified


def test_unverified_account_cannot_sign_in_until_verified(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(client)
    client.logout()
    response = client.post(reverse("account_login"), {"login": "newreader", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


def test_signup_refuses_a_reserved_username(client):
    response = sign_up(client, username="settings")
    assert response.status_code == 200
    assert not User.objects.filter(username="settings").exists()
    assert "username" in response.context["form"].errors


def test_signup_with_an_email_already_in_use_sends_no_account_and_reveals_nothing(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    existing = UserFactory(email="taken@example.com")
    EmailAddress.objects.create(user=existing, email="taken@example.com", verified=True, primary=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(client, username="someoneelse", email="taken@example.com")
    # Enumeration prevention: the same "check your inbox" answer; the owner gets a notice instead.
    assert response.status_code == 302
    assert not User.objects.filter(username="someoneelse").exists()
    assert [message.to for message in mailoutbox] == [["taken@example.com"]]


def test_signup_with_nul_bytes_is_a_form_error(client):
    response = client.post(
        reverse("account_signup"),
        {"username": "bad\x00name", "email": "x\x00@example.com", "password1": "p\x00", "password2": "p\x00"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors


def test_password_reset_end_to_end_stores_a_pbkdf2_hash(
    client, mailoutbox, django_capture_on_commit_callbacks, production_password_hasher
):
    user = verified(UserFactory(username="forgetful", email="forgetful@example.com"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": "forgetful@example.com"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    reset_url = link_in(mailoutbox[0])

    response = client.get(reset_url)
    assert response.status_code == 302  # allauth moves the key into the session
    set_password_url = response["Location"]
    new_password = "another long passphrase 77"
    response = client.post(set_password_url, {"password1": new_password, "password2": new_password})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new_password)
    assert user.password.startswith("pbkdf2_sha256$")

    response = client.post(reverse("account_login"), {"login": "forgetful", "password": new_password})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_password_reset_for_an_unknown_address_looks_the_same(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": "nobody@example.com"})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")
