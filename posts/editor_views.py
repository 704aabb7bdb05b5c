"""The editors' workspace: the inbox of reader questions and the posts that answer them."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from forum.dates import moment
from forum.http import posted_choice, posted_one
from forum.markup import render_markdown
from forum.pagination import Paginator
from posts.forms import (
    DeclineForm,
    EditorNotesForm,
    InboxFilterForm,
    PollForm,
    PostForm,
    PostUpdateForm,
    PublishForm,
)
from posts.models import Poll, Post, Question
from posts.polls import PollError, poll_close, poll_save
from posts.services import (
    WorkflowError,
    post_add_update,
    post_edit,
    post_publish,
    post_unpublish,
    question_answer,
    question_decline,
    question_shortlist,
)

QUESTIONS_PER_PAGE = 50
POSTS_PER_PAGE = 50
WAITING = [Question.Status.RECEIVED, Question.Status.SHORTLISTED]


def editor_required(perm: str):
    """Anonymous visitors go to the login page; signed-in readers without `perm` get a 403."""

    def decorator(view):
        return wraps(view)(login_required(permission_required(perm, raise_exception=True)(view)))

    return decorator


@require_safe
@editor_required("posts.change_question")
def editor_inbox(request):
    form = InboxFilterForm(request.GET)
    questions = Question.objects.select_related("post").order_by("-created_at")
    status, text = ("", "") if not form.is_valid() else (form.cleaned_data["status"], form.cleaned_data["q"])
    if status == "":
        questions = questions.filter(status__in=WAITING)
    elif status != "all":
        questions = questions.filter(status=status)
    questions = questions.search(text)
    page = Paginator(questions, QUESTIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "editor/inbox.html", {"form": form, "page_obj": page})


def _question_page(
    request, question: Question, *, notes_form=None, decline_form=None, update_form=None, status=200
):
    # An update the letter writer sent: the post answering their first letter, which it can update.
    updated = None
    if question.update_of_id is not None:
        updated = Post.objects.filter(source_question=question.update_of_id).first()
    return render(
        request,
        "editor/question.html",
        {
            "question": question,
            "post": getattr(question, "post", None),
            "notes_form": notes_form or EditorNotesForm(instance=question),
            "decline_form": decline_form or DeclineForm(),
            "updated": updated,
            "update_form": update_form or PostUpdateForm(initial={"body": question.body}),
        },
        status=status,
    )


@require_POST
@editor_required("posts.change_post")
def editor_question_publish_update(request, pk: int):
    """Publish the letter writer's update (edited here) as a dated update on the post it follows."""
    question = get_object_or_404(Question.objects.select_related("post", "asker"), pk=pk)
    updated = Post.objects.published().filter(source_question=question.update_of_id).first()
    if question.update_of_id is None or updated is None:
        raise Http404("This is not an update to a published post.")
    if question.status == Question.Status.ANSWERED:
        messages.error(request, "This update is published already.")
        return redirect("posts:editor_question", pk=question.pk)
    form = PostUpdateForm(request.POST)
    if not form.is_valid():
        return _question_page(request, question, update_form=form, status=400)
    try:
        post_add_update(post=updated, body=form.cleaned_data["body"], source_question=question)
    except WorkflowError as error:  # a second press of the button, or it became a post meanwhile
        messages.error(request, str(error))
        return redirect("posts:editor_question", pk=question.pk)
    messages.success(request, f"The update is published on “{updated.title}”; its readers are being told.")
    return redirect(updated.get_absolute_url() + "#updates")


@require_http_methods(["GET", "HEAD", "POST"])
@editor_required("posts.change_question")
def editor_question(request, pk: int):
    question = get_object_or_404(Question.objects.select_related("post", "asker"), pk=pk)
    if request.method == "POST":
        notes_form = EditorNotesForm(request.POST, instance=question)
        if notes_form.is_valid():
            notes_form.save()
            messages.success(request, "Notes saved.")
            return redirect("posts:editor_question", pk=question.pk)
        return _question_page(request, question, notes_form=notes_form, status=400)
    return _question_page(request, question)


@require_POST
@editor_required("posts.change_question")
def editor_question_shortlist(request, pk: int):
    question = get_object_or_404(Question, pk=pk)
    try:
        question_shortlist(question=question)
    except WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Shortlisted.")
    return redirect("posts:editor_question", pk=question.pk)


@require_POST
@editor_required("posts.change_question")
def editor_question_decline(request, pk: int):
    question = get_object_or_404(Question.objects.select_related("post", "asker"), pk=pk)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        return _question_page(request, question, decline_form=form, status=400)
    try:
        question_decline(question=question, note=form.cleaned_data["note"])
    except WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Declined." + (" The asker has been told." if question.email else ""))
    return redirect("posts:editor_question", pk=question.pk)


@require_POST
@editor_required("posts.add_post")
def editor_question_answer(request, pk: int):
    question = get_object_or_404(Question, pk=pk)
    try:
        post = question_answer(question=question, editor=request.user)
    except WorkflowError as exc:
        messages.error(request, str(exc))
        return redirect("posts:editor_question", pk=question.pk)
    return redirect("posts:editor_post_edit", pk=post.pk)


@require_safe
@editor_required("posts.change_post")
def editor_posts(request):
    posts = Post.objects.select_related("category").order_by("-created_at", "-pk")
    page = Paginator(posts, POSTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "editor/posts.html", {"page_obj": page})


def _post_page(
    request,
    post: Post,
    *,
    form=None,
    preview=None,
    publish_errors=(),
    update_form=None,
    poll_form=None,
    status=200,
):
    poll = Poll.objects.filter(post=post).prefetch_related("options").first()
    return render(
        request,
        "editor/post_edit.html",
        {
            "post": post,
            "form": form or PostForm(initial=PostForm.initial_for(post), post=post),
            "preview": preview,
            "publish_errors": publish_errors,
            "update_form": update_form or PostUpdateForm(),
            "updates": post.updates.all(),
            "poll": poll,
            "poll_form": poll_form or PollForm(initial=PollForm.initial_for(poll)),
        },
        status=status,
    )


PUBLISHING = {"publish", "schedule"}
EDIT_ACTIONS = {"preview", "save", *PUBLISHING}


@require_http_methods(["GET", "HEAD", "POST"])
@editor_required("posts.change_post")
def editor_post_edit(request, pk: int):
    """The post's one form. Preview shows it; Save keeps it; Publish now and Schedule keep it and then
    publish. Whatever is refused, the page comes back with every field as it was typed."""
    post = get_object_or_404(Post.objects.select_related("category", "source_question"), pk=pk)
    if request.method != "POST":
        return _post_page(request, post)
    action = posted_one(request, "action")  # the button pressed
    if action in PUBLISHING and not request.user.has_perm("posts.publish_post"):
        raise PermissionDenied("Only editors who may publish can publish.")
    form = PostForm(request.POST, post=post)
    if action not in EDIT_ACTIONS:  # no button of this form: nothing is done, and nothing typed is lost
        form.add_error(None, "Press Preview, Save, Publish now or Schedule.")
    if not form.is_valid():
        return _post_page(request, post, form=form, status=400)
    data = form.cleaned_data
    if action == "preview":
        preview = {"question": render_markdown(data["question"]), "answer": render_markdown(data["answer"])}
        return _post_page(request, post, form=form, preview=preview)
    if action == "schedule" and data["publish_at"] is None:
        form.add_error("publish_at", "Pick the time to publish at, or press Publish now.")
        return _post_page(request, post, form=form, status=400)
    post_edit(
        post=post,
        editor=request.user,
        title=data["title"],
        slug=data["slug"],
        question=data["question"],
        answer=data["answer"],
        category=data["category"],
        tags=data["tags"],
        new_tag_names=data["new_tags"],
        is_pinned=data["is_pinned"],
        is_comments_closed=data["is_comments_closed"],
        identifying_details=data["identifying_details"],
    )
    if action not in PUBLISHING:
        messages.success(request, "Saved.")
        return redirect("posts:editor_post_edit", pk=post.pk)
    try:
        post = post_publish(post=post, publish_at=data["publish_at"] if action == "schedule" else None)
    except WorkflowError as exc:
        form.add_error(None, f"Your changes are saved, but the post is not published: {exc}")
        return _post_page(request, post, form=form, status=400)
    when = moment(post.published_at)
    done = f"Saved and scheduled for {when}." if post.is_scheduled else "Saved and published."
    messages.success(request, done)
    return redirect("posts:editor_post_edit", pk=post.pk)


@require_POST
@editor_required("posts.publish_post")
def editor_post_publish(request, pk: int):
    post = get_object_or_404(Post.objects.select_related("source_question"), pk=pk)
    form = PublishForm(request.POST)
    if not form.is_valid():
        return _post_page(request, post, publish_errors=form.errors["publish_at"], status=400)
    try:
        post = post_publish(post=post, publish_at=form.cleaned_data["publish_at"])
    except WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        when = moment(post.published_at)
        messages.success(request, f"Scheduled for {when}." if post.is_scheduled else "Published.")
    return redirect("posts:editor_post_edit", pk=post.pk)


@require_POST
@editor_required("posts.publish_post")
def editor_post_unpublish(request, pk: int):
    post = get_object_or_404(Post, pk=pk)
    try:
        post_unpublish(post=post)
    except WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Unpublished: readers no longer see this post.")
    return redirect("posts:editor_post_edit", pk=post.pk)


@require_POST
@editor_required("posts.change_post")
def editor_post_poll(request, pk: int):
    """Add or change the post's poll ("save"), or close it ("close"); a refused form comes back as typed."""
    post = get_object_or_404(Post, pk=pk)
    if posted_choice(request, "action", ("save", "close")) == "close":
        poll = get_object_or_404(Poll, post=post)
        poll_close(poll=poll)
        messages.success(request, "The poll is closed: everyone sees its results.")
        return redirect("posts:editor_post_edit", pk=post.pk)
    form = PollForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            poll_save(
                post=post, question=data["question"], options=form.options(), closes_at=data["closes_at"]
            )
        except PollError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The poll is saved.")
            return redirect("posts:editor_post_edit", pk=post.pk)
    return _post_page(request, post, poll_form=form, status=400)


@require_POST
@editor_required("posts.change_post")
def editor_post_add_update(request, pk: int):
    post = get_object_or_404(Post, pk=pk)
    form = PostUpdateForm(request.POST)
    if not form.is_valid():
        return _post_page(request, post, update_form=form, status=400)
    post_add_update(post=post, body=form.cleaned_data["body"])
    messages.success(request, "Update added.")
    return redirect("posts:editor_post_edit", pk=post.pk)
