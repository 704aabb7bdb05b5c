"""Imported posts read like native ones: the post page, its thread, and the listings."""

from comments.models import Comment


def test_imported_post_page_shows_question_answer_and_thread(client, wordpress_blog):
    response = client.get("/2012/06/linkedin-invite-from-boss/")
    assert response.status_code == 200
    page = response.text
    assert "My manager sent me a LinkedIn invitation on a Sunday." in page
    assert "Accept it or let it sit" in page
    assert "steal(document.cookie)" not in page
    finn = Comment.objects.get(author_name="Finn")
    assert f'id="comment-{finn.pk}" data-depth="5"' in page
    assert "Dziękuję! ¿Qué tal? Same in Kraków — 同意します." in page
    assert "Anonymous" in page
    # Held and spam comments are not shown to readers.
    assert "Held for moderation." not in page
    assert "buy now" not in page


def test_imported_posts_are_listed_by_tag_and_category(client, wordpress_blog, blogger_export):
    assert "Should I accept a LinkedIn invitation" in client.get("/tags/linkedin/").text
    assert "Thank-you notes after an interview" in client.get("/category/interviews/").text
    home = client.get("/").text
    assert "Über-formal cover letters: too much?" in home
    assert "Draft: answering the salary question" not in home
