"""A warned reader meets the notice in a real browser and dismisses it (issue 22)."""

from moderation import services
from tests.browser import BROWSER_MARKS

pytestmark = BROWSER_MARKS


def test_a_warned_reader_sees_the_notice_on_their_next_page(open_page, live_server, reader, moderator):
    services.sanction_create(user=reader, actor=moderator, kind="warning", reason="Please keep it civil")
    page, watch = open_page(reader)
    page.goto(live_server.url + "/")
    notice = page.locator("section.sanction-notice")
    assert notice.is_visible() and "Please keep it civil" in notice.inner_text()
    with page.expect_navigation():
        notice.get_by_role("button", name="I understand").click()
    assert page.url == live_server.url + "/"
    assert page.locator("section.sanction-notice").count() == 0
    page.goto(live_server.url + "/tags/")
    assert page.locator("section.sanction-notice").count() == 0
    watch.assert_clean()
