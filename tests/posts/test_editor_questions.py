from posts.models import Post, Question
from tests.factories import CategoryFactory, QuestionFactory


def test_inbox_shows_waiting_questions_newest_first_and_filters_by_status(client, editor):
    older = QuestionFactory(title="Older waiting letter")
    newer = QuestionFactory(title="Newer shortlisted letter", status=Question.Status.SHORTLISTED)
    QuestionFactory(title="A declined letter", status=Question.Status.DECLINED)
    client.force_login(editor)
    body = client.get("/editor/").content.decode()
    assert body.index(newer.title) < body.index(older.title)
    assert "A declined letter" not in body
    declined = client.get("/editor/?status=declined").content.decode()
    assert "A declined letter" in declined
    assert older.title not in declined
    assert "A declined letter" in client.get("/editor/?status=all").content.decode()


def test_inbox_search_matches_title_letter_and_sender(client, editor):
    QuestionFactory(title="Recruiter ghosted me", body="After three interviews...", name="Alex")
    QuestionFactory(title="Coffee etiquette", body="Who pays?", name="Blair")
    client.force_login(editor)
    for text in ("ghosted", "three interviews", "alex"):
        body = client.get("/editor/", {"q": text}).content.decode()
        assert "Recruiter ghosted me" in body, text
        assert "Coffee etiquette" not in body, text


def test_inbox_ignores_a_bogus_filter_instead_of_failing(client, editor):
    QuestionFactory(title="Still listed")
    client.force_login(editor)
    response = client.get("/editor/", {"status": "nonsense", "q": "x" * 5000, "page": "abc"})
    assert response.status_code == 200
    assert "Still listed" in response.content.decode()


def test_editor_shortlists_a_question(client, editor):
    question = QuestionFactory()
    client.force_login(editor)
    client.post(f"/editor/questions/{question.pk}/shortlist/")
    question.refresh_from_db()
    assert question.status == Question.Status.SHORTLISTED


def test_declining_mails_the_asker_the_editors_note_after_commit(
    client, editor, mailoutbox, django_capture_on_commit_callbacks
):
    question = QuestionFactory(email="asker@example.com", title="Should I quit by text & emoji?")
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(f"/editor/questions/{question.pk}/decline/", {"note": "We answered a similar one."})
    assert mailoutbox == []  # nothing leaves before the transaction commits
    for callback in callbacks:
        callback()
    question.refresh_from_db()
    assert question.status == Question.Status.DECLINED
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["asker@example.com"]
    assert "We answered a similar one." in message.body
    assert "text & emoji" in message.subject
    assert question.token in message.body
    assert "Declined" in client.get(question.get_absolute_url()).content.decode()


def test_declining_without_an_address_sends_nothing(
    client, editor, mailoutbox, django_capture_on_commit_callbacks
):
    question = QuestionFactory(email="")
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/editor/questions/{question.pk}/decline/", {"note": ""})
    question.refresh_from_db()
    assert question.status == Question.Status.DECLINED
    assert mailoutbox == []


def test_a_huge_decline_note_is_a_form_error(client, editor, mailoutbox):
    question = QuestionFactory()
    client.force_login(editor)
    response = client.post(f"/editor/questions/{question.pk}/decline/", {"note": "x" * 3000})
    assert response.status_code == 400
    assert "at most 2000 characters" in response.content.decode()
    question.refresh_from_db()
    assert question.status == Question.Status.RECEIVED


def test_an_answered_question_cannot_be_declined(client, editor, mailoutbox):
    question = QuestionFactory(status=Question.Status.ANSWERED)
    client.force_login(editor)
    response = client.post(f"/editor/questions/{question.pk}/decline/", follow=True)
    assert "already been answered" in response.content.decode()
    question.refresh_from_db()
    assert question.status == Question.Status.ANSWERED
    assert mailoutbox == []


def test_answering_creates_one_draft_prefilled_from_the_letter(client, editor):
    question = QuestionFactory(title="Thank-you notes after a phone screen", body="Is e-mail *enough*?")
    client.force_login(editor)
    client.post(f"/editor/questions/{question.pk}/answer/")
    client.post(f"/editor/questions/{question.pk}/answer/")
    post = Post.objects.get()
    assert post.status == Post.Status.DRAFT
    assert post.source_question == question
    assert post.editor == editor
    assert post.title == question.title
    assert post.slug == "thank-you-notes-after-a-phone-screen"
    assert post.question_html == "<p>Is e-mail <em>enough</em>?</p>\n"
    question.refresh_from_db()
    assert question.status == Question.Status.SHORTLISTED
    page = client.get(f"/editor/posts/{post.pk}/").content.decode()
    assert "Is e-mail *enough*?" in page


def test_the_original_letter_stays_sealed_when_the_editor_trims_it(client, editor):
    question = QuestionFactory(body="I work at Acme Widgets in Springfield and my boss Dana...")
    client.force_login(editor)
    client.post(f"/editor/questions/{question.pk}/answer/")
    post = Post.objects.get()
    client.post(
        f"/editor/posts/{post.pk}/",
        {
            "action": "save",
            "title": post.title,
            "question": "My boss...",
            "answer": "Talk to her.",
            "category": CategoryFactory().pk,
        },
    )
    client.post(f"/editor/posts/{post.pk}/publish/")
    post.refresh_from_db()
    question.refresh_from_db()
    assert post.question == "My boss..."
    assert question.body.startswith("I work at Acme Widgets")
    assert "Acme Widgets" in client.get(f"/editor/questions/{question.pk}/").content.decode()
    client.logout()
    public = client.get(post.get_absolute_url()).content.decode()
    assert "My boss..." in public
    assert "Acme" not in public


def test_editor_notes_are_saved_and_stay_private(client, editor):
    question = QuestionFactory()
    client.force_login(editor)
    client.post(f"/editor/questions/{question.pk}/", {"editor_notes": "Similar to March's letter."})
    question.refresh_from_db()
    assert question.editor_notes == "Similar to March's letter."
    client.logout()
    assert "March" not in client.get(question.get_absolute_url()).content.decode()
