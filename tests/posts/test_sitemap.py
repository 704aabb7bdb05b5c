"""/sitemap.xml (an index of sections), /robots.txt, and the canonical and Open Graph tags of a post."""

from datetime import datetime
from xml.etree import ElementTree

import pytest
from django.utils import timezone

from posts.models import Post
from tests.factories import CategoryFactory, PostFactory, TagFactory

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture
def site(db):
    used = CategoryFactory(name="Interviews", slug="interviews")
    CategoryFactory(name="Empty category", slug="empty-category")
    tag = TagFactory(name="Networking", slug="networking")
    TagFactory(name="Unused", slug="unused")
    post = PostFactory(
        title="Thank-you notes",
        category=used,
        tags=[tag],
        published_at=timezone.make_aware(datetime(2021, 3, 4, 10, 0)),
    )
    PostFactory(title="Draft", category=used, status=Post.Status.DRAFT, published_at=None)
    return post


def _xml(client, url) -> ElementTree.Element:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    return ElementTree.fromstring(response.content)  # raises on malformed XML


def _sitemap_urls(client) -> dict[str, ElementTree.Element]:
    index = _xml(client, "/sitemap.xml")
    urls = {}
    for location in index.findall("sm:sitemap/sm:loc", NS):
        section = _xml(client, location.text.removeprefix("http://example.com"))
        for entry in section.findall("sm:url", NS):
            urls[entry.find("sm:loc", NS).text.removeprefix("http://example.com")] = entry
    return urls


def test_sitemap_index_names_every_section(client, site):
    index = _xml(client, "/sitemap.xml")
    locations = [loc.text for loc in index.findall("sm:sitemap/sm:loc", NS)]
    for section in ("pages", "posts", "categories", "tags", "archive"):
        assert f"http://example.com/sitemap-{section}.xml" in locations


def test_sitemap_lists_posts_with_lastmod_categories_tags_and_archive_months(client, site):
    urls = _sitemap_urls(client)
    assert site.get_absolute_url() in urls
    assert urls[site.get_absolute_url()].find("sm:lastmod", NS) is not None
    assert "/category/interviews/" in urls
    assert "/tags/networking/" in urls
    assert "/archive/2021/03/" in urls
    assert "/" in urls and "/archive/" in urls


def test_sitemap_leaves_out_drafts_and_empty_topics(client, site):
    urls = _sitemap_urls(client)
    assert not any("/draft/" in url for url in urls)
    assert "/category/empty-category/" not in urls
    assert "/tags/unused/" not in urls


def test_sitemap_unknown_section_is_404(client, site):
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_robots_txt_names_the_sitemap_and_keeps_crawlers_off_private_pages(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /editor/" in text
    assert "Disallow: /search/" in text


def test_post_page_has_canonical_link_and_open_graph_tags(client, site):
    page = client.get(site.get_absolute_url()).content.decode()
    head = page[: page.index("</head>")]
    url = f"http://testserver{site.get_absolute_url()}"
    assert f'<link rel="canonical" href="{url}">' in head
    assert '<meta property="og:type" content="article">' in head
    assert '<meta property="og:title" content="Thank-you notes">' in head
    assert f'<meta property="og:url" content="{url}">' in head
    assert 'property="og:description"' in head
    assert '<meta property="article:tag" content="Networking">' in head
    assert 'property="article:published_time" content="2021-03-04T10:00:00' in head
