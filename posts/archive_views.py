"""Archive pages, the crawler files (robots.txt) and the search page."""

from datetime import datetime

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from forum.pagination import Paginator
from posts.archives import archive_years
from posts.forms import SearchForm
from posts.models import Post
from posts.search import (
    RANKED_MATCHES,
    search_posts,
    uses_postgres,
    with_snippets,
    without_control_characters,
)

POSTS_PER_PAGE = 20
RESULTS_PER_PAGE = 20


def _month_start(year: int, month: int) -> datetime:
    """Midnight on the first of the month in the site's time zone; Http404 outside datetime's range."""
    try:
        return timezone.make_aware(datetime(year, month, 1))
    except (ValueError, OverflowError) as error:
        raise Http404("No such month.") from error


def _period(year: int, month: int | None) -> tuple[datetime, datetime]:
    if not 1 <= year < 9999:
        raise Http404("No such year.")
    if month is None:
        return _month_start(year, 1), _month_start(year + 1, 1)
    next_year, next_month = (year + 1, 1) if month == 12 else (year, month + 1)
    return _month_start(year, month), _month_start(next_year, next_month)


def _archive_page(request, *, year: int, month: int | None):
    start, end = _period(year, month)
    posts = Post.objects.published().filter(published_at__gte=start, published_at__lt=end).for_listing()
    page = Paginator(posts, POSTS_PER_PAGE).get_page(request.GET.get("page"))
    if page.paginator.count == 0:
        raise Http404("No posts in this period.")
    return page, start


@require_safe
def archive_index(request):
    return render(request, "posts/archive_index.html", {"years": archive_years()})


@require_safe
def archive_year(request, year: int):
    page, start = _archive_page(request, year=year, month=None)
    months = next((entry.months for entry in archive_years() if entry.year == year), [])
    return render(
        request,
        "posts/archive_year.html",
        {"year": year, "months": months, "page_obj": page, "period_start": start},
    )


@require_safe
def archive_month(request, year: int, month: int):
    page, start = _archive_page(request, year=year, month=month)
    return render(
        request,
        "posts/archive_month.html",
        {"year": year, "month": month, "page_obj": page, "period_start": start},
    )


@require_safe
def search(request):
    params = request.GET.copy()
    if "q" in params:
        params["q"] = without_control_characters(params["q"])
    form = SearchForm(params or None)
    page = None
    capped = False
    comment_matches = None  # comments matching the words, shown beside the posts
    comments_capped = False
    filtered = False  # the posts are narrowed by topic or date; the comment count is not
    if form.is_bound and form.is_valid() and form.has_search():
        data = form.cleaned_data
        filtered = any(data[name] for name in ("tag", "category", "date_from", "date_to"))
        results = search_posts(
            query=data["q"],
            tag=data["tag"],
            category=data["category"],
            date_from=data["date_from"],
            date_to=data["date_to"],
            sort=data["sort"] or "relevance",
        )
        page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        page.object_list = with_snippets(page.object_list, query=data["q"])
        # PostgreSQL ranks at most the newest RANKED_MATCHES matches (posts.search).
        capped = uses_postgres() and data["sort"] != "newest" and page.paginator.count >= RANKED_MATCHES
        if form.has_words():
            # Imported here: comments builds on posts, never the other way round at import time.
            from comments.search import count_comment_matches

            comment_matches = count_comment_matches(query=data["q"])
            comments_capped = uses_postgres() and comment_matches >= RANKED_MATCHES
    context = {
        "form": form,
        "page_obj": page,
        "capped": capped,
        "ranked_matches": RANKED_MATCHES,
        "comment_matches": comment_matches,
        "comments_capped": comments_capped,
        "comments_everywhere": filtered,
    }
    return render(request, "posts/search.html", context)


@require_safe
def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("posts:sitemap"))
    return render(request, "robots.txt", {"sitemap_url": sitemap_url}, content_type="text/plain")
