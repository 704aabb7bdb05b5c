"""A long discussion in a real browser: its pages, "N more replies", permalinks, landing after posting,
the sort links, and "Next new comment" across pages."""

from datetime import timedelta

import pytest
from django.utils import timezone

from comments import services
from comments.models import PATH_STEP, Comment, encode_step
from posts.models import Post
from tests.browser import BROWSER_MARKS

pytestmark = [*BROWSER_MARKS, pytest.mark.usefixtures("no_posting_guards")]

# forum/settings.py: 25 threads a page (COMMENTS_THREADS_PER_PAGE), each with its first 7 replies.
REPLIES_SHOWN = 7


def sizes_totalling(total: int, threads: int, big: dict[int, int]) -> list[int]:
    """`threads` thread sizes (top comment included) adding up to `total`, with the threads numbered in
    `big` (0-based) that long; the rest share what is left as evenly as possible."""
    rest = total - sum(big.values())
    small = threads - len(big)
    even = iter([rest // small + 1] * (rest % small) + [rest // small] * small)
    sizes = [big.get(index) or next(even) for index in range(threads)]
    assert sum(sizes) == total
    return sizes


def bulk_discussion(post: Post, sizes: list[int]) -> list[list[Comment]]:
    """Published threads of these sizes on `post`, each in thread order, with one insert per depth.

    Replies alternate: two answer the top comment, the third answers the reply before it, so threads
    are two levels deep. Everything is three hours old, created in thread order a second apart.
    """
    start = timezone.now() - timedelta(hours=3)
    levels: list[list[Comment]] = [[], [], []]
    threads = []

    def add(parent, path, index):
        comment = Comment(
            post=post,
            parent=parent,
            path=path,
            depth=len(path) // PATH_STEP - 1,
            author_name=f"Reader {index}",
            body=f"Thread {len(threads) + 1}, comment {index}.",
            body_html=f"<p>Thread {len(threads) + 1}, comment {index}.</p>",
            created_at=start,
        )
        levels[comment.depth].append(comment)
        return comment

    for number, size in enumerate(sizes, start=1):
        top = add(None, encode_step(number), 0)
        top.reply_count = size - 1  # every reply is published; saves count_replies() a scan per thread
        thread, answered, children = [top], top, {}
        for index in range(1, size):
            parent = answered if index % 3 == 0 else top
            children[parent.path] = children.get(parent.path, 0) + 1
            reply = add(parent, parent.path + encode_step(children[parent.path]), index)
            thread.append(reply)
            answered = reply if reply.depth == 1 else answered
        thread.sort(key=lambda comment: comment.path)
        threads.append(thread)
    order = [comment for thread in threads for comment in thread]
    for second, comment in enumerate(order):
        comment.created_at = start + timedelta(seconds=second)
    for level in levels:
        for comment in level:
            comment.parent_id = comment.parent.pk if comment.parent else None
        Comment.objects.bulk_create(level, batch_size=500)
    Post.objects.filter(pk=post.pk).update(comment_count=len(order))
    post.refresh_from_db()
    return threads


def pks(comments) -> list[int]:
    return [comment.pk for comment in comments]


def shown(page, selector="article.comment") -> list[int]:
    """The pks of the comments matching `selector`, in document order."""
    return page.eval_on_selector_all(selector, "nodes => nodes.map(n => Number(n.id.split('-')[1]))")


def tops_shown(page) -> list[int]:
    return shown(page, 'article.comment[data-depth="0"]')


def in_viewport(page, selector) -> bool:
    box = page.locator(selector).bounding_box()
    height = page.viewport_size["height"]
    # Scrolling to an anchor may leave its top a fraction of a pixel above the viewport.
    return box is not None and box["y"] >= -1 and box["y"] + box["height"] <= height + 1


def click_and_load(page, selector, wanted: str):
    """Click a link that loads another page and wait until the address contains `wanted`."""
    page.click(selector)
    page.wait_for_url(lambda url: wanted in url)


def test_discussion_pages_through_2500_comments_thread_by_thread(open_page, live_server, post):
    threads = bulk_discussion(post, sizes_totalling(2500, 250, {3: 34, 60: 34, 130: 41}))
    tops = [thread[0].pk for thread in threads]
    page, watch = open_page()

    page.goto(live_server.url + post.get_absolute_url())
    assert page.get_attribute("p.join-discussion a", "data-comment-count") == "2500"
    assert page.get_attribute("p.join-discussion a", "href") == "#reply"
    assert 0 < len(shown(page)) <= 200
    assert tops_shown(page) == tops[:25]
    pager = page.locator("nav.comment-pages")
    assert pager.locator("strong[aria-current=page]").inner_text() == "1"
    assert pager.locator("a[rel=prev]").count() == 0

    click_and_load(page, "nav.comment-pages a[aria-label='Page 2']", "cpage=2")
    assert tops_shown(page) == tops[25:50]
    click_and_load(page, "nav.comment-pages a[rel=next]", "cpage=3")
    assert page.locator("nav.comment-pages a[rel=next]").inner_text() == "Later threads"
    assert tops_shown(page) == tops[50:75]
    click_and_load(page, "nav.comment-pages a[aria-label='Page 10']", "cpage=10")
    assert tops_shown(page) == tops[225:]
    assert page.locator("nav.comment-pages a[rel=next]").count() == 0
    assert page.locator("nav.comment-pages strong[aria-current=page]").inner_text() == "10"
    assert page.get_attribute("p.join-discussion a", "data-comment-count") == "2500"
    click_and_load(page, "nav.comment-pages a[rel=prev]", "cpage=9")
    assert tops_shown(page) == tops[200:225]
    assert page.locator("p.all-comments a").count() == 1
    watch.assert_clean()


def test_more_replies_link_shows_the_whole_thread_in_place_or_on_its_own_page(open_page, live_server, post):
    threads = bulk_discussion(post, [4, 34, 5])
    long = threads[1]
    first_hidden = long[1 + REPLIES_SHOWN]
    url = live_server.url + post.get_absolute_url()
    more = f"#thread-{long[0].pk} p.more-replies a"

    page, watch = open_page()
    page.goto(url)
    assert shown(page, f"#thread-{long[0].pk} article.comment") == pks(long[: 1 + REPLIES_SHOWN])
    assert page.inner_text(more) == "26 more replies"
    page.evaluate("window.sameDocument = true")  # gone if the link loaded another page
    page.click(more)
    page.locator(f"#comment-{first_hidden.pk}").wait_for()
    assert shown(page, f"#thread-{long[0].pk} article.comment") == pks(long)
    assert page.evaluate("window.sameDocument") is True
    assert page.url == url
    assert page.locator(more).count() == 0
    assert tops_shown(page) == [thread[0].pk for thread in threads]
    watch.assert_clean()

    page, watch = open_page(java_script_enabled=False)
    page.goto(url)
    click_and_load(page, more, f"thread={long[0].pk}")
    assert page.url.endswith(f"?thread={long[0].pk}#comment-{first_hidden.pk}")
    assert shown(page) == pks(long)
    assert page.locator("p.thread-alone").is_visible()
    watch.assert_clean()


def test_comment_permalink_lands_on_page_5_at_the_comment(open_page, live_server, post):
    threads = bulk_discussion(post, sizes_totalling(2500, 250, {110: 34}))
    thread = threads[110]  # the 111th thread: page 5 holds threads 101 to 125
    target = thread[3]  # a reply to a reply, among those the page shows
    assert target.depth == 2
    page, watch = open_page()

    page.goto(f"{live_server.url}{post.get_absolute_url()}comments/{target.pk}/")
    assert "cpage=5" in page.url
    assert page.url.endswith(f"#comment-{target.pk}")
    assert page.locator(f"#comment-{target.pk}").is_visible()
    assert in_viewport(page, f"#comment-{target.pk}")
    assert not in_viewport(page, "h1")  # the page scrolled to the comment
    assert page.locator(f"#comment-{target.parent_id}").count() == 1
    assert page.locator(f"#comment-{thread[0].pk}").count() == 1
    assert tops_shown(page)[10] == thread[0].pk
    watch.assert_clean()


def test_reply_posted_inline_lands_its_author_on_page_3_at_the_reply(open_page, live_server, post):
    threads = bulk_discussion(post, [3] * 50 + [10] * 30)
    thread = threads[60]  # page 3 holds threads 51 to 75
    answered = thread[1]  # the first reply: a reply to it sorts before the rest of the thread
    page, watch = open_page()
    page.goto(live_server.url + post.get_absolute_url() + "?cpage=3")

    page.click(f"#comment-{answered.pk} a.comment-reply-link")
    form = page.locator(f"#comment-{answered.pk} + form.comment-form")
    form.locator("textarea[name=body]").fill("Page three needs this answer.")
    form.locator("input[name=author_name]").fill("Quinn")
    form.locator("button[type=submit]").click()
    page.wait_for_url(lambda url: "#comment-" in url)

    reply = Comment.objects.get(body="Page three needs this answer.")
    assert (reply.parent_id, reply.status) == (answered.pk, Comment.Status.PUBLISHED)
    assert page.url.endswith(f"{post.get_absolute_url()}?cpage=3#comment-{reply.pk}")
    assert in_viewport(page, f"#comment-{reply.pk}")
    assert "Page three needs this answer." in page.inner_text(f"#comment-{reply.pk}")
    thread_now = shown(page, f"#thread-{thread[0].pk} article.comment")
    assert thread_now[thread_now.index(answered.pk) + 1] == reply.pk
    watch.assert_clean()


def test_held_anonymous_comment_is_shown_to_its_author_awaiting_moderation(
    open_page, live_server, post, settings
):
    settings.MODERATION_PREMODERATION = "everyone"
    bulk_discussion(post, [2] * 30)  # a new thread goes last: page 2
    page, watch = open_page()
    page.goto(live_server.url + post.get_absolute_url())

    page.fill("form.comment-form textarea[name=body]", "Please read this before it is approved.")
    page.fill("form.comment-form input[name=author_name]", "Harper")
    page.click("form.comment-form button[type=submit]")
    page.wait_for_url(lambda url: "#comment-" in url)

    held = Comment.objects.get(body="Please read this before it is approved.")
    assert held.status == Comment.Status.PENDING
    assert page.url.endswith(f"?cpage=2#comment-{held.pk}")
    article = page.locator(f"#comment-{held.pk}")
    assert in_viewport(page, f"#comment-{held.pk}")
    status = article.locator("p.comment-status").inner_text()
    assert status.startswith("Awaiting moderation. Only you can see it until a moderator approves it")
    assert "Please read this before it is approved." in article.inner_text()
    assert "awaiting moderation" in page.inner_text("ul.messages")
    watch.assert_clean()

    stranger, watch = open_page()
    stranger.goto(page.url)
    assert stranger.locator(f"#comment-{held.pk}").count() == 0
    watch.assert_clean()


def test_sort_links_reorder_threads_and_a_readers_choice_is_kept(open_page, live_server, post, reader):
    threads = bulk_discussion(post, [3, 5, 12, 2, 9, 4])
    tops = [thread[0].pk for thread in threads]
    url = live_server.url + post.get_absolute_url()
    page, watch = open_page(reader)
    page.goto(url)
    assert tops_shown(page) == tops

    click_and_load(page, "nav.comments-tools a:text-is('Newest first')", "sort=newest")
    assert tops_shown(page) == tops[::-1]
    assert page.inner_text("nav.comments-tools strong[aria-current]") == "Newest first"
    for thread in threads:  # replies inside a thread stay oldest first
        expected = pks(thread[: 1 + REPLIES_SHOWN])
        assert shown(page, f"#thread-{thread[0].pk} article.comment") == expected

    click_and_load(page, "nav.comments-tools a:text-is('Most replies')", "sort=replies")
    assert tops_shown(page) == [tops[2], tops[4], tops[1], tops[5], tops[0], tops[3]]

    page.goto(url)  # a plain visit: the reader's choice holds
    assert page.inner_text("nav.comments-tools strong[aria-current]") == "Most replies"
    assert tops_shown(page)[0] == tops[2]
    watch.assert_clean()


def test_next_new_comment_leads_through_page_1_then_to_page_3(open_page, live_server, post, reader):
    threads = bulk_discussion(post, [6] * 110)
    services.thread_visit_record(user=reader, post=post, at=timezone.now() - timedelta(hours=1))
    # Published since that visit: two on page 1, one on page 3 (threads 51 to 75), one on page 5.
    new = [threads[1][2], threads[9][0], threads[55][4], threads[105][1]]
    Comment.objects.filter(pk__in=pks(new)).update(created_at=timezone.now() - timedelta(minutes=5))
    first, second, third, fourth = new
    page, watch = open_page(reader)
    page.goto(live_server.url + post.get_absolute_url())

    assert page.inner_text("p.new-since .badge-new") == "4 new"
    assert shown(page, "article.comment[data-new]") == [first.pk, second.pk]
    assert page.locator(f"#comment-{first.pk} span.badge-new").is_visible()
    page.click("p.new-since a.jump-new")
    page.wait_for_url(f"**#comment-{first.pk}")
    assert in_viewport(page, f"#comment-{first.pk}")

    page.click(f"#comment-{first.pk} a.next-new")
    page.wait_for_url(f"**#comment-{second.pk}")
    assert in_viewport(page, f"#comment-{second.pk}")

    assert page.get_attribute(f"#comment-{second.pk} a.next-new", "href").endswith(f"/comments/{third.pk}/")
    click_and_load(page, f"#comment-{second.pk} a.next-new", "cpage=3")
    assert page.url.endswith(f"?cpage=3#comment-{third.pk}")
    assert in_viewport(page, f"#comment-{third.pk}")
    watch.assert_clean()
    # Still new to the reader, who has not read it yet, and the way on to the next new comment holds.
    assert page.locator(f"#comment-{third.pk} span.badge-new").is_visible()
    next_new = page.get_attribute(f"#comment-{third.pk} a.next-new", "href", timeout=1000)
    assert next_new.endswith(f"/comments/{fourth.pk}/")


def test_a_permalink_into_a_collapsed_subthread_opens_it_at_the_comment(
    open_page, live_server, post, moderator
):
    from moderation.services import comment_collapse

    top = services.comment_create(post=post, author=None, body="A thread that went off the rails.")
    heated = services.comment_create(post=post, author=None, parent=top, body="It got heated here.")
    inside = services.comment_create(post=post, author=None, parent=heated, body="A reply deep in it.")
    comment_collapse(comment=heated, actor=moderator, reason="Off topic")
    page, watch = open_page()
    page.goto(f"{live_server.url}{inside.get_absolute_url()}")
    assert page.locator("details.collapsed-subthread").evaluate("(details) => details.open") is True
    assert page.locator(f"#comment-{inside.pk}").is_visible()
    assert in_viewport(page, f"#comment-{inside.pk}")
    # On the same page, an anchor link to a comment in it opens it as well.
    page.goto(f"{live_server.url}{post.get_absolute_url()}")
    assert page.locator("details.collapsed-subthread").evaluate("(details) => details.open") is False
    page.evaluate(f"window.location.hash = 'comment-{heated.pk}'")
    page.wait_for_function("() => document.querySelector('details.collapsed-subthread').open")
    assert page.locator(f"#comment-{heated.pk}").is_visible()
    watch.assert_clean()
