"""The post's editing page is one form: Publish now and Schedule save what was typed first, and a
refusal brings every field back as typed (issue 22)."""

import re
from datetime import timedelta

from django.contrib.auth.models import Permission
from django.utils import timezone

from posts.models import Post
from tests.factories import CategoryFactory, TagFactory, UserFactory, staff, verified


def typed(**overrides) -> dict:
    data = {
        "title": "References from a manager who left",
        "slug": "",
        "question": "My old manager left the company. Can she still be my reference?",
        "answer": "Yes: a reference is a person, not a company.",
        "category": "",
        "new_tags": "references, job hunting",
        "publish_at": "",
    }
    return {**data, **overrides}


def test_publish_now_saves_the_typed_answer_and_publishes(client, editor, bare_draft):
    category = CategoryFactory(name="Job hunting")
    client.force_login(editor)
    response = client.post(
        f"/editor/posts/{bare_draft.pk}/", typed(action="publish", category=str(category.pk))
    )
    assert response.status_code == 302
    bare_draft.refresh_from_db()
    assert bare_draft.status == Post.Status.PUBLISHED and bare_draft.is_visible
    assert bare_draft.answer == "Yes: a reference is a person, not a company."
    assert sorted(bare_draft.tags.values_list("name", flat=True)) == ["job hunting", "references"]


def test_a_refused_publish_keeps_every_field_and_saves_the_text(client, editor, bare_draft):
    tag = TagFactory(name="etiquette")
    client.force_login(editor)
    response = client.post(f"/editor/posts/{bare_draft.pk}/", typed(action="publish", tags=[str(tag.pk)]))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Your changes are saved, but the post is not published: Pick a category" in html
    assert 'value="References from a manager who left"' in html
    assert "Yes: a reference is a person, not a company.</textarea>" in html
    assert 'value="references, job hunting"' in html  # the new tags as typed, not yet made
    assert re.search(rf'<input type="checkbox" name="tags" value="{tag.pk}"[^>]* checked>', html)
    bare_draft.refresh_from_db()
    assert bare_draft.status == Post.Status.DRAFT
    assert bare_draft.answer == "Yes: a reference is a person, not a company."  # nothing typed is lost


def test_an_invalid_form_keeps_what_was_typed(client, editor, bare_draft):
    client.force_login(editor)
    response = client.post(
        f"/editor/posts/{bare_draft.pk}/", typed(action="publish", title="", publish_at="soon")
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Yes: a reference is a person, not a company.</textarea>" in html
    assert "This field is required." in html and "Enter a valid date/time." in html
    bare_draft.refresh_from_db()
    assert bare_draft.title == "A reference who changed jobs"  # an invalid form saves nothing


def test_schedule_saves_and_schedules_for_the_time_given(client, editor, bare_draft):
    category = CategoryFactory()
    later = timezone.localtime() + timedelta(days=2)
    client.force_login(editor)
    data = typed(action="schedule", category=str(category.pk), publish_at=later.strftime("%Y-%m-%dT%H:%M"))
    assert client.post(f"/editor/posts/{bare_draft.pk}/", data).status_code == 302
    bare_draft.refresh_from_db()
    assert bare_draft.status == Post.Status.SCHEDULED
    assert bare_draft.published_at.replace(second=0, microsecond=0) == later.replace(second=0, microsecond=0)
    page = client.get(f"/editor/posts/{bare_draft.pk}/").content.decode()
    assert f'value="{later:%Y-%m-%dT%H:%M}"' in page  # the scheduled time stands in the form


def test_schedule_without_a_time_asks_for_one(client, editor, bare_draft):
    client.force_login(editor)
    response = client.post(f"/editor/posts/{bare_draft.pk}/", typed(action="schedule"))
    assert response.status_code == 400
    assert "Pick the time to publish at, or press Publish now." in response.content.decode()
    assert "Yes: a reference is a person, not a company.</textarea>" in response.content.decode()


def test_only_editors_who_may_publish_see_and_use_the_publish_buttons(client, bare_draft):
    writer = staff(verified(UserFactory()), "Editors")
    writer.groups.first().permissions.remove(Permission.objects.get(codename="publish_post"))
    writer = type(writer).objects.get(pk=writer.pk)  # no cached permissions
    client.force_login(writer)
    page = client.get(f"/editor/posts/{bare_draft.pk}/").content.decode()
    assert 'value="publish"' not in page and 'value="save"' in page
    response = client.post(f"/editor/posts/{bare_draft.pk}/", typed(action="publish"))
    assert response.status_code == 403
    bare_draft.refresh_from_db()
    assert bare_draft.status == Post.Status.DRAFT and bare_draft.answer == ""


def test_the_editing_page_is_wide_and_warns_before_unsaved_changes_are_left(client, editor, bare_draft):
    client.force_login(editor)
    html = client.get(f"/editor/posts/{bare_draft.pk}/").content.decode()
    assert '<main id="main" class="wrap wrap-wide">' in html
    assert html.count("data-warn-unsaved") == 3  # the post, poll and update forms
    assert "/static/js/unsaved.js" in html


def test_a_request_naming_no_button_of_the_form_changes_nothing_and_keeps_the_text(
    client, editor, bare_draft
):
    client.force_login(editor)
    for action in (None, "", "delete", ["save", "publish"]):
        data = typed() if action is None else typed(action=action)
        response = client.post(f"/editor/posts/{bare_draft.pk}/", data)
        assert response.status_code == 400
        html = response.content.decode()
        assert "Press Preview, Save, Publish now or Schedule." in html
        assert "Yes: a reference is a person, not a company.</textarea>" in html
    bare_draft.refresh_from_db()
    assert bare_draft.answer != "Yes: a reference is a person, not a company."
    assert bare_draft.status == Post.Status.DRAFT
