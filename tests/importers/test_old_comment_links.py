"""The server's half of old comment links: the redirect marks the visit, the page asks, the lookup
answers (the browser's half: test_old_comment_links_browser.py)."""

import pytest
from django.urls import reverse

from importers.models import SourceRecord
from importers.services import blog_import
from posts.models import Post
from tests.factories import PostFactory
from tests.importers.wxr import Item, a_discussed_post, wxr

pytestmark = pytest.mark.django_db

OLD = "/2012/01/03/the-awkward-reference/"


@pytest.fixture
def imported(tmp_path):
    export = tmp_path / "wp.xml"
    # A second post whose comment has the same old id on another blog post.
    other = Item(502, "Another letter", "another-letter")
    other.comments = [a_discussed_post().comments[0]]
    other.comments[0].id = 999
    export.write_text(wxr([a_discussed_post(), other]), encoding="utf-8")
    blog_import(path=export, source="wordpress")
    return SourceRecord.objects.get(kind="post", source_id="501").post


def lookup(post: Post, fragment: str) -> str:
    return reverse("importers:old_comment_link", args=[post.pk, fragment])


def comment_of(source_id: str):
    return SourceRecord.objects.get(kind="comment", source="wordpress", source_id=source_id).comment


def test_an_old_address_marks_the_visit_for_that_post_page_only(client, imported):
    response = client.get(OLD)
    assert (response.status_code, response["Location"]) == (301, imported.get_absolute_url())
    cookie = response.cookies["old_link"]
    assert cookie["path"] == imported.get_absolute_url()
    assert cookie["max-age"] == 60 and cookie["httponly"] and cookie["samesite"] == "Lax"
    assert "no-cache" in response["Cache-Control"]  # asked each time, so each visit is marked

    page = client.get(imported.get_absolute_url())
    html = page.content.decode()
    assert f'src="/static/js/old-links.js" data-lookup="{lookup(imported, "FRAGMENT")}"' in html
    assert page.cookies["old_link"]["max-age"] == 0  # read once
    assert "private" in page["Cache-Control"]
    client.cookies.pop("old_link")
    assert "old-links.js" not in client.get(imported.get_absolute_url()).content.decode()


def test_an_old_address_of_a_comment_or_a_feed_sets_no_mark(client, imported):
    response = client.get("/", {"replytocom": "883"})
    assert response.status_code == 301 and "old_link" not in response.cookies
    response = client.get(f"{OLD}feed/")
    assert response.status_code == 301 and "old_link" not in response.cookies


def test_the_lookup_finds_the_comment_of_this_post_by_its_old_id(client, imported):
    response = client.get(lookup(imported, "comment-883"))
    assert (response.status_code, response["Location"]) == (302, comment_of("883").get_absolute_url())
    # Old id 999 belongs to the other post's comment: not this post's.
    response = client.get(lookup(imported, "comment-999"))
    assert (response.status_code, response["Location"]) == (302, imported.get_absolute_url())


@pytest.mark.parametrize(
    "fragment", ["comment-abc", "c", "comment-" + "9" * 200, "reply", "c%00", "comment-1%00"]
)
def test_a_fragment_that_names_no_old_comment_goes_to_the_post(client, imported, fragment):
    response = client.get(f"/imported/old-comment-link/{imported.pk}/{fragment}/")  # as sent, NUL and all
    assert (response.status_code, response["Location"]) == (302, imported.get_absolute_url())


def test_a_comment_readers_cannot_see_sends_the_reader_to_the_post(client, imported):
    held = comment_of("883")
    held.status = "hidden"
    held.save(update_fields=["status"])
    response = client.get(lookup(imported, "comment-883"))
    assert (response.status_code, response["Location"]) == (302, imported.get_absolute_url())


def test_the_lookup_of_a_post_readers_cannot_see_is_a_404(client, imported):
    draft = PostFactory(status=Post.Status.DRAFT)
    assert client.get(lookup(draft, "comment-1")).status_code == 404
    assert client.get(reverse("importers:old_comment_link", args=[987654, "comment-1"])).status_code == 404
    assert client.get(f"/imported/old-comment-link/{'9' * 40}/comment-1/").status_code == 404
    assert client.post(lookup(imported, "comment-883")).status_code == 405


def test_the_lookup_reads_a_fixed_number_of_rows(client, imported, django_assert_num_queries):
    with django_assert_num_queries(2):  # the post; the comment's record with its comment and post
        client.get(lookup(imported, "comment-883"))


def test_the_marked_post_page_costs_what_the_post_page_costs(client, imported, django_assert_num_queries):
    """The mark adds a script tag, not a query: the page a reader lands on from an old link."""
    client.get(imported.get_absolute_url())  # keeps the page's parts and threads
    client.cookies["old_link"] = "1"
    with django_assert_num_queries(4):  # as tests/comments/test_query_counts.py pins a warm anonymous page
        html = client.get(imported.get_absolute_url()).content.decode()
    assert "old-links.js" in html
