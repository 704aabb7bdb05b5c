from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from posts.models import Post

POSTS_PER_PAGE = 20


@require_GET
def home(request):
    posts = Post.objects.published().select_related("category").order_by("-is_pinned", "-published_at")
    page = Paginator(posts, POSTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "posts/home.html", {"page_obj": page})
