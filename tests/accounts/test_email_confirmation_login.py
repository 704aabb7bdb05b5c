"""Confirming the address signs the new reader in (issue 23, part 2), in the browser that signed up."""

import re

import pytest
from django.test import Client

from accounts.models import User
from tests.factories import sign_up

pytestmark = pytest.mark.django_db


def sign_up_for_the_link(client, mailoutbox, capture) -> str:
    """Sign up through the form; the confirmation link's path from the mail."""
    sign_up(client, capture)
    [mail] = mailoutbox
    return re.search(r"https?://testserver(/\S+)", mail.body).group(1)


def test_email_confirmation_signs_in_the_reader_who_signed_up(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    confirm_path = sign_up_for_the_link(client, mailoutbox, django_capture_on_commit_callbacks)
    assert not client.get("/").wsgi_request.user.is_authenticated

    assert client.get(confirm_path).status_code == 200  # the page with the Confirm button
    response = client.post(confirm_path)
    assert response.status_code == 302

    user = User.objects.get(username="newreader")
    assert user.emailaddress_set.get().verified
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get("/").wsgi_request.user == user


def test_email_confirmation_in_another_browser_verifies_but_signs_nobody_in(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    confirm_path = sign_up_for_the_link(client, mailoutbox, django_capture_on_commit_callbacks)
    elsewhere = Client()
    assert elsewhere.post(confirm_path).status_code == 302
    assert User.objects.get(username="newreader").emailaddress_set.get().verified
    assert "_auth_user_id" not in elsewhere.session
    assert not elsewhere.get("/").wsgi_request.user.is_authenticated
