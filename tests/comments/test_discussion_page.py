import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from comments import services
from comments.models import Comment, ThreadVisit
from tests.factories import PostFactory, UserFactory

pytestmark = pytest.mark.usefixtures("no_posting_guards")


def create(post, body, parent=None, **kwargs):
    return services.comment_create(
        post=post, author=kwargs.pop("author", None), body=body, parent=parent, **kwargs
    )


def page(client, post, query=""):
    response = client.get(post.get_absolute_url() + query)
    assert response.status_code == 200
    return response.content.decode()


def articles(html):
    """(pk, data-depth) of each comment article, in document order."""
    return [
        (int(pk), int(depth))
        for pk, depth in re.findall(r'<article class="comment" id="comment-(\d+)" data-depth="(\d+)"', html)
    ]


def test_page_shows_the_thread_in_order_with_depths(client, post):
    a = create(post, "first")
    b = create(post, "second")
    a1 = create(post, "a1", a)
    b1 = create(post, "b1", b)
    a1x = create(post, "a1x", a1)
    a2 = create(post, "a2", a)
    assert articles(page(client, post)) == [
        (a.pk, 0),
        (a1.pk, 1),
        (a1x.pk, 2),
        (a2.pk, 1),
        (b.pk, 0),
        (b1.pk, 1),
    ]


def test_each_comment_says_who_said_it_with_anonymous_for_blank_names_and_links_accounts(
    client, post, verified_user
):
    create(post, "named", author_name="Wren")
    create(post, "nameless")
    create(post, "signed in", author=verified_user)
    html = page(client, post)
    assert '<strong class="comment-author">Wren</strong> said...' in html
    assert '<strong class="comment-author">Anonymous</strong> said...' in html
    profile = f'<a href="/users/{verified_user.username}/">{verified_user.public_name}</a>'
    assert f'<strong class="comment-author">{profile}</strong> said...' in html


def test_anonymous_email_is_never_shown(client, post):
    create(post, "hi", author_name="Wren", author_email="wren.secret@example.com")
    assert "wren.secret" not in page(client, post)


def test_permalink_time_and_reply_link(client, post):
    comment = create(post, "hello")
    html = page(client, post)
    permalink = f"{post.get_absolute_url()}comments/{comment.pk}/"
    assert f'<a class="permalink" href="{permalink}"><time datetime="' in html
    assert f'href="?replyto={comment.pk}#reply"' in html


def test_replies_beyond_the_cap_stay_at_the_cap_and_every_reply_names_its_parent(client, post, settings):
    settings.COMMENTS_MAX_DISPLAY_DEPTH = 2
    parent = None
    chain = []
    for depth in range(5):
        parent = create(post, f"level {depth}", parent, author_name=f"Person{depth}")
        chain.append(parent)
    html = page(client, post)
    assert [depth for _, depth in articles(html)] == [0, 1, 2, 3, 4]
    assert f'id="comment-{chain[4].pk}" data-depth="4" data-indent="2"' in html
    assert f'id="comment-{chain[2].pk}" data-depth="2" data-indent="2"' in html
    assert f'replying to <a href="#comment-{chain[3].pk}">Person3</a>' in html
    assert f'replying to <a href="#comment-{chain[0].pk}">Person0</a>' in html
    assert html.count("replying to <a") == 4  # every reply, never the top comment


def test_script_and_html_in_a_body_stay_inert(client, post):
    create(
        post,
        "<script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3))",
        author_name="<b>Bold</b>",
    )
    html = page(client, post)
    discussion = html[html.index('id="comments"') :]
    assert "<script>alert" not in discussion
    assert "<img" not in discussion
    assert 'href="javascript:' not in discussion
    assert "<b>Bold</b>" not in discussion
    assert "&lt;b&gt;Bold&lt;/b&gt;" in discussion


def test_thread_replies_collapse_in_details_with_a_count(client, post):
    top = create(post, "top")
    create(post, "one", top)
    reply = create(post, "two", top)
    create(post, "three", reply)
    create(post, "lonely")
    html = page(client, post)
    assert html.count('<details class="thread-replies" open>') == 1
    assert "<summary>3 replies</summary>" in html


def test_newest_first_sorts_threads_and_keeps_replies_under_parents(client, post):
    old = create(post, "old")
    new = create(post, "new")
    old_reply = create(post, "reply to old", old)
    assert [pk for pk, _ in articles(page(client, post, "?sort=newest"))] == [new.pk, old.pk, old_reply.pk]


def test_paging_by_top_level_threads(client, post, settings):
    settings.COMMENTS_THREADS_PER_PAGE = 2
    tops = [create(post, f"thread {n}") for n in range(5)]
    reply = create(post, "reply", tops[2])
    assert [pk for pk, _ in articles(page(client, post, "?cpage=2"))] == [tops[2].pk, reply.pk, tops[3].pk]
    assert [pk for pk, _ in articles(page(client, post, "?cpage=99"))] == [tops[4].pk]
    assert [pk for pk, _ in articles(page(client, post, "?cpage=abc"))] == [tops[0].pk, tops[1].pk]


def test_author_removed_comment_with_replies_shows_placeholder(client, post, verified_user):
    mine = create(post, "regrettable words", author=verified_user)
    create(post, "a reply", mine)
    services.comment_delete(comment=mine, user=verified_user)
    html = page(client, post)
    assert "[removed by its author]" in html
    assert "regrettable words" not in html
    assert "a reply" in html


def test_hidden_comment_without_replies_disappears_and_with_replies_leaves_placeholder(client, post):
    moderator = UserFactory(is_superuser=True, second_factor=True)
    alone = create(post, "spam alone")
    parent = create(post, "spam parent")
    create(post, "innocent reply", parent)
    for comment in (alone, parent):
        services.comment_set_status(comment=comment, status=Comment.Status.HIDDEN, actor=moderator)
    html = page(client, post)
    assert "spam alone" not in html and f"comment-{alone.pk}" not in html
    assert "spam parent" not in html and "[hidden by a moderator]" in html
    assert "innocent reply" in html


def test_moderators_see_hidden_comments_marked(client, post):
    moderator = UserFactory(is_superuser=True, second_factor=True)
    hidden = create(post, "hidden text")
    services.comment_set_status(comment=hidden, status=Comment.Status.HIDDEN, actor=moderator)
    client.force_login(moderator)
    html = page(client, post)
    assert "hidden text" in html and "Hidden by a moderator" in html


def test_edit_and_delete_links_only_for_the_author_within_the_window(client, post, verified_user):
    mine = create(post, "mine", author=verified_user)
    other = create(post, "theirs")
    client.force_login(verified_user)
    html = page(client, post)
    assert f"/comments/{mine.pk}/edit/" in html and f"/comments/{mine.pk}/delete/" in html
    assert f"/comments/{other.pk}/edit/" not in html
    Comment.objects.filter(pk=mine.pk).update(created_at=timezone.now() - timedelta(minutes=16))
    assert f"/comments/{mine.pk}/edit/" not in page(client, post)


def test_edited_comment_says_so(client, post, verified_user):
    mine = create(post, "draft words", author=verified_user)
    services.comment_edit(comment=mine, user=verified_user, body="final words")
    html = page(client, post)
    assert "final words" in html and '<span class="edited">edited' in html


def test_replyto_renders_the_form_quoting_the_parent(client, post):
    parent = create(post, "quote me", author_name="Wren")
    html = page(client, post, f"?replyto={parent.pk}")
    form = html[html.index('id="reply"') :]
    assert "Reply to Wren" in form
    assert "quote me" in form
    assert f'name="parent" value="{parent.pk}"' in form


@pytest.mark.parametrize("replyto", ["999999", "99999999999999999999999", "abc", "-1", "1\x00"])
def test_replyto_a_missing_or_malformed_comment_falls_back_to_a_plain_comment(client, post, replyto):
    html = page(client, post, f"?replyto={replyto}")
    assert '<input type="hidden" name="parent" id="id_parent">' in html
    assert ("cannot be replied to" in html) == replyto.isdigit()


def test_replyto_a_comment_on_another_post_is_ignored(client, post):
    elsewhere = create(PostFactory(), "elsewhere")
    html = page(client, post, f"?replyto={elsewhere.pk}")
    assert "cannot be replied to" in html and "elsewhere" not in html


def test_closed_post_shows_comments_are_closed_instead_of_the_form(client, post):
    create(post, "before closing")
    post.is_comments_closed = True
    post.save()
    html = page(client, post)
    assert "Comments are closed." in html
    assert 'class="comment-form"' not in html
    assert "?replyto=" not in html


def test_signed_in_reader_without_verified_email_is_told_why(client, post):
    client.force_login(UserFactory())
    html = page(client, post)
    assert "Verify your e-mail address" in html
    assert 'class="comment-form"' not in html


def test_anonymous_off_asks_readers_to_sign_in(client, post, settings):
    settings.COMMENTS_ALLOW_ANONYMOUS = False
    assert "Sign in to comment." in page(client, post)


def test_comments_new_since_last_visit_are_marked_with_a_jump_link(client, post, verified_user):
    seen = create(post, "seen before")
    mine = create(post, "my own", author=verified_user)
    fresh = [create(post, f"fresh {n}") for n in range(2)]
    client.force_login(verified_user)
    page(client, post)
    an_hour_ago = timezone.now() - timedelta(hours=1)
    ThreadVisit.objects.update(seen_at=an_hour_ago)
    Comment.objects.filter(pk=seen.pk).update(created_at=an_hour_ago - timedelta(minutes=1))
    cache.clear()  # the update above goes around the services, which retire cached threads
    html = page(client, post)
    assert f'id="comment-{mine.pk}"' in html
    assert html.count(' data-new="true"') == 2
    assert "2 new</span> since your last visit" in html
    assert f'class="jump-new" href="#comment-{fresh[0].pk}"' in html
    assert f'class="next-new" href="#comment-{fresh[1].pk}"' in html
    # The next visit, after a pause: they were on a page of the last one.
    services.thread_visit_record(user=verified_user, post=post, at=timezone.now() + timedelta(minutes=31))
    assert ' data-new="true"' not in page(client, post)


def test_anonymous_readers_see_no_new_markers(client, post):
    create(post, "hello")
    assert ' data-new="true"' not in page(client, post)


def test_every_comment_is_the_article_the_markup_contract_names_whatever_its_state(
    client, post, verified_user, moderator
):
    """DESIGN §5, to the letter: `<article class="comment" id="comment-<pk>" data-depth="<n>">`, then
    whatever else a comment says about itself (indent, held, new, placeholder, role) as data attributes."""
    top = create(post, "a top comment")
    hidden = create(post, "soon hidden", author_name="Hidden")
    create(post, "a reply under it", hidden)
    services.comment_apply_status(comment=hidden, status=Comment.Status.HIDDEN)
    create(post, "a moderator's word", top, author=moderator)
    held = create(post, "my held reply", top, author=verified_user)
    services.comment_apply_status(comment=held, status=Comment.Status.PENDING)
    client.force_login(verified_user)
    page(client, post)
    ThreadVisit.objects.update(seen_at=timezone.now() - timedelta(hours=1))
    Comment.objects.filter(pk=top.pk).update(created_at=timezone.now() - timedelta(hours=2))
    cache.clear()
    html = page(client, post)
    pks = re.findall(r'<article [^>]*id="comment-(\d+)"', html)
    assert len(pks) == Comment.objects.count() == 5
    assert len(articles(html)) == 5
    said = dict(re.findall(r'<article class="comment" id="comment-(\d+)" ([^>]*)>', html))
    assert said[str(hidden.pk)] == 'data-depth="0" data-indent="0" data-status="placeholder"'
    assert said[str(held.pk)] == 'data-depth="1" data-indent="1" data-status="pending"'
    moderators = Comment.objects.get(author=moderator).pk
    assert said[str(moderators)] == 'data-depth="1" data-role="moderator" data-indent="1" data-new="true"'


def test_discussion_has_no_inline_script_or_style_and_one_h1(client, post):
    parent = create(post, "hello")
    create(post, "reply", parent)
    html = page(client, post, f"?replyto={parent.pk}")
    assert html.count("<h1") == 1
    assert " style=" not in html
    assert all("src=" in tag for tag in re.findall(r"<script[^>]*>", html))
    assert '<script src="/static/js/comments.js" defer></script>' in html


def test_comment_error_page_has_one_h1(client, post):
    html = client.post(f"/comments/post/{post.pk}/", {"body": ""}).content.decode()
    assert html.count("<h1") == 1


def test_a_comment_shows_an_initials_avatar_and_its_actions_as_buttons(client, post, verified_user):
    create(post, "named", author_name="Wren Adler")
    html = page(client, post)
    assert '<span class="initials initials-' in html and '" aria-hidden="true">WA</span>' in html
    assert '<a class="button secondary comment-reply-link" href="?replyto=' in html


def test_a_comment_approved_since_the_last_visit_is_new(client, post, verified_user, moderator):
    """Written before the reader's last visit and approved after it: new to them on the next one."""
    held = create(post, "held while they read")
    Comment.objects.filter(pk=held.pk).update(status=Comment.Status.PENDING)
    client.force_login(verified_user)
    page(client, post)
    ThreadVisit.objects.update(seen_at=timezone.now() - timedelta(hours=1))
    Comment.objects.filter(pk=held.pk).update(created_at=timezone.now() - timedelta(hours=2))
    services.comment_set_status(comment=held, status=Comment.Status.PUBLISHED, actor=moderator)
    html = page(client, post)
    assert "1 new</span> since your last visit" in html
    assert html.count(' data-new="true"') == 1
