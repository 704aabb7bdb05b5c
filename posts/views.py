from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from posts.models import Post

POSTS_PER_PAGE = 20


@require_GET
def home(request):
    posts = Post.objects.published().select_related("category").order_by("-is_pinned", "-published_at")
    page = Paginator(posts, POSTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "posts/home.html", {"page_obj": page})


@require_GET
def post_detail(request, year: int, month: int, slug: str):
    post = get_object_or_404(
        Post.objects.published().select_related("category", "editor").prefetch_related("tags", "updates"),
        slug=slug,
    )
    if post.get_absolute_url() != request.path:
        raise Http404("No post at this address.")
    return render(request, "posts/post_detail.html", {"post": post})
