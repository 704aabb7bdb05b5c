import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.contrib.auth.models import Group
from django.urls import reverse

from tests.factories import UserFactory, verified

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.fixture
def editor_without_mfa():
    user = verified(UserFactory())
    user.groups.add(Group.objects.get_or_create(name="Editors")[0])
    return user


@pytest.mark.parametrize("path", ["/admin/", "/moderation/", "/moderation/queue/", "/editor/inbox/"])
def test_staff_without_mfa_are_sent_to_set_it_up(client, path):
    client.force_login(verified(UserFactory(is_staff=True)))
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


@pytest.mark.parametrize("group", ["Editors", "Moderators"])
def test_group_members_without_mfa_are_sent_to_set_it_up(client, group):
    user = verified(UserFactory())
    user.groups.add(Group.objects.get_or_create(name=group)[0])
    client.force_login(user)
    response = client.post("/moderation/anything/", {})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_staff_with_totp_reach_staff_pages(client):
    user = verified(UserFactory(is_staff=True, is_superuser=True))
    TOTP.activate(user, generate_totp_secret())
    client.force_login(user)
    assert client.get("/admin/").status_code == 200


def test_readers_are_not_asked_for_mfa(client):
    client.force_login(verified(UserFactory()))
    response = client.get("/users/settings/")
    assert response.status_code == 200
    # A non-staff reader on a staff path gets whatever that page answers, never the MFA detour.
    assert client.get("/moderation/").get("Location") != reverse("mfa_activate_totp")


def test_the_admin_login_form_goes_through_allauth(client):
    response = client.get("/admin/login/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_editor_sets_up_totp_then_reaches_staff_pages(client, editor_without_mfa):
    editor = editor_without_mfa
    response = client.post(reverse("account_login"), {"login": editor.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/moderation/")["Location"] == reverse("mfa_activate_totp")

    response = client.get(reverse("mfa_activate_totp"))
    if response.status_code == 302:  # allauth asks for the password again before adding a factor
        assert response["Location"].startswith(reverse("account_reauthenticate"))
        response = client.post(response["Location"], {"password": PASSWORD})
        assert response.status_code == 302
        response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "style=" not in html
    secret = client.session["mfa.totp.secret"]
    response = client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=editor, type=Authenticator.Type.TOTP).exists()
    assert Authenticator.objects.filter(user=editor, type=Authenticator.Type.RECOVERY_CODES).exists()
    assert client.get("/moderation/").get("Location") != reverse("mfa_activate_totp")


def test_login_with_totp_asks_for_the_code(client):
    user = verified(UserFactory())
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    response = client.post(reverse("account_login"), {"login": user.username, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    page = client.get(reverse("mfa_authenticate"))
    assert page.content.decode().count("<h1") == 1
    response = client.post(
        reverse("mfa_authenticate"), {"code": "000000" if current_code(secret) != "000000" else "111111"}
    )
    assert "_auth_user_id" not in client.session
    response = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
