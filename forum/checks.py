"""System checks for the security settings a public forum must not lose by accident."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.utils.csp import CSP

# Directive -> the sources it must hold exactly (the strictest useful value). form-action also holds
# the sign-in providers' origins (SOCIALACCOUNT_AUTHORIZE_ORIGINS), and nothing else.
REQUIRED_CSP = {
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
# Every script or style must come from our own origin (or carry the per-response nonce).
SOURCE_DIRECTIVES = ("default-src", "script-src", "style-src")
FORBIDDEN_SOURCES = {str(CSP.UNSAFE_INLINE), str(CSP.UNSAFE_EVAL), "*", "data:", "http:", "https:"}


def _sources(policy: dict, directive: str) -> list[str]:
    value = policy.get(directive) or []
    return [str(value)] if isinstance(value, str) else [str(source) for source in value]


@register(Tags.security, deploy=False)
def check_content_security_policy(app_configs, **kwargs) -> list[Error]:
    """Fail when SECURE_CSP allows inline code, plugins, base-tag tricks, framing or foreign form targets."""
    policy = getattr(settings, "SECURE_CSP", None)
    if not isinstance(policy, dict) or not policy:
        return [
            Error("SECURE_CSP is not set: the site would send no Content-Security-Policy.", id="forum.E001")
        ]
    errors = []
    for directive, expected in REQUIRED_CSP.items():
        if directive == "form-action":
            expected = [*expected, *getattr(settings, "SOCIALACCOUNT_AUTHORIZE_ORIGINS", [])]
        wanted, found = sorted(map(str, expected)), sorted(_sources(policy, directive))
        if found != wanted:
            errors.append(
                Error(
                    f"SECURE_CSP[{directive!r}] must be {wanted}, not {found}.",
                    id="forum.E002",
                )
            )
    if "default-src" not in policy:
        errors.append(Error("SECURE_CSP needs a 'default-src' directive.", id="forum.E003"))
    for directive in SOURCE_DIRECTIVES:
        loose = sorted(FORBIDDEN_SOURCES.intersection(_sources(policy, directive)))
        if loose:
            errors.append(
                Error(
                    f"SECURE_CSP[{directive!r}] allows {', '.join(loose)}: no inline or foreign code.",
                    id="forum.E004",
                )
            )
    middleware = "django.middleware.csp.ContentSecurityPolicyMiddleware"
    if middleware not in settings.MIDDLEWARE:
        errors.append(Error(f"{middleware} is not in MIDDLEWARE: SECURE_CSP is never sent.", id="forum.E005"))
    return errors


@register(Tags.security, deploy=True)
def check_cookies(app_configs, **kwargs) -> list[Error]:
    """Issue 27: every cookie the site sets is HttpOnly, SameSite and (with DEBUG off) Secure. Django's own
    deploy checks cover the session cookie's flags and the CSRF cookie's Secure flag; these cover the rest."""
    errors = []
    if not settings.CSRF_COOKIE_HTTPONLY:
        errors.append(Error("CSRF_COOKIE_HTTPONLY is off: no script reads the CSRF cookie.", id="forum.E006"))
    if "cookie" in settings.MESSAGE_STORAGE.lower() or settings.MESSAGE_STORAGE.endswith("FallbackStorage"):
        errors.append(
            Error("MESSAGE_STORAGE sets a `messages` cookie; keep messages in the session.", id="forum.E007")
        )
    for name in ("SESSION_COOKIE_SAMESITE", "CSRF_COOKIE_SAMESITE"):
        if getattr(settings, name) not in ("Lax", "Strict"):
            errors.append(Error(f"{name} must be Lax or Strict.", id="forum.E008"))
    return errors


@register(Tags.security, deploy=True)
def check_bench_endpoints(app_configs, **kwargs) -> list[Warning]:
    """`make bench` routes (/bench/...) answer anyone, and serve comment text; never in production."""
    if settings.BENCH_ENDPOINTS:
        return [
            Warning(
                "BENCH_ENDPOINTS is on: the /bench/ routes answer anyone. It is for `make bench` only.",
                id="forum.W001",
            )
        ]
    return []
