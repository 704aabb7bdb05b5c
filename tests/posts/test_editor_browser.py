"""The editor's post page in a real browser: what is typed is published, kept through a refusal, and
not left behind without a question (issue 22)."""

from posts.models import Post
from tests.browser import BROWSER_MARKS
from tests.factories import CategoryFactory

pytestmark = BROWSER_MARKS

ANSWER = "Ask her first, then give her number to the recruiter yourself."


def open_draft(open_page, live_server, editor, bare_draft):
    page, watch = open_page(editor)
    page.goto(f"{live_server.url}/editor/posts/{bare_draft.pk}/")
    return page, watch


def test_an_answer_typed_into_a_draft_is_published_with_publish_now(
    open_page, live_server, editor, bare_draft
):
    category = CategoryFactory(name="Job hunting")
    page, watch = open_draft(open_page, live_server, editor, bare_draft)
    page.fill("textarea[name=answer]", ANSWER)
    page.select_option("select[name=category]", str(category.pk))
    with page.expect_navigation():
        page.click("button[value=publish]")
    assert "Saved and published." in page.inner_text("main")
    bare_draft.refresh_from_db()
    assert (bare_draft.status, bare_draft.answer, bare_draft.category_id) == (
        Post.Status.PUBLISHED,
        ANSWER,
        category.pk,
    )
    page.goto(live_server.url + bare_draft.get_absolute_url())
    assert ANSWER in page.inner_text("section.answer")
    assert watch.dialogs == []  # sending the form is not leaving it
    watch.assert_clean()


def test_a_refused_publish_keeps_every_field(open_page, live_server, editor, bare_draft):
    page, watch = open_draft(open_page, live_server, editor, bare_draft)
    page.fill("input[name=title]", "A reference who moved on")
    page.fill("textarea[name=answer]", ANSWER)
    page.fill("input[name=new_tags]", "references")
    page.check("input[name=is_comments_closed]")
    with page.expect_navigation():
        page.click("button[value=publish]")  # no category picked
    assert "the post is not published: Pick a category" in page.inner_text("[role=alert]")
    assert page.input_value("input[name=title]") == "A reference who moved on"
    assert page.input_value("textarea[name=answer]") == ANSWER
    assert page.input_value("input[name=new_tags]") == "references"
    assert page.is_checked("input[name=is_comments_closed]")
    bare_draft.refresh_from_db()
    assert bare_draft.status == Post.Status.DRAFT and bare_draft.answer == ANSWER
    watch.assert_clean()


def test_leaving_with_unsaved_changes_asks_first(open_page, live_server, editor, bare_draft):
    page, watch = open_draft(open_page, live_server, editor, bare_draft)
    page.click("textarea[name=answer]")
    page.keyboard.type("Half a thought")
    with page.expect_event("dialog") as asked:
        page.close(run_before_unload=True)
    assert asked.value.type == "beforeunload"
    # The watch answered "stay": the editor is still on the page, with what was typed. Reading the
    # field waits for that answer, so the context never closes under an open question.
    assert page.input_value("textarea[name=answer]").endswith("Half a thought")
    assert not page.is_closed()


def test_leaving_without_changes_does_not_ask(open_page, live_server, editor, bare_draft):
    page, watch = open_draft(open_page, live_server, editor, bare_draft)
    page.click("textarea[name=answer]")  # a click is not a change
    with page.expect_event("close"):
        page.close(run_before_unload=True)
    assert watch.dialogs == []
