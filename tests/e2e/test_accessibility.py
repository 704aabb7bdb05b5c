"""axe-core over every page: each route the URL resolver lists (tests/urlmap.py), its parameters filled
from the demo data, for each role, in the light and then the dark colour scheme. No serious or critical
violation, no server error on any page, and no script error or dialog on any page the browser opens.

Every rule but the colour rules (COLOUR_RULES) runs on each page the browser opens. The colour rules,
three quarters of axe's time on a page, run in the light and then the dark scheme on the elements whose
colours no page has had checked yet: an element's colours come from the stylesheet rules that match it
and its ancestors, which static/css/site.css selects by tag, class, a few attributes (STYLED) and
:target, so an element is new when its path of those marks from <body> is, told apart also by whether
it is shown and holds text (colour_marks; a test keeps the marks whole against the stylesheet). The
sweep runs on PostgreSQL, the production database: markup and colour do not depend on the database,
and the suite's time is better spent elsewhere than sweeping twice.

A role that may not see a page gets the page it is shown instead (the sign-in form, a 403, a 404): that
page is swept too. Every role fetches every page (Django's test client, sharing the browser's session);
the browser opens, and axe checks, what is new: a page whose content below the header another role
already had checked, seen under a header this role already had checked, is not opened again (a reader's
tag page is the visitor's below the header; the same markup runs the same scripts). A new route is
swept as soon as it exists; one with parameters fails test_every_route_is_swept_or_excluded until
tests/urlmap.py fills them or excludes it with a reason.
"""

import re
import time
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import axe_playwright_python
import html5lib
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
COLOUR_OPTIONS = {**AXE_OPTIONS, "runOnly": {"type": "rule", "values": COLOUR_RULES}}
ALL_BUT_COLOUR_OPTIONS = {**AXE_OPTIONS, "rules": {rule: {"enabled": False} for rule in COLOUR_RULES}}
# The attributes static/css/site.css selects on (test_the_colour_marks_see_every_selector_the_stylesheet_
# colours_by keeps this list whole): with tag and class they decide which of its rules match an element.
STYLED = [
    "aria-current",
    "aria-pressed",
    "data-indent",
    "data-new",
    "data-role",
    "data-status",
    "hidden",
    "name",
    "open",
    "type",
]

# The structure and words of a part of the page: tags, classes and text, not attribute values such as a
# form's `next` or CSRF token. Pages alike in all of these (the sign-in form a dozen addresses send a
# visitor to, the same 403 page, a public page that only the header tells apart for a signed-in reader)
# are checked by axe once. Read from the HTML as served, parsed as a browser parses it (html5lib).
HTML_PARSER = html5lib.HTMLParser(namespaceHTMLElements=False)


def fingerprint(elements) -> str:
    """Each element as tag.class, a leaf with its text: `tag.class:text`."""
    marks = []
    for element in elements:
        if not isinstance(element.tag, str):  # a comment
            continue
        text = "" if len(element) else ":" + "".join(element.itertext()).strip()
        marks.append(f"{element.tag}.{element.get('class')}{text}")
    return "|".join(marks)


def parts(html: str) -> tuple[str, str, str]:
    """(title, the header's fingerprint, the fingerprint of everything below it) of a page."""
    document = HTML_PARSER.parse(html)
    body = document.find("body")
    header = [element for child in body if child.tag == "header" for element in child.iter()]
    below = [element for child in body if child.tag != "header" for element in child.iter()]
    title = document.find("head/title")
    return ("".join(title.itertext()) if title is not None else ""), fingerprint(header), fingerprint(below)


# The discussion's parts, on pages a fifth of their size: a 200-comment page costs axe seconds a role.
SWEEP_PAGE = {"COMMENTS_THREADS_PER_PAGE": 5, "COMMENTS_REPLIES_SHOWN": 3}


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


def blocking_violations(page, label: str, options=AXE_OPTIONS, context="document") -> list[str]:
    """ "label [impact] rule: help -> selectors" for each serious or critical violation on the page, or
    in `context` (a script expression for axe's context: the whole document by default)."""
    results = page.evaluate(f"options => axe.run({context}, options)", options)
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


# Each element's path of marks from <body>, a mark being its tag, classes and STYLED attributes, whether
# it is the :target, whether it is shown, and whether it holds text of its own (the colour rules pass
# over an element hidden or without text, so its first copy being empty must not stand for a later one
# with words). The elements whose path is not in `known` are kept in window.colourNew for axe; the new
# paths come back.
COLOUR_MARKS = """([known, styled]) => {
    const seen = new Set(known), fresh = [], paths = [];
    const shown = { opacityProperty: true, visibilityProperty: true, contentVisibilityAuto: true };
    const mark = (element) => [
        element.localName,
        ...[...element.classList].sort().map((c) => "." + c),
        ...styled.filter((a) => element.hasAttribute(a)).map((a) => `[${a}=${element.getAttribute(a)}]`),
        element.matches(":target") ? ":target" : "",
        element.checkVisibility(shown) ? "" : "~hidden",
        [...element.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.data.trim()) ? "~text" : "",
    ].join("");
    const walk = (element, above) => {
        const path = above + ">" + mark(element);
        if (!seen.has(path)) { seen.add(path); paths.push(path); fresh.push(element); }
        for (const child of element.children) walk(child, path);
    };
    walk(document.body, "");
    window.colourNew = fresh;
    return paths;
}"""


def colour_marks(page, known: set[str]) -> list[str]:
    """The paths of marks on the page not in `known`; their elements are left in window.colourNew."""
    return page.evaluate(COLOUR_MARKS, [sorted(known), STYLED])


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


# The pseudo-classes and pseudo-elements static/css/site.css may use without colour_marks knowing: states
# no swept page is in (hover, focus), the tokens' :root, generated content, :not() around marks the path
# holds, and what the path holds itself (:target; :empty hides, and hidden is in the mark). :has and
# :first-child set only font weight and margins there. Any other would let two elements of one path
# differ in colour.
PSEUDO_OUTSIDE_THE_MARK = {
    "hover", "focus", "focus-visible", "root", "before", "after", "-webkit-details-marker", "not",
    "target", "empty", "has", "first-child",
}  # fmt: skip


def test_the_colour_marks_see_every_selector_the_stylesheet_colours_by():
    """The colour rules skip an element whose path of marks was checked (colour_marks): an attribute
    or pseudo-class the stylesheet selects on and the mark misses would make two differently coloured
    elements look alike."""
    stylesheet = (Path(__file__).resolve().parents[2] / "static/css/site.css").read_text()
    rules = re.sub(r"/\*.*?\*/|\{[^{}]*\}", "", stylesheet, flags=re.DOTALL)  # selectors and @media
    assert set(re.findall(r"\[([a-z-]+)", rules)) == set(STYLED)
    assert set(re.findall(r"::?([a-z-]+)", rules)) <= PSEUDO_OUTSIDE_THE_MARK


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


@dataclass
class Sweep:
    """What the sweep found, and what axe has checked so far: the content below the header (any role's),
    each role's header, and the element paths the colour rules have seen (colour_marks)."""

    found: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    checked_pages: set = field(default_factory=set)
    checked_headers: set = field(default_factory=set)
    checked_colours: set = field(default_factory=set)
    colour_checks: int = 0

    def visit(self, client, page, site: str, path: str, role: str, key: str) -> bool:
        """Fetch `path` as `role` (the test client shares the browser's session); open it in the browser
        and run axe if it holds anything not yet checked: the colour rules in both schemes on the
        elements whose colours are new, the other rules on the page. True when axe ran."""
        response = client.get(path, follow=True)
        shown = response.request["PATH_INFO"]
        where = path if shown == path.split("?")[0] else f"{path} -> {shown}"
        content_type = response.get("Content-Type", "")
        if response.status_code >= 500:
            self.problems.append(f"{role} {where}: server error {response.status_code}")
            return False
        if response.status_code == 405 or not content_type.startswith("text/html"):
            answer = f"{response.status_code} {content_type}"
            self.problems.append(f"{role} {where}: answers {answer}, not a page: exclude {key} (urlmap.py)?")
            return False
        title, header, below = parts(response.content.decode())
        below, header = (response.status_code, title, below), (role, header)
        if below in self.checked_pages and header in self.checked_headers:
            return False
        self.checked_pages.add(below)
        self.checked_headers.add(header)
        page.emulate_media(color_scheme="light")
        page.goto(site + path)
        self.found += blocking_violations(page, f"{role} light {where}", ALL_BUT_COLOUR_OPTIONS)
        new_colours = colour_marks(page, self.checked_colours)
        if new_colours:
            self.checked_colours.update(new_colours)
            self.colour_checks += 1
            for scheme in SCHEMES:
                switch_scheme(page, scheme)
                label = f"{role} {scheme} {where}"
                self.found += blocking_violations(page, label, COLOUR_OPTIONS, context="window.colourNew")
        return True


@browser_test
def test_axe_sweep_of_every_page(on_postgres, open_page, live_server, settings, record_property):
    for name, value in SWEEP_PAGE.items():
        setattr(settings, name, value)
    started = time.perf_counter()
    demo = urlmap.seed()
    summaries = [f"seeding {time.perf_counter() - started:.1f} s"]
    sweep = Sweep()
    for role in ROLES:
        role_started = time.perf_counter()
        user = demo.users.get(role)
        page, watch = axe_page(open_page, user)
        client = Client(raise_request_exception=False)
        if user is not None:
            session_key = next(c["value"] for c in page.context.cookies() if c["name"] == "sessionid")
            client.cookies["sessionid"] = session_key
            urlmap.record_fresh_sign_in(session_key, user)
        paths = urlmap.sweep_paths(demo, user)
        checked = sum(sweep.visit(client, page, live_server.url, path, role, key) for key, path in paths)
        sweep.problems += [f"{role} server error: {error}" for error in watch.server_errors]
        sweep.problems += [f"{role} script error: {error}" for error in watch.page_errors]
        sweep.problems += [f"{role} dialog: {dialog}" for dialog in watch.dialogs]
        seconds = time.perf_counter() - role_started
        summaries.append(f"{role}: {len(paths)} pages fetched, {checked} opened and checked, {seconds:.1f} s")

    summary = "; ".join(
        [
            f"{len(urlmap.swept_routes())} routes swept",
            f"{len(sweep.checked_pages)} distinct pages below the header and {len(sweep.checked_headers)} "
            f"headers checked; colour rules in light and dark on {len(sweep.checked_colours)} element "
            f"paths, found on {sweep.colour_checks} of the pages opened",
            *summaries,
        ]
    )
    print("\n" + summary)
    record_property("axe_sweep", summary)
    report = sweep.found + sweep.problems
    assert report == [], (
        f"{summary}\n{len(sweep.found)} serious or critical axe violations, {len(sweep.problems)} other "
        "problems:\n" + "\n".join(report)
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
