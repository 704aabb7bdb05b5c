import pytest
from django.contrib.auth.models import Group, Permission

from posts.models import Post, Question
from tests.factories import PostFactory, QuestionFactory, UserFactory


@pytest.fixture
def editor_urls(db):
    question = QuestionFactory()
    post = PostFactory(status=Post.Status.DRAFT, published_at=None)
    q, p = question.pk, post.pk
    return [
        ("get", "/editor/"),
        ("get", f"/editor/questions/{q}/"),
        ("post", f"/editor/questions/{q}/"),
        ("post", f"/editor/questions/{q}/shortlist/"),
        ("post", f"/editor/questions/{q}/decline/"),
        ("post", f"/editor/questions/{q}/answer/"),
        ("get", "/editor/posts/"),
        ("get", f"/editor/posts/{p}/"),
        ("post", f"/editor/posts/{p}/"),
        ("post", f"/editor/posts/{p}/publish/"),
        ("post", f"/editor/posts/{p}/unpublish/"),
        ("post", f"/editor/posts/{p}/updates/"),
    ]


def _unchanged(question: Question, post: Post) -> bool:
    question.refresh_from_db()
    post.refresh_from_db()
    return question.status == Question.Status.RECEIVED and post.status == Post.Status.DRAFT


def test_editor_pages_send_anonymous_visitors_to_log_in(client, editor_urls):
    for method, url in editor_urls:
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/?next="), url
    assert _unchanged(Question.objects.get(), Post.objects.get())
    assert not Post.objects.filter(source_question__isnull=False).exists()


def test_editor_pages_refuse_signed_in_readers(client, reader, editor_urls):
    client.force_login(reader)
    for method, url in editor_urls:
        assert getattr(client, method)(url).status_code == 403, url
    assert _unchanged(Question.objects.get(), Post.objects.get())
    assert not Post.objects.filter(source_question__isnull=False).exists()


def test_editor_pages_answer_a_member_of_the_editors_group(client, editor, editor_urls):
    client.force_login(editor)
    for method, url in editor_urls:
        assert getattr(client, method)(url).status_code in {200, 302, 400}, url


def test_the_editor_role_is_a_group_with_permissions_not_a_flag(editor):
    editors = Group.objects.get(name="Editors")
    codenames = set(editors.permissions.values_list("codename", flat=True))
    assert {"change_question", "add_post", "change_post", "publish_post"} <= codenames
    assert not editor.is_staff
    assert not editor.is_superuser


def test_publishing_needs_the_publish_permission_not_just_edit_rights(client, db):
    post = PostFactory(status=Post.Status.DRAFT, published_at=None)
    writer = UserFactory()
    writer.user_permissions.add(Permission.objects.get(codename="change_post"))
    client.force_login(writer)
    assert client.get(f"/editor/posts/{post.pk}/").status_code == 200
    assert client.post(f"/editor/posts/{post.pk}/publish/").status_code == 403
    post.refresh_from_db()
    assert post.status == Post.Status.DRAFT


def test_drafts_are_hidden_from_readers_but_previewable_by_editors(client, reader, editor):
    draft = PostFactory(status=Post.Status.DRAFT, published_at=None)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(reader)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(editor)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "readers cannot see this post yet" in response.content.decode()


def test_a_wrong_status_token_is_a_404(client, db):
    QuestionFactory()
    assert client.get("/ask/status/not-the-token/").status_code == 404
    assert client.get("/ask/status/" + "x" * 500 + "/").status_code == 404
    assert client.get("/ask/status/%00abc/").status_code == 404


def test_my_questions_lists_only_the_signed_in_askers_own_questions(client, reader):
    mine = QuestionFactory(asker=reader, title="Mine: a question about references")
    QuestionFactory(asker=UserFactory(), title="Someone else's question")
    QuestionFactory(title="An anonymous question")
    client.force_login(reader)
    body = client.get("/ask/mine/").content.decode()
    assert mine.title in body
    assert f'href="/ask/status/{mine.token}/"' in body
    assert "Someone else" not in body
    assert "An anonymous question" not in body


def test_my_questions_sends_anonymous_visitors_to_log_in(client, db):
    response = client.get("/ask/mine/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_editor_actions_are_csrf_protected(editor):
    from django.test import Client

    question = QuestionFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert client.post(f"/editor/questions/{question.pk}/decline/").status_code == 403
    question.refresh_from_db()
    assert question.status == Question.Status.RECEIVED


def test_forged_ids_in_editor_urls_are_404(client, editor):
    client.force_login(editor)
    assert client.get("/editor/questions/999999/").status_code == 404
    assert client.post("/editor/posts/999999/publish/").status_code == 404
    assert client.get("/editor/questions/99999999999999999999999999/").status_code == 404
