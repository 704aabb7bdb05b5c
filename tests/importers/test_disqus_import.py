"""`import_blog --format disqus`: a Disqus export's discussion added to the posts already here (issue 26).

The export is built here, in Disqus's own shape: the forum's threads (one per page, named by its
URL and identifier), then every comment of the forum in any order, each naming its thread and parent.
"""

from io import StringIO

import pytest
from django.core.management import CommandError

from comments.models import Comment
from importers.models import SourceRecord
from importers.services import detect_format
from posts.models import Post
from tests.factories import PostFactory
from tests.importers.conftest import import_text
from tests.importers.disqus import disqus, post, thread
from tests.importers.wxr import Item, a_discussed_post, wxr

pytestmark = pytest.mark.django_db

SITE = "https://column.example.com"


@pytest.fixture
def blog(tmp_path):
    """A WordPress blog imported first (its own comments on post 501), and a post written here."""
    import_text(
        tmp_path,
        wxr([a_discussed_post(), Item(502, "The second letter", "the-second-letter")]),
        name="wp.xml",
    )
    here = PostFactory(title="Written here", slug="written-here")
    return {
        "by_link": SourceRecord.objects.get(kind="post", source_id="501").post,
        "by_identifier": SourceRecord.objects.get(kind="post", source_id="502").post,
        "here": here,
    }


def the_export(blog) -> str:
    return disqus(
        thread(11, f"{SITE}/2012/01/03/the-awkward-reference/"),
        # The WordPress plugin's identifier names the post; the link here is a preview address.
        thread(12, f"{SITE}/?preview=true&p=502", identifier=f"502 {SITE}/?p=502"),
        thread(13, f"{SITE}{blog['here'].get_absolute_url()}"),
        thread(14, f"{SITE}/about/"),  # a page with no comments: nothing to say about it
        post(1001, 11, "<p>First on Disqus.</p>", name="Ada"),
        post(1002, 11, "A reply.", name="Bo", parent=1001, when="2012-01-04T11:00:00Z"),
        post(1003, 11, "A reply to the reply.", name="Cy", parent=1002, when="2012-01-04T12:00:00Z"),
        post(1004, 12, "Posted as a guest.", name="Guest Reader", anonymous=True),
        post(1005, 13, "On a post written here.", name="Dee"),
        post(1006, 11, "Removed by its author.", name="Eve", deleted=True),
        post(1007, 11, "Buy cheap things.", name="Spammer", spam=True),
    )


def test_threads_find_their_posts_and_bring_nested_comments_and_authors(tmp_path, blog):
    out = import_text(tmp_path, the_export(blog), "--format", "disqus")
    assert out.splitlines()[0] == "Disqus import"
    assert out.splitlines()[3].split() == ["comments", "5", "0", "0"]
    ada, bo, cy = (Comment.objects.get(author_name=name) for name in ("Ada", "Bo", "Cy"))
    assert ada.post == blog["by_link"] and ada.body == "First on Disqus." and ada.parent is None
    assert (bo.parent, cy.parent, cy.depth) == (ada, bo, 2)
    assert ada.author_email == "ada@example.net"
    guest = Comment.objects.get(body="Posted as a guest.")
    assert guest.post == blog["by_identifier"] and guest.author_name == "Guest Reader"
    assert Comment.objects.get(author_name="Dee").post == blog["here"]
    # Deleted and spam comments are kept out, and the summary says which.
    assert not Comment.objects.filter(author_name__in=["Eve", "Spammer"]).exists()
    assert "  deleted comment (1)\n    comment 1006\n" in out
    assert "  spam comment (1)\n    comment 1007\n" in out
    # The WordPress comments stay; the counters count both.
    blog["by_link"].refresh_from_db()
    assert blog["by_link"].comment_count == 4 + 3


def test_a_second_import_adds_nothing_and_a_new_comment_once(tmp_path, blog):
    import_text(tmp_path, the_export(blog))
    before = Comment.objects.count()
    out = import_text(tmp_path, the_export(blog))
    assert Comment.objects.count() == before
    assert out.splitlines()[3].split() == ["comments", "0", "0", "5"]
    later = the_export(blog).replace(
        "</disqus>", post(1008, 11, "Late reply.", name="Fay", parent=1003) + "</disqus>"
    )
    import_text(tmp_path, later)
    fay = Comment.objects.get(author_name="Fay")
    assert fay.parent == Comment.objects.get(author_name="Cy") and Comment.objects.count() == before + 1


def test_comments_may_come_before_their_thread(tmp_path, blog):
    text = disqus(
        post(1101, 11, "Early bird.", name="Gil"), thread(11, f"{SITE}/2012/01/03/the-awkward-reference/")
    )
    import_text(tmp_path, text)
    assert Comment.objects.get(author_name="Gil").post == blog["by_link"]


def test_comments_of_a_page_not_imported_fail_the_import_loudly(tmp_path, blog):
    text = disqus(
        thread(11, f"{SITE}/2012/01/03/the-awkward-reference/"),
        thread(15, f"{SITE}/2013/05/a-post-never-imported/"),
        post(1201, 11, "Found its post.", name="Hal"),
        post(1202, 15, "Lost page.", name="Ivy"),
    )
    out = StringIO()
    with pytest.raises(CommandError, match=r"1 of 2 comments \(50\.0%\) could not be imported"):
        import_text(tmp_path, text, out=out)
    assert (
        "thread 15 (https://column.example.com/2013/05/a-post-never-imported/): no imported post"
        in out.getvalue()
    )
    assert Comment.objects.filter(author_name="Hal").exists()


def test_a_file_in_another_namespace_is_refused_before_anything_is_written(tmp_path, blog):
    text = the_export(blog).replace('xmlns="http://disqus.com"', 'xmlns="http://example.com/comments"')
    before = Comment.objects.count()
    with pytest.raises(CommandError, match="not Disqus's"):
        import_text(tmp_path, text, "--format", "disqus")
    assert Comment.objects.count() == before


def test_the_format_is_detected(tmp_path, blog):
    export = tmp_path / "guess.xml"
    export.write_text(the_export(blog), encoding="utf-8")
    assert detect_format(export) == "disqus"
    assert Post.objects.count() == 3


def test_comments_the_wordpress_plugin_copied_into_the_blog_arrive_once(tmp_path):
    """The Disqus plugin copies each comment into WordPress: commentmeta dsq_post_id in the blog's
    export, "wp_id=<id>" in Disqus's. Those are the blog's comments already: kept, not doubled."""
    item = a_discussed_post()
    item.comments[0].meta = {"dsq_post_id": "2001"}  # Marta's comment, 881, is Disqus's 2001
    import_text(tmp_path, wxr([item]), name="wp.xml")
    marta = SourceRecord.objects.get(kind="comment", source="wordpress", source_id="881").comment
    ben = SourceRecord.objects.get(kind="comment", source="wordpress", source_id="882").comment
    text = disqus(
        thread(11, f"{SITE}/2012/01/03/the-awkward-reference/"),
        post(2001, 11, "<p>Ask them first.</p>", name="Marta"),
        post(2002, 11, "Agreed, and soon.", name="Ben", parent=2001, wp_id=882),
        post(2003, 11, "Only on Disqus.", name="Nia", parent=2001),
    )
    out = import_text(tmp_path, text)
    assert out.splitlines()[3].split() == ["comments", "1", "0", "2"]
    assert Comment.objects.filter(post=marta.post).count() == 4 + 1
    assert Comment.objects.get(author_name="Nia").parent == marta
    copies = SourceRecord.objects.filter(kind="comment", source="disqus")
    assert dict(copies.values_list("source_id", "comment")) == {
        "2001": marta.pk,
        "2002": ben.pk,
        "2003": Comment.objects.get(author_name="Nia").pk,
    }
