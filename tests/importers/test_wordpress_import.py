from datetime import UTC, datetime

import pytest

from comments.models import Comment
from importers.models import SourceRecord
from importers.services import blog_import
from posts.models import Category, Post, Tag


def imported_post(source_id: str) -> Post:
    return SourceRecord.objects.get(source="wordpress", kind="post", source_id=source_id).post


def by_author(name: str) -> Comment:
    return Comment.objects.get(author_name=name)


def counts() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in (Post, Comment, Tag, Category, SourceRecord))


def test_wordpress_import_counts_and_skips_pages_attachments_and_pingbacks(wordpress_blog):
    assert wordpress_blog.created["posts"] == 4
    assert wordpress_blog.created["comments"] == 11
    assert wordpress_blog.created["categories"] == 3
    assert {reason: len(entries) for reason, entries in wordpress_blog.skipped.items()} == {
        "page": 1,
        "attachment": 1,
        "pingback": 1,
    }
    assert wordpress_blog.failed == {} and wordpress_blog.problems == []
    assert not Post.objects.filter(title__in=["About this column", "desk-photo"]).exists()


def test_wordpress_comments_nest_six_levels_through_comment_parent(wordpress_blog):
    chain = [by_author(name) for name in ("Marta", "Ben", "Cleo", "Dov", "Ema", "Finn")]
    assert [c.depth for c in chain] == [0, 1, 2, 3, 4, 5]
    for parent, child in zip(chain, chain[1:], strict=False):
        assert child.parent_id == parent.pk
        assert child.path.startswith(parent.path)
    # Thread order: each reply follows its parent, the next top-level thread after the whole chain.
    order = list(
        Comment.objects.filter(post=chain[0].post).order_by("path").values_list("author_name", flat=True)
    )
    assert order[:8] == ["Marta", "Ben", "Cleo", "Dov", "Ema", "Finn", "", "Łukasz Żółw"]


def test_wordpress_statuses_map_to_ours(wordpress_blog):
    assert by_author("Marta").status == Comment.Status.PUBLISHED
    assert by_author("Waiting Wanda").status == Comment.Status.PENDING
    assert by_author("Cheap Watches").status == Comment.Status.HIDDEN
    assert by_author("Trashed Tom").status == Comment.Status.HIDDEN
    post = imported_post("101")
    assert post.comment_count == 8
    assert post.comment_count == Comment.objects.filter(post=post, status="published").count()


def test_wordpress_authors_anonymous_and_private_emails(wordpress_blog):
    anonymous = Comment.objects.get(body="Nobody needs to know who I am.")
    assert anonymous.author_name == "" and anonymous.display_name == "Anonymous"
    assert by_author("Marta").author_email == "marta@example.org"
    # An address that is not one is dropped rather than stored.
    assert by_author("Ben").author_email == ""
    polish = by_author("Łukasz Żółw")
    assert polish.parent_id == anonymous.pk
    assert polish.body == "Dziękuję! ¿Qué tal? Same in Kraków — 同意します."


def test_wordpress_keeps_gmt_dates(wordpress_blog):
    assert imported_post("101").published_at == datetime(2012, 6, 14, 13, 0, tzinfo=UTC)
    assert by_author("Marta").created_at == datetime(2012, 6, 14, 14, 0, tzinfo=UTC)


def test_wordpress_categories_and_tags(wordpress_blog):
    post = imported_post("101")
    assert post.category.name == "Workplace"
    assert sorted(post.tags.values_list("name", flat=True)) == ["LinkedIn", "étiquette"]
    assert Tag.objects.get(name="étiquette").slug == "etiquette"
    # A second category is kept as a tag, so the post is still found under it.
    second = imported_post("102")
    assert second.category.slug == "interviews"
    assert sorted(second.tags.values_list("name", flat=True)) == ["Job hunting", "networking"]
    assert Category.objects.get(slug="job-hunting").description == "Finding the next role."


def test_wordpress_non_ascii_slug_becomes_an_ascii_address(wordpress_blog):
    post = imported_post("103")
    assert post.slug == "uber-formal-cover-letters"
    record = SourceRecord.objects.get(kind="post", source_id="103")
    assert record.legacy_path == "/2012/08/20/über-formal-cover-letters"


def test_wordpress_draft_and_plain_permalink(wordpress_blog):
    draft = imported_post("105")
    assert draft.status == Post.Status.DRAFT and draft.published_at is None
    assert draft.created_at == datetime(2012, 9, 1, 8, 0, tzinfo=UTC)
    assert SourceRecord.objects.get(kind="post", source_id="105").legacy_path == ""


def test_wordpress_paragraphs_question_and_sanitising(wordpress_blog):
    post = imported_post("101")
    assert post.question_html.startswith("<p>My manager sent me a LinkedIn invitation on a Sunday.<br>")
    assert "<p>Is it rude to leave it pending?</p>" in post.question_html
    assert post.answer_html.startswith("<p>Accept it or let it sit")
    html = post.question_html + post.answer_html
    assert "<script" not in html and "document.cookie" not in html and "<iframe" not in html
    assert html.endswith("<strong>leave it at that</strong></p>")
    assert "**leave it at that**" in post.answer
    assert "<iframe" not in by_author("Finn").body_html
    assert (
        by_author("Marta").body_html
        == "<p>I accepted mine and regretted it.</p>\n<p>She liked every post I made.</p>"
    )


def test_wordpress_import_twice_leaves_the_same_counts(wordpress_blog, wordpress_export):
    before = counts()
    again = blog_import(path=wordpress_export, source="wordpress")
    assert counts() == before
    assert again.kept["posts"] == 4 and again.kept["comments"] == 11
    assert sum(again.created.values()) == sum(again.updated.values()) == 0
    assert imported_post("101").comment_count == 8


def test_wordpress_reimport_adds_a_new_reply_under_its_parent(wordpress_blog, wordpress_export, tmp_path):
    newer = tmp_path / "newer.xml"
    reply = (
        "<wp:comment><wp:comment_id>213</wp:comment_id><wp:comment_author>Late Lou</wp:comment_author>"
        "<wp:comment_date_gmt>2012-07-01 10:00:00</wp:comment_date_gmt>"
        "<wp:comment_content>Late reply.</wp:comment_content><wp:comment_approved>1</wp:comment_approved>"
        "<wp:comment_parent>201</wp:comment_parent></wp:comment>\n\t</item>"
    )
    newer.write_text(
        wordpress_export.read_text(encoding="utf-8").replace("</item>", reply, 1), encoding="utf-8"
    )
    summary = blog_import(path=newer, source="wordpress")
    assert summary.created["comments"] == 1
    late = by_author("Late Lou")
    marta = by_author("Marta")
    assert late.parent_id == marta.pk and late.depth == 1
    assert late.path == marta.path + "0002"
    assert imported_post("101").comment_count == 9


@pytest.mark.django_db
def test_wordpress_dry_run_writes_nothing(wordpress_export):
    summary = blog_import(path=wordpress_export, source="wordpress", dry_run=True)
    assert summary.created["posts"] == 4
    assert counts() == (0, 0, 0, 0, 0)


def test_wordpress_malformed_comments_are_reported_with_id_and_reason(db, wordpress_export, tmp_path):
    text = wordpress_export.read_text(encoding="utf-8")
    replacements = [
        ("<wp:comment_date_gmt><![CDATA[2012-06-14 14:20:00]]>", "<wp:comment_date_gmt>2012-99-99"),
        (
            "<wp:comment_approved><![CDATA[1]]></wp:comment_approved><wp:comment_type><![CDATA[comment]]>"
            "</wp:comment_type><wp:comment_parent>203",
            "<wp:comment_approved>maybe</wp:comment_approved><wp:comment_parent>203",
        ),
        ("<wp:comment_id>207</wp:comment_id>", "<wp:comment_id></wp:comment_id>"),
        ("<wp:comment_id>212</wp:comment_id>", "<wp:comment_id>x12</wp:comment_id>"),
    ]
    for old, new in replacements:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    broken = tmp_path / "broken.xml"
    broken.write_text(text, encoding="utf-8")
    summary = blog_import(path=broken, source="wordpress")
    assert summary.failed == {"comments": 4}
    assert summary.problems[:4] == [
        "item 1 (post 101) comment 203: unreadable date '2012-99-99'",
        "item 1 (post 101) comment 204: unknown wp:comment_approved 'maybe'",
        "item 1 (post 101) comment #7: no wp:comment_id",
        "item 1 (post 101) comment x12: wp:comment_id is not a number",
    ]
    # The post and its readable comments still come in.
    assert imported_post("101").comment_count == 4
