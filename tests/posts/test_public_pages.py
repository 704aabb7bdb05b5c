from datetime import datetime, timedelta

from django.utils import timezone

from posts.models import Post, PostUpdate
from tests.factories import CategoryFactory, PostFactory, TagFactory, UserFactory


def _at(days_ago: int) -> datetime:
    return timezone.now() - timedelta(days=days_ago)


def test_home_lists_pinned_first_then_newest_twenty_a_page(client, db):
    posts = [PostFactory(title=f"Post number {i:02d}", published_at=_at(100 - i)) for i in range(25)]
    pinned = PostFactory(title="The pinned house rules", published_at=_at(500), is_pinned=True)
    PostFactory(title="A draft nobody sees", status=Post.Status.DRAFT, published_at=None)
    first = client.get("/").content.decode()
    assert first.index(pinned.title) < first.index("Post number 24") < first.index("Post number 06")
    assert "Post number 05" not in first
    assert "A draft nobody sees" not in first
    assert 'href="?page=2"' in first
    second = client.get("/?page=2").content.decode()
    assert "Post number 05" in second and "Post number 00" in second
    assert pinned.title not in second
    assert len(posts) == 25
    assert client.get("/?page=abc").status_code == 200
    assert client.get("/?page=99999999999999999999").status_code == 200


def test_home_pagination_follows_posts_published_and_deleted_since_the_last_visit(client, db):
    # The count comes from the cached archive summary; saving or deleting a post starts a new one.
    posts = [PostFactory(published_at=_at(30 + i)) for i in range(20)]
    assert client.get("/").context["page_obj"].paginator.count == 20
    newest = PostFactory(title="Fresh from the editor", published_at=_at(1))
    page = client.get("/").context["page_obj"]
    assert page.paginator.count == 21 and page.has_next()
    assert newest.title in client.get("/").content.decode()
    newest.delete()
    posts[0].status = Post.Status.DRAFT
    posts[0].save()
    assert client.get("/").context["page_obj"].paginator.count == 19
    assert not client.get("/").context["page_obj"].has_next()


def test_a_post_summary_shows_the_written_out_date_excerpt_category_tags_and_comments(client, db):
    category = CategoryFactory(name="Interviewing", slug="interviewing")
    tags = [TagFactory(name="LinkedIn", slug="linkedin"), TagFactory(name="Etiquette", slug="etiquette")]
    when = timezone.make_aware(datetime(2008, 11, 19, 12, 0))
    PostFactory(
        title="Connecting after the interview",
        question="Should I *connect* with the interviewer & the recruiter?",
        question_html="<p>Should I <em>connect</em> with the interviewer &amp; the recruiter?</p>",
        category=category,
        tags=tags,
        published_at=when,
        comment_count=7,
    )
    body = client.get("/").content.decode()
    assert (
        '<time datetime="2008-11-19T12:00:00+00:00" title="Wednesday, November 19, 2008 at 12:00 UTC">'
        "Wednesday, November 19, 2008</time>"
    ) in body
    assert "Should I connect with the interviewer &amp; the recruiter?" in body
    assert 'href="/category/interviewing/"' in body
    assert 'href="/tags/linkedin/" rel="tag">LinkedIn</a>' in body
    assert 'href="/tags/etiquette/" rel="tag">Etiquette</a>' in body
    assert "7 comments" in body


def test_the_post_page_shows_letter_answer_updates_taxonomy_and_neighbours(client, db):
    tag = TagFactory(name="Networking", slug="networking")
    before = PostFactory(title="The earlier post", published_at=_at(3))
    post = PostFactory(title="The middle post", published_at=_at(2), tags=[tag])
    after = PostFactory(title="The later post", published_at=_at(1))
    PostUpdate.objects.create(post=post, body="x", body_html="<p>She took the offer.</p>")
    response = client.get(post.get_absolute_url())
    body = response.content.decode()
    assert body.count("<h1") == 1
    assert "<h1>The middle post</h1>" in body
    assert "A reader writes:" in body
    assert '<blockquote class="reader-letter">' in body
    assert post.answer_html in body
    assert "She took the offer." in body and "Update" in body
    assert f'href="{post.category.get_absolute_url()}"' in body
    assert 'href="/tags/networking/"' in body
    assert f'href="{before.get_absolute_url()}" rel="prev"' in body
    assert f'href="{after.get_absolute_url()}" rel="next"' in body
    assert 'id="comments"' in body


def test_the_oldest_post_has_no_previous_and_the_newest_no_next(client, db):
    only = PostFactory(title="All alone")
    body = client.get(only.get_absolute_url()).content.decode()
    assert 'rel="prev"' not in body
    assert 'rel="next"' not in body


def test_related_posts_are_the_three_sharing_most_tags(client, db):
    a, b, c = (TagFactory(name=name) for name in ("alpha", "beta", "gamma"))
    post = PostFactory(title="Main", tags=[a, b, c])
    three = PostFactory(title="Shares three", tags=[a, b, c], published_at=_at(10))
    two = PostFactory(title="Shares two", tags=[a, b], published_at=_at(9))
    one_new = PostFactory(title="Shares one newer", tags=[c], published_at=_at(2))
    PostFactory(title="Shares one older", tags=[a], published_at=_at(8))
    PostFactory(title="Shares none", published_at=_at(1))
    PostFactory(title="Draft sharing all", tags=[a, b, c], status=Post.Status.DRAFT, published_at=None)
    response = client.get(post.get_absolute_url())
    related = [p.title for p in response.context["related_posts"]]
    assert related == [three.title, two.title, one_new.title]


def test_the_related_list_is_kept_and_renewed_when_any_post_changes(client, db, django_assert_num_queries):
    a = TagFactory(name="alpha")
    post = PostFactory(title="Main", tags=[a])
    PostFactory(title="Shares alpha", tags=[a], published_at=_at(5))
    first = client.get(post.get_absolute_url()).context["related_posts"]
    assert [p.title for p in first] == ["Shares alpha"]
    # The post and the count of its (no) threads: its tags, updates, neighbours and related list are in
    # its kept parts.
    with django_assert_num_queries(2):
        assert "Shares alpha" in client.get(post.get_absolute_url()).content.decode()
    newer = PostFactory(title="Newer alpha", tags=[a], published_at=_at(1))
    assert [p.title for p in client.get(post.get_absolute_url()).context["related_posts"]] == [
        "Newer alpha",
        "Shares alpha",
    ]
    newer.status = Post.Status.DRAFT
    newer.save()
    assert [p.title for p in client.get(post.get_absolute_url()).context["related_posts"]] == ["Shares alpha"]


def test_a_post_at_the_wrong_date_or_unknown_slug_is_a_404(client, db):
    post = PostFactory(published_at=timezone.make_aware(datetime(2020, 5, 4)))
    assert client.get(post.get_absolute_url()).status_code == 200
    assert client.get(f"/2020/06/{post.slug}/").status_code == 404
    assert client.get("/2020/05/no-such-post/").status_code == 404
    assert client.get(f"/2020/13/{post.slug}/").status_code == 404


def test_tag_list_counts_only_visible_posts_and_hides_empty_tags(client, db):
    linkedin = TagFactory(name="LinkedIn", slug="linkedin")
    TagFactory(name="Unused", slug="unused")
    PostFactory(tags=[linkedin])
    PostFactory(tags=[linkedin])
    PostFactory(tags=[linkedin], status=Post.Status.DRAFT, published_at=None)
    PostFactory(
        tags=[linkedin], status=Post.Status.SCHEDULED, published_at=timezone.now() + timedelta(days=1)
    )
    body = client.get("/tags/").content.decode()
    assert '>LinkedIn</a> <span class="meta">(2 posts)</span>' in body
    assert "Unused" not in body


def test_tag_and_category_pages_list_their_posts_only(client, db):
    tag = TagFactory(name="Facebook", slug="facebook")
    category = CategoryFactory(name="Etiquette", slug="etiquette")
    tagged = PostFactory(title="Tagged post", tags=[tag])
    filed = PostFactory(title="Filed post", category=category)
    PostFactory(title="Unrelated post")
    tag_page = client.get("/tags/facebook/").content.decode()
    assert tagged.title in tag_page and "Unrelated post" not in tag_page and filed.title not in tag_page
    category_page = client.get("/category/etiquette/").content.decode()
    assert filed.title in category_page and "Unrelated post" not in category_page
    assert tag_page.count("<h1") == 1 and category_page.count("<h1") == 1
    assert client.get("/tags/nope/").status_code == 404
    assert client.get("/category/nope/").status_code == 404


def test_titles_are_escaped_on_every_page(client, db):
    tag = TagFactory(name="<b>tag</b>", slug="b-tag")
    post = PostFactory(title="<script>alert(1)</script>", tags=[tag])
    for url in ("/", post.get_absolute_url(), "/tags/", "/tags/b-tag/", post.category.get_absolute_url()):
        body = client.get(url).content.decode()
        assert "<script>alert(1)" not in body, url
        assert "<b>tag</b>" not in body, url


def test_public_pages_answer_only_get(client, db):
    post = PostFactory()
    assert client.post("/").status_code == 405
    assert client.post(post.get_absolute_url()).status_code == 405
    assert client.post("/tags/").status_code == 405


def test_public_pages_answer_head_as_get_without_a_body(client, db):
    """Link checkers, feed readers and uptime monitors ask with HEAD: the same status and headers as a
    GET (Django's require_safe, or HEAD listed beside GET and POST; the server leaves the body out)."""
    tag = TagFactory(name="Etiquette", slug="etiquette")
    post = PostFactory(tags=[tag])
    author = UserFactory(username="heady")
    year = f"/archive/{post.published_at:%Y}/"
    urls = [
        "/", post.get_absolute_url(), "/tags/", "/tags/etiquette/", post.category.get_absolute_url(),
        "/archive/", year, "/search/?q=advice", "/search/comments/?q=advice", "/robots.txt",
        f"/users/{author.username}/", "/healthz", "/ask/",
    ]  # fmt: skip
    for url in urls:
        got = client.get(url)
        asked = client.head(url)
        assert got.status_code == asked.status_code == 200, url
        assert asked["Content-Type"] == got["Content-Type"], url
        assert int(asked["Content-Length"]) > 0, url  # the page was made; only the server drops the body
        assert client.options(url).status_code == 405, url
