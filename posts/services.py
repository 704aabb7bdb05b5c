"""Writes of the editorial workflow: questions come in, posts go out (DESIGN.md §6)."""

from collections.abc import Iterable
from datetime import datetime

from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import Profile, User
from forum.markup import render_markdown
from forum.policy import load_policy
from forum.redirects import path_moved
from posts.models import Category, Poll, Post, PostUpdate, Question, Tag, TopicFollow, identifying_terms
from posts.tasks import (
    send_question_declined,
    send_question_published,
    send_question_received,
    send_update_notice,
)


class WorkflowError(Exception):
    """A step the question or post cannot take in its current state; the message is for the editor."""


def _unique_post_slug(text: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(text)[:180].strip("-") or "post"
    slug, n = base, 2
    while Post.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


class QuestionRefused(Exception):
    """The question policy (settings.QUESTIONS_POLICY) refused it; str() is the message for the asker."""

    def __init__(self, message: str, *, status: int = 400):
        super().__init__(message)
        self.status = status


@transaction.atomic
def question_submit(
    *,
    title: str,
    body: str,
    name: str,
    email: str,
    consent: bool,
    asker: User | None,
    ip_address: str | None = None,
) -> Question:
    """Store the question and, after commit, mail the asker its status link if they gave an address."""
    asker = asker if asker is not None and asker.is_authenticated else None
    policy = load_policy("QUESTIONS_POLICY")
    decision = policy.check_question(
        title=title, body=body, name=name, email=email, asker=asker, ip_address=ip_address
    )
    if decision.is_refused:
        raise QuestionRefused(decision.message, status=decision.status)
    question = Question.objects.create(
        title=title,
        body=body,
        name=name,
        email=email,
        consent_to_publish=consent,
        asker=asker,
    )
    policy.question_stored(question=question, decision=decision, ip_address=ip_address)
    if question.email:
        transaction.on_commit(lambda: send_question_received.enqueue(question_id=question.pk))
    return question


@transaction.atomic
def question_shortlist(*, question: Question) -> Question:
    if question.status == Question.Status.ANSWERED:
        raise WorkflowError("This question has already been answered.")
    question.status = Question.Status.SHORTLISTED
    question.save(update_fields=["status", "updated_at"])
    return question


@transaction.atomic
def question_decline(*, question: Question, note: str = "") -> Question:
    """Decline the question and, after commit, tell the asker (with the note, if any)."""
    if question.status == Question.Status.ANSWERED:
        raise WorkflowError("This question has already been answered.")
    if question.status == Question.Status.DECLINED:
        raise WorkflowError("This question has already been declined.")
    question.status = Question.Status.DECLINED
    question.decline_note = note
    question.save(update_fields=["status", "decline_note", "updated_at"])
    if question.email:
        transaction.on_commit(lambda: send_question_declined.enqueue(question_id=question.pk))
    return question


@transaction.atomic
def question_answer(*, question: Question, editor: User) -> Post:
    """Start (or reopen) the draft post that answers the question, pre-filled from the letter."""
    existing = Post.objects.filter(source_question=question).first()
    if existing is not None:
        return existing
    if question.status == Question.Status.ANSWERED:
        raise WorkflowError("This question has already been answered.")
    updated = (
        Post.objects.filter(source_question=question.update_of_id).first() if question.update_of_id else None
    )
    post = Post.objects.create(
        title=question.title,
        slug=_unique_post_slug(question.title),
        question=question.body,
        question_html=render_markdown(question.body),
        editor=editor,
        source_question=question,
        status=Post.Status.DRAFT,
        # The letter writer's update answered as a post of its own links to the post it updates, and
        # keeps its identifying details.
        follow_up_of=updated,
        identifying_details=updated.identifying_details if updated else "",
    )
    if question.status != Question.Status.SHORTLISTED:
        question.status = Question.Status.SHORTLISTED
        question.save(update_fields=["status", "updated_at"])
    return post


@transaction.atomic
def post_search_tags_update(*, post: Post) -> Post:
    """Copy the post's tag names into `search_tags`, which its stored search document reads.

    Call it after changing a post's tags; the database recomputes `search_vector` from the row.
    """
    post.search_tags = " ".join(sorted(post.tags.values_list("name", flat=True)))
    post.save(update_fields=["search_tags"])
    return post


@transaction.atomic
def tag_posts_search_tags_update(*, tag: Tag) -> int:
    """Refresh `search_tags` on every post filed under the tag, after a rename or a merge."""
    posts = Post.objects.filter(tags=tag).prefetch_related("tags").only("pk")
    for post in posts:
        names = " ".join(sorted(t.name for t in post.tags.all()))
        Post.objects.filter(pk=post.pk).update(search_tags=names)
    return len(posts)


def tag_get_or_create(*, name: str) -> Tag:
    name = " ".join(name.split())
    slug = slugify(name)
    tag = Tag.objects.filter(slug=slug).first() or Tag.objects.filter(name__iexact=name).first()
    return tag or Tag.objects.create(name=name, slug=slug)


@transaction.atomic
def post_edit(
    *,
    post: Post,
    editor: User,
    title: str,
    slug: str,
    question: str,
    answer: str,
    category: Category | None,
    tags: Iterable[Tag],
    new_tag_names: Iterable[str] = (),
    is_pinned: bool = False,
    is_comments_closed: bool = False,
    identifying_details: str | None = None,
) -> Post:
    """Save the editor's text, rendering the Markdown once, and set the post's tags.

    A post that was ever published keeps answering at its old address when its slug changes.
    """
    old_path = post.get_absolute_url() if post.published_at else None
    post.title = title
    post.slug = _unique_post_slug(slug or title, exclude_pk=post.pk)
    post.question = question
    post.question_html = render_markdown(question)
    post.answer = answer
    post.answer_html = render_markdown(answer)
    post.category = category
    post.is_pinned = is_pinned
    post.is_comments_closed = is_comments_closed
    if identifying_details is not None:
        post.identifying_details = "\n".join(identifying_terms(identifying_details))
    post.editor = editor
    post.save()
    if old_path:
        path_moved(old_path=old_path, new_path=post.get_absolute_url())
    all_tags = {tag.pk: tag for tag in tags}
    for name in new_tag_names:
        tag = tag_get_or_create(name=name)
        all_tags[tag.pk] = tag
    post.tags.set(all_tags.values())
    post_search_tags_update(post=post)
    return post


@transaction.atomic
def post_publish(*, post: Post, publish_at: datetime | None = None) -> Post:
    """Publish now, or schedule for `publish_at`; mark the source question answered and mail the asker.

    A post published before and then unpublished keeps its first date, so its address does not change.
    """
    if not post.title.strip() or not post.answer.strip():
        raise WorkflowError("A post needs a title and an answer before it can be published.")
    if post.category_id is None:
        raise WorkflowError("Pick a category before publishing.")
    now = timezone.now()
    if publish_at is None:
        publish_at = post.published_at if post.published_at and post.published_at <= now else now
    # A date already given out (a scheduled post's address is mailed to the asker) keeps answering.
    old_path = post.get_absolute_url() if post.published_at else None
    post.published_at = publish_at
    post.status = Post.Status.SCHEDULED if publish_at > now else Post.Status.PUBLISHED
    post.save(update_fields=["published_at", "status", "updated_at"])
    if old_path:
        path_moved(old_path=old_path, new_path=post.get_absolute_url())

    question = post.source_question
    if question is not None and question.status != Question.Status.ANSWERED:
        question.status = Question.Status.ANSWERED
        question.save(update_fields=["status", "updated_at"])
        if question.email:
            transaction.on_commit(lambda: send_question_published.enqueue(question_id=question.pk))
        if post.follow_up_of_id is not None:  # the letter writer's update, published as its own post
            _letter_writer_updated(post=post.follow_up_of)
    return post


@transaction.atomic
def post_unpublish(*, post: Post) -> Post:
    """Take the post off the site; it keeps its date and can be published again."""
    if post.status == Post.Status.DRAFT:
        raise WorkflowError("This post is not published.")
    post.status = Post.Status.DRAFT
    post.save(update_fields=["status", "updated_at"])
    return post


@transaction.atomic
def post_add_update(*, post: Post, body: str, source_question: Question | None = None) -> PostUpdate:
    """A dated update under the post's answer. One that publishes the letter writer's update
    (`source_question`) also closes the post's poll, so its result stands beside what they did, and
    tells the post's followers and commenters (posts.tasks.send_update_notice)."""
    if source_question is not None:
        sent = Question.objects.select_for_update().filter(pk=source_question.pk).first()
        if (
            sent is None
            or sent.status == Question.Status.ANSWERED
            or Post.objects.filter(source_question=sent).exists()
        ):
            raise WorkflowError("This update is published already.")
        Question.objects.filter(pk=sent.pk).update(status=Question.Status.ANSWERED)
    update = PostUpdate.objects.create(
        post=post, body=body, body_html=render_markdown(body), source_question=source_question
    )
    if source_question is not None:
        _letter_writer_updated(post=post)
    return update


def _letter_writer_updated(*, post: Post) -> None:
    """The letter writer's update on `post` is out: close its poll and tell its readers, after commit."""
    now = timezone.now()
    Poll.objects.filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now), post=post).update(closes_at=now)
    transaction.on_commit(lambda: send_update_notice.enqueue(post_id=post.pk))


@transaction.atomic
def question_update_submit(*, original: Question, body: str, ip_address: str | None = None) -> Question:
    """The asker's update on a published question, sent from its status page: a question of its own in
    the editor's inbox, linked to the original (`update_of`)."""
    update = question_submit(
        title=f"Update: {original.title}"[: Question._meta.get_field("title").max_length],
        body=body,
        name=original.name,
        email=original.email,
        consent=original.consent_to_publish,
        asker=original.asker,
        ip_address=ip_address,
    )
    update.update_of = original
    update.save(update_fields=["update_of"])
    return update


@transaction.atomic
def topic_follow(*, user: User, tag: Tag | None = None, category: Category | None = None) -> TopicFollow:
    """Follow a tag or a category; following again keeps the one row (the database enforces it)."""
    if (tag is None) == (category is None):
        raise ValueError("Follow exactly one tag or one category.")
    follow, _ = TopicFollow.objects.get_or_create(user=user, tag=tag, category=category)
    return follow


@transaction.atomic
def topic_unfollow(*, user: User, tag: Tag | None = None, category: Category | None = None) -> None:
    if (tag is None) == (category is None):
        raise ValueError("Unfollow exactly one tag or one category.")
    TopicFollow.objects.filter(user=user, tag=tag, category=category).delete()


DIGEST_UNSUBSCRIBE_SALT = "posts.digest.unsubscribe"


def digest_unsubscribe_token(*, user: User) -> str:
    """A signed, non-expiring token that lets the mail's link stop this person's digest, signed out."""
    return signing.dumps(user.pk, salt=DIGEST_UNSUBSCRIBE_SALT)


def digest_profile_from_token(token: str) -> tuple[bool, Profile | None]:
    """(the token is genuine, the profile it names if the account is still there)."""
    try:
        pk = signing.loads(token, salt=DIGEST_UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return False, None
    if not isinstance(pk, int) or isinstance(pk, bool):
        return False, None
    return True, Profile.objects.select_related("user").filter(user_id=pk, user__is_active=True).first()


@transaction.atomic
def digest_cancel(*, profile: Profile) -> Profile:
    profile.digest = Profile.Digest.NONE
    profile.save(update_fields=["digest"])
    return profile
