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
    "form-action": [CSP.SELF],
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
    assert csp["form-action"] == ["'self'"]
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
