"""Every WordPress export dialect imports whole, and an export that cannot does so loudly (issue 26).

The exports are built here (tests/importers/wxr.py): WXR 1.0, 1.1 and 1.2, under http:// and https://
namespaces, with and without the excerpt namespace, self-hosted and WordPress.com.
"""

from io import StringIO

import pytest
from django.core.management import CommandError
from django.db.models import F

from comments.models import Comment
from importers.models import SourceRecord
from importers.services import ImportSummary
from posts.models import Category, Post, Tag
from tests.importers.conftest import import_text
from tests.importers.wxr import Comment as WxrComment
from tests.importers.wxr import Item, a_discussed_post, wxr

pytestmark = pytest.mark.django_db


def nothing_written() -> bool:
    return not any(model.objects.exists() for model in (Post, Comment, Tag, Category, SourceRecord))


@pytest.mark.parametrize("version", ["1.0", "1.1", "1.2"])
@pytest.mark.parametrize("scheme", ["http", "https"])
@pytest.mark.parametrize("excerpt", [True, False], ids=["excerpt", "no-excerpt"])
def test_each_dialect_imports_posts_comments_nesting_authors_and_old_urls(
    tmp_path, client, version, scheme, excerpt
):
    out = import_text(tmp_path, wxr([a_discussed_post()], version=version, scheme=scheme, excerpt=excerpt))
    assert out.splitlines()[2].split() == ["posts", "1", "0", "0"]
    post = Post.objects.get()
    assert post.title == "The awkward reference"
    assert post.get_absolute_url() == "/2012/01/the-awkward-reference/"
    assert post.category.name == "Workplace"
    comments = {c.body: c for c in Comment.objects.all()}
    assert len(comments) == 4  # the pingback left out, by name
    marta, ben, cleo = (
        comments[body] for body in ("Ask them first.", "Agreed, and soon.", "Soon is relative.")
    )
    assert (marta.depth, ben.parent, cleo.parent, cleo.depth) == (0, marta, ben, 2)
    assert marta.author_name == "Marta" and marta.author_email == "marta@example.org"
    assert comments["A second thought, anonymously."].display_name == "Anonymous"
    assert post.comment_count == 4
    # The old addresses, each answering 301.
    for old in (
        "/2012/01/03/the-awkward-reference/",
        "/2012/01/03/the-awkward-reference/comment-page-1/",
        "/?p=501",
    ):
        response = client.get(old)
        assert (response.status_code, response["Location"]) == (301, post.get_absolute_url()), old
    response = client.get("/2012/01/03/the-awkward-reference/feed/")
    assert (response.status_code, response["Location"]) == (301, f"{post.get_absolute_url()}comments/feed/")
    response = client.get("/", {"replytocom": "883"})
    assert (response.status_code, response["Location"]) == (301, cleo.get_absolute_url())


def test_a_wordpress_com_export_imports_and_leaves_out_its_own_entries_by_name(tmp_path):
    items = [
        a_discussed_post(),
        Item(601, "About", "about", type="page"),
        Item(602, "photo", "photo", type="attachment"),
        Item(603, "Home", "home", type="nav_menu_item"),
        Item(604, "Contact form entry", "feedback-1", type="feedback"),
        Item(605, "A block", "a-block", type="wp_block"),
        Item(606, "Old draft", "old-draft", status="trash"),
        Item(607, "", "", status="auto-draft"),
    ]
    out = import_text(tmp_path, wxr(items, scheme="https", wordpress_com=True))
    assert Post.objects.count() == 1
    for reason, entry in [
        ("page", "item 2 (post 601) 'About'"),
        ("attachment", "item 3 (post 602) 'photo'"),
        ("menu item", "item 4 (post 603) 'Home'"),
        ("contact-form message", "item 5 (post 604) 'Contact form entry'"),
        ("reusable block", "item 6 (post 605) 'A block'"),
        ("post in the trash", "item 7 (post 606) 'Old draft'"),
        ("auto-draft", "item 8 (post 607)"),
        ("pingback", "item 1 (post 501) comment 885"),
    ]:
        assert f"  {reason} (1)\n    {entry}\n" in out
    assert "Could not be imported" not in out
    # WordPress.com names every blog's base_site_url "http://wordpress.com/": the blog's own address
    # keeps two blogs apart.
    assert SourceRecord.objects.filter(kind="post").get().site == "https://column.example.com"


def test_entity_encoded_content_reads_as_cdata_does(tmp_path):
    html = (
        '<p>Reader writes:</p><blockquote><p>My boss said "fine" &amp; left.</p></blockquote>'
        "<p>It was not fine.</p>"
    )
    import_text(tmp_path, wxr([Item(701, "Encoded", "encoded", content=html, cdata=False)]))
    import_text(tmp_path, wxr([Item(702, "In CDATA", "in-cdata", content=html)]))
    encoded, cdata = (Post.objects.get(slug=slug) for slug in ("encoded", "in-cdata"))
    assert (encoded.question_html, encoded.answer_html) == (cdata.question_html, cdata.answer_html)
    assert encoded.question_html == '<p>My boss said "fine" &amp; left.</p>'
    assert encoded.answer_html == "<p>It was not fine.</p>"


def test_an_unknown_wordpress_namespace_writes_nothing_and_says_why(tmp_path):
    text = wxr([a_discussed_post()], wp_namespace="http://example.com/export/1.2/")
    with pytest.raises(CommandError) as failure:
        import_text(tmp_path, text)
    assert "the wp: namespace is 'http://example.com/export/1.2/'" in str(failure.value)
    assert "Nothing was written" in str(failure.value)
    assert nothing_written()


def test_an_unknown_wxr_version_writes_nothing_and_says_why(tmp_path):
    with pytest.raises(CommandError, match=r"WXR version '1\.3'"):
        import_text(tmp_path, wxr([a_discussed_post()], version="1.3"))
    assert nothing_written()


def test_an_export_without_a_wordpress_namespace_is_refused(tmp_path):
    text = wxr([a_discussed_post()]).replace('xmlns:wp="http://wordpress.org/export/1.2/"', "")
    text = text.replace("<wp:", "<").replace("</wp:", "</")
    with pytest.raises(CommandError, match="no WordPress export namespace"):
        import_text(tmp_path, text)
    assert nothing_written()


def test_an_entry_skipped_for_a_reason_the_importer_does_not_know_is_an_error(tmp_path):
    items = [a_discussed_post(), Item(801, "A product", "a-product", type="product")]
    with pytest.raises(CommandError, match=r"1 of 2 posts \(50\.0%\) could not be imported") as failure:
        import_text(tmp_path, wxr(items))
    assert "the summary above" in str(failure.value)
    # Loud, not silent: the post that could come in did, and the run says which did not.
    assert Post.objects.count() == 1
    # An operator who means to leave products out says so.
    out = import_text(tmp_path, wxr(items), "--skip-type", "product")
    assert "  product (1)\n    item 2 (post 801) 'A product'\n" in out


@pytest.mark.parametrize(
    "status, message", [("", "item 2 (post 802): no wp:status"), ("archived", "unknown wp:status 'archived'")]
)
def test_a_missing_or_unknown_status_is_an_error_listed_with_the_entry(tmp_path, status, message):
    items = [a_discussed_post(), Item(802, "Odd", "odd", status=status)]
    out = StringIO()
    out = StringIO()
    with pytest.raises(CommandError, match="could not be imported"):
        import_text(tmp_path, wxr(items), out=out)
    assert "Could not be imported: 1" in out.getvalue() and message in out.getvalue()


def test_a_dry_run_says_the_same_before_anything_is_written(tmp_path):
    items = [a_discussed_post(), Item(803, "Odd", "odd", type="product")]
    out = StringIO()
    with pytest.raises(CommandError, match=r"The import would fail: 1 of 2 posts"):
        import_text(tmp_path, wxr(items), "--dry-run", out=out)
    assert "post type 'product' is not one this importer knows" in out.getvalue()
    assert nothing_written()


def test_an_export_with_no_posts_fails(tmp_path):
    with pytest.raises(CommandError, match="the export yielded no posts"):
        import_text(tmp_path, wxr([Item(901, "About", "about", type="page")]))


def test_a_comment_of_a_type_the_importer_does_not_know_is_an_error(tmp_path):
    post = a_discussed_post()
    post.comments.append(WxrComment(886, "A shop", "Five stars.", type="review"))
    out = StringIO()
    with pytest.raises(CommandError, match=r"1 of 5 comments \(20\.0%\) could not be imported"):
        import_text(tmp_path, wxr([post]), out=out)
    assert (
        "item 1 (post 501) comment 886: comment type 'review' is not one this importer knows"
        in out.getvalue()
    )
    assert Comment.objects.count() == 4


@pytest.mark.parametrize(
    "imported, failed, fails",
    [(99, 1, False), (100, 1, False), (98, 2, True), (0, 1, True)],
    ids=["1-in-100", "1-in-101", "2-in-100", "all"],
)
def test_more_than_one_percent_lost_fails_the_import(imported, failed, fails):
    summary = ImportSummary()
    summary.created.update({"posts": 5, "comments": imported})
    summary.failed["comments"] = failed
    assert bool(summary.failures()) is fails


def test_posts_readers_of_the_old_blog_could_not_read_arrive_as_drafts_and_are_named(tmp_path):
    items = [
        a_discussed_post(),
        Item(901, "Members only", "members-only", extra="<wp:post_password>hunter2</wp:post_password>"),
        Item(902, "Just for me", "just-for-me", status="private"),
    ]
    out = import_text(tmp_path, wxr(items))
    assert Post.objects.get(slug="members-only").status == Post.Status.DRAFT
    assert Post.objects.get(slug="just-for-me").status == Post.Status.DRAFT
    assert "Imported as drafts, password-protected on the old blog: 1\n    post 901 'Members only'\n" in out
    assert "Imported as drafts, private on the old blog: 1\n    post 902 'Just for me'\n" in out


def test_a_password_protected_post_published_here_is_named_on_the_next_import(tmp_path):
    protected = Item(
        903, "Members only", "members-only", extra="<wp:post_password>hunter2</wp:post_password>"
    )
    import_text(tmp_path, wxr([a_discussed_post(), protected]))
    # As an earlier import did.
    Post.objects.filter(slug="members-only").update(
        status=Post.Status.PUBLISHED, published_at=F("created_at")
    )
    out = import_text(tmp_path, wxr([a_discussed_post(), protected]))
    assert (
        "Published here, though password-protected on the old blog: 1\n    post 903 'Members only'\n" in out
    )


def test_a_hand_made_export_without_post_ids_is_read_by_the_guid(tmp_path, client):
    text = wxr([a_discussed_post()]).replace("<wp:post_id>501</wp:post_id>", "")
    import_text(tmp_path, text)
    post = Post.objects.get()
    assert SourceRecord.objects.get(kind="post").source_id == "501"  # from <guid>https://.../?p=501
    assert client.get("/?p=501")["Location"] == post.get_absolute_url()
