from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.models import User
from comments import services as comment_services
from comments.models import Comment
from forum.http import next_or, posted_one
from forum.pagination import Paginator
from moderation import selectors, services
from moderation.forms import (
    BlockForm,
    BulkForm,
    CollapseForm,
    FlagForm,
    HideForm,
    LockForm,
    LogFilterForm,
    ModeratorEditForm,
    NoteForm,
    OptionalReasonForm,
    PreferenceForm,
    QueueFilterForm,
    SanctionForm,
    TagMergeForm,
    TagRenameForm,
    TermForm,
)
from moderation.models import Block, Flag, ModeratorPreference, PostModeration, Sanction, Term
from posts import letter_writer
from posts.models import Post, Tag

QUEUE_PER_PAGE = 50
LOG_PER_PAGE = 100


def staff_permission(permission: str):
    """Signed in (else the sign-in page) and holding the permission (else 403)."""

    def decorate(view):
        @login_required
        @permission_required(permission, raise_exception=True)
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


moderator_required = staff_permission("comments.moderate_comment")


def _first_error(form) -> str:
    for errors in form.errors.values():
        return errors[0]
    return "Please check the form."


def _back(request: HttpRequest, fallback: str) -> str:
    """Where a moderator's form came from, if it is one of our moderation pages; else the fallback."""
    target = request.POST.get("next", "")
    prefix = reverse("moderation:queue")
    if target.startswith(prefix) and "\\" not in target and "//" not in target and target.isprintable():
        return target
    return fallback


# The queue


@dataclass(frozen=True)
class QueueItem:
    comment: Comment
    chips: list[str]
    then: str  # where the queue lands once this item is decided: on the item after it


def _queue_items(request: HttpRequest, comments: list[Comment]) -> list[QueueItem]:
    here = request.get_full_path()
    items = []
    for index, comment in enumerate(comments):
        # The item after it, or before it when it is the last: what the moderator meets next.
        neighbour = comments[index + 1 : index + 2] or comments[max(index - 1, 0) : index]
        then = f"{here}#queue-item-{neighbour[0].pk}" if neighbour else here
        items.append(QueueItem(comment, selectors.chips(comment), then))
    return items


@require_safe
@moderator_required
def queue(request: HttpRequest) -> HttpResponse:
    form = QueueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    comments = selectors.queue_comments(
        show=filters.get("show") or "all", reason=filters.get("reason") or "", post_id=filters.get("post")
    )
    page = Paginator(comments, QUEUE_PER_PAGE).get_page(request.GET.get("page"))
    oldest = None
    if page.paginator.count:
        oldest = comments.order_by("waiting_since").values_list("waiting_since", flat=True).first()
    context = {
        "form": form,
        "page_obj": page,
        "items": _queue_items(request, list(page)),
        "oldest_waiting_since": oldest,
        "new_question_count": selectors.new_question_count(),
        "bulk_form": BulkForm(None, auto_id="id_bulk_%s"),  # the filter form has a `reason` too
        "show": filters.get("show") or "all",
    }
    return render(request, "moderation/queue.html", context)


BULK_DONE = {"approve": "approved", "hide": "hidden", "spam": "marked as spam"}


@require_POST
@moderator_required
def queue_bulk(request: HttpRequest) -> HttpResponse:
    form = BulkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _first_error(form))
        return redirect(_back(request, reverse("moderation:queue")))
    comments = list(
        Comment.objects.filter(pk__in=form.cleaned_data["ids"])
        .select_related("post", "author")
        .order_by("pk")
    )
    if len(comments) != len(set(form.cleaned_data["ids"])):
        messages.error(request, "Some of the ticked comments no longer exist; nothing was changed.")
        return redirect(_back(request, reverse("moderation:queue")))
    try:
        count = services.comments_bulk(
            comments=comments,
            actor=request.user,
            action=form.cleaned_data["action"],
            reason=form.cleaned_data["reason"],
        )
    except (services.ModerationError, comment_services.CommentError) as error:
        messages.error(request, str(error))
        return redirect(_back(request, reverse("moderation:queue")))
    done = BULK_DONE[form.cleaned_data["action"]]
    messages.success(request, f"Comment {done}." if count == 1 else f"{count} comments {done}.")
    return redirect(_back(request, reverse("moderation:queue")))


# One comment


def _comment(pk: int) -> Comment:
    return get_object_or_404(
        Comment.objects.select_related("post", "author", "parent", "parent__author"), pk=pk
    )


@require_safe
@moderator_required
def comment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _comment(pk)
    context = {
        "comment": comment,
        "flags": comment.flags.select_related("user").order_by("-created_at"),
        "moderation": getattr(comment, "moderation", None) if selectors._has_moderation(comment) else None,
        "replies": Comment.objects.filter(parent=comment).select_related("author").order_by("path")[:20],
        "is_removed": comment.status == Comment.Status.REMOVED,
        # Several forms share field names (the actions' POST contract); auto_id keeps each id unique.
        "approve_form": OptionalReasonForm(auto_id="id_approve_%s"),
        "hide_form": HideForm(auto_id="id_hide_%s"),
        "collapse_form": CollapseForm(auto_id="id_collapse_%s"),
        "lock_form": LockForm(auto_id="id_lock_%s"),
        "edit_form": ModeratorEditForm(initial={"body": comment.body}, auto_id="id_edit_%s"),
        "delete_form": OptionalReasonForm(auto_id="id_delete_%s"),
        "can_delete": request.user.has_perm("comments.delete_comment"),
    }
    return render(request, "moderation/comment_detail.html", context)


COMMENT_ACTIONS = {
    # action: (form class, service, success message)
    "approve": (OptionalReasonForm, services.comment_approve, "Comment approved."),
    "hide": (HideForm, services.comment_hide, "Comment hidden."),
    "restore": (OptionalReasonForm, services.comment_restore, "Comment restored."),
    "spam": (OptionalReasonForm, services.comment_mark_spam, "Comment marked as spam."),
    "delete": (OptionalReasonForm, services.comment_delete_for_good, "Comment deleted for good."),
    "edit": (ModeratorEditForm, services.comment_moderator_edit, "Comment edited."),
    "collapse": (CollapseForm, services.comment_collapse, "Subthread collapsed."),
    "expand": (OptionalReasonForm, services.comment_expand, "Subthread expanded."),
    "lock": (LockForm, services.comment_lock, "Subthread locked: it takes no new replies."),
    "unlock": (OptionalReasonForm, services.comment_unlock, "Subthread unlocked."),
}


@require_POST
@moderator_required
def comment_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    form_class, service, done = COMMENT_ACTIONS[action]
    comment = _comment(pk)
    if action == "delete" and not request.user.has_perm("comments.delete_comment"):
        raise PermissionDenied("Only administrators delete comments for good.")
    form = form_class(request.POST)
    detail = reverse("moderation:comment_detail", kwargs={"pk": comment.pk})
    if not form.is_valid():
        messages.error(request, _first_error(form))
        return redirect(detail)
    try:
        service(comment=comment, actor=request.user, **form.cleaned_data)
    except (services.ModerationError, comment_services.CommentError) as error:
        messages.error(request, str(error))
        return redirect(detail)
    messages.success(request, done)
    if action == "delete":
        return redirect(_back(request, reverse("moderation:queue")))
    return redirect(_back(request, detail))


# Flags (readers)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def comment_flag(request: HttpRequest, pk: int) -> HttpResponse:
    comment = get_object_or_404(
        Comment.objects.select_related("post", "author"), pk=pk, post__in=Post.objects.published()
    )
    voice = letter_writer.proven_question(request.session, comment.post) is not None
    refusal = services.flag_refusal(comment=comment, user=request.user, letter_writer=voice)
    if refusal:
        return render(
            request, "moderation/comment_flag.html", {"comment": comment, "refusal": refusal}, status=403
        )
    form = FlagForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            services.flag_create(comment=comment, user=request.user, letter_writer=voice, **form.cleaned_data)
        except services.ModerationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, "Thank you. A moderator will look at it; you can follow it on “Your flags”."
            )
            comment.refresh_from_db(fields=["status"])
            if comment.status == Comment.Status.PUBLISHED:
                return redirect(comment.get_absolute_url())  # the permalink: back to the comment
            return redirect(f"{comment.post.get_absolute_url()}#comments")  # their flag hid it
    status = 400 if form.is_bound else 200
    return render(request, "moderation/comment_flag.html", {"comment": comment, "form": form}, status=status)


@require_POST
@login_required
def sanction_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    """The warned or suspended reader dismisses the notice their pages show; theirs alone."""
    sanction = get_object_or_404(Sanction, pk=pk, user=request.user)
    services.sanction_acknowledge(sanction=sanction)
    return redirect(next_or(request, "/"))


@require_safe
@login_required
def my_flags(request: HttpRequest) -> HttpResponse:
    flags = Flag.objects.filter(user=request.user).select_related("comment__post").order_by("-created_at")
    page = Paginator(flags, QUEUE_PER_PAGE).get_page(request.GET.get("page"))
    sanctions = Sanction.objects.in_force().filter(user=request.user).order_by("-created_at")
    return render(request, "moderation/my_flags.html", {"page_obj": page, "sanctions": sanctions})


# Posts


@require_safe
@staff_permission("moderation.moderate_post")
def post_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _post_page(request, get_object_or_404(Post, pk=pk), OptionalReasonForm())


def _post_page(request: HttpRequest, post: Post, reason_form: OptionalReasonForm, status: int = 200):
    """The post's moderation page; a refused action comes back with its reason as typed."""
    moderation = PostModeration.objects.filter(post=post).first()
    context = {
        "post": post,
        "is_premoderated": bool(moderation and moderation.is_premoderated),
        "reason_form": reason_form,
        "held_count": Comment.objects.filter(post=post, status=Comment.Status.PENDING).count(),
        "slow_mode_minutes": settings.SENSITIVE_SLOW_MODE_MINUTES,
        "sensitive_close_at": comment_services.comments_close_at(post) if post.is_sensitive else None,
        "sensitive_close_days": settings.SENSITIVE_CLOSE_AFTER_DAYS,
    }
    return render(request, "moderation/post_detail.html", context, status=status)


POST_ACTIONS = {
    "close": (services.post_set_closed, {"closed": True}, "Comments are closed."),
    "reopen": (services.post_set_closed, {"closed": False}, "Comments are open again."),
    "pin": (services.post_set_pinned, {"pinned": True}, "The post is pinned."),
    "unpin": (services.post_set_pinned, {"pinned": False}, "The post is no longer pinned."),
    "premoderate": (services.post_set_premoderated, {"premoderated": True}, "New comments will be held."),
    "unpremoderate": (services.post_set_premoderated, {"premoderated": False}, "Pre-moderation is off."),
    "sensitive": (services.post_set_sensitive, {"sensitive": True}, "The post is now a sensitive topic."),
    "not_sensitive": (services.post_set_sensitive, {"sensitive": False}, "The usual rules apply again."),
}


@require_POST
@staff_permission("moderation.moderate_post")
def post_update(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_object_or_404(Post, pk=pk)
    action = posted_one(request, "action")  # the button pressed
    form = OptionalReasonForm(request.POST)
    if action not in POST_ACTIONS:
        form.add_error(None, "Choose one of the post actions.")
    if not form.is_valid():  # nothing is done, and the reason comes back as typed
        return _post_page(request, post, form, status=400)
    service, arguments, done = POST_ACTIONS[action]
    service(post=post, actor=request.user, reason=form.cleaned_data["reason"], **arguments)
    messages.success(request, done)
    return redirect("moderation:post_detail", pk=post.pk)


# People


@require_safe
@staff_permission("moderation.moderate_people")
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(User, pk=pk)
    context = {
        "person": person,
        "record": selectors.person_record(user=person),
        "note_form": NoteForm(),
        "sanction_form": SanctionForm(),
    }
    return render(request, "moderation/person_detail.html", context)


@require_POST
@staff_permission("moderation.moderate_people")
def person_note(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(User, pk=pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        services.note_add(user=person, actor=request.user, body=form.cleaned_data["body"])
        messages.success(request, "Note added.")
    else:
        messages.error(request, _first_error(form))
    return redirect("moderation:person_detail", pk=person.pk)


@require_POST
@staff_permission("moderation.moderate_people")
def person_sanction(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(User, pk=pk)
    form = SanctionForm(request.POST)
    if form.is_valid():
        try:
            sanction = services.sanction_create(user=person, actor=request.user, **form.cleaned_data)
        except services.ModerationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"{sanction.get_kind_display()} recorded.")
    else:
        messages.error(request, _first_error(form))
    return redirect("moderation:person_detail", pk=person.pk)


@require_POST
@staff_permission("moderation.moderate_people")
def sanction_lift(request: HttpRequest, pk: int) -> HttpResponse:
    sanction = get_object_or_404(Sanction.objects.select_related("user"), pk=pk)
    form = OptionalReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise services.ModerationError(_first_error(form))
        services.sanction_lift(sanction=sanction, actor=request.user, reason=form.cleaned_data["reason"])
    except services.ModerationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Sanction lifted.")
    return redirect("moderation:person_detail", pk=sanction.user_id)


# Blocks


@require_safe
@staff_permission("moderation.moderate_people")
def block_list(request: HttpRequest) -> HttpResponse:
    blocks = Block.objects.in_force().select_related("created_by")
    return render(request, "moderation/block_list.html", {"blocks": blocks, "form": BlockForm()})


@require_POST
@staff_permission("moderation.moderate_people")
def block_create(request: HttpRequest) -> HttpResponse:
    form = BlockForm(request.POST)
    if form.is_valid():
        services.block_create(actor=request.user, **form.cleaned_data)
        messages.success(request, "Blocked.")
        return redirect("moderation:block_list")
    blocks = Block.objects.in_force().select_related("created_by")
    return render(request, "moderation/block_list.html", {"blocks": blocks, "form": form}, status=400)


@require_POST
@staff_permission("moderation.moderate_people")
def block_lift(request: HttpRequest, pk: int) -> HttpResponse:
    block = get_object_or_404(Block.objects.in_force(), pk=pk)
    services.block_lift(block=block, actor=request.user)
    messages.success(request, "Block lifted.")
    return redirect("moderation:block_list")


# Terms


@require_safe
@staff_permission("moderation.manage_terms")
def term_list(request: HttpRequest) -> HttpResponse:
    return render(request, "moderation/term_list.html", {"terms": Term.objects.all(), "form": TermForm()})


@require_POST
@staff_permission("moderation.manage_terms")
def term_create(request: HttpRequest) -> HttpResponse:
    form = TermForm(request.POST)
    if form.is_valid():
        try:
            services.term_add(actor=request.user, **form.cleaned_data)
        except services.ModerationError as error:
            form.add_error("text", str(error))
        else:
            messages.success(request, "Term added.")
            return redirect("moderation:term_list")
    return render(
        request, "moderation/term_list.html", {"terms": Term.objects.all(), "form": form}, status=400
    )


@require_POST
@staff_permission("moderation.manage_terms")
def term_delete(request: HttpRequest, pk: int) -> HttpResponse:
    term = get_object_or_404(Term, pk=pk)
    services.term_remove(term=term, actor=request.user)
    messages.success(request, f"“{term.text}” removed.")
    return redirect("moderation:term_list")


# Tags


@require_safe
@staff_permission("moderation.manage_tags")
def tag_list(request: HttpRequest) -> HttpResponse:
    tags = Tag.objects.annotate(post_count=Count("posts")).order_by("name")
    return render(request, "moderation/tag_list.html", {"tags": tags})


@require_POST
@staff_permission("moderation.manage_tags")
def tag_rename(request: HttpRequest, pk: int) -> HttpResponse:
    tag = get_object_or_404(Tag, pk=pk)
    form = TagRenameForm(request.POST)
    try:
        if not form.is_valid():
            raise services.ModerationError(_first_error(form))
        services.tag_rename(tag=tag, actor=request.user, **form.cleaned_data)
    except services.ModerationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Renamed to “{tag.name}”; the old address redirects.")
    return redirect("moderation:tag_list")


@require_POST
@staff_permission("moderation.manage_tags")
def tag_merge(request: HttpRequest, pk: int) -> HttpResponse:
    tag = get_object_or_404(Tag, pk=pk)
    form = TagMergeForm(request.POST)
    try:
        if not form.is_valid():
            raise services.ModerationError(_first_error(form))
        target = services.tag_merge(source=tag, target=form.cleaned_data["target"], actor=request.user)
    except services.ModerationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Merged into “{target.name}”; the old address redirects.")
    return redirect("moderation:tag_list")


# The log and preferences


@require_safe
@staff_permission("moderation.view_auditentry")
def audit_log(request: HttpRequest) -> HttpResponse:
    form = LogFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = selectors.audit_entries(**{key: value for key, value in filters.items() if value})
    page = Paginator(entries, LOG_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "moderation/audit_log.html", {"form": form, "page_obj": page})


@require_http_methods(["GET", "HEAD", "POST"])
@moderator_required
def preferences(request: HttpRequest) -> HttpResponse:
    current = ModeratorPreference.objects.filter(user=request.user).first()
    initial = {"notify_stale_queue": bool(current and current.is_notified_of_stale_queue)}
    form = PreferenceForm(request.POST if request.method == "POST" else None, initial=initial)
    if form.is_bound and form.is_valid():
        services.preference_set(user=request.user, notify_stale_queue=form.cleaned_data["notify_stale_queue"])
        messages.success(request, "Preferences saved.")
        return redirect("moderation:preferences")
    return render(request, "moderation/preferences.html", {"form": form})
