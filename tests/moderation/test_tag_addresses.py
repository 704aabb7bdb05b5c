"""Every public GET address of a renamed or merged tag answers 301 to the tag's new address."""

import importlib

import pytest
from django.apps import apps
from django.contrib.redirects.models import Redirect
from django.contrib.sites.models import Site
from django.urls import reverse

from posts import urls as post_urls
from tests.factories import PostFactory, TagFactory, UserFactory, verified

# The fixtures come through getfixturevalue, which pytest-django cannot see when it orders tests.
pytestmark = pytest.mark.django_db

# Every tag route posts/urls.py has, so a new one cannot be forgotten; following is POST-only.
TAG_ROUTES = [
    pattern.name
    for pattern in post_urls.urlpatterns
    if str(pattern.pattern).startswith("tags/<slug:slug>/") and pattern.name != "tag_follow"
]


def test_the_tag_routes_are_the_ones_expected():
    assert sorted(TAG_ROUTES) == ["tag_detail", "tag_feed_atom", "tag_feed_rss"]


def address(name: str, slug: str) -> str:
    return reverse(f"posts:{name}", kwargs={"slug": slug})


@pytest.fixture
def moderating(client, moderator):
    client.force_login(moderator)
    return client


@pytest.fixture
def renamed(moderating):
    tag = TagFactory(name="Linkedin", slug="linkedin")
    PostFactory(tags=[tag])
    moderating.post(f"/moderation/tags/{tag.pk}/rename/", {"name": "LinkedIn", "slug": "linked-in"})
    return "linkedin", "linked-in"


@pytest.fixture
def merged(moderating):
    source = TagFactory(name="job hunt", slug="job-hunt")
    TagFactory(name="job search", slug="job-search")
    PostFactory(tags=[source])
    moderating.post(f"/moderation/tags/{source.pk}/merge/", {"target": "job-search"})
    return "job-hunt", "job-search"


@pytest.mark.parametrize("change", ["renamed", "merged"])
@pytest.mark.parametrize("name", TAG_ROUTES)
def test_each_old_tag_address_answers_301_to_the_new_one(client, request, change, name):
    old_slug, new_slug = request.getfixturevalue(change)
    response = client.get(address(name, old_slug))
    assert response.status_code == 301
    assert response["Location"] == address(name, new_slug)
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize("change", ["renamed", "merged"])
def test_a_tag_page_with_a_query_keeps_it_through_the_redirect(client, request, change):
    old_slug, new_slug = request.getfixturevalue(change)
    response = client.get(f"/tags/{old_slug}/?page=2")
    assert response.status_code == 301 and response["Location"] == f"/tags/{new_slug}/?page=2"


@pytest.mark.parametrize("change", ["renamed", "merged"])
def test_following_at_the_old_address_is_not_redirected(client, request, change):
    old_slug, _ = request.getfixturevalue(change)
    client.force_login(verified(UserFactory()))
    assert client.post(f"/tags/{old_slug}/follow/").status_code == 404


def test_a_query_on_an_unknown_address_stays_a_404(client, db):
    assert client.get("/tags/never-was/?page=2").status_code == 404


def test_tags_renamed_before_get_their_atom_feed_redirected(db):
    site = Site.objects.get_current()
    Redirect.objects.create(site=site, old_path="/tags/old/", new_path="/tags/new/")
    Redirect.objects.create(site=site, old_path="/tags/old/feed/", new_path="/tags/new/feed/")
    migration = importlib.import_module("moderation.migrations.0004_tag_atom_feed_redirects")
    migration.add_atom_redirects(apps, None)
    migration.add_atom_redirects(apps, None)  # running again changes nothing
    atom = Redirect.objects.get(old_path="/tags/old/feed/atom/")
    assert atom.new_path == "/tags/new/feed/atom/"
    assert Redirect.objects.count() == 3
