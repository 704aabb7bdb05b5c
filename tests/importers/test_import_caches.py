"""An import shows at once on pages read before it: the archive pages, the footer box, the thread."""

from comments.models import Comment
from importers.models import SourceRecord
from importers.services import blog_import
from tests.factories import PostFactory

MONTH_LINK = 'href="/archive/2012/06/"'
POST_PAGE = "/2012/06/linkedin-invite-from-boss/"


def with_edits(export, tmp_path, *replacements: tuple[str, str]):
    text = export.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new)
    edited = tmp_path / "edited.xml"
    edited.write_text(text, encoding="utf-8")
    return edited


def test_import_adds_its_months_to_archive_pages_read_before(
    client, db, wordpress_export, django_capture_on_commit_callbacks
):
    PostFactory()
    # Read now, so the archive summary and the footer box are cached without the imported months.
    assert MONTH_LINK not in client.get("/archive/").text
    assert MONTH_LINK not in client.get("/").text
    with django_capture_on_commit_callbacks(execute=True):
        blog_import(path=wordpress_export, source="wordpress")
    assert MONTH_LINK in client.get("/archive/").text
    assert MONTH_LINK in client.get("/").text  # the footer archive box
    assert "Should I accept a LinkedIn invitation" in client.get("/archive/2012/06/").text


def test_update_import_shows_the_edited_comment_on_a_thread_read_before(
    client, wordpress_blog, wordpress_export, tmp_path, django_capture_on_commit_callbacks
):
    assert "Level two." in client.get(POST_PAGE).text
    edited = with_edits(wordpress_export, tmp_path, ("Level two.", "Level two, edited."))
    with django_capture_on_commit_callbacks(execute=True):
        blog_import(path=edited, source="wordpress", update=True)
    page = client.get(POST_PAGE).text
    assert "Level two, edited." in page and "Level two.<" not in page


def test_reimport_shows_a_new_comment_on_a_thread_read_before(
    client, wordpress_blog, wordpress_export, tmp_path, django_capture_on_commit_callbacks
):
    assert "Late reply." not in client.get(POST_PAGE).text
    reply = (
        "<wp:comment><wp:comment_id>213</wp:comment_id><wp:comment_author>Late Lou</wp:comment_author>"
        "<wp:comment_date_gmt>2012-07-01 10:00:00</wp:comment_date_gmt>"
        "<wp:comment_content>Late reply.</wp:comment_content><wp:comment_approved>1</wp:comment_approved>"
        "</wp:comment>\n\t</item>"
    )
    text = wordpress_export.read_text(encoding="utf-8").replace("</item>", reply, 1)
    newer = tmp_path / "newer.xml"
    newer.write_text(text, encoding="utf-8")
    with django_capture_on_commit_callbacks(execute=True):
        blog_import(path=newer, source="wordpress")
    assert "Late reply." in client.get(POST_PAGE).text


def thread_versions(post) -> list[int]:
    return list(
        Comment.objects.filter(post=post).tops().order_by("path").values_list("thread_version", flat=True)
    )


def test_an_import_that_changes_a_post_retires_its_cached_threads_and_only_then(
    wordpress_blog, wordpress_export, tmp_path
):
    post = SourceRecord.objects.get(kind="post", source_id="101").post
    before = thread_versions(post)
    blog_import(path=wordpress_export, source="wordpress", update=True)
    assert thread_versions(post) == before  # nothing changed, nothing to retire
    edited = with_edits(
        wordpress_export,
        tmp_path,
        ("Level two.", "Level two, edited."),
        ("Level three.", "Level three, edited."),
    )
    blog_import(path=edited, source="wordpress", update=True)
    after = thread_versions(post)
    assert len(after) == len(before) and all(new > old for new, old in zip(after, before, strict=True))
    assert Comment.objects.filter(post=post, body__endswith=", edited.").count() == 2
