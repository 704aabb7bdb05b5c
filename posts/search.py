"""Full-text search over published posts, one interface on both databases.

PostgreSQL: the stored `Post.search_vector` (title and tag names weight A, question and answer
weight B, GIN-indexed) matched with `websearch_to_tsquery`, ranked with `ts_rank` and highlighted
with `ts_headline`.

SQLite (the embedded default for a local run) has no stemming or ranking here: the same web-search
syntax (quoted phrases, `-word`, `or`) is parsed in Python into case-insensitive substring matches
(`icontains`) over title, tag names, question and answer; a title or tag hit counts four times a body
hit, and snippets are cut around the first hit in Python. Good enough for a local site of a few
thousand posts; production runs on PostgreSQL.

    posts = search_posts(query='"thank you" -linkedin', tag=None, sort="relevance")
    first_page = with_snippets(posts[:20], query='"thank you" -linkedin')
    first_page[0].rank, first_page[0].snippet
"""

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case, Exists, F, FloatField, Max, OuterRef, Q, QuerySet, TextField, Value, When
from django.db.models.functions import Concat
from django.utils.safestring import SafeString, mark_safe

from posts.models import Category, Post, Tag

SEARCH_CONFIG = "english"
MAX_QUERY_LENGTH = 200
MAX_TERMS = 32  # words and phrases the substring fallback looks for; the rest are ignored
HEADLINE_WORDS = 8
SORTS = ("relevance", "newest")
SNIPPET_CHARS = 240
# ts_headline marks hits with these; everything else it returns is the author's raw text.
START_SEL, STOP_SEL = "<mark>", "</mark>"
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_EDGE_PUNCTUATION = re.compile(r"^\W+|\W+$")
_MARKDOWN_NOISE = re.compile(r"[*`#]+")


@dataclass(frozen=True)
class ParsedQuery:
    """Web-search syntax as groups that must all match (each group: alternatives joined by `or`)."""

    groups: tuple[tuple[str, ...], ...] = ()
    excluded: tuple[str, ...] = ()

    @property
    def terms(self) -> list[str]:
        return [term for group in self.groups for term in group]

    def __bool__(self) -> bool:
        return bool(self.groups)


def without_control_characters(text: str) -> str:
    """The text with NUL and other control characters turned into spaces (PostgreSQL refuses NUL)."""
    return "".join(char if char.isprintable() else " " for char in text or "")


def clean_query(text: str) -> str:
    """The query as the databases may see it: printable characters, single spaces, capped."""
    return " ".join(without_control_characters(text).split())[:MAX_QUERY_LENGTH]


def has_words(text: str) -> bool:
    """True when the text holds something to search for, not only punctuation."""
    return bool(parse_query(text))


def parse_query(text: str) -> ParsedQuery:
    """Parse `"quoted phrase"`, `-excluded`, `a or b` and plain words, as websearch_to_tsquery does."""
    groups: list[list[str]] = []
    excluded: list[str] = []
    join_next = False
    for match in _TOKEN.finditer(clean_query(text)):
        negate, phrase, word = match.group(1) == "-", match.group(2), match.group(3)
        if word is not None:
            if word.lower() == "or":
                join_next = bool(groups)
                continue
            if word.startswith("-"):
                negate, word = True, word[1:]
            term = _EDGE_PUNCTUATION.sub("", word)
        else:
            term = " ".join(phrase.split())
        if not re.search(r"\w", term):
            continue
        if len(excluded) + sum(len(group) for group in groups) >= MAX_TERMS:
            break
        if negate:
            excluded.append(term)
        elif join_next:
            groups[-1].append(term)
        else:
            groups.append([term])
        join_next = False
    return ParsedQuery(groups=tuple(tuple(group) for group in groups), excluded=tuple(excluded))


def uses_postgres() -> bool:
    return connection.vendor == "postgresql"


def web_search_query(query: str) -> SearchQuery:
    return SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)


def headline_words(query: str) -> list[str]:
    """The query's first HEADLINE_WORDS distinct words, phrases split into their words."""
    words = []
    for term in parse_query(query).terms:
        for word in term.split():
            if word.lower() != "or" and word not in words:
                words.append(word)
    return words[:HEADLINE_WORDS]


def headline_query(query: str) -> SearchQuery:
    """What ts_headline marks: any of the query's first few words.

    ts_headline's cost explodes with phrase operators: a 200-character query of numbers such as
    `1 000,00` parses into dozens of `<->` phrases and took 0.7 s per 10,000-character post. Matching
    is done by the full query; highlighting any of its first words is cheap and reads the same.
    """
    return SearchQuery(" or ".join(headline_words(query)), search_type="websearch", config=SEARCH_CONFIG)


def search_headline(text, query: str, **options) -> SearchHeadline:
    """ts_headline of `text` marking the query's first words (headline_query), for headline_html()."""
    return SearchHeadline(
        text, headline_query(query), config=SEARCH_CONFIG, start_sel=START_SEL, stop_sel=STOP_SEL, **options
    )


# Ranking reads the vector of every match, which for a common word is a good part of the site. With
# more matches than this, relevance orders the newest this many (a "newest" sort still has them all).
RANKED_MATCHES = 500
# Finding the newest RANKED_MATCHES means reading the date of every match, a row each: for a common
# word, thousands across the table. So the search looks among the newest FIRST_WINDOW posts first
# (newest_in_a_window). With too few matches there, it widens the window to what their rate says it
# needs (at least WIDEN times), and once a window would hold a good part of the posts (WHOLE_TABLE), it
# reads every match instead. A window is a date, so what it finds is exact: a window with
# RANKED_MATCHES matches holds the newest RANKED_MATCHES. Comment search uses the same windows.
FIRST_WINDOW = 20_000
WIDEN = 1.5
WHOLE_TABLE = 0.4


def newest_matches(matching: QuerySet, order: str) -> QuerySet:
    """The primary keys of the newest RANKED_MATCHES rows of `matching`, for `pk__in`."""
    return matching.order_by(order, "-pk").values("pk")[:RANKED_MATCHES]


def newest_in_a_window(
    newest: QuerySet,
    *,
    written: QuerySet,
    date_field: str,
    count: int,
    first_window: int,
    whole_table: float,
) -> list | None:
    """The first `count` rows of `newest` (ordered newest first by `date_field`), found in a window of
    the newest rows of `written`; None when no window short of `whole_table` of them holds that many.

    Ids stand in for row counts (the newest id for the size of the table): one query for the newest
    id, and two short ones for each window tried. Used by posts and comments search alike.
    """
    last_id = written.model.objects.aggregate(last_id=Max("pk"))["last_id"] or 0
    rows_back = first_window
    while rows_back < last_id * whole_table:
        # Ids follow the order rows were written in, so this is about when the window starts.
        since = (
            written.filter(pk__lte=last_id - rows_back)
            .order_by("-pk")
            .values_list(date_field, flat=True)
            .first()
        )
        if since is None:
            return None
        found = list(newest.filter(**{f"{date_field}__gte": since})[:count])
        if len(found) == count:
            return found
        rows_back = int(rows_back * WIDEN * max(1, count / max(len(found), 1))) + 1
    return None


def _newest_in_a_window(matching: QuerySet[Post]) -> list[int] | None:
    """The primary keys of the newest RANKED_MATCHES posts of `matching`, or None (newest_in_a_window)."""
    return newest_in_a_window(
        matching.prefetch_related(None).order_by("-published_at", "-pk").values_list("pk", flat=True),
        written=Post.objects.published(),
        date_field="published_at",
        count=RANKED_MATCHES,
        first_window=FIRST_WINDOW,
        whole_table=WHOLE_TABLE,
    )


def search_posts(
    *,
    query: str,
    tag: Tag | None = None,
    category: Category | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    sort: str = "relevance",
) -> QuerySet[Post]:
    """Published posts matching the query and filters, each annotated with `rank` (higher is better).

    On PostgreSQL each post also carries `headline`, the raw ts_headline text; pass the page you show
    through `with_snippets()` for safe, highlighted snippets. An empty query lists the filtered posts,
    newest first.
    """
    query = clean_query(query)
    posts = Post.objects.published().select_related("category").prefetch_related("tags")
    if tag is not None:
        posts = posts.filter(tags=tag)
    if category is not None:
        posts = posts.filter(category=category)
    if date_from is not None:
        posts = posts.filter(published_at__date__gte=date_from)
    if date_to is not None:
        posts = posts.filter(published_at__date__lte=date_to)

    if not has_words(query):
        posts = posts.annotate(rank=Value(0.0, output_field=FloatField()))
        sort = "newest"
    elif uses_postgres():
        web_query = web_search_query(query)
        matching = posts.filter(search_vector=web_query)
        if sort != "newest":
            # Windows look back from the newest post: with an end date they would start past it.
            window = _newest_in_a_window(matching) if date_to is None else None
            matching = posts.filter(
                pk__in=newest_matches(matching, "-published_at") if window is None else window
            )
        posts = matching.annotate(
            rank=SearchRank(F("search_vector"), web_query),
            headline=search_headline(
                Concat("question", Value("\n\n"), "answer", output_field=TextField()),
                query,
                max_words=40,
                min_words=20,
                max_fragments=2,
                fragment_delimiter=" … ",
            ),
        ).defer("question", "answer", "answer_html", "search_vector")
    else:
        posts = _substring_search(posts, parse_query(query)).defer("answer_html")

    if sort == "newest":
        return posts.order_by("-published_at", "-pk")
    return posts.order_by("-rank", "-published_at", "-pk")


def _post_matches(term: str) -> tuple[Q, Q, Exists]:
    """Title, body and tag-name matches for one term (substring, case-insensitive)."""
    tag_hit = Exists(Tag.objects.filter(posts=OuterRef("pk"), name__icontains=term))
    return Q(title__icontains=term), Q(question__icontains=term) | Q(answer__icontains=term), tag_hit


def _substring_search(posts: QuerySet[Post], parsed: ParsedQuery) -> QuerySet[Post]:
    for group in parsed.groups:
        alternatives = Q()
        for term in group:
            title, body, tag_hit = _post_matches(term)
            alternatives |= title | body | Q(tag_hit)
        posts = posts.filter(alternatives)
    for term in parsed.excluded:
        title, body, tag_hit = _post_matches(term)
        posts = posts.exclude(title | body | Q(tag_hit))
    scores = [Value(0.0, output_field=FloatField())]
    for term in parsed.terms:
        title, body, tag_hit = _post_matches(term)
        for condition, weight in ((title, 4.0), (Q(tag_hit), 4.0), (body, 1.0)):
            scores.append(
                Case(When(condition, then=Value(weight)), default=Value(0.0), output_field=FloatField())
            )
    return posts.annotate(rank=balanced_sum(scores))


def balanced_sum(scores: list):
    """Add expressions pairwise, as a balanced tree.

    A left-to-right chain nests one parenthesis per score, and SQLite's parser overflows its stack
    ("parser stack overflow", a 503) on a query of a dozen or more words.
    """
    while len(scores) > 1:
        pairs = [scores[index : index + 2] for index in range(0, len(scores), 2)]
        scores = [pair[0] + pair[1] if len(pair) == 2 else pair[0] for pair in pairs]
    return scores[0]


def headline_html(headline: str) -> SafeString:
    """Escape ts_headline output, keeping only its own <mark> highlights."""
    pieces = re.split(f"({re.escape(START_SEL)}|{re.escape(STOP_SEL)})", headline or "")
    out, open_mark = [], False
    for piece in pieces:
        if piece == START_SEL and not open_mark:
            out.append("<mark>")
            open_mark = True
        elif piece == STOP_SEL and open_mark:
            out.append("</mark>")
            open_mark = False
        elif piece not in (START_SEL, STOP_SEL):
            out.append(html.escape(_MARKDOWN_NOISE.sub("", piece), quote=False))
    if open_mark:
        out.append("</mark>")
    return mark_safe(" ".join("".join(out).split()))  # noqa: S308 - every piece escaped above


def highlight(text: str, terms: Iterable[str], *, chars: int = SNIPPET_CHARS) -> SafeString:
    """A window of plain text around the first hit, escaped, with every hit in <mark>."""
    text = " ".join(_MARKDOWN_NOISE.sub("", text or "").split())
    terms = sorted({term for term in terms if term}, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(term) for term in terms), re.IGNORECASE) if terms else None
    first = pattern.search(text) if pattern else None
    start = max(0, first.start() - chars // 3) if first else 0
    if start:
        start = text.find(" ", start) + 1 or start
    end = start + chars
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
    window = text[start:end]
    pieces = pattern.split(window) if pattern else [window]
    hits = pattern.findall(window) if pattern else []
    out = [html.escape(pieces[0], quote=False)]
    for hit, piece in zip(hits, pieces[1:], strict=True):
        out.append(f"<mark>{html.escape(hit, quote=False)}</mark>{html.escape(piece, quote=False)}")
    prefix = "… " if start else ""
    suffix = " …" if end < len(text) else ""
    return mark_safe(prefix + "".join(out) + suffix)  # noqa: S308 - every piece escaped above


def with_snippets(posts: Iterable[Post], *, query: str) -> list[Post]:
    """Give each post a safe, highlighted `snippet` of its question and answer."""
    terms = parse_query(query).terms
    posts = list(posts)
    for post in posts:
        headline = getattr(post, "headline", None)
        if headline:
            post.snippet = headline_html(headline)
        elif terms and "answer" not in post.get_deferred_fields():
            post.snippet = highlight(f"{post.question}\n\n{post.answer}", terms)
        else:
            post.snippet = None
    return posts
