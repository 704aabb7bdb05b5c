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


def _header(body: str) -> str:
    return body[body.index('<header class="site-header">') : body.index("</header>")]


def test_a_visitor_is_offered_sign_in_and_sign_up_in_the_header(client, db):
    header = _header(client.get("/").content.decode())
    assert '<a href="/accounts/login/">Sign in</a>' in header
    assert '<a class="button sign-up" href="/accounts/signup/">Sign up</a>' in header
    assert "staff-menu" not in header and "account-menu" not in header


def test_staff_links_sit_in_one_staff_menu_and_the_account_in_its_own(client, db):
    from django.contrib.auth.models import Group

    from tests.factories import UserFactory, staff, verified

    both = staff(verified(UserFactory(username="pat", display_name="Pat Q")), "Editors")
    both.groups.add(Group.objects.get(name="Moderators"))
    client.force_login(both)
    header = _header(client.get("/").content.decode())
    start = header.index('<details class="menu staff-menu">')
    staff_menu = header[start : header.index("</details>", start)]
    for link in (
        'href="/editor/"',
        'href="/editor/posts/"',
        'href="/moderation/"',
        'href="/moderation/log/"',
    ):
        assert link in staff_menu
    account_menu = header[header.index('<details class="menu account-menu">') :]
    assert '<span class="initials initials-' in account_menu and "PQ</span>" in account_menu
    assert 'href="/accounts/logout/">Sign out</a>' in account_menu
    # Readers see neither staff menu nor staff links.
    client.force_login(verified(UserFactory(username="rob")))
    header = _header(client.get("/").content.decode())
    assert "staff-menu" not in header and 'href="/editor/"' not in header


def test_a_post_page_offers_a_skip_link_to_its_comments(client, post):
    body = client.get(post.get_absolute_url()).content.decode()
    skip = body.index('<a class="skip-link" href="#comments">Skip to comments</a>')
    assert skip < body.index('<header class="site-header">')
    assert 'id="comments"' in body


def test_form_labels_carry_no_colon_and_allauth_speaks_in_sentence_case(client, db):
    body = client.get("/accounts/login/").content.decode()
    main = " ".join(body[body.index("<main") : body.index("</main>")].split())
    assert "<h1> Sign in </h1>" in main and "Sign In" not in body
    assert '<label for="id_login">Username or e-mail</label>' in body
    assert "Remember Me" not in body
