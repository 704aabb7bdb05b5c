"""Request helpers shared by the apps."""

import ipaddress

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def client_ip(request: HttpRequest) -> str | None:
    """The reader's IP address, or None when it is not a valid address.

    Behind TRUSTED_PROXY_HOPS proxies (a load balancer: 1), the address is the one the outermost of
    them appended to X-Forwarded-For; anything further left was written by the client and is not trusted.
    """
    address = request.META.get("REMOTE_ADDR", "")
    hops = settings.TRUSTED_PROXY_HOPS
    if hops:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= hops:
            address = forwarded[-hops]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def next_or(request: HttpRequest, fallback: str) -> str:
    """The posted form's `next` if it is a path on this site, else the fallback."""
    target = request.POST.get("next", "")
    if (
        not target.startswith("/")
        or any(ord(c) < 32 for c in target)
        or not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return fallback
    return target


def posted_one(request: HttpRequest, name: str) -> str:
    """The posted form's one value of `name` (which button was pressed); "" when none or several."""
    values = request.POST.getlist(name)
    return values[0] if len(values) == 1 else ""


def posted_choice(request: HttpRequest, name: str, choices: tuple[str, ...]) -> str:
    """posted_one, which must be one of `choices`: anything else is a 400 that says what was expected,
    and nothing is done."""
    value = posted_one(request, name)
    if value not in choices:
        raise BadRequest(f"{name}: one of {', '.join(choices)}.")
    return value
