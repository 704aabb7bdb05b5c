"""The acceptance flow of issue 3: a reader's question becomes a published, tagged post."""

import re

from posts.models import Post, Question


def test_anonymous_question_becomes_a_published_tagged_post_and_the_asker_hears_of_it(
    client, editor, ask_data, mailoutbox, django_capture_on_commit_callbacks
):
    from tests.factories import CategoryFactory

    category = CategoryFactory(name="Job hunting", slug="job-hunting")

    # An anonymous reader asks and lands on the status page.
    response = client.post("/ask/", ask_data)
    question = Question.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/ask/status/{question.token}/"
    assert question.asker is None
    status_page = client.get(response["Location"]).content.decode()
    assert "Received" in status_page

    # The editor finds it in the inbox and starts a draft answer.
    client.force_login(editor)
    inbox = client.get("/editor/").content.decode()
    assert ask_data["title"] in inbox
    response = client.post(f"/editor/questions/{question.pk}/answer/")
    post = Post.objects.get(source_question=question)
    assert response["Location"] == f"/editor/posts/{post.pk}/"
    assert post.status == Post.Status.DRAFT
    assert post.question == ask_data["body"]

    # ... writes the answer with two new tags, and publishes it.
    response = client.post(
        f"/editor/posts/{post.pk}/",
        {
            "action": "save",
            "title": "Friend requests from a coworker",
            "slug": "",
            "question": "A coworker sends me a friend request every week. Should I accept?",
            "answer": "Keep Facebook for friends and **LinkedIn** for work.",
            "category": category.pk,
            "new_tags": "LinkedIn, Facebook",
        },
    )
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/editor/posts/{post.pk}/publish/", {"publish_at": ""})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.is_visible
    assert sorted(post.tags.values_list("slug", flat=True)) == ["facebook", "linkedin"]
    client.logout()

    # Readers see it on the home page, both tag pages and the category page.
    url = post.get_absolute_url()
    assert re.fullmatch(r"/\d{4}/\d{2}/friend-requests-from-a-coworker/", url)
    for page in ("/", "/tags/linkedin/", "/tags/facebook/", "/category/job-hunting/"):
        body = client.get(page).content.decode()
        assert f'href="{url}"' in body, page
    post_page = client.get(url).content.decode()
    assert "A reader writes:" in post_page
    assert "<strong>LinkedIn</strong>" in post_page

    # The asker has the e-mail with the link, and the status page says answered.
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [ask_data["email"]]
    assert f"https://example.com{url}" in mailoutbox[0].body
    status_page = client.get(f"/ask/status/{question.token}/").content.decode()
    assert "Answered" in status_page
    assert f'href="{url}"' in status_page
