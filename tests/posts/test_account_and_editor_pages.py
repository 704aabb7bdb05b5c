"""Signed-in pages: the editor's lists, the asker's list and status page, and the Django admin."""

from allauth.mfa.models import Authenticator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from posts.models import Post, PostUpdate, Question
from tests.factories import PostFactory, QuestionFactory, TagFactory, UserFactory


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _question_with_post(**kwargs) -> Question:
    question = QuestionFactory(**kwargs)
    PostFactory(source_question=question, status=Post.Status.DRAFT, published_at=None)
    return question


def test_editor_inbox_query_count_does_not_grow_with_questions(client, editor):
    _question_with_post()
    client.force_login(editor)
    one = _queries(client, "/editor/?status=all")
    for _ in range(15):
        QuestionFactory()
        _question_with_post()
    assert _queries(client, "/editor/?status=all") == one


def test_editor_post_list_query_count_does_not_grow_with_posts(client, editor):
    PostFactory()
    client.force_login(editor)
    one = _queries(client, "/editor/posts/")
    for _ in range(29):
        PostFactory()
    assert _queries(client, "/editor/posts/") == one


def test_editor_post_page_query_count_does_not_grow_with_tags_and_updates(client, editor):
    post = PostFactory(tags=[TagFactory()])
    client.force_login(editor)
    one = _queries(client, f"/editor/posts/{post.pk}/")
    post.tags.add(*[TagFactory() for _ in range(29)])
    for n in range(10):
        PostUpdate.objects.create(post=post, body=f"u{n}", body_html=f"<p>u{n}</p>")
    assert _queries(client, f"/editor/posts/{post.pk}/") == one


def test_my_questions_query_count_does_not_grow_with_questions(client, reader):
    _question_with_post(asker=reader)
    client.force_login(reader)
    one = _queries(client, "/ask/mine/")
    for _ in range(15):
        QuestionFactory(asker=reader)
        _question_with_post(asker=reader)
    assert _queries(client, "/ask/mine/") == one


def test_question_status_page_takes_one_query(client, db, django_assert_num_queries):
    question = _question_with_post()
    with django_assert_num_queries(1):
        client.get(question.get_absolute_url())


def test_editors_see_a_link_to_their_workspace_and_readers_do_not(client, editor, reader):
    client.force_login(reader)
    assert 'href="/editor/"' not in client.get("/").content.decode()
    client.force_login(editor)
    assert 'href="/editor/"' in client.get("/").content.decode()


def test_the_admin_lists_and_opens_every_posts_model(client, db):
    admin = UserFactory(is_staff=True, is_superuser=True)
    Authenticator.objects.create(user=admin, type=Authenticator.Type.TOTP, data={"secret": "unused"})
    post = PostFactory(tags=[TagFactory()], source_question=QuestionFactory())
    PostUpdate.objects.create(post=post, body="u", body_html="<p>u</p>")
    client.force_login(admin)
    for model in ("category", "tag", "question", "post", "postupdate"):
        assert client.get(f"/admin/posts/{model}/").status_code == 200, model
        assert client.get(f"/admin/posts/{model}/add/").status_code == 200, model
    assert client.get(f"/admin/posts/post/{post.pk}/change/").status_code == 200


def test_editing_a_post_in_the_admin_rerenders_its_html(client, db):
    admin = UserFactory(is_staff=True, is_superuser=True)
    Authenticator.objects.create(user=admin, type=Authenticator.Type.TOTP, data={"secret": "unused"})
    post = PostFactory()
    client.force_login(admin)
    response = client.post(
        f"/admin/posts/post/{post.pk}/change/",
        {
            "title": post.title,
            "slug": post.slug,
            "question": "Edited *letter*",
            "answer": "Edited <script>x</script> answer",
            "category": post.category_id,
            "status": "published",
            "published_at_0": post.published_at.strftime("%Y-%m-%d"),
            "published_at_1": post.published_at.strftime("%H:%M:%S"),
            "created_at_0": "2024-01-01",
            "created_at_1": "00:00:00",
            "updates-TOTAL_FORMS": "1",
            "updates-INITIAL_FORMS": "0",
            "updates-0-body": "An *update*",
            "updates-0-created_at_0": "2024-01-02",
            "updates-0-created_at_1": "00:00:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    post.refresh_from_db()
    assert post.question_html == "<p>Edited <em>letter</em></p>\n"
    assert "<script>" not in post.answer_html
    assert post.updates.get().body_html == "<p>An <em>update</em></p>\n"
