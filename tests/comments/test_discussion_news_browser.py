"""Live news in a real browser: "N new comments — show them" appears while the discussion is open and
puts the new comments in place; without JavaScript nothing changes."""

import pytest

from comments import services
from comments.models import Comment
from tests.browser import BROWSER_MARKS

pytestmark = [*BROWSER_MARKS, pytest.mark.usefixtures("no_posting_guards")]


@pytest.fixture
def quick_polls(settings):
    settings.COMMENTS_NEWS_POLL_SECONDS = 1


def test_new_comments_are_announced_and_shown_without_a_reload(open_page, live_server, post, quick_polls):
    services.comment_create(post=post, author=None, body="The first word.")
    page, watch = open_page()
    page.goto(live_server.url + post.get_absolute_url())
    page.evaluate("window.__same_document = true")
    answers = []
    page.on("response", lambda r: "/news/" in r.url and answers.append(r.status))
    page.wait_for_timeout(1500)  # a poll or so with nothing new
    assert page.locator(".live-news").count() == 0

    services.comment_create(post=post, author=None, body="A fresh reply arrives.")
    services.comment_create(post=post, author=None, body="And another.")
    page.wait_for_selector(".live-news button:has-text('2 new comments — show them')")
    page.click(".live-news button")
    page.wait_for_selector("#threads :text('A fresh reply arrives.')")
    assert page.locator("#threads :text('And another.')").count() == 1
    assert page.locator(".live-news").count() == 0
    assert page.evaluate("window.__same_document") is True  # no reload
    assert 304 in answers and 200 in answers
    watch.assert_clean()


def test_without_javascript_nothing_changes(open_page, live_server, post, quick_polls):
    page, watch = open_page(java_script_enabled=False)
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(live_server.url + post.get_absolute_url())
    services.comment_create(post=post, author=None, body="Written meanwhile.")
    page.wait_for_timeout(1500)
    assert page.locator(".live-news").count() == 0
    assert live_server.url + post.get_absolute_url() in requests  # the page's own request was seen
    assert not [url for url in requests if "/news/" in url]
    watch.assert_clean()


def test_show_them_brings_the_strips_page_links_and_counts_with_the_threads(
    open_page, live_server, post, quick_polls, editor, settings
):
    """What came with the new comments (an editor's pick, a second page, the count) shows with them."""
    settings.COMMENTS_THREADS_PER_PAGE = 2
    first = services.comment_create(post=post, author=None, body="The first word.")
    services.comment_create(post=post, author=None, body="A second thread.")
    page, watch = open_page()
    page.goto(live_server.url + post.get_absolute_url())
    page.evaluate("window.__same_document = true")
    assert page.locator("aside.picks, nav.comment-pages, p.all-comments").count() == 0
    assert page.locator("[data-comment-count]").get_attribute("data-comment-count") == "2"

    services.comment_create(post=post, author=None, body="A third thread, on page 2.")
    services.comment_pick(comment=first, actor=editor, picked=True)
    page.click(".live-news button:has-text('1 new comment — show it')")
    page.wait_for_selector("aside.picks :text('The first word.')")
    assert page.locator("#comments-heading").inner_text() == "3 comments"
    assert page.locator("[data-comment-count]").get_attribute("data-comment-count") == "3"
    assert page.locator("nav.comment-pages a[aria-label='Page 2']").count() == 1
    assert page.locator("p.all-comments").count() == 1
    # In the page's order: the strip above the threads, the page links below them, then the form.
    parts = "#comments > aside.picks, #threads, nav.comment-pages, p.all-comments, #reply"
    order = page.evaluate(
        "(parts) => [...document.querySelectorAll(parts)].map((e) => e.id || e.className)", parts
    )
    assert order == ["picks", "threads", "pagination comment-pages", "all-comments", "reply"]
    assert page.evaluate("window.__same_document") is True
    watch.assert_clean()


def test_a_thread_the_reader_opened_stays_open_when_the_new_comments_are_shown(
    open_page, live_server, post, quick_polls, settings
):
    settings.COMMENTS_REPLIES_SHOWN = 2
    top = services.comment_create(post=post, author=None, body="A thread with many replies.")
    for number in range(4):
        services.comment_create(post=post, author=None, parent=top, body=f"Reply {number}.")
    page, watch = open_page()
    page.goto(live_server.url + post.get_absolute_url())
    page.evaluate("window.__same_document = true")
    thread = page.locator(f"#thread-{top.pk}")
    page.click(f"#thread-{top.pk} p.more-replies a")
    page.wait_for_selector(f"#thread-{top.pk} :text('Reply 3.')")
    # A reply being written to one of the replies the thread showed only once opened.
    last = Comment.objects.get(body="Reply 3.")
    page.click(f"#comment-{last.pk} a.comment-reply-link")
    page.fill("#threads form.comment-form textarea[name=body]", "Half a thought, kept.")

    services.comment_create(post=post, author=None, body="Elsewhere in the discussion.")
    page.click(".live-news button:has-text('1 new comment — show it')")
    page.wait_for_selector("#threads :text('Elsewhere in the discussion.')")
    page.wait_for_selector(f"#thread-{top.pk} :text('Reply 3.')")
    assert thread.locator("article.comment").count() == 5
    assert thread.locator("p.more-replies").count() == 0
    page.wait_for_function(
        "(pk) => document.querySelector('#comment-' + pk + ' + form.comment-form')", arg=last.pk
    )
    form = page.locator(f"#comment-{last.pk} + form.comment-form")
    assert form.locator("textarea[name=body]").input_value() == "Half a thought, kept."
    assert form.locator("input[name=parent]").input_value() == str(last.pk)
    assert page.evaluate("window.__same_document") is True  # opened again in place, not by a reload
    watch.assert_clean()


def test_new_comments_on_another_page_are_one_click_away(open_page, live_server, post, quick_polls, settings):
    """A new thread in a paged discussion lands on the last page: "show it" renews this page, then
    leads there through the comment's permalink."""
    settings.COMMENTS_THREADS_PER_PAGE = 1
    for body in ("Page one.", "Page two."):
        services.comment_create(post=post, author=None, body=body)
    page, watch = open_page()
    page.goto(live_server.url + post.get_absolute_url())
    fresh = services.comment_create(post=post, author=None, body="A new thread, on page three.")
    page.click(".live-news button:has-text('1 new comment — show it')")
    link = page.locator(".live-news a:has-text('The new comment is on another page — go to it')")
    link.wait_for()
    assert link.get_attribute("href") == f"{post.get_absolute_url()}comments/{fresh.pk}/"
    assert page.locator("nav.comment-pages a[aria-label='Page 3']").count() == 1  # the page links renewed
    link.click()
    page.wait_for_url(f"**?cpage=3#comment-{fresh.pk}")
    assert page.locator(f"#comment-{fresh.pk}:target").count() == 1
    watch.assert_clean()
