import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"


@pytest.mark.parametrize("login", ["riley", "riley@example.com", "RILEY@example.com"])
def test_login_accepts_username_or_email(client, reader, login):
    response = client.post(reverse("account_login"), {"login": login, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(reader.pk)


def test_repeated_failed_logins_are_refused_by_the_rate_limit(client, reader):
    for _ in range(5):
        response = client.post(reverse("account_login"), {"login": "riley", "password": "wrong"})
        assert response.status_code == 200
    # Even the right password is refused now, with a clear message.
    response = client.post(reverse("account_login"), {"login": "riley", "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in response.content.decode()


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "https:evil.example"])
def test_login_never_redirects_off_site(client, reader, target):
    url = reverse("account_login") + "?next=" + target
    response = client.post(url, {"login": "riley", "password": PASSWORD, "next": target})
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
    assert response["Location"] == "/"


def test_login_follows_a_local_next(client, reader):
    response = client.post(
        reverse("account_login"), {"login": "riley", "password": PASSWORD, "next": "/tags/"}
    )
    assert response["Location"] == "/tags/"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/"])
def test_logout_never_redirects_off_site(client, reader, target):
    client.force_login(reader)
    response = client.post(reverse("account_logout") + "?next=" + target, {"next": target})
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
    assert "_auth_user_id" not in client.session


def test_logout_by_get_only_asks_for_confirmation(client, reader):
    client.force_login(reader)
    response = client.get(reverse("account_logout"))
    assert response.status_code == 200
    assert "_auth_user_id" in client.session
