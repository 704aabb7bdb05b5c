from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.models import Profile
from forum.http import client_ip, next_or, posted_choice
from forum.pagination import Paginator
from forum.policy import load_policy
from forum.ratelimit import rate_limit_hit
from posts import letter_writer, polls
from posts.archives import archive_months
from posts.forms import QuestionForm, QuestionUpdateForm, ask_started_token
from posts.models import Category, Poll, Post, Question, Tag, TopicFollow
from posts.services import (
    QuestionRefused,
    digest_cancel,
    digest_profile_from_token,
    question_submit,
    question_update_submit,
    topic_follow,
    topic_unfollow,
)

POSTS_PER_PAGE = 20
QUESTIONS_PER_PAGE = 50
ASK_LIMIT_PER_HOUR = 10


@require_safe
def home(request):
    posts = Post.objects.published().for_listing().order_by("-is_pinned", "-published_at", "-pk")
    paginator = Paginator(posts, POSTS_PER_PAGE)
    # Counting every visible post costs tens of milliseconds at 200,000 posts; the archive has it.
    months = archive_months()
    paginator.count = sum(month.count for month in months)
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "posts/home.html", {"page_obj": page, "archive_months": months})


@require_safe
def tag_list(request):
    visible = Q(posts__status__in=[Post.Status.PUBLISHED, Post.Status.SCHEDULED]) & Q(
        posts__published_at__lte=timezone.now()
    )
    tags = Tag.objects.annotate(post_count=Count("posts", filter=visible)).filter(post_count__gt=0)
    return render(request, "posts/tag_list.html", {"tags": tags})


@require_safe
def tag_detail(request, slug: str):
    tag = get_object_or_404(Tag, slug=slug)
    posts = Post.objects.published().filter(tags=tag).for_listing()
    page = Paginator(posts, POSTS_PER_PAGE).get_page(request.GET.get("page"))
    is_following = _follows(request, tag=tag)
    return render(
        request, "posts/tag_detail.html", {"tag": tag, "page_obj": page, "is_following": is_following}
    )


@require_safe
def category_detail(request, slug: str):
    category = get_object_or_404(Category, slug=slug)
    posts = Post.objects.published().filter(category=category).for_listing()
    page = Paginator(posts, POSTS_PER_PAGE).get_page(request.GET.get("page"))
    context = {"category": category, "page_obj": page, "is_following": _follows(request, category=category)}
    return render(request, "posts/category_detail.html", context)


def _ask_rate_limited(request) -> bool:
    """Count this POST against the sender's IP address; True once it is over the hourly limit."""
    key = f"posts:ask:{client_ip(request) or 'unknown'}"
    return rate_limit_hit(key, limit=ASK_LIMIT_PER_HOUR, seconds=60 * 60)


@require_http_methods(["GET", "HEAD", "POST"])
def ask(request):
    user = request.user
    status = 200
    if request.method == "POST":
        form = QuestionForm(request.POST)
        if _ask_rate_limited(request):
            form.is_valid()
            form.add_error(None, "You have sent a lot of questions in the last hour; please try again later.")
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            try:
                question = question_submit(
                    title=data["title"],
                    body=data["body"],
                    name=data["name"],
                    email=data["email"],
                    consent=data["consent"],
                    asker=user if user.is_authenticated else None,
                    ip_address=client_ip(request),
                )
            except QuestionRefused as error:
                form.add_error(None, str(error))
                status = error.status
            else:
                messages.success(request, "Thank you! Your question has reached the editors.")
                return redirect(question)
        if "started" in form.errors:
            form.data = form.data.copy()
            form.data["started"] = ask_started_token()
    else:
        initial = {"started": ask_started_token()}
        if user.is_authenticated:
            initial.update(name=user.public_name, email=user.email)
        form = QuestionForm(initial=initial)
    # A suspended or banned account learns it before writing the letter, not after sending it.
    refusal = load_policy("QUESTIONS_POLICY").refusal_for(user=user) if user.is_authenticated else ""
    return render(request, "posts/ask.html", {"form": form, "refusal": refusal}, status=status)


@require_safe
def question_status(request, token: str):
    question = get_object_or_404(Question.objects.select_related("post"), token=token)
    post = getattr(question, "post", None)
    voice = letter_writer.may_speak(question, post)
    if voice:  # the private link is the proof: this browser may now comment as the letter writer
        letter_writer.remember_proof(request.session, post)
    return _status_page(
        request, question, post, voice=voice, update_form=QuestionUpdateForm() if voice else None
    )


def _status_page(request, question: Question, post, *, voice: bool, update_form, status: int = 200):
    context = {
        "question": question,
        "post": post if post is not None and post.is_visible else None,
        "voice": voice,
        "update_form": update_form,
        "updates_sent": question.updates_sent.order_by("created_at") if voice else (),
    }
    return render(request, "posts/question_status.html", context, status=status)


@require_POST
def question_update(request, token: str):
    """The letter writer sends the editors an update from their question's status page."""
    question = get_object_or_404(Question.objects.select_related("post"), token=token)
    post = getattr(question, "post", None)
    if not letter_writer.may_speak(question, post):
        raise Http404("Updates open once your question is published.")
    form = QuestionUpdateForm(request.POST)
    if form.is_valid():
        try:
            question_update_submit(
                original=question, body=form.cleaned_data["body"], ip_address=client_ip(request)
            )
        except QuestionRefused as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Thank you: your update reached the editors.")
            return redirect(question.get_absolute_url() + "#update-heading")
    return _status_page(request, question, post, voice=True, update_form=form, status=400)


@require_safe
@login_required
def my_questions(request):
    questions = request.user.questions.select_related("post").order_by("-created_at")
    page = Paginator(questions, QUESTIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "posts/my_questions.html", {"page_obj": page})


def _follows(request: HttpRequest, **target) -> bool:
    """Whether the signed-in reader follows the tag or category (no query for anonymous readers)."""
    return request.user.is_authenticated and TopicFollow.objects.filter(user=request.user, **target).exists()


def _topic_follow_toggle(request: HttpRequest, *, name: str, fallback: str, **target) -> HttpResponse:
    if posted_choice(request, "action", ("follow", "unfollow")) == "unfollow":
        topic_unfollow(user=request.user, **target)
        messages.success(request, f"You no longer follow “{name}”.")
    else:
        topic_follow(user=request.user, **target)
        wants_digest = Profile.objects.filter(user=request.user).exclude(digest=Profile.Digest.NONE).exists()
        if wants_digest:
            messages.success(request, f"You follow “{name}”. Its new posts will be in your digest.")
        else:
            messages.success(
                request,
                f"You follow “{name}”. Choose a daily or weekly digest in your settings "
                "to get its new posts by e-mail.",
            )
    return redirect(next_or(request, fallback))


@login_required
@require_POST
def tag_follow(request: HttpRequest, slug: str) -> HttpResponse:
    tag = get_object_or_404(Tag, slug=slug)
    return _topic_follow_toggle(request, name=tag.name, fallback=tag.get_absolute_url(), tag=tag)


@login_required
@require_POST
def category_follow(request: HttpRequest, slug: str) -> HttpResponse:
    category = get_object_or_404(Category, slug=slug)
    return _topic_follow_toggle(
        request, name=category.name, fallback=category.get_absolute_url(), category=category
    )


# The signed token is the whole authority, as for comment unsubscribes: no cookie is consulted, so a
# forged cross-site POST gains nothing, and a mail client's RFC 8058 one-click POST carries no CSRF
# token. Hence csrf_exempt on this view alone. GET only asks, so link scanners change nothing.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def digest_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    genuine, profile = digest_profile_from_token(token)
    if not genuine:
        return render(request, "posts/digest_unsubscribe.html", {"invalid": True}, status=404)
    if request.method == "POST" and profile is not None:
        digest_cancel(profile=profile)
        return render(request, "posts/digest_unsubscribe.html", {"done": True})
    return render(request, "posts/digest_unsubscribe.html", {"profile": profile})


@require_POST
def poll_vote(request: HttpRequest, pk: int) -> HttpResponse:
    """A reader's vote in a post's poll; back to the poll, which then shows the results."""
    poll = get_object_or_404(
        Poll.objects.select_related("post").filter(post__in=Post.objects.published()), pk=pk
    )
    user = request.user if request.user.is_authenticated else None
    voter, cookie = polls.voter_from_cookie(request.COOKIES), None
    if user is None and not voter:
        voter, cookie = polls.new_voter()
    try:
        polls.poll_vote(
            poll=poll,
            option_id=request.POST.get("option", ""),
            user=user,
            voter=voter,
            ip_address=client_ip(request),
        )
    except polls.PollError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Thank you for voting.")
    response = redirect(poll.post.get_absolute_url() + "#poll")
    if cookie is not None:
        response.set_cookie(
            polls.VOTER_COOKIE,
            cookie,
            max_age=polls.VOTER_SECONDS,
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response
