"""The "Comments" tab of the search page (/search/comments/), next to the posts search in posts."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from comments.search import search_comments, with_comment_snippets
from comments.selectors import ignored_ids
from forum.pagination import Paginator
from posts.forms import SearchQueryForm
from posts.models import Post
from posts.search import RANKED_MATCHES, uses_postgres, without_control_characters

RESULTS_PER_PAGE = 20


@require_safe
def comment_search(request):
    params = request.GET.copy()
    if "q" in params:
        params["q"] = without_control_characters(params["q"])
    form = SearchQueryForm(params or None)
    post = _discussion(request.GET.get("post"))
    page = None
    capped = False
    if form.is_bound and form.is_valid() and form.has_words():
        query = form.cleaned_data["q"]
        found = search_comments(query=query, post=post)
        page = Paginator(found, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        page.object_list = with_comment_snippets(page.object_list, query=query)
        # Their comments fold for this reader, as in the discussion.
        ignored = ignored_ids(request.user) if request.user.is_authenticated else frozenset()
        for comment in page.object_list:
            comment.from_ignored = comment.author_id in ignored
        # PostgreSQL ranks at most the newest RANKED_MATCHES matches (posts.search).
        capped = uses_postgres() and page.paginator.count >= RANKED_MATCHES
    context = {
        "form": form,
        "page_obj": page,
        "capped": capped,
        "ranked_matches": RANKED_MATCHES,
        "post": post,
    }
    return render(request, "comments/comment_search.html", context)


def _discussion(value: str | None) -> Post | None:
    """The published post `?post=` names, for "search this discussion"; 404 for one that is not."""
    if value is None:
        return None
    if not (value.isascii() and value.isdigit() and len(value) <= 12):
        raise Http404("No such discussion to search.")
    post = Post.objects.published().filter(pk=int(value)).first()
    if post is None:
        raise Http404("No such discussion to search.")
    return post
