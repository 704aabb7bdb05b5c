"""Top-level comments that already say what a reader is about to post: the brake on pile-ons.

PostgreSQL compares with pg_trgm's trigram similarity (migration 0010 adds the extension); SQLite, which
has no such function, compares the sets of words the two comments use (their Jaccard overlap), reading
the post's newest top-level comments in Python. The thresholds were set on the same pairs of comments
(tests/comments/test_similar.py): a reworded "send the note anyway" is similar on both, a reply that
disagrees in the same words is not.
"""

import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import TrigramSimilarity
from django.db.models import QuerySet

from comments.models import Comment
from posts.models import Post
from posts.search import uses_postgres

TRIGRAM_THRESHOLD = 0.5
WORD_OVERLAP_THRESHOLD = 0.4
SHOWN = 5  # similar comments listed; the count covers all of them
WORDS_SCANNED = 2_000  # newest top-level comments SQLite compares with
WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?")
# Words that carry no opinion of their own, so two comments do not look alike for sharing them.
COMMON_WORDS = frozenset(
    (  # noqa: SIM905 (a list of 48 one-word strings reads worse)
        "a an and are as at be but by did do does for from had has have i i'd i'm if in is it it's its me my "
        "of on or our so that the their them they this to was we were what with you your"
    ).split()
)


@dataclass(frozen=True)
class Similar:
    count: int = 0  # readers who said it: accounts once each, anonymous comments one each
    comments: list[Comment] = field(default_factory=list)

    def __len__(self) -> int:
        return self.count


def _readers(author_ids) -> int:
    authors = list(author_ids)
    return len({author for author in authors if author is not None}) + authors.count(None)


def similar_comments(*, post: Post, body: str, exclude_author_id: int | None = None) -> Similar:
    """The published top-level comments on `post` very like `body`, most alike first (SHOWN of them),
    with how many readers wrote such comments; the reader's own comments (`exclude_author_id`) are
    left out."""
    candidates = Comment.objects.published().filter(post=post, parent=None)
    if exclude_author_id is not None:
        candidates = candidates.exclude(author_id=exclude_author_id)
    if uses_postgres():
        alike = candidates.annotate(similarity=TrigramSimilarity("body", body)).filter(
            similarity__gte=TRIGRAM_THRESHOLD
        )
        count = _readers(alike.values_list("author_id", flat=True))
        shown = list(_shown(alike.order_by("-similarity", "created_at", "pk"))[:SHOWN]) if count else []
        return Similar(count, shown)
    words = _words(body)
    if not words:
        return Similar()
    newest = candidates.order_by("-created_at", "-pk").values_list("pk", "author_id", "body")[:WORDS_SCANNED]
    scored = sorted(
        (
            (-overlap, pk, author_id)
            for pk, author_id, other in newest
            if (overlap := _overlap(words, _words(other))) >= WORD_OVERLAP_THRESHOLD
        ),
        key=lambda item: item[:2],
    )
    if not scored:
        return Similar()
    wanted = [pk for _, pk, _ in scored[:SHOWN]]
    by_pk = _shown(Comment.objects.filter(pk__in=wanted)).in_bulk()
    return Similar(_readers(author for _, _, author in scored), [by_pk[pk] for pk in wanted if pk in by_pk])


def _shown(comments: QuerySet[Comment]) -> QuerySet[Comment]:
    return comments.select_related("author", "post")


def _words(text: str) -> frozenset[str]:
    return frozenset(WORD.findall(text.lower().replace("’", "'"))) - COMMON_WORDS


def _overlap(one: frozenset[str], other: frozenset[str]) -> float:
    union = one | other
    return len(one & other) / len(union) if union else 0.0
