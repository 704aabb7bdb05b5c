"""Debian's Chromium driven by Playwright against pytest-django's live server (browser tests).

Browser test modules set `pytestmark = BROWSER_MARKS`, so `make e2e` finds them with `-m browser` and
they skip where Chromium is missing. The `chromium`, `browser` and `open_page` fixtures live in
tests/conftest.py.

The tests drive Debian's chromium-headless-shell where it is installed (`.ci/run` installs it): the
same Blink as /usr/bin/chromium without the desktop browser around it, as Playwright's own headless
runs use. It costs Chromium half the CPU time (measured over the PostgreSQL suite: 72 CPU seconds
against 155), on a suite that is CPU-bound on two cores. Without it the tests run in /usr/bin/chromium.
"""

from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.test import Client

FULL_CHROMIUM = Path("/usr/bin/chromium")
HEADLESS_SHELL = Path("/usr/bin/chromium-headless-shell")
CHROMIUM = HEADLESS_SHELL if HEADLESS_SHELL.exists() else FULL_CHROMIUM
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="needs Debian's Chromium: apt-get install chromium chromium-headless-shell",
    ),
    # The live server needs committed rows; staff() re-creates the role groups the flush removes.
    pytest.mark.django_db(transaction=True),
]


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


def watched_page(browser, live_server, user=None, **options):
    """A page in a fresh browser context, signed in as `user` when given, that records dialogs
    (dismissing them), 5xx responses and script errors. Returns (context, page, watch)."""
    context = browser.new_context(**options)
    if user is not None:
        context.add_cookies([session_cookie(user, live_server)])
    page = context.new_page()
    watch = Watch()

    def on_dialog(dialog):
        watch.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def on_response(response):
        if response.status >= 500:
            watch.server_errors.append(f"{response.status} {response.url}")

    page.on("dialog", on_dialog)
    page.on("response", on_response)
    page.on("pageerror", lambda error: watch.page_errors.append(str(error)))
    return context, page, watch
