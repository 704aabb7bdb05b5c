"""posts.page_parts: a post page's parts above the discussion are kept, and every change shows at once."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from posts import page_parts
from posts.models import Post
from posts.services import post_add_update
from tests import broken_cache
from tests.factories import PostFactory, TagFactory, UserFactory


@pytest.fixture
def post(db):
    alpha = TagFactory(name="Alpha")
    return PostFactory(title="Kept parts", answer_html="<p>First answer.</p>", tags=[alpha])


def page(client, post) -> str:
    response = client.get(post.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_a_kept_view_reads_the_post_alone_and_shows_the_same_page(client, post, django_assert_num_queries):
    first = page(client, post)
    with django_assert_num_queries(2):  # the post (its parts kept) and the count of its threads
        again = page(client, post)

    def parts(html: str) -> str:
        return html[html.index('<article class="post">') : html.index('<section class="comments"')]

    assert parts(again) == parts(first)
    assert 'rel="tag">Alpha</a>' in again and '<meta property="article:tag" content="Alpha">' in again


def test_an_edit_an_update_a_category_or_a_tag_shows_at_once(client, post):
    page(client, post)
    post.answer_html = "<p>Second answer.</p>"
    post.save()
    assert "Second answer." in page(client, post) and "First answer." not in page(client, post)
    post_add_update(post=post, body="The reader wrote back.")
    assert "The reader wrote back." in page(client, post)
    post.category.name = "Renamed category"
    post.category.save()
    assert "Renamed category" in page(client, post)
    tag = post.tags.get()
    tag.name = "Renamed tag"
    tag.save()
    assert "Renamed tag" in page(client, post)
    post.tags.add(TagFactory(name="Added tag"))
    assert "Added tag" in page(client, post)
    post.tags.clear()
    assert "Added tag" not in page(client, post) and "Renamed tag" not in page(client, post)


def test_a_new_neighbour_shows_at_once(client, post):
    assert 'rel="next"' not in page(client, post)
    PostFactory(title="A newer post", published_at=timezone.now() - timedelta(minutes=1))
    assert "A newer post" in page(client, post)


def test_a_change_that_skips_the_signals_still_shows_when_it_saves_the_post(client, post):
    page(client, post)
    Post.objects.filter(pk=post.pk).update(answer_html="<p>Quietly changed.</p>", updated_at=timezone.now())
    assert "Quietly changed." in page(client, post)


def test_a_scheduled_post_keeps_its_banner_for_editors_alone_until_it_goes_live(client, editor, monkeypatch):
    when = timezone.now() + timedelta(hours=1)
    scheduled = PostFactory(title="Soon", status=Post.Status.SCHEDULED, published_at=when)
    client.force_login(editor)
    assert "readers cannot see this post yet" in page(client, scheduled)
    client.force_login(UserFactory())
    assert client.get(scheduled.get_absolute_url()).status_code == 404
    later = when + timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)  # no save: only the clock moved
    assert "readers cannot see this post yet" not in page(client, scheduled)
    client.force_login(editor)
    assert "readers cannot see this post yet" not in page(client, scheduled)


def test_a_neighbour_going_live_by_the_clock_shows_within_the_parts_lifetime(client, post, monkeypatch):
    when = timezone.now() + timedelta(hours=1)
    PostFactory(title="Goes live later", status=Post.Status.SCHEDULED, published_at=when)
    assert "Goes live later" not in page(client, post)
    later, clock = when + timedelta(minutes=1), time.time() + page_parts.ENTRY_SECONDS + 1
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert "Goes live later" not in page(client, post)  # kept: nothing was saved
    monkeypatch.setattr(time, "time", lambda: clock)  # the kept parts expire
    assert "Goes live later" in page(client, post)
    assert page_parts.ENTRY_SECONDS <= 30  # the lag README.md promises for a post going live


def test_each_address_has_its_own_parts(client, post, settings):
    settings.ALLOWED_HOSTS = ["testserver", "other.example"]
    assert "http://testserver/" in page(client, post)
    response = client.get(post.get_absolute_url(), HTTP_HOST="other.example")
    assert '<link rel="canonical" href="http://other.example/' in response.content.decode()


def test_a_failing_cache_means_a_rendered_page(client, post, settings, caplog):
    settings.CACHES = {**settings.CACHES, "broken": {"BACKEND": broken_cache.BACKEND}}
    settings.RELATED_POSTS_CACHE = "broken"
    html = page(client, post)
    assert "First answer." in html and 'rel="tag">Alpha</a>' in html
    assert "post page parts unavailable" in caplog.text


def test_a_tag_merged_by_a_moderator_shows_at_once(client, post):
    from moderation import services as moderation_services
    from tests.factories import staff, verified

    moderator = staff(verified(UserFactory(username="mona")), "Moderators")
    page(client, post)
    moderation_services.tag_merge(source=post.tags.get(), target=TagFactory(name="Beta"), actor=moderator)
    html = page(client, post)
    assert 'rel="tag">Beta</a>' in html and 'rel="tag">Alpha</a>' not in html
