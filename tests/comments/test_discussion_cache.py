"""Cached threads (comments.discussion): what one reader sees alone never reaches another reader or
role, and every change that shows in a thread shows at once, with the cache warm."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.test import Client
from django.utils import timezone

from accounts import services as account_services
from comments import services
from comments.models import Comment
from moderation import services as moderation_services
from tests.factories import UserFactory, verified

pytestmark = pytest.mark.usefixtures("no_posting_guards")


def discussion(client, post, query="") -> str:
    response = client.get(post.get_absolute_url() + query)
    assert response.status_code == 200
    html = response.content.decode()
    html = re.sub(r'data-since="\d+"', 'data-since=""', html)  # the moment of the request, for live news
    return html[html.index('<section class="comments"') : html.index('<section class="comment-reply"')]


def article(html: str, comment: Comment) -> str:
    """One comment's <article> in the page."""
    match = re.search(rf'<article [^>]*id="comment-{comment.pk}".*?</article>', html, re.S)
    assert match, f"comment {comment.pk} is not on the page"
    return match.group()


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def cast(db, post, moderator):
    """Two readers in one thread (Ada's comment within its edit window), another thread, a moderator."""
    ada = verified(UserFactory(username="ada", display_name="Ada"))
    bo = verified(UserFactory(username="bo", display_name="Bo"))
    top = services.comment_create(post=post, author=bo, body="Bo opens")
    mine = services.comment_create(post=post, author=ada, body="Ada answers", parent=top)
    other = services.comment_create(post=post, author=None, body="Another thread")
    return {"ada": ada, "bo": bo, "top": top, "mine": mine, "other": other, "moderator": moderator}


def test_a_readers_own_links_and_held_comments_are_theirs_alone(post, cast, settings):
    ada, bo, mine = cast["ada"], cast["bo"], cast["mine"]
    settings.MODERATION_PREMODERATION = "everyone"
    held = services.comment_create(post=post, author=ada, body="Ada, held", parent=cast["top"])
    edit = f'href="/comments/{mine.pk}/edit/"'
    flag = f'href="/moderation/comments/{mine.pk}/flag/"'
    moderate = f'href="/moderation/comments/{mine.pk}/"'
    for _ in range(2):  # cold, then every shared rendering kept
        as_ada = discussion(signed_in(ada), post)
        assert edit in article(as_ada, mine) and flag not in as_ada
        assert "Ada, held" in as_ada and "Awaiting moderation" in article(as_ada, held)
        as_bo = discussion(signed_in(bo), post)
        assert flag in article(as_bo, mine) and edit not in as_bo and "Ada, held" not in as_bo
        anonymous = discussion(Client(), post)
        assert flag not in anonymous and edit not in anonymous and "Ada, held" not in anonymous
        as_moderator = discussion(signed_in(cast["moderator"]), post)
        assert moderate in as_moderator and "Ada, held" in as_moderator and edit not in as_moderator
        assert moderate not in as_ada + as_bo + anonymous


def test_new_markers_are_the_readers_own(post, cast):
    ada, bo = cast["ada"], cast["bo"]
    services.thread_visit_record(user=ada, post=post, at=timezone.now() - timedelta(hours=1))
    Comment.objects.filter(post=post).update(created_at=timezone.now() - timedelta(hours=2))
    Comment.objects.filter(pk=cast["other"].pk).update(created_at=timezone.now() - timedelta(minutes=1))
    discussion(Client(), post)  # a shared rendering of every thread is kept
    assert '<article class="comment" id="comment-{}" data-depth="0" data-indent="0" data-new="true">'.format(
        cast["other"].pk
    ) in discussion(signed_in(ada), post)
    for html in (discussion(signed_in(bo), post), discussion(Client(), post)):
        assert 'data-new="true"' not in html and "badge-new" not in html


def test_a_closed_posts_threads_offer_no_reply(post, cast, moderator):
    assert "comment-reply-link" in discussion(Client(), post)
    services.post_comments_close(post=post, closed=True, actor=moderator)
    assert "comment-reply-link" not in discussion(Client(), post)
    services.post_comments_close(post=post, closed=False, actor=moderator)
    assert "comment-reply-link" in discussion(Client(), post)


@pytest.mark.parametrize(
    "change", ["new", "edited", "hidden", "removed", "renamed", "collapsed", "locked", "promoted"]
)
def test_every_change_to_a_thread_shows_with_the_cache_warm(post, cast, change, moderator):
    top, mine, ada = cast["top"], cast["mine"], cast["ada"]
    before = discussion(Client(), post)
    assert discussion(Client(), post) == before  # served from the kept renderings
    versions = thread_versions(post)
    if change == "new":
        services.comment_create(post=post, author=None, body="A fresh reply", parent=top)
        assert "A fresh reply" in discussion(Client(), post)
    elif change == "edited":
        services.comment_edit(comment=mine, user=ada, body="Ada, edited")
        html = discussion(Client(), post)
        assert "Ada, edited" in html and "Ada answers" not in html
    elif change == "hidden":
        moderation_services.comment_hide(comment=mine, actor=moderator, reason="off topic")
        assert "Ada answers" not in discussion(Client(), post)
    elif change == "removed":
        services.comment_delete(comment=mine, user=ada)
        assert "Ada answers" not in discussion(Client(), post)
    elif change == "renamed":
        account_services.profile_update(
            user=ada,
            display_name="Ada Lovelace",
            bio="",
            website="",
            digest="none",
            is_notified_of_replies=True,
            is_notified_of_follows=True,
            is_notified_of_moderation=True,
        )
        assert "Ada Lovelace" in article(discussion(Client(), post), mine)
    elif change == "collapsed":
        moderation_services.comment_collapse(comment=top, actor=moderator, reason="gone round in circles")
        assert "Collapsed by a moderator: gone round in circles" in discussion(Client(), post)
    elif change == "locked":
        moderation_services.comment_lock(comment=top, actor=moderator, reason="gone round in circles")
        assert "Replies locked by a moderator: gone round in circles" in discussion(Client(), post)
    else:  # Ada joins the moderators in the admin: her comment carries the badge at once
        assert "data-role" not in article(before, mine)
        ada.groups.add(Group.objects.get(name="Moderators"))
        assert 'data-role="moderator"' in article(discussion(Client(), post), mine)
    # Only the changed thread's key moved: the other thread is still served from its kept rendering.
    after = thread_versions(post)
    assert after[top.pk] > versions[top.pk]
    assert after[cast["other"].pk] == versions[cast["other"].pk]


def test_leaving_a_staff_group_from_either_side_takes_the_badge_off(post, cast):
    mine, ada = cast["mine"], cast["ada"]
    moderators = Group.objects.get(name="Moderators")
    for leave in (lambda: moderators.user_set.remove(ada), ada.groups.clear, moderators.user_set.clear):
        ada.groups.add(moderators)
        assert 'data-role="moderator"' in article(discussion(Client(), post), mine)
        leave()
        assert "data-role" not in article(discussion(Client(), post), mine)


def thread_versions(post) -> dict[int, int]:
    return dict(Comment.objects.filter(post=post).tops().values_list("pk", "thread_version"))


def test_a_cache_that_fails_costs_the_reader_nothing(post, cast, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("cache down")

    cache = caches[settings.COMMENTS_FRAGMENT_CACHE]
    monkeypatch.setattr(cache, "get_many", broken)
    monkeypatch.setattr(cache, "set_many", broken)
    html = discussion(Client(), post)
    assert "Ada answers" in html and "Another thread" in html
