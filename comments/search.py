"""Search published comments on published posts; the same syntax and interface as posts.search.

PostgreSQL matches the stored `Comment.search_vector` (`to_tsvector(body)`), served by a GIN index over
published comments (migration 0003);
SQLite uses the documented substring fallback of posts.search.
"""

from collections.abc import Iterable

from django.contrib.postgres.search import SearchHeadline, SearchRank
from django.db.models import Case, F, FloatField, Q, QuerySet, Value, When

from comments.models import Comment
from posts.models import Post
from posts.search import (
    SEARCH_CONFIG,
    START_SEL,
    STOP_SEL,
    balanced_sum,
    clean_query,
    has_words,
    headline_html,
    headline_query,
    highlight,
    newest_matches,
    parse_query,
    uses_postgres,
    web_search_query,
)

POST_TEXT = ("question", "question_html", "answer", "answer_html", "search_vector", "search_tags")


def search_comments(*, query: str, sort: str = "relevance") -> QuerySet[Comment]:
    """Published comments on visible posts matching the query, annotated with `rank`; none for no words."""
    query = clean_query(query)
    comments = (
        Comment.objects.published()
        .filter(post__in=Post.objects.published())
        .select_related("post", "author")
        # The result line needs the post's title and address, not its text.
        .defer(
            "author_email",
            "ip_address",
            "submit_token",
            "search_vector",
            *(f"post__{name}" for name in POST_TEXT),
        )
    )
    if not has_words(query):
        return comments.none()
    if uses_postgres():
        web_query = web_search_query(query)
        matching = comments.filter(search_vector=web_query)
        if sort != "newest":
            matching = comments.filter(pk__in=newest_matches(matching, "-created_at"))
        comments = matching.defer("body").annotate(
            rank=SearchRank(F("search_vector"), web_query),
            headline=SearchHeadline(
                "body",
                headline_query(query),
                config=SEARCH_CONFIG,
                start_sel=START_SEL,
                stop_sel=STOP_SEL,
                max_words=35,
                min_words=15,
            ),
        )
    else:
        parsed = parse_query(query)
        for group in parsed.groups:
            alternatives = Q()
            for term in group:
                alternatives |= Q(body__icontains=term)
            comments = comments.filter(alternatives)
        for term in parsed.excluded:
            comments = comments.exclude(body__icontains=term)
        scores = [Value(0.0, output_field=FloatField())]
        for term in parsed.terms:
            hit = Case(
                When(body__icontains=term, then=Value(1.0)), default=Value(0.0), output_field=FloatField()
            )
            scores.append(hit)
        comments = comments.annotate(rank=balanced_sum(scores))
    if sort == "newest":
        return comments.order_by("-created_at", "-pk")
    return comments.order_by("-rank", "-created_at", "-pk")


def with_comment_snippets(comments: Iterable[Comment], *, query: str) -> list[Comment]:
    """Give each comment a safe, highlighted `snippet` of its text."""
    terms = parse_query(query).terms
    comments = list(comments)
    for comment in comments:
        headline = getattr(comment, "headline", None)
        if headline:
            comment.snippet = headline_html(headline)
        else:
            comment.snippet = highlight(comment.body, terms)
    return comments
