def test_home_page_has_layout_landmarks_and_one_h1(client, db):
    body = client.get("/").content.decode()
    for landmark in ("<header", "<nav", "<main", "<footer"):
        assert landmark in body
    assert body.count("<h1") == 1
    assert 'href="/ask/"' in body
    assert 'name="q"' in body
    assert "Sign in" in body


def test_pages_carry_no_inline_script_and_a_content_security_policy(client, db):
    response = client.get("/")
    assert "<script>" not in response.content.decode()
    csp = response.headers["Content-Security-Policy"]
    assert "object-src 'none'" in csp
    assert "frame-ancestors 'none'" in csp


def test_signed_in_reader_sees_their_name_in_navigation(client, django_user_model):
    user = django_user_model.objects.create_user(
        "nora", "nora@example.com", "pw-long-enough-1", display_name="Nora B"
    )
    client.force_login(user)
    assert "Nora B" in client.get("/").content.decode()


def test_database_outage_during_a_request_becomes_a_503_with_retry_after(client, db, monkeypatch):
    from django.db import OperationalError

    from posts import views

    def lost(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(views, "render", lost)
    response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "Temporarily unavailable" in response.content.decode()
