from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from comments import services
from comments.forms import CommentEditForm, CommentForm, form_started_token
from comments.models import Comment
from comments.selectors import comment_url, page_of_comment
from forum.http import client_ip
from posts.models import Post


def _comment_url(comment: Comment) -> str:
    return comment_url(comment, page=page_of_comment(comment=comment))


def _own_comment(request: HttpRequest, pk: int) -> Comment:
    comment = get_object_or_404(
        Comment.objects.select_related("post"), pk=pk, post__in=Post.objects.published()
    )
    if comment.author_id != request.user.pk:
        raise PermissionDenied("This is not your comment.")
    return comment


@require_POST
def comment_create(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_object_or_404(Post.objects.published(), pk=post_id)
    user = request.user if request.user.is_authenticated else None
    refusal = services.commenting_refusal(post=post, user=user)
    form = CommentForm(request.POST, post=post, user=request.user)
    if refusal:
        context = {"post": post, "form": None, "refusal": refusal}
        return render(request, "comments/comment_create.html", context, status=403)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            comment = services.comment_create(
                post=post,
                author=user,
                body=data["body"],
                parent=data["parent"],
                author_name=data.get("author_name", ""),
                author_email=data.get("author_email", ""),
                ip_address=client_ip(request),
                submit_token=data["token"],
                notify_replies=data["notify_replies"],
                follow_post=data["follow_post"],
            )
        except services.CommentsClosed as error:
            context = {"post": post, "form": None, "refusal": str(error)}
            return render(request, "comments/comment_create.html", context, status=403)
        except services.CommentError as error:
            form.add_error(None, str(error))
            status = getattr(error, "status", 400)
        else:
            if comment.status == Comment.Status.PENDING:
                if user is None:
                    held = request.session.get(services.OWN_PENDING_SESSION_KEY, [])
                    held = [*held, comment.pk][-services.OWN_PENDING_KEPT :]
                    request.session[services.OWN_PENDING_SESSION_KEY] = held
                messages.info(request, "Thank you! Your comment is awaiting moderation; only you can see it.")
            return redirect(_comment_url(comment))
    if "started" in form.errors:
        # A fresh start time, so the corrected form can go through.
        form.data = form.data.copy()
        form.data["started"] = form_started_token()
    parent = form.cleaned_data.get("parent") if hasattr(form, "cleaned_data") else None
    context = {"post": post, "form": form, "parent": parent, "refusal": ""}
    return render(request, "comments/comment_create.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def comment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _own_comment(request, pk)
    if not comment.can_edit(request.user):
        raise PermissionDenied("The time to edit this comment has passed.")
    form = CommentEditForm(request.POST or None, initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        services.comment_edit(comment=comment, user=request.user, body=form.cleaned_data["body"])
        messages.success(request, "Your comment was updated.")
        return redirect(_comment_url(comment))
    return render(request, "comments/comment_edit.html", {"comment": comment, "form": form})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def comment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _own_comment(request, pk)
    if not comment.can_edit(request.user):
        raise PermissionDenied("The time to delete this comment has passed.")
    if request.method == "POST":
        kept = services.comment_delete(comment=comment, user=request.user)
        messages.success(request, "Your comment was deleted.")
        anchor = f"#comment-{comment.pk}" if kept else "#comments"
        return redirect(f"{comment.post.get_absolute_url()}{anchor}")
    return render(request, "comments/comment_delete.html", {"comment": comment})


@login_required
@require_POST
def post_follow(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_object_or_404(Post.objects.published(), pk=post_id)
    if request.POST.get("action") == "unfollow":
        services.subscription_unfollow(post=post, user=request.user)
        messages.success(request, "You no longer follow this discussion.")
    else:
        services.subscription_follow(post=post, user=request.user)
        profile = getattr(request.user, "profile", None)
        if profile is None or profile.is_notified_of_follows:
            messages.success(request, "You will get an e-mail for every new comment on this post.")
        else:
            off = "You follow this discussion. Mail for followed discussions is off in your settings."
            messages.success(request, off)
    return redirect(f"{post.get_absolute_url()}#comments")


@login_required
@require_POST
def post_comments_close(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_object_or_404(Post.objects.all(), pk=post_id)
    closed = request.POST.get("action") != "open"
    services.post_comments_close(post=post, closed=closed, actor=request.user)
    messages.success(request, "Comments are closed." if closed else "Comments are open again.")
    return redirect(f"{post.get_absolute_url()}#comments")


# The signed token in the URL is the whole authority here: no cookie or session is consulted, so a
# forged cross-site POST gains nothing, and mail clients' RFC 8058 one-click POST arrives without a
# CSRF token. Hence csrf_exempt on this view alone.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def subscription_cancel(request: HttpRequest, token: str) -> HttpResponse:
    genuine, subscription = services.subscription_from_token(token)
    if not genuine:
        return render(request, "comments/subscription_cancel.html", {"invalid": True}, status=404)
    if request.method == "POST":
        services.subscription_cancel(token=token)
        return render(request, "comments/subscription_cancel.html", {"done": True})
    return render(request, "comments/subscription_cancel.html", {"subscription": subscription})
