"""Search published comments on published posts, with the same query syntax as posts.search.

PostgreSQL matches the stored `Comment.search_vector` (`to_tsvector(body)`), served by a GIN index over
published comments (migration 0003) and, for the windows of newest comments, a BRIN index on the date
(migration 0004); SQLite uses the documented substring fallback of posts.search.
"""

from collections.abc import Iterable

from django.contrib.postgres.search import SearchRank
from django.db.models import Case, F, FloatField, Q, QuerySet, Value, When

from comments.models import Comment
from posts.models import Post
from posts.search import (
    RANKED_MATCHES,
    balanced_sum,
    clean_query,
    has_words,
    headline_html,
    highlight,
    newest_in_a_window,
    parse_query,
    search_headline,
    uses_postgres,
    web_search_query,
)

POST_TEXT = ("question", "question_html", "answer", "answer_html", "search_vector", "search_tags")

# Relevance ranks the newest RANKED_MATCHES matches (posts.search). Finding them means reading the
# date of every match, which for a common word is tens of thousands of rows across the table. So the
# search looks among the newest FIRST_WINDOW comments first, widening from there, and reads every
# match once a window would hold WHOLE_TABLE of the comments (posts.search.newest_in_a_window).
FIRST_WINDOW = 50_000
WHOLE_TABLE = 0.4


def search_comments(*, query: str, post: Post | None = None) -> "RankedComments | QuerySet[Comment]":
    """Published comments on visible posts (on `post` alone when given) matching the query, best first,
    each with a `rank`.

    On PostgreSQL: the newest RANKED_MATCHES matches at most, by rank, as a RankedComments that reads
    the comments of a slice when it is taken; each also carries `headline` (pass the page through
    with_comment_snippets). On SQLite: a QuerySet of every match. Either way len() and slices work,
    as Paginator needs. An empty QuerySet for a query without words.
    """
    query = clean_query(query)
    if not has_words(query):
        return Comment.objects.none()
    if uses_postgres():
        web_query = web_search_query(query)
        matching = (
            Comment.objects.published()
            .exclude(post__in=Post.objects.unpublished())
            .filter(search_vector=web_query, **_on(post))
            .annotate(rank=SearchRank(F("search_vector"), web_query))
        )
        page_rows = (
            # The body stays: a comment without a headline shows it highlighted (with_comment_snippets).
            _shown(Comment.objects.published().filter(post__in=Post.objects.published())).annotate(
                headline=search_headline("body", query, max_words=35, min_words=15)
            )
        )
        return RankedComments(_newest_ranked(matching), page_rows)
    comments = _shown(Comment.objects.published().filter(post__in=Post.objects.published(), **_on(post)))
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
        hit = Case(When(body__icontains=term, then=Value(1.0)), default=Value(0.0), output_field=FloatField())
        scores.append(hit)
    return comments.annotate(rank=balanced_sum(scores)).order_by("-rank", "-created_at", "-pk")


def count_comment_matches(*, query: str) -> int:
    """How many comments search_comments finds: a count on SQLite; on PostgreSQL the ranked matches, at
    most RANKED_MATCHES (the same queries as the comments tab's ranking)."""
    found = search_comments(query=query)
    return len(found) if isinstance(found, RankedComments) else found.count()


def _on(post: Post | None) -> dict:
    return {"post": post} if post is not None else {}


def _shown(comments: QuerySet[Comment]) -> QuerySet[Comment]:
    """What a result line shows: the comment with its author, and its post's title and address."""
    return comments.select_related("post", "author").defer(
        "author_email",
        "ip_address",
        "submit_token",
        "search_vector",
        *(f"post__{name}" for name in POST_TEXT),
    )


def _newest_ranked(matching: QuerySet[Comment]) -> list[tuple[int, float]]:
    """(pk, rank) of the newest RANKED_MATCHES rows of `matching` (annotated with `rank`), best first.

    Ids stand in for row counts (the newest id for the size of the table). A rare word costs a window
    or two on top of the pass over every comment; each window is two short queries.
    """
    newest = matching.order_by("-created_at", "-pk").values_list("pk", "created_at", "rank")
    found = newest_in_a_window(
        newest,
        written=Comment.objects.all(),
        date_field="created_at",
        count=RANKED_MATCHES,
        first_window=FIRST_WINDOW,
        whole_table=WHOLE_TABLE,
    )
    if found is None:
        found = list(newest[:RANKED_MATCHES])
    found.sort(key=lambda row: (row[2], row[1], row[0]), reverse=True)
    return [(pk, rank) for pk, _created_at, rank in found]


class RankedComments:
    """Comments in a ranked order of primary keys, read from the database a slice at a time.

    len() is the number ranked; a comment hidden (or its post unpublished) since then is left out of
    the slice that would have held it.
    """

    def __init__(self, ranked: list[tuple[int, float]], rows: QuerySet[Comment]):
        self.ranked = ranked
        self.rows = rows

    def __len__(self) -> int:
        return len(self.ranked)

    def __iter__(self):
        return iter(self[:])

    def __getitem__(self, index: int | slice) -> Comment | list[Comment]:
        if not isinstance(index, slice):
            position = range(len(self.ranked))[index]  # IndexError as a list gives
            found = self[position : position + 1]
            if not found:
                raise IndexError("that comment is no longer shown")
            return found[0]
        wanted = self.ranked[index]
        rows = self.rows.in_bulk([pk for pk, _rank in wanted])
        comments = []
        for pk, rank in wanted:
            if pk in rows:
                rows[pk].rank = rank
                comments.append(rows[pk])
        return comments


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
