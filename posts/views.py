from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from posts.forms import QuestionForm, ask_started_token
from posts.models import Category, Post, Question, Tag
from posts.services import question_submit

POSTS_PER_PAGE = 20
QUESTIONS_PER_PAGE = 50
ASK_LIMIT_PER_HOUR = 10


@require_GET
def home(request):
    posts = Post.objects.published().for_listing().order_by("-is_pinned", "-published_at", "-pk")
    page = Paginator(posts, POSTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "posts/home.html", {"page_obj": page})


@require_GET
def post_detail(request, year: int, month: int, slug: str):
    posts = Post.objects.all() if request.user.has_perm("posts.change_post") else Post.objects.published()
    post = get_object_or_404(
        posts.select_related("category").with_neighbours().prefetch_related("tags", "updates"), slug=slug
    )
    if post.get_absolute_url() != request.path:
        raise Http404("No post at this address.")
    related = list(Post.objects.related_to(post))
    return render(request, "posts/post_detail.html", {"post": post, "related_posts": related})


@require_GET
def tag_list(request):
    visible = Q(posts__status__in=[Post.Status.PUBLISHED, Post.Status.SCHEDULED]) & Q(
        posts__published_at__lte=timezone.now()
    )
    tags = Tag.objects.annotate(post_count=Count("posts", filter=visible)).filter(post_count__gt=0)
    return render(request, "posts/tag_list.html", {"tags": tags})


@require_GET
def tag_detail(request, slug: str):
    tag = get_object_or_404(Tag, slug=slug)
    posts = Post.objects.published().filter(tags=tag).for_listing()
    page = Paginator(posts, POSTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "posts/tag_detail.html", {"tag": tag, "page_obj": page})


@require_GET
def category_detail(request, slug: str):
    category = get_object_or_404(Category, slug=slug)
    posts = Post.objects.published().filter(category=category).for_listing()
    page = Paginator(posts, POSTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "posts/category_detail.html", {"category": category, "page_obj": page})


def _ask_rate_limited(request) -> bool:
    """Count this POST against the sender's IP address; True once it is over the hourly limit."""
    key = f"posts:ask:{request.META.get('REMOTE_ADDR', 'unknown')}"
    cache.add(key, 0, timeout=60 * 60)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=60 * 60)
        count = 1
    return count > ASK_LIMIT_PER_HOUR


@require_http_methods(["GET", "POST"])
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
            question = question_submit(
                title=data["title"],
                body=data["body"],
                name=data["name"],
                email=data["email"],
                consent=data["consent"],
                asker=user if user.is_authenticated else None,
            )
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
    return render(request, "posts/ask.html", {"form": form}, status=status)


@require_GET
def question_status(request, token: str):
    question = get_object_or_404(Question.objects.select_related("post"), token=token)
    post = getattr(question, "post", None)
    return render(
        request,
        "posts/question_status.html",
        {"question": question, "post": post if post is not None and post.is_visible else None},
    )


@require_GET
@login_required
def my_questions(request):
    questions = request.user.questions.select_related("post").order_by("-created_at")
    page = Paginator(questions, QUESTIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "posts/my_questions.html", {"page_obj": page})
