"""A poll in a real browser: a reader votes, sees the results with their vote marked, and cannot vote
again (the form is gone, and a replayed vote is refused)."""

import pytest

from posts.models import PollVote
from posts.polls import poll_save
from tests.browser import BROWSER_MARKS
from tests.factories import PostFactory

pytestmark = BROWSER_MARKS


@pytest.mark.parametrize("java_script", [True, False], ids=["js", "no-js"])
def test_a_reader_votes_sees_the_results_and_cannot_vote_twice(open_page, live_server, db, java_script):
    poll = poll_save(post=PostFactory(), question="", options=["Quit", "Stay a year", "Ask for a transfer"])
    page, watch = open_page(java_script_enabled=java_script)
    page.goto(live_server.url + poll.post.get_absolute_url())
    second_tab = page.context.new_page()  # the same browser, with the form still open
    second_tab.goto(live_server.url + poll.post.get_absolute_url())

    page.check("#poll input[type=radio] >> nth=1")
    page.click("#poll button[type=submit]")
    page.wait_for_selector("#poll .poll-results")
    assert "Stay a year (your vote)" in page.inner_text("#poll")
    assert "100%" in page.inner_text("#poll .voted")
    assert page.locator("#poll input[type=radio]").count() == 0

    second_tab.check("#poll input[type=radio] >> nth=0")
    second_tab.click("#poll button[type=submit]")
    second_tab.wait_for_selector("text=You have voted in this poll already.")
    assert "Stay a year (your vote)" in second_tab.inner_text("#poll")
    assert PollVote.objects.count() == 1
    watch.assert_clean()
