from datetime import timedelta

import pytest
from django.utils import timezone

from posts.models import Post, PostUpdate, Tag
from tests.factories import CategoryFactory, PostFactory, QuestionFactory, TagFactory


@pytest.fixture
def draft(db):
    return PostFactory(
        title="Draft about references", status=Post.Status.DRAFT, published_at=None, answer="", answer_html=""
    )


def _form(**overrides):
    data = {
        "action": "save",
        "title": "Listing a short job on LinkedIn",
        "slug": "",
        "question": "I left after two months. Does it go on my profile?",
        "answer": "Leave it off unless it explains a gap.",
        "category": "",
        "new_tags": "",
    }
    return {**data, **overrides}


def test_preview_renders_the_markdown_without_saving(client, editor, draft):
    client.force_login(editor)
    response = client.post(f"/editor/posts/{draft.pk}/", _form(action="preview", answer="Say **no**."))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Preview (not saved yet)" in body
    assert "Say <strong>no</strong>." in body
    assert "Say **no**." in body  # still in the textarea to keep editing
    draft.refresh_from_db()
    assert draft.answer == ""


def test_saving_stores_rendered_html_tags_and_a_unique_slug(client, editor, draft):
    PostFactory(slug="listing-a-short-job-on-linkedin")
    existing = TagFactory(name="Job hunting", slug="job-hunting")
    client.force_login(editor)
    response = client.post(
        f"/editor/posts/{draft.pk}/",
        _form(
            answer="See [our FAQ](https://example.org).", tags=[existing.pk], new_tags=" LinkedIn ,, linkedin"
        ),
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.slug == "listing-a-short-job-on-linkedin-2"
    assert 'rel="nofollow ugc noopener"' in draft.answer_html
    assert sorted(draft.tags.values_list("slug", flat=True)) == ["job-hunting", "linkedin"]
    assert Tag.objects.filter(slug="linkedin").count() == 1


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"title": ""}, "This field is required."),
        ({"title": "t" * 201}, "at most 200 characters"),
        ({"question": ""}, "This field is required."),
        ({"answer": "a" * 50_001}, "at most 50000 characters"),
        ({"answer": "nul\x00byte"}, "Null characters are not allowed."),
        ({"title": "nul\x00byte"}, "Null characters are not allowed."),
        ({"category": "999999"}, "Select a valid choice"),
        ({"category": "not-a-number"}, "Select a valid choice"),
        ({"tags": ["999999"]}, "Select a valid choice"),
        ({"tags": ["x"]}, "Select a valid choice"),
        ({"category": "9" * 30}, "Select a valid choice"),
        ({"tags": ["9" * 30]}, "Select a valid choice"),
        ({"category": "1\x00"}, "Select a valid choice"),
        ({"slug": "has spaces/and slashes"}, "Enter a valid “slug”"),
        ({"new_tags": "!!!"}, "needs at least one letter or digit"),
        ({"new_tags": "y" * 61}, "too long for a tag"),
        ({"new_tags": ",".join(f"t{n}" for n in range(11))}, "at most 10 new tags"),
    ],
)
def test_bad_post_input_is_a_form_error_not_a_crash(client, editor, draft, overrides, message):
    client.force_login(editor)
    response = client.post(f"/editor/posts/{draft.pk}/", _form(**overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    draft.refresh_from_db()
    assert draft.title == "Draft about references"


def test_a_slug_taken_by_another_post_is_refused(client, editor, draft):
    PostFactory(slug="taken")
    client.force_login(editor)
    response = client.post(f"/editor/posts/{draft.pk}/", _form(slug="taken"))
    assert "Another post already has this address." in response.content.decode()


def test_script_in_the_answer_is_stored_inert(client, editor, draft):
    client.force_login(editor)
    client.post(
        f"/editor/posts/{draft.pk}/",
        _form(answer='<script>alert(1)</script> [x](javascript:alert(1)) <b onclick="x">b</b>'),
    )
    draft.refresh_from_db()
    assert "<script" not in draft.answer_html
    assert 'href="javascript' not in draft.answer_html
    assert "<b onclick" not in draft.answer_html
    assert "&lt;script&gt;" in draft.answer_html


def test_publishing_needs_an_answer_and_a_category(client, editor, draft):
    client.force_login(editor)
    response = client.post(f"/editor/posts/{draft.pk}/publish/", follow=True)
    assert "needs a title and an answer" in response.content.decode()
    client.post(f"/editor/posts/{draft.pk}/", _form())
    response = client.post(f"/editor/posts/{draft.pk}/publish/", follow=True)
    assert "Pick a category" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Post.Status.DRAFT


def test_a_scheduled_post_is_invisible_until_its_time_then_appears(client, editor, draft, monkeypatch):
    client.force_login(editor)
    client.post(f"/editor/posts/{draft.pk}/", _form(category=CategoryFactory().pk, new_tags="Etiquette"))
    when = timezone.localtime() + timedelta(days=2)
    response = client.post(
        f"/editor/posts/{draft.pk}/publish/", {"publish_at": when.strftime("%Y-%m-%dT%H:%M")}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Post.Status.SCHEDULED
    client.logout()

    pages = ["/", "/tags/etiquette/", draft.category.get_absolute_url()]
    for page in pages:
        assert draft.title not in client.get(page).content.decode(), page
    assert client.get(draft.get_absolute_url()).status_code == 404

    later = timezone.now() + timedelta(days=3)
    monkeypatch.setattr(timezone, "now", lambda: later)
    for page in pages:
        assert draft.title in client.get(page).content.decode(), page
    assert client.get(draft.get_absolute_url()).status_code == 200


def test_a_bad_publication_time_is_a_form_error(client, editor, draft):
    client.force_login(editor)
    response = client.post(f"/editor/posts/{draft.pk}/publish/", {"publish_at": "99999-01-01T00:00"})
    assert response.status_code == 400
    assert "Enter a valid date/time." in response.content.decode()


def test_unpublishing_hides_the_post_and_republishing_keeps_its_address(client, editor):
    post = PostFactory(published_at=timezone.now() - timedelta(days=40))
    url = post.get_absolute_url()
    client.force_login(editor)
    client.post(f"/editor/posts/{post.pk}/unpublish/")
    client.logout()
    assert client.get(url).status_code == 404
    assert post.title not in client.get("/").content.decode()
    client.force_login(editor)
    client.post(f"/editor/posts/{post.pk}/publish/", {"publish_at": ""})
    post.refresh_from_db()
    assert post.get_absolute_url() == url
    assert client.get(url).status_code == 200


def test_republishing_does_not_mail_the_asker_twice(
    client, editor, mailoutbox, django_capture_on_commit_callbacks
):
    question = QuestionFactory()
    post = PostFactory(source_question=question, status=Post.Status.DRAFT, published_at=None)
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/editor/posts/{post.pk}/publish/")
        client.post(f"/editor/posts/{post.pk}/unpublish/")
        client.post(f"/editor/posts/{post.pk}/publish/")
    assert len(mailoutbox) == 1


def test_a_dated_update_appears_under_the_answer(client, editor):
    post = PostFactory()
    client.force_login(editor)
    client.post(f"/editor/posts/{post.pk}/updates/", {"body": "The reader got the *job*."})
    update = PostUpdate.objects.get()
    assert update.body_html == "<p>The reader got the <em>job</em>.</p>\n"
    client.logout()
    body = client.get(post.get_absolute_url()).content.decode()
    assert "The reader got the <em>job</em>." in body
    assert f'<time datetime="{update.created_at.isoformat()}" title="' in body
    assert body.index(post.answer_html) < body.index("The reader got the")


def test_an_empty_update_is_a_form_error(client, editor):
    post = PostFactory()
    client.force_login(editor)
    response = client.post(f"/editor/posts/{post.pk}/updates/", {"body": ""})
    assert response.status_code == 400
    assert not PostUpdate.objects.exists()


def test_scheduling_mails_the_asker_the_date_and_the_link(
    client, editor, mailoutbox, django_capture_on_commit_callbacks
):
    question = QuestionFactory(email="asker@example.com")
    post = PostFactory(source_question=question, status=Post.Status.DRAFT, published_at=None)
    when = timezone.localtime() + timedelta(days=5)
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/editor/posts/{post.pk}/publish/", {"publish_at": when.strftime("%Y-%m-%dT%H:%M")})
    post.refresh_from_db()
    assert len(mailoutbox) == 1
    assert f"goes up on {when:%A, %B} {when.day}" in mailoutbox[0].body
    assert post.get_absolute_url() in mailoutbox[0].body


def test_a_published_post_whose_slug_changes_answers_301_at_its_old_address(client, editor):
    post = PostFactory(title="Old title", slug="old-title")
    old_url = post.get_absolute_url()
    client.force_login(editor)
    form = _form(title="New title", slug="new-title", category=post.category.pk)
    assert client.post(f"/editor/posts/{post.pk}/", form).status_code == 302
    post.refresh_from_db()
    client.logout()
    assert post.slug == "new-title"
    response = client.get(old_url)
    assert response.status_code == 301 and response["Location"] == post.get_absolute_url()
    assert client.get(post.get_absolute_url()).status_code == 200


def test_a_draft_renamed_before_publishing_leaves_no_redirect(client, editor, draft):
    client.force_login(editor)
    client.post(f"/editor/posts/{draft.pk}/", _form(slug="fresh-slug"))
    from django.contrib.redirects.models import Redirect

    assert not Redirect.objects.exists()


def test_a_scheduled_post_published_now_keeps_its_mailed_address(client, editor, draft):
    client.force_login(editor)
    client.post(f"/editor/posts/{draft.pk}/", _form(category=CategoryFactory().pk))
    later = timezone.localtime() + timedelta(days=70)
    client.post(f"/editor/posts/{draft.pk}/publish/", {"publish_at": later.strftime("%Y-%m-%dT%H:%M")})
    draft.refresh_from_db()
    scheduled_url = draft.get_absolute_url()
    assert client.post(f"/editor/posts/{draft.pk}/publish/", {"publish_at": ""}).status_code == 302
    draft.refresh_from_db()
    client.logout()
    assert draft.status == Post.Status.PUBLISHED and draft.get_absolute_url() != scheduled_url
    response = client.get(scheduled_url)
    assert response.status_code == 301 and response["Location"] == draft.get_absolute_url()
    assert client.get(draft.get_absolute_url()).status_code == 200
