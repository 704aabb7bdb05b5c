"""axe-core on the main pages, in the light and the dark colour scheme: no serious or critical violations."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from comments import services as comment_services
from moderation import services as moderation_services
from moderation.models import Flag
from tests.browser import BROWSER_MARKS
from tests.factories import PostFactory, TagFactory, UserFactory, staff, verified

pytestmark = [*BROWSER_MARKS, pytest.mark.usefixtures("no_posting_guards")]

BLOCKING = {"serious", "critical"}


def blocking_violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{page.url} [{violation['impact']}] {violation['id']}: {violation['help']} -> "
        + "; ".join(node["target"][0] if node["target"] else "?" for node in violation["nodes"][:5])
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING
    ]


@pytest.fixture
def site(db):
    """A post with a thread and a flag, a reader with a profile, and a moderator."""
    tag = TagFactory(name="networking")
    post = PostFactory(title="How do I follow up after an interview", tags=[tag])
    reader = verified(UserFactory(username="riley", display_name="Riley R."))
    top = comment_services.comment_create(post=post, author=reader, body="Send one short note, then wait.")
    reply = comment_services.comment_create(post=post, author=None, body="A week is fine.", parent=top)
    flagger = verified(UserFactory(username="fern"))
    moderation_services.flag_create(comment=reply, user=flagger, reason=Flag.Reason.choices[0][0], note="Odd")
    moderator = staff(verified(UserFactory(username="mona")), "Moderators")
    return {"post": post, "reader": reader, "moderator": moderator, "comment": reply}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_main_pages_have_no_serious_or_critical_violations(open_page, live_server, site, scheme):
    public = [
        "/",
        site["post"].get_absolute_url(),
        "/ask/",
        "/search/?q=interview",
        "/accounts/login/",
        "/accounts/signup/",
        f"/users/{site['reader'].username}/",
        "/tags/",
    ]
    moderation = ["/moderation/", f"/moderation/comments/{site['comment'].pk}/"]

    found = []
    page, watch = open_page(color_scheme=scheme)
    for path in public:
        page.goto(live_server.url + path)
        found += blocking_violations(page)
    # Error states too: the ask form sent empty shows its messages next to the fields.
    page.goto(live_server.url + "/ask/")
    page.click("form.ask-form button[type=submit]")
    page.wait_for_selector(".errorlist")
    found += blocking_violations(page)
    page, moderator_watch = open_page(site["moderator"], color_scheme=scheme)
    for path in [*moderation, site["post"].get_absolute_url(), "/users/settings/"]:
        page.goto(live_server.url + path)
        assert page.url == live_server.url + path
        found += blocking_violations(page)

    assert found == [], "\n".join(found)
    watch.assert_clean()
    moderator_watch.assert_clean()
