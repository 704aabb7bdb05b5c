from datetime import UTC, datetime

import pytest

from comments.models import Comment
from importers.models import SourceRecord
from importers.services import blog_import
from posts.models import Post, Tag

REPLY_ALL = "/2009/03/coworker-reply-all.html"


def imported_post(source_id: str) -> Post:
    return SourceRecord.objects.get(source="blogger", kind="post", source_id=source_id).post


def thread(post: Post) -> list[Comment]:
    return list(Comment.objects.filter(post=post).order_by("path"))


def test_blogger_import_counts_posts_comments_tags_and_skips(blogger_blog):
    assert blogger_blog.created["posts"] == 3
    assert blogger_blog.created["comments"] == 10
    assert blogger_blog.created["tags"] == 4
    assert blogger_blog.skipped == {
        "template": ["entry tag:blogger.com,1999:blog-7000.layout 'Template: Ask the Desk'"],
        "blog setting": ["entry tag:blogger.com,1999:blog-7000.settings.BLOG_NAME 'Blog name'"],
        "comment on a post not imported": ["comment 5011 on post 9999"],
    }
    assert blogger_blog.failed == {} and blogger_blog.problems == []
    assert Post.objects.count() == 3
    assert Comment.objects.count() == 10


def test_blogger_replies_keep_seven_levels_of_nesting(blogger_blog):
    comments = thread(imported_post("1001"))
    chain = [c for c in comments if c.path.startswith("0001")]
    assert [c.author_name for c in chain] == ["Abe", "Bea", "Cal", "Dee", "Eve", "Fay", "Gus"]
    assert [c.depth for c in chain] == [0, 1, 2, 3, 4, 5, 6]
    for parent, child in zip(chain, chain[1:], strict=False):
        assert child.parent_id == parent.pk
        assert child.path.startswith(parent.path)


def test_blogger_threads_are_in_date_order_whatever_the_file_order(blogger_blog):
    # The export lists comments newest first; the thread reads oldest first.
    top_level = [c.author_name for c in thread(imported_post("1001")) if c.depth == 0]
    assert top_level == ["Abe", "", "Patient Pat"]


def test_blogger_anonymous_author_is_stored_blank_and_shown_as_anonymous(blogger_blog):
    anonymous = Comment.objects.get(body__startswith="I would just mute")
    assert anonymous.author_name == ""
    assert anonymous.author_email == ""
    assert anonymous.display_name == "Anonymous"
    reply = Comment.objects.get(parent=anonymous)
    assert reply.author_name == "Zoë Ångström"
    assert reply.author_email == "zoe@example.org"
    assert "日本でも同じです" in reply.body_html


def test_blogger_noreply_address_is_not_kept_as_an_email(blogger_blog):
    assert not Comment.objects.filter(author_email__iexact="noreply@blogger.com").exists()


def test_blogger_keeps_original_dates(blogger_blog):
    post = imported_post("1001")
    assert post.published_at == datetime(2009, 3, 2, 15, 0, tzinfo=UTC)
    assert post.created_at == post.published_at
    first = Comment.objects.get(author_name="Abe")
    assert first.created_at == datetime(2009, 3, 3, 18, 30, tzinfo=UTC)


def test_blogger_pending_comment_is_pending_and_not_counted(blogger_blog):
    post = imported_post("1001")
    assert Comment.objects.get(author_name="Patient Pat").status == Comment.Status.PENDING
    assert post.comment_count == 9
    assert post.comment_count == Comment.objects.filter(post=post, status="published").count()


def test_blogger_labels_become_tags(blogger_blog):
    post = imported_post("1001")
    names = sorted(post.tags.values_list("name", flat=True))
    assert names == ["Café culture", "coworkers", "email etiquette"]
    assert Tag.objects.get(name="Café culture").slug == "cafe-culture"
    # A label shared by two posts is one tag.
    assert Tag.objects.get(name="coworkers").posts.count() == 2
    # Labels feed the post's search document like native tags do.
    assert post.search_tags == "Café culture coworkers email etiquette"


def test_blogger_draft_stays_a_draft(blogger_blog):
    draft = imported_post("1002")
    assert draft.status == Post.Status.DRAFT
    assert draft.published_at is None
    assert not draft.is_visible


def test_blogger_writes_intro_becomes_the_question(blogger_blog):
    post = imported_post("1001")
    assert post.question_html.startswith("Every note I send to one person")
    assert "<em>Every</em>" in post.question_html
    assert "writes:" not in post.question_html + post.answer_html
    assert post.answer_html.startswith("<p>Ask her, once and kindly")
    assert "*Every*" in post.question


def test_blogger_body_without_a_letter_is_all_answer(blogger_blog):
    post = imported_post("1003")
    assert post.question == post.question_html == ""
    assert "volunteer work" in post.answer_html
    assert post.title == "Ça marche: résumé advice for the über-cautious"


def test_blogger_html_is_sanitised(blogger_blog):
    post = imported_post("1001")
    html = post.question_html + post.answer_html
    assert "<script" not in html and "stolen cookies" not in html
    assert "<iframe" not in html and "onclick" not in html
    # The unclosed <b><i> at the end of the body is closed.
    assert html.endswith("<b>workflow problem, <i>not a personal one</i></b></p>")
    comment = Comment.objects.get(author_name="Abe")
    assert "onclick" not in comment.body_html
    assert 'rel="nofollow ugc noopener"' in comment.body_html
    assert "alert(1)" not in Comment.objects.get(body__startswith="I would just mute").body_html


def test_blogger_post_keeps_its_old_slug(blogger_blog):
    assert imported_post("1001").get_absolute_url() == "/2009/03/coworker-reply-all/"
    record = SourceRecord.objects.get(source="blogger", kind="post", source_id="1001")
    assert record.legacy_path == REPLY_ALL


def counts() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in (Post, Comment, Tag, SourceRecord))


def test_blogger_import_twice_keeps_everything_and_never_duplicates(blogger_blog, blogger_export):
    before = counts()
    paths = list(Comment.objects.order_by("pk").values_list("pk", "path"))
    again = blog_import(path=blogger_export, source="blogger")
    assert again.created["posts"] == again.created["comments"] == again.created["tags"] == 0
    assert sum(again.updated.values()) == 0
    assert again.kept["posts"] == 3 and again.kept["comments"] == 10
    assert counts() == before
    assert list(Comment.objects.order_by("pk").values_list("pk", "path")) == paths
    assert imported_post("1001").comment_count == 9


@pytest.mark.django_db
def test_blogger_dry_run_writes_nothing(blogger_export):
    summary = blog_import(path=blogger_export, source="blogger", dry_run=True)
    assert summary.created["posts"] == 3 and summary.created["comments"] == 10
    assert Post.objects.count() == Comment.objects.count() == Tag.objects.count() == 0
    assert SourceRecord.objects.count() == 0


NEWER_EXPORT = """<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns='http://www.w3.org/2005/Atom' xmlns:blogger='http://schemas.google.com/blogger/2018'>
<id>tag:blogger.com,1999:blog-8000.archive</id>
<entry><id>tag:blogger.com,1999:blog-8000.post-1</id><blogger:type>POST</blogger:type>
  <blogger:status>LIVE</blogger:status><blogger:filename>/2021/05/hybrid-meetings.html</blogger:filename>
  <published>2021-05-04T09:00:00.000Z</published><title>Hybrid meetings</title>
  <content type='html'>Mute when you are not speaking.</content>
  <category scheme='http://www.blogger.com/atom/ns#' term='meetings'/></entry>
<entry><id>tag:blogger.com,1999:blog-8000.post-2</id><blogger:type>COMMENT</blogger:type>
  <blogger:status>LIVE</blogger:status><blogger:parent>tag:blogger.com,1999:blog-8000.post-1</blogger:parent>
  <published>2021-05-04T10:00:00.000Z</published><content type='html'>Agreed.</content>
  <author><name>Anonymous</name></author></entry>
<entry><id>tag:blogger.com,1999:blog-8000.post-3</id><blogger:type>COMMENT</blogger:type>
  <blogger:status>SPAM</blogger:status><blogger:parent>tag:blogger.com,1999:blog-8000.post-1</blogger:parent>
  <blogger:inReplyTo>2</blogger:inReplyTo>
  <published>2021-05-04T11:00:00.000Z</published><content type='html'>Cheap pills</content>
  <author><name>Spammer</name></author></entry>
<entry><id>tag:blogger.com,1999:blog-8000.post-4</id><blogger:type>POST</blogger:type>
  <blogger:status>DRAFT</blogger:status><published>2021-06-01T09:00:00.000Z</published>
  <title>Unfinished</title><content type='html'>Later.</content></entry>
</feed>
"""


@pytest.mark.django_db
def test_newer_blogger_export_format_is_read_too(tmp_path, client):
    export = tmp_path / "takeout.xml"
    export.write_text(NEWER_EXPORT, encoding="utf-8")
    summary = blog_import(path=export, source="blogger")
    assert summary.created["posts"] == 2 and summary.created["comments"] == 2
    post = Post.objects.get(slug="hybrid-meetings")
    anonymous, spam = thread(post)
    assert anonymous.author_name == "" and anonymous.status == Comment.Status.PUBLISHED
    assert spam.parent_id == anonymous.pk and spam.status == Comment.Status.HIDDEN
    assert post.comment_count == 1
    assert Post.objects.get(title="Unfinished").status == Post.Status.DRAFT
    response = client.get("/2021/05/hybrid-meetings.html")
    assert response.status_code == 301 and response["Location"] == "/2021/05/hybrid-meetings/"
