"""A long discussion in pages (DESIGN §4–5): `?cpage`, `?sort`, `?all=1`, `?thread`, the comment
permalink, `data-comment-count`, and posting that lands its author on their comment."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Profile
from comments import services
from comments.models import Comment
from tests.comments.test_discussion_page import articles, create, page
from tests.factories import UserFactory, verified

pytestmark = pytest.mark.usefixtures("no_posting_guards")


@pytest.fixture
def small_pages(settings):
    settings.COMMENTS_THREADS_PER_PAGE = 2
    settings.COMMENTS_REPLIES_SHOWN = 2


@pytest.fixture
def five_threads(post, small_pages):
    """Five threads; the third has five replies (two shown on a page), the fourth one."""
    tops = [create(post, f"thread {n}") for n in range(5)]
    replies = [create(post, f"reply {n}", tops[2]) for n in range(5)]
    replies.append(create(post, "lone reply", tops[3]))
    return tops, replies


def ids(html) -> list[int]:
    return [pk for pk, _ in articles(html)]


def location(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 302
    return response["Location"]


def test_pages_hold_whole_threads_with_their_first_replies(client, post, five_threads):
    tops, replies = five_threads
    second = page(client, post, "?cpage=2")
    assert ids(second) == [tops[2].pk, replies[0].pk, replies[1].pk, tops[3].pk, replies[5].pk]
    more = f'href="?thread={tops[2].pk}#comment-{replies[2].pk}" data-thread="{tops[2].pk}"'
    assert more in second and ">3 more replies</a>" in second
    assert "<summary>5 replies</summary>" in second
    nav = re.search(r'<nav class="pagination comment-pages".*?</nav>', second, re.S).group()
    assert '<strong aria-current="page">2</strong>' in nav
    assert 'rel="prev" href="?cpage=1#comments"' in nav and 'rel="next" href="?cpage=3#comments"' in nav


@pytest.mark.parametrize(
    ("cpage", "shown"),
    [("0", 1), ("-1", 1), ("abc", 1), ("1.5", 1), ("\x00", 1), ("9" * 40, 3), ("99999", 3)],
)
def test_a_page_number_that_is_no_page_shows_the_first_or_past_the_end_the_last(
    client, post, five_threads, cpage, shown
):
    tops, _ = five_threads
    first_thread = {1: tops[0].pk, 3: tops[4].pk}[shown]
    assert ids(page(client, post, f"?cpage={cpage}"))[0] == first_thread


def test_a_thread_on_its_own_page_shows_every_reply(client, post, five_threads):
    tops, replies = five_threads
    html = page(client, post, f"?thread={tops[2].pk}")
    assert ids(html) == [tops[2].pk, *[reply.pk for reply in replies[:5]]]
    assert "more-replies" not in html
    assert f'href="{post.get_absolute_url()}comments/{tops[2].pk}/">Back to the whole discussion' in html


@pytest.mark.parametrize("thread", ["0", "abc", "99999999", "-3"])
def test_a_thread_that_is_not_there_is_a_404(client, post, five_threads, thread):
    assert client.get(f"{post.get_absolute_url()}?thread={thread}").status_code == 404


def test_all_on_one_page_shows_every_comment_in_thread_order(client, post, five_threads):
    html = page(client, post, "?all=1")
    assert ids(html) == list(Comment.objects.filter(post=post).order_by("path").values_list("pk", flat=True))
    assert "more-replies" not in html and "comment-pages" not in html
    assert 'class="all-comments"><a href="?all=1#comments"' in page(client, post)


def test_one_page_with_a_thread_cut_short_still_links_every_comment_on_one_page(
    client, post, five_threads, settings
):
    settings.COMMENTS_THREADS_PER_PAGE = 10  # every thread on one page; the third shows 2 of its 5 replies
    assert "comment-pages" not in page(client, post)
    assert 'class="all-comments"><a href="?all=1#comments"' in page(client, post)
    settings.COMMENTS_REPLIES_SHOWN = 5  # nothing cut: nothing more to show
    assert "all-comments" not in page(client, post)


def test_sort_orders_threads_and_keeps_replies_oldest_first(client, post, small_pages, settings):
    settings.COMMENTS_THREADS_PER_PAGE = 10
    old, busy, new = create(post, "old"), create(post, "busy"), create(post, "new")
    first, second = create(post, "first reply", busy), create(post, "second reply", busy)
    create(post, "old's reply", old)
    assert ids(page(client, post, "?sort=newest"))[:2] == [new.pk, busy.pk]
    by_replies = ids(page(client, post, "?sort=replies"))
    assert by_replies[:3] == [busy.pk, first.pk, second.pk]
    assert by_replies[3] == old.pk
    assert ids(page(client, post, "?sort=bogus")) == ids(page(client, post, "?sort=oldest"))


def test_a_signed_in_readers_order_is_remembered(client, post, verified_user):
    old, new = create(post, "old"), create(post, "new")
    client.force_login(verified_user)
    assert ids(page(client, post, "?sort=newest")) == [new.pk, old.pk]
    assert Profile.objects.get(user=verified_user).comment_sort == "newest"
    html = page(client, post)
    assert ids(html) == [new.pk, old.pk]
    assert '<strong aria-current="true">Newest first</strong>' in html
    assert ids(page(client, post, "?sort=oldest")) == [old.pk, new.pk]
    assert ids(page(client, post)) == [old.pk, new.pk]


def test_the_comment_count_and_a_way_in_stand_under_the_post(client, post):
    for n in range(3):
        create(post, f"comment {n}")
    html = page(client, post)
    join = '<a href="#reply" data-comment-count="3">Join the discussion (3 comments)</a>'
    assert join in html
    assert html.index(join) < html.index('id="comments"')
    type(post).objects.filter(pk=post.pk).update(comment_count=2_500)  # as the issue writes it
    html = page(client, post)
    assert '<a href="#reply" data-comment-count="2500">Join the discussion (2,500 comments)</a>' in html


def test_a_permalink_answers_with_the_page_that_shows_the_comment(client, post, five_threads):
    tops, replies = five_threads
    url = post.get_absolute_url()
    assert location(client, tops[0].get_absolute_url()) == f"{url}#comment-{tops[0].pk}"
    assert location(client, replies[1].get_absolute_url()) == f"{url}?cpage=2#comment-{replies[1].pk}"
    # Past the replies a page shows: the thread's own page.
    assert (
        location(client, replies[4].get_absolute_url())
        == f"{url}?thread={tops[2].pk}#comment-{replies[4].pk}"
    )
    assert location(client, tops[4].get_absolute_url()) == f"{url}?cpage=3#comment-{tops[4].pk}"
    assert location(client, f"{tops[4].get_absolute_url()}?sort=newest") == (
        f"{url}?sort=newest#comment-{tops[4].pk}"
    )


def test_a_permalink_to_a_comment_the_reader_may_not_see_is_a_404(client, post, five_threads, moderator):
    tops, _ = five_threads
    services.comment_apply_status(comment=tops[0], status=Comment.Status.HIDDEN)
    assert client.get(tops[0].get_absolute_url()).status_code == 404
    client.force_login(moderator)
    assert location(client, tops[0].get_absolute_url()).endswith(f"#comment-{tops[0].pk}")


@pytest.mark.parametrize("signed_in", [True, False])
def test_a_held_reply_whose_thread_is_hidden_meanwhile_is_still_shown_to_its_author(
    client, post, five_threads, signed_in, settings
):
    """Their reply waits for a moderator; the comment it answers is hidden meanwhile (readers' flags),
    and nothing published is left in that thread. Its author still finds it, under a placeholder, where
    posting and its permalink take them; nobody else sees the thread."""
    tops, _ = five_threads
    if signed_in:
        client.force_login(verified(UserFactory()))
    settings.MODERATION_PREMODERATION = "first_time"  # as it ships: their first comment waits
    sent = {"body": "Waiting for a look", "parent": tops[1].pk, "author_name": "Quiet Reader"}
    client.post(f"/comments/post/{post.pk}/", sent)
    held = Comment.objects.get(body="Waiting for a look")
    assert held.status == Comment.Status.PENDING
    services.comment_apply_status(comment=tops[1], status=Comment.Status.HIDDEN)
    url = post.get_absolute_url()
    assert location(client, held.get_absolute_url()) == f"{url}#comment-{held.pk}"
    first = page(client, post)
    assert ids(first) == [tops[0].pk, tops[1].pk, held.pk]
    assert "Waiting for a look" in first and "awaiting moderation" in first.lower()
    # The thread counts among the pages only for them: the third thread is still on page 2.
    assert ids(page(client, post, "?cpage=2"))[0] == tops[2].pk
    assert location(client, tops[4].get_absolute_url()) == f"{url}?cpage=3#comment-{tops[4].pk}"
    other = client.__class__()
    assert ids(page(other, post)) == [tops[0].pk, tops[2].pk, *ids(page(other, post))[2:]]
    assert "Waiting for a look" not in page(other, post)


@pytest.mark.parametrize("wrong", ["/2001/01/elsewhere/comments/{pk}/", "{post}comments/99999999/"])
def test_a_permalink_on_the_wrong_post_or_to_no_comment_is_a_404(client, post, five_threads, wrong):
    tops, _ = five_threads
    assert client.get(wrong.format(pk=tops[0].pk, post=post.get_absolute_url())).status_code == 404


def test_posting_lands_the_author_on_their_comment_on_its_page(client, post, five_threads):
    tops, replies = five_threads
    response = client.post(f"/comments/post/{post.pk}/", {"body": "Late to the party", "parent": tops[4].pk})
    new = Comment.objects.get(body="Late to the party")
    assert response["Location"] == f"{post.get_absolute_url()}?cpage=3#comment-{new.pk}"
    response = client.post(
        f"/comments/post/{post.pk}/", {"body": "Deep in a long thread", "parent": tops[2].pk}
    )
    deep = Comment.objects.get(body="Deep in a long thread")
    assert response["Location"] == f"{post.get_absolute_url()}?thread={tops[2].pk}#comment-{deep.pk}"


def test_a_held_comment_lands_its_anonymous_author_on_it(client, post, five_threads, settings):
    tops, _ = five_threads
    settings.MODERATION_PREMODERATION = "everyone"
    response = client.post(f"/comments/post/{post.pk}/", {"body": "Wait for me", "parent": tops[4].pk})
    held = Comment.objects.get(body="Wait for me")
    assert held.status == Comment.Status.PENDING
    target = f"{post.get_absolute_url()}?cpage=3#comment-{held.pk}"
    assert response["Location"] == target
    html = client.get(target).content.decode()
    assert "Wait for me" in html and "Awaiting moderation" in html
    assert "Wait for me" not in page(type(client)(), post, "?cpage=3")


def visited_an_hour_ago(user, post, *new: Comment) -> None:
    """The reader's last visit was an hour ago; of the post's comments only `new` came since."""
    an_hour_ago = timezone.now() - timedelta(hours=1)
    services.thread_visit_record(user=user, post=post, at=an_hour_ago)
    Comment.objects.filter(post=post).update(created_at=an_hour_ago - timedelta(minutes=1))
    Comment.objects.filter(pk__in=[comment.pk for comment in new]).update(created_at=timezone.now())


def test_new_comments_on_other_pages_are_counted_and_linked(client, post, five_threads, verified_user):
    tops, replies = five_threads
    client.force_login(verified_user)
    visited_an_hour_ago(verified_user, post, tops[0], tops[4])
    html = page(client, post)
    assert '<span class="badge-new">2 new</span>' in html
    assert f'class="jump-new" href="#comment-{tops[0].pk}"' in html
    assert f'class="next-new" href="{post.get_absolute_url()}comments/{tops[4].pk}/"' in html
    # The next page in the same visit: what was new when it began still is.
    third = page(client, post, "?cpage=3")
    assert '<span class="badge-new">2 new</span>' in third
    assert (
        f'<article class="comment" id="comment-{tops[4].pk}" data-depth="0" data-indent="0" data-new="true">'
        in third
    )
    assert f'class="jump-new" href="{post.get_absolute_url()}comments/{tops[0].pk}/"' in third


def test_a_visit_ends_after_a_pause_and_the_next_one_starts_from_it(client, post, verified_user, settings):
    first = create(post, "first")
    client.force_login(verified_user)
    page(client, post)
    later = create(post, "later")
    assert "badge-new" not in page(client, post)  # the same visit: nothing was published since it began
    pause = timezone.now() + timedelta(minutes=settings.COMMENTS_VISIT_MINUTES + 1)
    assert services.thread_visit_record(user=verified_user, post=post, at=pause) is not None
    Comment.objects.filter(pk=first.pk).update(created_at=timezone.now() - timedelta(days=1))
    Comment.objects.filter(pk=later.pk).update(created_at=pause - timedelta(seconds=1))
    # The visit that began at `pause` marks what came between the last page of the one before and it.
    html = page(client, post)
    assert '<span class="badge-new">1 new</span>' in html
    assert (
        f'id="comment-{later.pk}"' in html
        and f'id="comment-{later.pk}" data-depth="0" data-indent="0" data-new="true">' in html
    )


def test_newest_first_links_the_next_new_comment_in_its_own_order(client, post, five_threads, verified_user):
    tops, _ = five_threads
    client.force_login(verified_user)
    visited_an_hour_ago(verified_user, post, tops[0], tops[4])
    html = page(client, post, "?sort=newest")
    assert f'class="jump-new" href="#comment-{tops[4].pk}"' in html
    assert f'href="{post.get_absolute_url()}comments/{tops[0].pk}/?sort=newest">Next new comment' in html


def test_an_authors_own_comments_are_not_new_to_them(client, post, verified_user):
    client.force_login(verified_user)
    visited_an_hour_ago(verified_user, post)
    create(post, "mine", author=verified_user)
    create(post, "someone else's", author=verified(UserFactory()))
    assert '<span class="badge-new">1 new</span>' in page(client, post)


def test_staff_comments_carry_their_role_and_a_badge(client, post, editor, moderator, verified_user):
    said = {
        "editor": create(post, "From the editor's desk", author=editor),
        "moderator": create(post, "Please keep it kind", author=moderator),
        "": create(post, "Just a reader", author=verified_user),
    }
    html = page(client, post)
    for role, comment in said.items():
        opening = re.search(rf'<article [^>]*id="comment-{comment.pk}"[^>]*>', html).group()
        if role:
            assert f'data-role="{role}"' in opening
            badge = f'<span class="badge badge-role">{role.capitalize()}</span> said...'
            assert badge in html[html.index(opening) :].split("</article>")[0]
        else:
            assert "data-role" not in opening


def test_a_moderator_sees_the_one_page_link_for_a_thread_cut_by_held_replies_cold_and_warm(
    client, post, small_pages, settings, moderator
):
    """Cut at two replies by a held third that only moderators read: the link stays once the thread is
    kept, for them, and readers (two replies, nothing cut) get none."""
    settings.COMMENTS_THREADS_PER_PAGE = 10
    top = create(post, "a thread")
    create(post, "one", top)
    create(post, "two", top)
    held = create(post, "held", top)
    Comment.objects.filter(pk=held.pk).update(status=Comment.Status.PENDING)
    services.thread_changed(comment=held)
    assert "all-comments" not in page(client, post)
    client.force_login(moderator)
    for _ in ("cold", "warm"):
        assert 'class="all-comments"><a href="?all=1#comments"' in page(client, post)
