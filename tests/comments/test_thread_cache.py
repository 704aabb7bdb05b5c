"""The cached thread rendering (comments.thread_cache): every change retires it; no role sees another's.

Every test runs twice: as in tests (no page cache) and with the page cache for readers who are not
signed in (forum.pagecache) on, which keeps whole post pages tied to the thread version.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache, caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from comments import services, thread_cache
from comments.models import Comment
from moderation import services as moderation_services
from tests import broken_cache
from tests.factories import UserFactory, verified

pytestmark = pytest.mark.usefixtures("no_posting_guards")

HIDDEN_TEXT = "Something a moderator hid."
HELD_TEXT = "Something waiting for a moderator."


@pytest.fixture(autouse=True, params=[0, 30], ids=["page-cache-off", "page-cache-on"])
def page_cache(request, settings):
    settings.PAGE_CACHE_SECONDS = request.param


def view(client, post, query="") -> str:
    response = client.get(post.get_absolute_url() + query)
    assert response.status_code == 200
    return response.content.decode()


def threads(html: str) -> str:
    """The rendered threads, without the form (its tokens differ on every view)."""
    return html[html.index('<section class="comments"') : html.index('<section class="comment-reply"')]


def thread_queries(client, post) -> int:
    with CaptureQueriesContext(connection) as queries:
        view(client, post)
    return sum('FROM "comments_comment"' in q["sql"] for q in queries.captured_queries)


def create(post, body, **kwargs):
    return services.comment_create(post=post, author=kwargs.pop("author", None), body=body, **kwargs)


@pytest.fixture
def change(django_capture_on_commit_callbacks):
    """Run a write as the app does: one transaction, then its on-commit work (the version bump)."""

    def run(write, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return write(**kwargs)

    return run


def test_a_second_anonymous_view_reads_no_comments(client, post):
    create(post, "First words.")
    first = view(client, post)
    assert thread_queries(client, post) == 0
    assert threads(view(client, post)) == threads(first)


def test_a_missing_version_renders_afresh(client, post):
    create(post, "First words.")
    view(client, post)
    cache.delete(f"thread-version:{post.pk}")
    assert thread_queries(client, post) == 1
    assert thread_queries(client, post) == 0


def test_a_new_comment_shows_at_once(client, post, change):
    create(post, "First words.")
    view(client, post)
    change(services.comment_create, post=post, author=None, body="Second thoughts.")
    assert "Second thoughts." in view(client, post)


def test_an_edit_shows_at_once(client, post, reader, change):
    comment = create(post, "Before the edit.", author=reader)
    view(client, post)
    change(services.comment_edit, comment=comment, user=reader, body="After the edit.")
    html = view(client, post)
    assert "After the edit." in html and "Before the edit." not in html


def test_a_hidden_comment_goes_at_once(client, post, moderator, change):
    comment = create(post, HIDDEN_TEXT)
    assert HIDDEN_TEXT in view(client, post)
    change(moderation_services.comment_hide, comment=comment, actor=moderator, reason="rude")
    assert HIDDEN_TEXT not in view(client, post)


def test_a_removed_comment_leaves_its_placeholder_at_once(client, post, reader, change):
    comment = create(post, "Regretted words.", author=reader)
    create(post, "A reply.", parent=comment)
    view(client, post)
    change(services.comment_delete, comment=comment, user=reader)
    html = view(client, post)
    assert "Regretted words." not in html and "[removed by its author]" in html


def test_moderator_actions_show_at_once(client, post, moderator, change):
    comment = create(post, "Heated words.")
    create(post, "A heated reply.", parent=comment)
    view(client, post)
    change(moderation_services.comment_collapse, comment=comment, actor=moderator, reason="off topic")
    assert "Collapsed by a moderator: off topic" in view(client, post)
    change(
        moderation_services.comment_moderator_edit, comment=comment, actor=moderator, body="Calm.", reason="x"
    )
    html = view(client, post)
    assert "Calm." in html and "Heated words." not in html and "edited by a moderator" in html
    change(moderation_services.comment_expand, comment=comment, actor=moderator)
    assert "Collapsed by a moderator" not in view(client, post)


def test_closing_the_post_takes_the_reply_links_away_at_once(client, post, moderator, change):
    create(post, "First words.")
    assert "comment-reply-link" in view(client, post)
    change(services.post_comments_close, post=post, closed=True, actor=moderator)
    post.refresh_from_db()
    html = view(client, post)
    assert "comment-reply-link" not in html and "Comments are closed." in html
    change(services.post_comments_close, post=post, closed=False, actor=moderator)
    assert "comment-reply-link" in view(client, post)


def _moderated_thread(post, moderator):
    shown = create(post, "Plain words.")
    hidden = create(post, HIDDEN_TEXT)
    moderation_services.comment_hide(comment=hidden, actor=moderator, reason="rude")
    held = create(post, HELD_TEXT)
    services.comment_apply_status(comment=held, status=Comment.Status.PENDING)
    return shown, hidden, held


@pytest.mark.parametrize("moderator_first", [True, False])
def test_no_role_sees_another_roles_view(post, moderator, reader, moderator_first):
    _moderated_thread(post, moderator)
    as_moderator, as_reader, anonymous = Client(), Client(), Client()
    as_moderator.force_login(moderator)
    as_reader.force_login(reader)
    order = [as_moderator, as_reader, anonymous] if moderator_first else [anonymous, as_reader, as_moderator]
    pages = {}
    for _ in range(2):  # the second round is served from the cache
        for client in order:
            pages[client] = view(client, post)
        for client, html in pages.items():
            if client is as_moderator:
                assert HIDDEN_TEXT in html and HELD_TEXT in html and ">Moderate</a>" in html
            else:
                assert HIDDEN_TEXT not in html and HELD_TEXT not in html and ">Moderate</a>" not in html
        assert ">Flag</a>" in pages[as_reader] and ">Flag</a>" not in pages[anonymous]


def test_own_edit_links_are_added_for_their_author_alone(post, reader):
    mine = create(post, "My words.", author=reader)
    other = Client()
    other.force_login(verified(UserFactory()))
    edit_link = f"/comments/{mine.pk}/edit/"
    anonymous_html = view(Client(), post)
    author = Client()
    author.force_login(reader)
    assert edit_link in view(author, post)  # from the entry the anonymous reader left
    assert edit_link in view(author, post)
    assert edit_link not in view(other, post) and edit_link not in anonymous_html
    assert edit_link not in view(Client(), post)


def test_a_signed_in_author_sees_their_held_comment_and_nobody_else_does(post, reader, moderator):
    create(post, "Plain words.")
    held = create(post, HELD_TEXT, author=reader)
    services.comment_apply_status(comment=held, status=Comment.Status.PENDING)
    author, other = Client(), Client()
    author.force_login(reader)
    other.force_login(verified(UserFactory()))
    view(other, post)  # a shared entry exists before the author comes
    for _ in range(2):
        html = view(author, post)
        assert HELD_TEXT in html and "Awaiting moderation" in html
        assert HELD_TEXT not in view(other, post)
        assert HELD_TEXT not in view(Client(), post)


def test_an_anonymous_author_sees_their_held_comment_from_the_session(client, post, settings):
    create(post, "Plain words.")
    view(Client(), post)  # a shared entry exists
    settings.MODERATION_PREMODERATION = "everyone"
    response = client.post(f"/comments/post/{post.pk}/", {"body": HELD_TEXT, "author_name": "Wren"})
    held = Comment.objects.get(body=HELD_TEXT)
    assert held.status == Comment.Status.PENDING, response.status_code
    for _ in range(2):
        html = view(client, post)
        assert HELD_TEXT in html and "Awaiting moderation" in html
        assert HELD_TEXT not in view(Client(), post)


def test_new_markers_come_from_the_cached_entry(post, reader, change):
    create(post, "Seen before.")
    author = Client()
    author.force_login(reader)
    view(author, post)  # records the visit
    fresh = [change(services.comment_create, post=post, author=None, body=f"Fresh {n}.") for n in range(2)]
    view(Client(), post)  # the entry is made by someone with nothing new
    html = view(author, post)
    assert html.count(" is-new") == 2
    assert f'class="next-new" href="#comment-{fresh[1].pk}"' in html
    assert " is-new" not in view(author, post)


def test_a_moderator_sees_a_newly_held_comment_at_once(post, moderator, change, settings):
    create(post, "Plain words.")
    as_moderator = Client()
    as_moderator.force_login(moderator)
    view(as_moderator, post)
    settings.MODERATION_PREMODERATION = "everyone"
    held = change(services.comment_create, post=post, author=None, body=HELD_TEXT)
    assert held.status == Comment.Status.PENDING
    assert HELD_TEXT in view(as_moderator, post)  # the comment count did not move; the version did


def test_an_entry_is_read_only_when_its_stamp_is_current(client, post, monkeypatch, settings):
    settings.PAGE_CACHE_SECONDS = 0  # the kept page would hide the thread cache here
    create(post, "First words.")
    view(client, post)
    key = thread_cache._entry_key(
        post=post, user=AnonymousUser(), can_reply=True, links=(), newest_first=False, page=1
    )
    assert key.startswith("thread:v2:") and cache.get(key) is not None  # bytes entries: their own keys
    cache.set(f"{key}:stamp", ("another version", 1))
    read = []
    backend = type(caches[settings.COMMENTS_THREAD_CACHE])
    real_get = backend.get

    def get(self, name, *args, **kwargs):
        read.append(name)
        return real_get(self, name, *args, **kwargs)

    monkeypatch.setattr(backend, "get", get)
    assert thread_queries(client, post) == 1  # rendered afresh
    assert key not in read  # and the stale 2 MB never read
    assert thread_queries(client, post) == 0


def test_a_failing_thread_cache_means_a_rendered_thread_and_nothing_kept(client, post, settings, caplog):
    create(post, "Still readable.")
    settings.CACHES = {**settings.CACHES, "broken": {"BACKEND": broken_cache.BACKEND}}
    settings.COMMENTS_THREAD_CACHE = "broken"
    assert "Still readable." in view(client, post)
    assert "thread cache unavailable" in caplog.text
