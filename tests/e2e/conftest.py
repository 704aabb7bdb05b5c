"""Shared browser fixtures: Debian's Chromium through Playwright against pytest-django's live server.

Tests that use them mark themselves with `browser_marks` (see BROWSER_MARKS) so `make e2e` finds them
with `-m browser` and they skip where /usr/bin/chromium is missing.
"""

from dataclasses import dataclass, field

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.test import Client

from tests.browser import BROWSER_MARKS  # noqa: F401  (re-exported for the browser test modules)
from tests.roles import ensure_roles


def verified(user):
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


def staff(user, group: str):
    """A member of `group` with the TOTP authenticator that staff pages insist on."""
    ensure_roles()
    user.groups.add(Group.objects.get(name=group))
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "unused-in-tests"})
    return user


@dataclass
class Watch:
    """What a page did that a test must never see: dialogs, server errors, script errors."""

    dialogs: list[str] = field(default_factory=list)
    server_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)

    def assert_clean(self):
        assert self.dialogs == [], f"a dialog opened: {self.dialogs[:3]}"
        assert self.server_errors == [], f"server errors: {self.server_errors[:3]}"
        assert self.page_errors == [], f"script errors: {self.page_errors[:3]}"


def session_cookie(user, live_server) -> dict:
    """A signed-in session for `user`, as the cookie a browser would hold (skips the 2FA step)."""
    client = Client()
    client.force_login(user)
    morsel = client.cookies["sessionid"]
    return {"name": "sessionid", "value": morsel.value, "url": live_server.url}


@pytest.fixture
def open_page(browser, live_server):
    """open_page(user=None, **context_options) -> (page, watch): a fresh browser context, signed in as
    `user` when given, that records dialogs (dismissing them) and 5xx responses."""

    def _open(user=None, **options):
        context = browser.new_context(**options)
        if user is not None:
            context.add_cookies([session_cookie(user, live_server)])
        page = context.new_page()
        watch = Watch()

        def on_dialog(dialog):
            watch.dialogs.append(f"{dialog.type}: {dialog.message}")
            dialog.dismiss()

        page.on("dialog", on_dialog)
        page.on(
            "response",
            lambda response: (
                watch.server_errors.append(f"{response.status} {response.url}")
                if response.status >= 500
                else None
            ),
        )
        page.on("pageerror", lambda error: watch.page_errors.append(str(error)))
        return page, watch

    return _open
