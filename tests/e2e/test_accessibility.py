"""axe-core over every page: each route the URL resolver lists (tests/urlmap.py), its parameters filled
from the demo data, for each role, in the light and then the dark colour scheme. No serious or critical
violation, and no server error, script error or dialog on any page.

The dark scheme changes colours only, so its run checks axe's colour rules (COLOUR_RULES) on the page
the light run checked in full. The sweep runs on PostgreSQL, the production database: markup and colour
do not depend on the database, and the suite's time is better spent elsewhere than sweeping twice.

A role that may not see a page gets the page it is shown instead (the sign-in form, a 403, a 404): that
page is swept too. A new route is swept as soon as it exists; one with parameters fails
test_every_route_is_swept_or_excluded until tests/urlmap.py fills them or excludes it with a reason.
"""

import time
from functools import cache
from pathlib import Path

import axe_playwright_python
import pytest
from django.test import Client
from django.urls import reverse

from tests import urlmap
from tests.browser import BROWSER_MARKS
from tests.factories import UserFactory, staff, verified

BLOCKING = {"serious", "critical"}
ROLES = ["visitor", "reader", "editor", "moderator"]
SCHEMES = ["light", "dark"]
# Every rule axe runs by default. (Limiting the run to the tags wcag2a, wcag2aa, wcag21a, wcag21aa and
# best-practice runs the same 90 rules in axe-core 4.12, no faster.) Only violations come back.
AXE_OPTIONS = {"resultTypes": ["violations"]}
# The rules whose answer can change with the colour scheme: text contrast and links told apart by colour.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
DARK_OPTIONS = {**AXE_OPTIONS, "runOnly": {"type": "rule", "values": COLOUR_RULES}}

# A page's structure and words: tags, classes and text, not attribute values such as a form's `next`
# or CSRF token. Pages alike in all of these (the sign-in form a dozen addresses send a visitor to, the
# same 403 page) are checked by axe once per role; each is still visited and watched for errors.
FINGERPRINT = """() => document.title + [...document.body.querySelectorAll('*')].map(el =>
    el.tagName + '.' + el.getAttribute('class') + (el.childElementCount ? '' : ':' + el.textContent.trim())
).join('|')"""


def browser_test(function):
    for mark in reversed(BROWSER_MARKS):
        function = mark(function)
    return function


@cache
def axe_source() -> str:
    """axe-core as axe-playwright-python ships it. Added to each context as an init script, it loads
    with every page: Axe().run() sends the 500 kB script again with each call (0.4 s against 0.06 s for
    a small page)."""
    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()


def axe_page(open_page, user=None):
    page, watch = open_page(user)
    page.context.add_init_script(script=axe_source())
    return page, watch


def blocking_violations(page, label: str, options=AXE_OPTIONS) -> list[str]:
    """ "label [impact] rule: help -> selectors" for each serious or critical violation on the page."""
    results = page.evaluate("options => axe.run(document, options)", options)
    lines = []
    for violation in results["violations"]:
        if violation["impact"] not in BLOCKING:
            continue
        targets = [" ".join(map(str, node["target"])) or "?" for node in violation["nodes"]]
        more = f" (+{len(targets) - 5} more)" if len(targets) > 5 else ""
        lines.append(
            f"{label} [{violation['impact']}] {violation['id']}: {violation['help']} -> "
            + "; ".join(targets[:5])
            + more
        )
    return lines


def switch_scheme(page, scheme: str) -> None:
    """Switch the colour scheme without a reload, and let any CSS transition it starts finish, so axe
    reads the final colours."""
    page.emulate_media(color_scheme=scheme)
    page.evaluate(
        """() => Promise.all(document.getAnimations()
            .filter(a => a.effect && a.effect.getTiming().iterations !== Infinity)
            .map(a => a.finished.catch(() => null)))"""
    )


# --- The route list -----------------------------------------------------------------------------


def test_every_route_is_swept_or_excluded():
    routes = urlmap.resolver_routes()
    keys = [route.key for route in routes]
    shared = sorted({key for key in keys if keys.count(key) > 1})
    assert shared == [], f"routes sharing a name: {shared}"
    undecided = [
        f"{route.key} ({route.pattern})"
        for route in routes
        if urlmap.excluded_reason(route) is None and route.has_parameters and route.key not in urlmap.FILLERS
    ]
    assert undecided == [], (
        "routes with parameters the axe sweep cannot fill: give each a filler in tests/urlmap.py FILLERS, "
        "or name it in EXCLUDED with the reason:\n" + "\n".join(undecided)
    )
    named = {*urlmap.EXCLUDED, *urlmap.FILLERS, *urlmap.QUERIES, *urlmap.VISITED_LAST}
    gone = named - set(keys) - urlmap.CONDITIONAL_ROUTES
    assert gone == set(), f"tests/urlmap.py names routes the resolver no longer lists: {sorted(gone)}"
    assert set(urlmap.EXCLUDED) & set(urlmap.FILLERS) == set()
    assert all(reason.strip() for reason in [*urlmap.EXCLUDED.values(), *urlmap.EXCLUDED_NAMESPACES.values()])
    swept = urlmap.swept_routes()
    print(f"\n{len(routes)} routes: {len(swept)} swept, {len(routes) - len(swept)} excluded")


@pytest.mark.django_db
def test_post_only_exclusions_refuse_get():
    """A route excluded as POST only answers GET with 405: no page hides behind that reason."""
    client = Client()
    client.force_login(UserFactory())  # past login_required, which some views check before the method
    answers = {
        route.key: client.get(reverse(route.key, kwargs=route.sample_kwargs())).status_code
        for route in urlmap.resolver_routes()
        if urlmap.EXCLUDED.get(route.key, "").startswith(urlmap.POST_ONLY)
    }
    assert answers
    assert {key: status for key, status in answers.items() if status != 405} == {}


# --- The sweep ----------------------------------------------------------------------------------


@browser_test
@pytest.mark.parametrize("role", ROLES)
def test_axe_sweep_of_every_page(on_postgres, open_page, live_server, role, record_property):
    started = time.perf_counter()
    demo = urlmap.seed()
    seeded = time.perf_counter() - started
    user = demo.users.get(role)
    page, watch = axe_page(open_page, user)
    if user is not None:
        session_key = next(c["value"] for c in page.context.cookies() if c["name"] == "sessionid")
        urlmap.record_fresh_sign_in(session_key, user)

    found, problems, checked = [], [], set()
    visits = axe_runs = 0
    axe_seconds = 0.0
    for key, path in urlmap.sweep_paths(demo, user):
        page.emulate_media(color_scheme="light")
        response = page.goto(live_server.url + path)
        visits += 1
        shown = page.url.removeprefix(live_server.url)
        where = path if shown == path else f"{path} -> {shown}"
        content_type = response.headers.get("content-type", "") if response else ""
        if response is None or response.status == 405 or not content_type.startswith("text/html"):
            answer = f"{response.status} {content_type}" if response else "no response"
            problems.append(f"{role} {where}: answers {answer}, not a page: exclude {key} (tests/urlmap.py)?")
            continue
        fingerprint = (response.status, page.evaluate(FINGERPRINT))
        if fingerprint in checked:
            continue
        checked.add(fingerprint)
        axe_started = time.perf_counter()
        found += blocking_violations(page, f"{role} light {where}")
        switch_scheme(page, "dark")
        found += blocking_violations(page, f"{role} dark {where}", DARK_OPTIONS)
        axe_runs += 2
        axe_seconds += time.perf_counter() - axe_started

    swept = len(urlmap.swept_routes())
    elapsed = time.perf_counter() - started
    summary = (
        f"{role}: {swept} routes swept, {visits} pages visited, {len(checked)} distinct pages, "
        f"{axe_runs} axe runs; {elapsed:.1f} s (seeding {seeded:.1f} s, axe {axe_seconds:.1f} s)"
    )
    print("\n" + summary)
    record_property("axe_sweep", summary)
    problems += [f"{role} server error: {error}" for error in watch.server_errors]
    problems += [f"{role} script error: {error}" for error in watch.page_errors]
    problems += [f"{role} dialog: {dialog}" for dialog in watch.dialogs]
    report = found + problems
    assert report == [], (
        f"{summary}\n{len(found)} serious or critical axe violations, {len(problems)} other problems:\n"
        + "\n".join(report)
    )


# --- States no GET shows ------------------------------------------------------------------------


def assert_no_violations_in_either_scheme(page, watch, label: str) -> None:
    """The page as it stands, checked in full in each colour scheme (`label` has a {scheme} slot)."""
    found = []
    for scheme in SCHEMES:
        switch_scheme(page, scheme)
        found += blocking_violations(page, label.format(scheme=scheme))
    assert found == [], "\n".join(found)
    watch.assert_clean()


@browser_test
@pytest.mark.usefixtures("no_posting_guards")
def test_ask_form_errors_have_no_serious_or_critical_violations(open_page, live_server):
    """The ask form sent empty shows its messages next to the fields, in both colour schemes."""
    page, watch = axe_page(open_page)
    page.goto(live_server.url + "/ask/")
    page.click("form.ask-form button[type=submit]")
    page.wait_for_selector(".errorlist")
    assert_no_violations_in_either_scheme(page, watch, "visitor {scheme} /ask/ (sent empty)")


@browser_test
def test_two_factor_step_of_staff_sign_in_has_no_serious_or_critical_violations(open_page, live_server):
    """The code form staff get after their password (allauth's mfa_authenticate): the sweep reaches that
    address only without a sign-in under way, and is sent to the sign-in form."""
    staff(verified(UserFactory(username="edith")), "Editors")
    page, watch = axe_page(open_page)
    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=login]", "edith")
    page.fill("input[name=password]", "correct horse battery")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/accounts/2fa/authenticate/")
    assert_no_violations_in_either_scheme(
        page, watch, "visitor {scheme} /accounts/2fa/authenticate/ (signing in)"
    )
