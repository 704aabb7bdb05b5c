"""Importing again adds what is new and leaves local moderation and editing alone.

The rule (importers.services): a post or comment imported before keeps its local state; only new
records are created. `update=True` (`--update`) refreshes their text from the export, but never a
status, category, tag, slug or date, nor the text of a comment hidden or removed here. A post or
comment deleted here stays deleted.
"""

import pytest

from comments.models import Comment
from comments.services import comment_set_status
from importers.models import SourceRecord
from importers.services import blog_import
from moderation.services import comment_delete_for_good, comment_hide
from posts.models import Post
from posts.services import post_edit, post_unpublish
from tests.factories import CategoryFactory, TagFactory, UserFactory, with_totp

TITLE = "Should I accept a LinkedIn invitation from my boss?"
POST_PAGE = "/2012/06/linkedin-invite-from-boss/"


def imported_post(source_id: str) -> Post:
    return SourceRecord.objects.get(source="wordpress", kind="post", source_id=source_id).post


def by_author(name: str) -> Comment:
    return Comment.objects.get(author_name=name)


def edited_export(export, tmp_path, *replacements: tuple[str, str]):
    text = export.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new)
    edited = tmp_path / "edited.xml"
    edited.write_text(text, encoding="utf-8")
    return edited


@pytest.fixture
def admin(db):
    return with_totp(UserFactory(username="root", is_superuser=True, is_staff=True))


def edit_locally(post: Post, editor) -> None:
    post_edit(
        post=post,
        editor=editor,
        title="Accepting the boss on LinkedIn",
        slug=post.slug,
        question="Edited question.",
        answer="Edited answer.",
        category=CategoryFactory(name="Etiquette"),
        tags=[TagFactory(name="bosses")],
    )
    post_unpublish(post=post)


def test_reimport_keeps_a_comment_hidden_here(client, wordpress_blog, wordpress_export, moderator):
    comment_hide(comment=by_author("Marta"), actor=moderator, reason="Off topic")
    count = imported_post("101").comment_count
    again = blog_import(path=wordpress_export, source="wordpress")
    assert by_author("Marta").status == Comment.Status.HIDDEN
    assert imported_post("101").comment_count == count
    assert "I accepted mine and regretted it." not in client.get(POST_PAGE).text
    assert again.kept["comments"] == 11 and again.updated["comments"] == 0


def test_reimport_keeps_a_comment_published_here(wordpress_blog, wordpress_export, moderator):
    comment_set_status(comment=by_author("Waiting Wanda"), status=Comment.Status.PUBLISHED, actor=moderator)
    blog_import(path=wordpress_export, source="wordpress", update=True)
    assert by_author("Waiting Wanda").status == Comment.Status.PUBLISHED


def test_reimport_keeps_an_editors_text_status_category_and_tags(wordpress_blog, wordpress_export, editor):
    edit_locally(imported_post("101"), editor)
    again = blog_import(path=wordpress_export, source="wordpress")
    post = imported_post("101")
    assert post.title == "Accepting the boss on LinkedIn"
    assert post.answer == "Edited answer." and post.question == "Edited question."
    assert post.status == Post.Status.DRAFT
    assert post.category.name == "Etiquette"
    assert list(post.tags.values_list("name", flat=True)) == ["bosses"]
    assert again.kept["posts"] == 4 and again.updated["posts"] == 0


def test_update_refreshes_text_but_keeps_status_category_and_tags(
    wordpress_blog, wordpress_export, editor, tmp_path
):
    edit_locally(imported_post("101"), editor)
    edited = edited_export(wordpress_export, tmp_path, ("Level two.", "Level two, edited."))
    again = blog_import(path=edited, source="wordpress", update=True)
    post = imported_post("101")
    assert post.title == TITLE
    assert post.answer.startswith("Accept it or let it sit")
    assert post.answer_html.startswith("<p>Accept it or let it sit")
    assert post.status == Post.Status.DRAFT
    assert post.category.name == "Etiquette"
    assert list(post.tags.values_list("name", flat=True)) == ["bosses"]
    assert by_author("Ben").body == "Level two, edited."
    assert by_author("Ben").status == Comment.Status.PUBLISHED
    # Only what differed counts as updated.
    assert again.updated["posts"] == 1 and again.kept["posts"] == 3
    assert again.updated["comments"] == 1 and again.kept["comments"] == 10


def test_update_leaves_the_text_of_hidden_and_removed_comments(
    wordpress_blog, wordpress_export, moderator, admin, tmp_path
):
    # Marta has replies, so deleting her text for good leaves an empty placeholder.
    comment_delete_for_good(comment=by_author("Marta"), actor=admin, reason="Personal details")
    comment_hide(comment=by_author("Ben"), actor=moderator, reason="Rude")
    edited = edited_export(wordpress_export, tmp_path, ("Level two.", "Level two, edited."))
    blog_import(path=edited, source="wordpress", update=True)
    marta = SourceRecord.objects.get(kind="comment", source_id="201").comment
    assert marta.body == marta.body_html == marta.author_name == ""
    assert marta.status == Comment.Status.HIDDEN
    assert by_author("Ben").body == "Level two."


def test_reimport_does_not_bring_back_a_comment_deleted_here(wordpress_blog, wordpress_export, admin):
    finn = by_author("Finn")  # the deepest reply: no replies, so deleting it removes the row
    comment_delete_for_good(comment=finn, actor=admin)
    count = Comment.objects.count()
    again = blog_import(path=wordpress_export, source="wordpress", update=True)
    assert Comment.objects.count() == count
    assert not Comment.objects.filter(author_name="Finn").exists()
    assert len(again.skipped["comment deleted here"]) == 1


def test_reimport_does_not_bring_back_a_post_deleted_here(client, wordpress_blog, wordpress_export):
    imported_post("102").delete()
    posts, comments = Post.objects.count(), Comment.objects.count()
    again = blog_import(path=wordpress_export, source="wordpress")
    assert (Post.objects.count(), Comment.objects.count()) == (posts, comments)
    assert len(again.skipped["post deleted here"]) == 1
    # Its old address answers nothing rather than failing.
    record = SourceRecord.objects.get(kind="post", source_id="102")
    assert record.post is None and record.legacy_path
    assert client.get(record.legacy_path).status_code == 404


def test_reimport_hangs_a_new_reply_to_a_deleted_comment_at_the_top(
    wordpress_blog, wordpress_export, tmp_path
):
    SourceRecord.objects.get(kind="comment", source_id="206").comment.delete()
    reply = (
        "<wp:comment><wp:comment_id>213</wp:comment_id><wp:comment_author>Late Lou</wp:comment_author>"
        "<wp:comment_date_gmt>2012-07-01 10:00:00</wp:comment_date_gmt>"
        "<wp:comment_content>Late reply.</wp:comment_content><wp:comment_approved>1</wp:comment_approved>"
        "<wp:comment_parent>206</wp:comment_parent></wp:comment>\n\t</item>"
    )
    newer = edited_export(wordpress_export, tmp_path, ("</item>", reply))
    again = blog_import(path=newer, source="wordpress")
    late = by_author("Late Lou")
    assert late.parent_id is None and late.depth == 0
    assert again.created["comments"] == 1
    assert imported_post("101").comment_count == 8
