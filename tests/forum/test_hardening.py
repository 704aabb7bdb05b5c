import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils.csp import CSP

from forum.checks import check_content_security_policy
from tests.factories import UserFactory

STRICT = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF, "https://accounts.google.com", "https://www.facebook.com"],
}


def _csp_error_ids(settings, policy) -> set[str]:
    settings.SECURE_CSP = policy
    return {error.id for error in check_content_security_policy(None)}


def test_csp_check_passes_on_project_settings():
    assert check_content_security_policy(None) == []


def test_csp_check_passes_on_a_strict_policy(settings):
    assert _csp_error_ids(settings, STRICT) == set()


@pytest.mark.parametrize(
    ("directive", "sources", "error_id"),
    [
        ("script-src", [CSP.SELF, CSP.UNSAFE_INLINE], "forum.E004"),
        ("style-src", [CSP.SELF, CSP.UNSAFE_INLINE], "forum.E004"),
        ("script-src", [CSP.SELF, CSP.UNSAFE_EVAL], "forum.E004"),
        ("default-src", ["*"], "forum.E004"),
        ("script-src", ["https:"], "forum.E004"),
        ("object-src", [CSP.SELF], "forum.E002"),
        ("base-uri", [CSP.SELF], "forum.E002"),
        ("frame-ancestors", [CSP.SELF, "https://framer.example"], "forum.E002"),
        ("form-action", ["*"], "forum.E002"),
        ("form-action", [CSP.SELF, "https://accounts.google.com", "https://elsewhere.example"], "forum.E002"),
    ],
)
def test_csp_check_fails_on_a_loosened_directive(settings, directive, sources, error_id):
    assert error_id in _csp_error_ids(settings, {**STRICT, directive: sources})


@pytest.mark.parametrize("directive", ["object-src", "base-uri", "frame-ancestors", "form-action"])
def test_csp_check_fails_when_a_required_directive_is_missing(settings, directive):
    policy = {name: sources for name, sources in STRICT.items() if name != directive}
    assert "forum.E002" in _csp_error_ids(settings, policy)


def test_csp_check_fails_without_a_policy_or_its_middleware(settings):
    assert _csp_error_ids(settings, {}) == {"forum.E001"}
    settings.MIDDLEWARE = [
        m for m in settings.MIDDLEWARE if not m.endswith("ContentSecurityPolicyMiddleware")
    ]
    assert _csp_error_ids(settings, STRICT) == {"forum.E005"}


def test_csp_check_runs_with_manage_py_check(settings):
    from django.core.checks import run_checks

    settings.SECURE_CSP = {**STRICT, "script-src": [CSP.UNSAFE_INLINE]}
    assert "forum.E004" in {message.id for message in run_checks()}


def _directives(header: str) -> dict[str, list[str]]:
    parts = (part.split() for part in header.split(";") if part.strip())
    return {words[0]: words[1:] for words in parts}


@pytest.mark.parametrize("url", ["/", "/ask/", "/healthz", "/no-such-page/"])
def test_responses_carry_the_security_headers_with_debug_off(client, db, url):
    assert settings.DEBUG is False
    response = client.get(url, secure=True)
    csp = _directives(response["Content-Security-Policy"])
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    # Our own pages, and the sign-in providers' pages a provider's button redirects to.
    assert csp["form-action"] == ["'self'", "https://accounts.google.com", "https://www.facebook.com"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


TEMPLATES = Path(settings.BASE_DIR) / "templates"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|\sstyle=", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"(href|src|action)\s*=\s*[\"']?\s*javascript:", re.IGNORECASE)


@pytest.mark.parametrize(
    "template", sorted(TEMPLATES.rglob("*.html")), ids=lambda path: str(path.relative_to(TEMPLATES))
)
def test_templates_hold_no_inline_code_the_csp_would_block(template):
    # The CSP has no 'unsafe-inline' and no nonce is handed out, so inline code would silently break.
    text = template.read_text()
    for pattern in (INLINE_SCRIPT, INLINE_STYLE, EVENT_HANDLER, JAVASCRIPT_URL):
        assert not pattern.search(text), f"{pattern.pattern} in {template}"


def test_csrf_cookie_is_secure_with_debug_off(db):
    response = Client().get(reverse("posts:ask"), secure=True)
    cookie = response.cookies[settings.CSRF_COOKIE_NAME]
    assert cookie["secure"] is True
    assert cookie["samesite"] == "Lax"


def _verified_user():
    user = UserFactory()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def test_session_cookie_is_secure_and_http_only_after_sign_in(db):
    user = _verified_user()
    response = Client().post(
        reverse("account_login"), {"login": user.username, "password": "correct horse battery"}, secure=True
    )
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["secure"] is True
    assert cookie["httponly"] is True


OFF_SITE = [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "https:evil.example",
    "javascript:alert(1)",
    " //evil.example/",
]


def _stays_on_site(response) -> bool:
    location = response.headers.get("Location", "")
    parts = urlsplit(location)
    return not parts.netloc and parts.scheme in ("", "https") and not location.startswith(("//", "/\\"))


@pytest.mark.parametrize("target", OFF_SITE)
def test_sign_in_never_redirects_off_site(db, target):
    user = _verified_user()
    response = Client().post(
        f"{reverse('account_login')}?next={target}",
        {"login": user.username, "password": "correct horse battery", "next": target},
        secure=True,
    )
    assert response.status_code == 302
    assert _stays_on_site(response), response["Location"]


@pytest.mark.parametrize("target", OFF_SITE)
def test_sign_out_never_redirects_off_site(db, target):
    client = Client()
    client.force_login(UserFactory())
    response = client.post(reverse("account_logout"), {"next": target}, secure=True)
    assert response.status_code == 302
    assert _stays_on_site(response), response["Location"]


@pytest.mark.parametrize("target", OFF_SITE)
def test_admin_sign_in_never_redirects_off_site(db, target):
    staff = UserFactory(is_staff=True, is_superuser=True)
    response = Client().post(
        f"{reverse('admin:login')}?next={target}",
        {"username": staff.username, "password": "correct horse battery", "next": target},
        secure=True,
    )
    if response.status_code == 302:
        assert _stays_on_site(response), response["Location"]


# --- Cookies and static files (issue 27) --------------------------------------------------------


def test_the_csrf_cookie_is_http_only_as_no_script_reads_it(db):
    cookie = Client().get(reverse("posts:ask"), secure=True).cookies[settings.CSRF_COOKIE_NAME]
    assert cookie["httponly"] is True
    js = "".join(path.read_text() for path in (Path(settings.BASE_DIR) / "static" / "js").glob("*.js"))
    assert "csrftoken" not in js and "document.cookie" not in js


def test_messages_ride_in_the_session_and_set_no_cookie(db, post, settings):
    settings.COMMENTS_MIN_FILL_SECONDS = 0
    response = Client().post(f"/comments/post/{post.pk}/", {"body": "A first comment, held."}, secure=True)
    assert response.status_code == 302
    assert "messages" not in response.cookies
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert (session["httponly"], session["secure"], session["samesite"]) == (True, True, "Lax")


def test_our_own_cookies_are_http_only_secure_and_lax(db, post, settings):
    settings.COMMENTS_MIN_FILL_SECONDS = 0
    client = Client()
    data = {
        "body": "Remember me.",
        "author_name": "Wren",
        "author_email": "w@example.com",
        "remember_author": "on",
    }
    commenter = client.post(f"/comments/post/{post.pk}/", data, secure=True).cookies["commenter"]
    from posts.polls import poll_save

    poll = poll_save(post=post, question="", options=["A", "B"])
    voter = client.post(f"/poll/{poll.pk}/vote/", {"option": poll.options.first().pk}, secure=True).cookies[
        "voter"
    ]
    for cookie in (commenter, voter):
        assert (cookie["httponly"], cookie["secure"], cookie["samesite"]) == (True, True, "Lax")


@pytest.mark.parametrize(
    ("name", "value", "error_id"),
    [
        ("CSRF_COOKIE_HTTPONLY", False, "forum.E006"),
        ("MESSAGE_STORAGE", "django.contrib.messages.storage.cookie.CookieStorage", "forum.E007"),
        ("MESSAGE_STORAGE", "django.contrib.messages.storage.fallback.FallbackStorage", "forum.E007"),
        ("SESSION_COOKIE_SAMESITE", "None", "forum.E008"),
    ],
)
def test_check_deploy_refuses_a_loosened_cookie(settings, name, value, error_id):
    from django.core.checks import run_checks

    assert not [
        m
        for m in run_checks(include_deployment_checks=True, tags=["security"])
        if m.id.startswith("forum.E00")
    ]
    setattr(settings, name, value)
    assert error_id in {m.id for m in run_checks(include_deployment_checks=True, tags=["security"])}


def test_static_files_carry_the_pages_security_headers(rf, settings):
    from whitenoise.middleware import WhiteNoiseMiddleware

    settings.WHITENOISE_USE_FINDERS = True  # serve from the app folders: a test run collects nothing
    middleware = WhiteNoiseMiddleware(get_response=lambda request: None)
    response = middleware(rf.get("/static/favicon.svg"))
    assert response.status_code == 200
    csp = _directives(response["Content-Security-Policy"])
    assert csp["default-src"] == ["'none'"] and "sandbox" in csp and csp["frame-ancestors"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
