"""The letter writer's voice: the person whose question a post answers may comment on it as "The letter
writer", with a badge and no name (comments.services.comment_create, `letter_writer=`).

Their question's private status link is the proof: opening it in a browser once the post is published
remembers, in that browser's session, that it may speak for the post, and the discussion's comment form
then offers to post in that voice. A signed-in asker reaches the same link from /ask/mine/. An editor
can take the voice back (Question.voice_revoked_at, comments.services.letter_writer_revoke).
"""

from posts.models import Post, Question

SESSION_KEY = "letter_writer_posts"
KEPT = 20  # posts one browser may speak for; the oldest proof is forgotten first


def may_speak(question: Question, post: Post | None) -> bool:
    """Whether the asker may comment as the letter writer on `post` (their question's, published)."""
    return (
        post is not None
        and post.source_question_id == question.pk
        and post.is_visible
        and question.voice_revoked_at is None
    )


def remember_proof(session, post: Post) -> None:
    """This browser opened the private link of the question `post` answers."""
    proven = [pk for pk in session.get(SESSION_KEY, []) if pk != post.pk]
    session[SESSION_KEY] = [*proven[-(KEPT - 1) :], post.pk]


def proven_question(session, post: Post) -> Question | None:
    """The question whose asker this browser has proved to be, when it is the one `post` answers and its
    voice was not taken back; no query unless the session holds a proof for this post."""
    if post.source_question_id is None or post.pk not in session.get(SESSION_KEY, ()):
        return None
    return Question.objects.filter(pk=post.source_question_id, voice_revoked_at=None).first()


def is_asker(user, post: Post) -> bool:
    """Whether this signed-in reader asked, by account, the question `post` answers: what they said in
    the letter writer's voice is theirs (no reacting to it or flagging it). Read from the post when it
    was fetched `with_asker()`, else one query."""
    if post.source_question_id is None or user is None or not user.is_authenticated:
        return False
    if hasattr(post, "question_asker_id"):
        return post.question_asker_id == user.pk
    return Question.objects.filter(pk=post.source_question_id, asker=user).exists()
