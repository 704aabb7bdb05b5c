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
        "template entry": 1,
        "settings entry": 1,
        "malformed post": 1,
        "comment on a post not imported": 1,
    }
    assert Post.objects.count() == 3
    assert Comment.objects.count() == 10


def test_blogger_malformed_entry_is_reported_and_the_rest_imports(blogger_blog):
    assert blogger_blog.problems == ["entry 17, post 1004: unreadable date 'sometime last spring'"]
    assert not Post.objects.filter(title__contains="broken date").exists()


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


def test_blogger_import_twice_updates_and_never_duplicates(blogger_blog, blogger_export):
    before = counts()
    paths = list(Comment.objects.order_by("pk").values_list("pk", "path"))
    again = blog_import(path=blogger_export, source="blogger")
    assert again.created["posts"] == again.created["comments"] == again.created["tags"] == 0
    assert again.updated["posts"] == 3 and again.updated["comments"] == 10
    assert counts() == before
    assert list(Comment.objects.order_by("pk").values_list("pk", "path")) == paths
    assert imported_post("1001").comment_count == 9


@pytest.mark.django_db
def test_blogger_dry_run_writes_nothing(blogger_export):
    summary = blog_import(path=blogger_export, source="blogger", dry_run=True)
    assert summary.created["posts"] == 3 and summary.created["comments"] == 10
    assert Post.objects.count() == Comment.objects.count() == Tag.objects.count() == 0
    assert SourceRecord.objects.count() == 0
