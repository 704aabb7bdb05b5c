"""Signing in with Google in a real browser: the button's form, the redirect to the provider (which the
page's CSP form-action must allow), the provider's answer and the way back, signed in."""

import requests
from allauth.socialaccount.models import SocialApp
from django.contrib.sites.models import Site

from tests.accounts.fake_provider import CLIENTS
from tests.browser import BROWSER_MARKS, FULL_CHROMIUM

pytestmark = BROWSER_MARKS
# The desktop Chromium, not the headless shell: in the shell Playwright's routing never sees the
# redirect from our "Continue" form to accounts.google.com, and the browser looks the name up instead.
CHROMIUM_EXECUTABLE = FULL_CHROMIUM


def test_a_reader_signs_in_with_google(open_page, live_server, fake_provider):
    app = SocialApp.objects.create(
        provider="google", name="Google", client_id=CLIENTS["google"][0], secret=CLIENTS["google"][1]
    )
    app.sites.add(Site.objects.get_current())
    fake_provider.person = {
        "sub": "4242",
        "email": "pat@example.com",
        "email_verified": True,
        "name": "Pat Page",
    }
    page, watch = open_page()
    at_google = []

    def google_answers(route):
        """The browser's request to accounts.google.com goes to the fake instead (no network here)."""
        at_google.append(route.request.url)
        answer = requests.get(fake_provider.route(route.request.url), allow_redirects=False, timeout=5)
        route.fulfill(status=answer.status_code, headers={"Location": answer.headers.get("Location", "")})

    page.route("https://accounts.google.com/**", google_answers)
    page.goto(f"{live_server.url}/accounts/login/")
    page.click("a:has-text('Google')")
    page.click("button:has-text('Continue')")
    page.wait_for_url(f"{live_server.url}/", timeout=10_000)
    assert len(at_google) == 1
    assert page.locator(".account-menu .menu-name").inner_text() == "Pat Page"
    watch.assert_clean()
