"""The post page with its discussion, comment permalinks, and the writes a reader makes there."""

from datetime import UTC, datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import BadRequest, PermissionDenied
from django.db.models import Count, Exists, Min, OuterRef, Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import urlencode
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import condition, require_http_methods, require_POST, require_safe

from accounts.models import Profile
from accounts.services import comment_sort_remember
from comments import services
from comments.discussion import discussion_page, permalink
from comments.forms import MAX_PK, CommentEditForm, CommentForm, form_started_token
from comments.models import Comment, Reaction, Subscription
from comments.selectors import (
    DEFAULT_SORT,
    SORTS,
    Reader,
    comment_location,
    ignored_ids,
    letter_writer_exchanges,
    reader_for,
)
from comments.similar import Similar, similar_comments
from comments.tasks import pick_notice_recipient
from forum.http import client_ip, posted_choice
from forum.policy import load_policy
from posts import letter_writer, polls
from posts.models import Poll, Post
from posts.page_parts import PostPageParts

SORT_LABELS = {
    "oldest": "Oldest first",
    "newest": "Newest first",
    "replies": "Most replies",
    "helpful": "Most helpful",
}
# An anonymous commenter's name and e-mail, kept on their browser when they ask (CommentForm's
# remember_author box). Signed, so nobody can plant a value the page would show as if they typed it.
REMEMBER_COOKIE = "commenter"
REMEMBER_SALT = "comments.remember_author"
REMEMBER_SECONDS = 365 * 24 * 60 * 60


def _remembered_author(request: HttpRequest) -> dict:
    """The comment form's initial name, e-mail and ticked box from this browser's cookie; {} when there
    is none or it is not one we signed."""
    if request.user.is_authenticated or REMEMBER_COOKIE not in request.COOKIES:
        return {}
    try:
        author = signing.loads(request.COOKIES[REMEMBER_COOKIE], salt=REMEMBER_SALT, max_age=REMEMBER_SECONDS)
    except (signing.BadSignature, ValueError):  # forged or expired, or signed but not our JSON
        return {}
    if not isinstance(author, dict) or not all(isinstance(author.get(key), str) for key in ("name", "email")):
        return {}
    return {"author_name": author["name"], "author_email": author["email"], "remember_author": True}


def _remember_author(request: HttpRequest, response: HttpResponse, data: dict) -> None:
    """Keep the name and e-mail of an accepted anonymous comment on this browser, or forget them when
    the reader unticked the box."""
    name, email = data.get("author_name", ""), data.get("author_email", "")
    if data.get("remember_author") and (name or email):
        response.set_cookie(
            REMEMBER_COOKIE,
            signing.dumps({"name": name, "email": email}, salt=REMEMBER_SALT),
            max_age=REMEMBER_SECONDS,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
    elif REMEMBER_COOKIE in request.COOKIES:
        response.delete_cookie(REMEMBER_COOKIE, samesite="Lax")


def _positive_int(value: str | None) -> int | None:
    try:
        number = int(value or "")
    except ValueError:
        return None
    return number if 0 < number <= MAX_PK else None


def _own_pending(request: HttpRequest) -> frozenset[int]:
    """The held comments without an account on them (an anonymous reader's, or the letter writer's, also
    when signed in) sent in this browser session (no query without one)."""
    held = request.session.get(services.OWN_PENDING_SESSION_KEY, [])
    return frozenset(pk for pk in held if isinstance(pk, int))


def _sort(request: HttpRequest) -> tuple[str, bool]:
    """(the order to show threads in, whether the address asked for it). A signed-in reader's choice is
    kept for the discussions they open next."""
    asked = request.GET.get("sort")
    user = request.user
    if not user.is_authenticated:
        return (asked, True) if asked in SORTS else (DEFAULT_SORT, False)
    kept = Profile.objects.filter(user=user).values_list("comment_sort", flat=True).first()
    if asked in SORTS:
        if asked != (kept or DEFAULT_SORT):
            comment_sort_remember(user=user, sort=asked)
        return asked, True
    return (kept if kept in SORTS else DEFAULT_SORT), False


def _reader(
    request: HttpRequest, post: Post, *, seen_before=None, letter_writer: bool = False, asker: bool = False
) -> tuple[Reader, str]:
    """Who reads the post's discussion, and why they may not comment ("" when they may). `letter_writer`:
    this browser proved its reader the post's letter writer, who may speak in that voice; `asker`: they
    asked its question by account. Either way what is said in that voice is theirs."""
    user = request.user if request.user.is_authenticated else None
    refusal = services.commenting_refusal(post=post, user=user, letter_writer=letter_writer)
    reader = reader_for(
        user=user,
        can_reply=not refusal,
        own_pending=_own_pending(request),
        seen_before=seen_before,
        letter_writer=letter_writer or asker,
    )
    return reader, refusal


def _location_url(comment: Comment, reader: Reader, *, sort: str, explicit_sort: bool) -> str | None:
    """The address of the discussion page that shows `comment` to this reader, at the comment."""
    location = comment_location(comment=comment, reader=reader, sort=sort)
    if location is None:
        return None
    query = {"sort": sort} if explicit_sort else {}
    if location.thread is not None:
        query = {"thread": location.thread}
    elif location.page > 1:
        query["cpage"] = location.page
    return f"{comment.post.get_absolute_url()}{'?' + urlencode(query) if query else ''}#comment-{comment.pk}"


def _reply_to(request: HttpRequest, post: Post) -> tuple[Comment | None, str]:
    """The comment `?replyto=` names, for the comment form without JavaScript; or why there is none."""
    value = request.GET.get("replyto", "")
    pk = _positive_int(value)
    if pk is None and not value.isdigit():  # absent or garbled: a plain comment form
        return None, ""
    found = Comment.objects.filter(post=post, pk=pk).select_related("author").first() if pk else None
    if found is None or found.status != Comment.Status.PUBLISHED:
        return None, "That comment cannot be replied to; you can still comment below."
    return found, ""


@require_safe
def post_detail(request: HttpRequest, year: int, month: int, slug: str) -> HttpResponse:
    """A post with a page of its discussion (`?cpage=`, `?sort=`, `?all=1`, `?thread=`), the comment
    form, and, for a signed-in reader, this visit recorded so the next one can mark what is new."""
    # Before the discussion is read: a comment written meanwhile is announced by the live news at worst
    # twice, never missed.
    news_since = int(timezone.now().timestamp() * 1000)
    user = request.user
    posts = Post.objects.all() if user.has_perm("posts.change_post") else Post.objects.published()
    parts = PostPageParts.lookup(request)
    if parts.missing:  # what the parts show besides the post, in the same round trips
        posts = (
            posts.select_related("category", "follow_up_of")
            .with_neighbours()
            .prefetch_related("tags", "updates", "follow_ups")
        )
    post = get_object_or_404(
        posts.with_asker().annotate(has_poll=Exists(Poll.objects.filter(post=OuterRef("pk")))), slug=slug
    )
    if post.get_absolute_url() != request.path:
        raise Http404("No post at this address.")
    seen_before = services.thread_visit_record(user=user, post=post) if user.is_authenticated else None
    voice = letter_writer.proven_question(request.session, post) is not None
    reader, refusal = _reader(
        request, post, seen_before=seen_before, letter_writer=voice, asker=letter_writer.is_asker(user, post)
    )
    sort, explicit_sort = _sort(request)
    thread_pk = _positive_int(request.GET.get("thread"))
    if "thread" in request.GET and thread_pk is None:
        raise Http404("No such thread in this discussion.")
    discussion = discussion_page(
        post=post,
        reader=reader,
        sort=sort,
        explicit_sort=explicit_sort,
        cpage=request.GET.get("cpage"),
        show_all=request.GET.get("all") == "1",
        thread_pk=thread_pk,
    )
    reply_to, reply_error = _reply_to(request, post)
    form = None
    remembered = {}
    if not refusal:
        # Filled in for this request only: the form is never part of a kept (shared) rendering.
        remembered = _remembered_author(request)
        initial = {"parent": reply_to.pk if reply_to else None, **remembered}
        form = CommentForm(post=post, user=user, initial=initial, letter_writer=voice)
    policy = load_policy("COMMENTS_POLICY")
    poll = None
    if post.has_poll:
        voter = "" if user.is_authenticated else polls.voter_from_cookie(request.COOKIES)
        poll = polls.poll_for_reader(post=post, user=user if user.is_authenticated else None, voter=voter)
    exchanges = None
    if request.GET.get("letter_writer") == "1":
        exchanges = letter_writer_exchanges(post=post, reader=reader)
    context = {
        "post": post,
        "exchanges": exchanges,
        "poll": poll,
        "parts": parts.for_post(post),
        "discussion": discussion,
        "sorts": SORT_LABELS.items(),
        "form": form,
        "refusal": refusal,
        "reply_to": reply_to,
        "reply_error": reply_error,
        "discussion_links": policy.discussion_links(user=user, post=post),
        "slow_mode_minutes": settings.SENSITIVE_SLOW_MODE_MINUTES,
        "news_poll_seconds": settings.COMMENTS_NEWS_POLL_SECONDS,
        "news_since": news_since,
        "following": user.is_authenticated
        and Subscription.objects.filter(kind=Subscription.Kind.POST, post=post, user=user).exists(),
        "can_close": services.may_close(user),
    }
    old_link = settings.LEGACY_LINK_COOKIE in request.COOKIES
    if old_link:  # through an imported blog's old address: the page asks where an old anchor points
        context["old_link_lookup"] = reverse("importers:old_comment_link", args=[post.pk, "FRAGMENT"])
    response = render(request, "posts/post_detail.html", context)
    if old_link:
        response.delete_cookie(settings.LEGACY_LINK_COOKIE, path=request.path, samesite="Lax")
    if remembered or voice or poll or old_link:
        # This page carries one reader's name and address, the letter writer's form or a reader's vote:
        # no shared cache may keep it.
        patch_cache_control(response, private=True)
        patch_vary_headers(response, ["Cookie"])
    return response


@require_safe
def comment_permalink(request: HttpRequest, year: int, month: int, slug: str, pk: int) -> HttpResponse:
    """302 to the discussion page that shows the comment to this reader, at `#comment-<pk>`."""
    comment = get_object_or_404(
        Comment.objects.select_related("post").filter(post__in=Post.objects.published()), pk=pk
    )
    if comment.post.get_absolute_url() != request.path.removesuffix(f"comments/{pk}/"):
        raise Http404("No such comment on this post.")
    reader, _ = _reader(request, comment.post)
    sort, explicit_sort = _sort(request)
    url = _location_url(comment, reader, sort=sort, explicit_sort=explicit_sort)
    if url is None:
        raise Http404("This comment is not shown.")
    return redirect(url)


def _comment_url(request: HttpRequest, comment: Comment) -> str:
    """Where its author lands after writing or editing a comment: the page that shows it to them."""
    reader, _ = _reader(request, comment.post)
    sort, _ = _sort(request)
    return _location_url(comment, reader, sort=sort, explicit_sort=False) or comment.post.get_absolute_url()


def _own_comment(request: HttpRequest, pk: int) -> Comment:
    comment = get_object_or_404(
        Comment.objects.select_related("post"), pk=pk, post__in=Post.objects.published()
    )
    if comment.author_id != request.user.pk:
        raise PermissionDenied("This is not your comment.")
    return comment


def _similar_before_posting(*, post: Post, user, data: dict) -> Similar | None:
    """Comments very like a new top-level one, when there are COMMENTS_SIMILAR_BRAKE_AT of them and the
    reader has not chosen to post anyway: they see those first, and may reply there or react instead."""
    brake_at = settings.COMMENTS_SIMILAR_BRAKE_AT
    if not brake_at or data["parent"] is not None or data["post_anyway"]:
        return None
    similar = similar_comments(post=post, body=data["body"], exclude_author_id=user.pk if user else None)
    if similar.count < brake_at:
        return None
    if user is not None:  # shown folded, as in the discussion
        ignored = ignored_ids(user)
        for comment in similar.comments:
            comment.from_ignored = comment.author_id in ignored
    return similar


@require_POST
def comment_create(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_object_or_404(Post.objects.published(), pk=post_id)
    user = request.user if request.user.is_authenticated else None
    question = letter_writer.proven_question(request.session, post)
    refusal = services.commenting_refusal(post=post, user=user, letter_writer=question is not None)
    form = CommentForm(request.POST, post=post, user=request.user, letter_writer=question is not None)
    if refusal:
        context = {"post": post, "form": None, "refusal": refusal}
        return render(request, "comments/comment_create.html", context, status=403)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        voice = question if data.get("as_letter_writer") else None  # unticked: as anyone else
        similar = None if voice else _similar_before_posting(post=post, user=user, data=data)
        if similar:
            context = {"post": post, "form": form, "parent": None, "refusal": "", "similar": similar}
            return render(request, "comments/comment_create.html", context)
        try:
            comment = services.comment_create(
                post=post,
                author=user,
                body=data["body"],
                parent=data["parent"],
                author_name=data.get("author_name", ""),
                author_email=data.get("author_email", ""),
                ip_address=client_ip(request),
                user_agent=request.headers.get("User-Agent", "")[:500],
                referrer=request.headers.get("Referer", "")[:500],
                submit_token=data["token"],
                notify_replies=data["notify_replies"],
                follow_post=data["follow_post"],
                letter_writer=voice,
            )
        except services.CommentsClosed as error:
            context = {"post": post, "form": None, "refusal": str(error)}
            return render(request, "comments/comment_create.html", context, status=403)
        except services.CommentError as error:
            form.add_error(None, str(error))
            status = getattr(error, "status", 400)
        else:
            if comment.status == Comment.Status.PENDING:
                if user is None or voice is not None:  # no account on the comment to show it by
                    held = request.session.get(services.OWN_PENDING_SESSION_KEY, [])
                    held = [*held, comment.pk][-services.OWN_PENDING_KEPT :]
                    request.session[services.OWN_PENDING_SESSION_KEY] = held
                messages.info(request, "Thank you! Your comment is awaiting moderation; only you can see it.")
            response = redirect(_comment_url(request, comment))
            if user is None and voice is None:
                _remember_author(request, response, data)
            return response
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
        try:
            services.comment_edit(comment=comment, user=request.user, body=form.cleaned_data["body"])
        except services.CommentRefused as error:
            form.add_error("body", str(error))
        else:
            messages.success(request, "Your comment was updated.")
            return redirect(_comment_url(request, comment))
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
        if kept:  # a placeholder holds its replies' place: back to it
            return redirect(_comment_url(request, comment))
        return redirect(f"{comment.post.get_absolute_url()}#comments")
    return render(request, "comments/comment_delete.html", {"comment": comment})


def _published_comment(pk: int) -> Comment:
    """A published comment on a published post, for what readers and editors do to one; else 404."""
    return get_object_or_404(
        Comment.objects.select_related("post", "author"),
        pk=pk,
        status=Comment.Status.PUBLISHED,
        post__in=Post.objects.published(),
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def comment_react(request: HttpRequest, pk: int) -> HttpResponse:
    """Give or take back a reaction (`kind`) to a published comment. The discussion's buttons post here
    with JavaScript and get JSON; without it they open this page, whose form posts and returns to the
    comment."""
    comment = _published_comment(pk)
    kind = (request.POST if request.method == "POST" else request.GET).get("kind", "")
    if kind not in Reaction.Kind.values:
        raise BadRequest("No such reaction.")
    want = {"1": True, "0": False, None: None}.get(request.POST.get("want"), "bad")
    if want == "bad":
        raise BadRequest("want: 1 to give the reaction, 0 to take it back.")
    wants_json = "application/json" in request.headers.get("Accept", "")
    voice = letter_writer.proven_question(request.session, comment.post) is not None
    refusal = services.reaction_refusal(comment=comment, user=request.user, letter_writer=voice)
    status = 403
    if request.method == "POST" and not refusal:
        try:
            given = services.reaction_toggle(
                comment=comment, user=request.user, kind=kind, want=want, letter_writer=voice
            )
        except services.CommentError as error:  # the comment changed since it was read, or too many
            refusal, status = str(error), getattr(error, "status", 403)
        else:
            if wants_json:
                counted = Comment.objects.filter(pk=comment.pk).values_list(
                    Reaction.count_field(kind), flat=True
                )
                return JsonResponse({"kind": kind, "given": given, "count": counted.first() or 0})
            return redirect(comment.get_absolute_url())
    if refusal and wants_json:
        return JsonResponse({"error": refusal}, status=status)
    context = {
        "comment": comment,
        "kind": kind,
        "label": Reaction.Kind(kind).label,
        "given": Reaction.objects.filter(comment=comment, user=request.user, kind=kind).exists(),
        "refusal": refusal,
    }
    return render(request, "comments/comment_react.html", context, status=status if refusal else 200)


def _discussion_etag(request: HttpRequest, post_id: int) -> str | None:
    version = Post.objects.published().filter(pk=post_id).values_list("discussion_version", flat=True).first()
    return None if version is None else str(version)


@require_safe
@condition(etag_func=_discussion_etag)
def discussion_news(request: HttpRequest, post_id: int) -> HttpResponse:
    """How many comments were published on the post since `since` (milliseconds since the epoch), by
    others than the reader and the people they ignore, for the discussion's script, which asks with
    If-None-Match: an unchanged discussion answers 304 from the post's row alone
    (`Post.discussion_version`), without reading a comment."""
    post = get_object_or_404(
        Post.objects.published()
        .only("pk", "slug", "published_at", "discussion_version", "source_question_id")
        .with_asker(),
        pk=post_id,
    )
    since = request.GET.get("since", "")
    try:
        if not (since.isascii() and since.isdigit()):
            raise ValueError(since)
        after = datetime.fromtimestamp(int(since) / 1000, tz=UTC)
    except (ValueError, OverflowError, OSError) as error:
        raise BadRequest("since: milliseconds since the epoch") from error
    news = Comment.objects.filter(post=post).published_between(after)
    # Nothing of the reader's own (signed in, held ones sent from this browser, the letter writer's
    # voice), nor from the people they ignore.
    if request.user.is_authenticated:
        news = news.exclude(author=request.user).not_from_ignored_by(request.user)
    elif own := _own_pending(request):
        news = news.exclude(pk__in=own)
    if letter_writer.is_asker(request.user, post) or letter_writer.proven_question(request.session, post):
        news = news.exclude(letter_writer=True)
    found = news.aggregate(count=Count("pk"), first=Min("pk"))  # the earliest written of them
    answer = {"new": found["count"], "version": post.discussion_version}
    if found["first"] is not None:  # where to find them when they are on another page
        answer["first"] = permalink(post.get_absolute_url(), found["first"])
    response = JsonResponse(answer)
    patch_cache_control(response, private=True, no_cache=True)
    return response


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def comment_pick(request: HttpRequest, pk: int) -> HttpResponse:
    """An editor makes a published comment an editor's pick, or takes the pick back (`action`)."""
    if not services.may_pick(request.user):
        raise PermissionDenied("Only editors pick comments.")
    # A pick stays while its comment is hidden or held (a moderator may show it again), and an editor
    # may still take it back then; only a published comment becomes one.
    comment = get_object_or_404(
        Comment.objects.select_related("post", "author").filter(
            Q(status=Comment.Status.PUBLISHED) | Q(picked_at__isnull=False)
        ),
        ~Q(status=Comment.Status.REMOVED),
        pk=pk,
        post__in=Post.objects.published(),
    )
    shown = comment.status == Comment.Status.PUBLISHED
    if request.method == "POST":
        picked = posted_choice(request, "action", ("pick", "unpick")) == "pick"
        was_picked = comment.picked_at is not None
        try:
            services.comment_pick(comment=comment, actor=request.user, picked=picked)
        except services.CommentNotAllowed as error:  # the comment changed since it was read
            raise PermissionDenied(str(error)) from error
        if picked == was_picked:  # sent twice, or from a page opened before another editor's change
            messages.info(request, f"The comment {'is' if picked else 'is not'} an editor's pick.")
        elif picked:
            messages.success(request, "The comment is an editor's pick; its author has been told.")
        else:
            messages.success(request, "The comment is no longer an editor's pick.")
        if shown:
            return redirect(comment.get_absolute_url())
        if request.user.has_perm("comments.moderate_comment"):
            return redirect("moderation:comment_detail", pk=comment.pk)
        return redirect(comment.post)
    told = comment.picked_at is None and bool(pick_notice_recipient(comment).address)
    return render(request, "comments/comment_pick.html", {"comment": comment, "shown": shown, "told": told})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def letter_writer_revoke(request: HttpRequest, post_id: int) -> HttpResponse:
    """An editor takes the letter writer's badge back on a post (a page that asks first)."""
    if not services.may_pick(request.user):
        raise PermissionDenied("Only editors take the letter writer's badge back.")
    post = get_object_or_404(Post.objects.published().exclude(source_question=None), pk=post_id)
    if request.method == "POST":
        taken = services.letter_writer_revoke(post=post, actor=request.user)
        messages.success(request, f"The letter writer's badge is taken back ({taken} comments lost it).")
        return redirect(post.get_absolute_url() + "#comments")
    said = Comment.objects.filter(post=post, letter_writer=True).count()
    return render(request, "comments/letter_writer_revoke.html", {"post": post, "said": said})


@login_required
@require_POST
def post_follow(request: HttpRequest, post_id: int) -> HttpResponse:
    post = get_object_or_404(Post.objects.published(), pk=post_id)
    if posted_choice(request, "action", ("follow", "unfollow")) == "unfollow":
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
    if not services.may_close(request.user):
        raise PermissionDenied("Only editors and moderators can close comments.")
    closed = posted_choice(request, "action", ("close", "open")) == "close"
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
