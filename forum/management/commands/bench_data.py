"""Fill an empty database with a large, realistic forum for `make bench` (bench/README.md).

Fast: rows are streamed with COPY on PostgreSQL (bulk_create on SQLite), ids are assigned here so
replies can name their parents without reading anything back, and the stored HTML comes from a pool
of bodies rendered once by forum.markup. Realistic: comments per post are heavy-tailed, a few posts
have exactly 2,000 and 2,500 comments, threads reach depth 12, and comment bodies run 20-300 words.
"""

import itertools
import random
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from comments.models import Comment, encode_step
from forum.markup import render_comment_markdown, render_markdown
from posts.models import Category, Post, Tag


@dataclass(frozen=True)
class Scale:
    posts: int
    comments: int
    users: int
    big: tuple[tuple[int, int], ...]  # (how many posts, comments on each)
    body_pool: int
    paragraph_pool: int


SCALES = {
    "default": Scale(
        posts=200_000, comments=2_000_000, users=5_000, big=((10, 2_000), (10, 2_500)),
        body_pool=4_000, paragraph_pool=3_000,
    ),
    "small": Scale(
        posts=4_000, comments=40_000, users=300, big=((2, 2_000), (2, 2_500)),
        body_pool=1_000, paragraph_pool=600,
    ),
}  # fmt: skip

MAX_DEPTH = 12
# Ordinary posts stay below the big ones, so "the posts with 2,000 comments" are exactly those.
ORDINARY_CAP = 1_800
EMPTY_POSTS = 1  # at least this many posts with no comments (T1 measures one)
TEN_COMMENT_POSTS = 1  # and posts with exactly ten published comments (T9 measures one)
BATCH = 5_000

COMMON_TEXT = """
the i to and a of you that is it in my for was he she they me be have with this but not on at what
do so we if are as your or her his just like all about would job work manager boss team one out can
when there an no him from them will know up time get how think because people said then want really
been who new any now some email meeting interview office coworker asked told feel company colleague
other could also more help should over even back never going year week day month hours pay salary
raise review project client offer hire hiring role career advice letter answer question reader write
wrote sure point thing things still make made much first last good bad little long right way well
lunch desk remote home schedule deadline promotion reference résumé cover linkedin facebook network
networking recruiter references quit notice leave vacation sick policy handbook hr department staff
intern mentor feedback performance plan budget travel conference dress code gift party holiday
awkward rude polite kind honest direct calm upset angry frustrated worried tired happy grateful
"""
COMMON_WORDS = COMMON_TEXT.split()
SYLLABLES = [
    "ba", "be", "bo", "ca", "co", "da", "de", "di", "fa", "fe", "ga", "go", "ha", "ki", "la", "le",
    "li", "lo", "ma", "me", "mi", "mo", "na", "ne", "no", "pa", "pe", "po", "ra", "re", "ri", "ro",
    "sa", "se", "si", "so", "ta", "te", "ti", "to", "va", "ve", "vi", "wa", "ya", "za", "zo", "qua",
]  # fmt: skip
FIRST_NAMES = [
    "Alex", "Sam", "Jordan", "Priya", "Chen", "Maria", "Tomás", "Aisha", "Noor", "Ola", "Kim", "Lee",
    "Ravi", "Dana", "Jo", "Marta", "Ines", "Kofi", "Yuki", "Sven", "Lena", "Omar", "Beth", "Hugo",
]  # fmt: skip
CATEGORY_NAMES = [
    "Interviewing",
    "Managers",
    "Coworkers",
    "Pay",
    "Job search",
    "Etiquette",
    "Leaving",
    "Remote",
]
TAG_WORDS = COMMON_WORDS[60:140]

POST_COLUMNS = (
    "id", "title", "slug", "question", "question_html", "answer", "answer_html", "category_id", "status",
    "published_at", "is_pinned", "is_comments_closed", "comment_count", "created_at", "updated_at",
    "search_tags",
)  # fmt: skip
COMMENT_COLUMNS = (
    "id", "post_id", "parent_id", "path", "depth", "author_id", "author_name", "author_email", "body",
    "body_html", "status", "created_at", "edited_at", "ip_address", "submit_token", "reply_count",
)  # fmt: skip
STATUSES = (
    [Comment.Status.PUBLISHED] * 970
    + [Comment.Status.HIDDEN] * 15
    + [Comment.Status.PENDING] * 10
    + [Comment.Status.REMOVED] * 5
)


class Vocabulary:
    """Common words first, then invented ones, drawn with Zipf weights: a few terms are everywhere,
    most are rare (so a full-text benchmark has rare, middling and common terms to look for)."""

    def __init__(self, rng: random.Random, size: int):
        invented = set()
        while len(invented) < size - len(COMMON_WORDS):
            invented.add("".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))))
        self.words = COMMON_WORDS + sorted(invented)
        self.cum_weights = list(
            itertools.accumulate(1 / rank**1.05 for rank in range(1, len(self.words) + 1))
        )
        self.rng = rng

    def draw(self, count: int) -> list[str]:
        return self.rng.choices(self.words, cum_weights=self.cum_weights, k=count)

    def sentence(self, count: int) -> str:
        words = self.draw(count)
        words[0] = words[0].capitalize()
        return " ".join(words) + self.rng.choice([".", ".", ".", "?", "!"])


def prose(vocab: Vocabulary, words: int) -> list[str]:
    """Paragraphs of sentences adding up to exactly `words` words."""
    rng = vocab.rng
    paragraphs, sentences, left = [], [], words
    while left:
        size = min(left, rng.randint(5, 18))
        sentences.append(vocab.sentence(size))
        left -= size
        if sum(s.count(" ") + 1 for s in sentences) >= rng.randint(30, 80) or not left:
            paragraphs.append(" ".join(sentences))
            sentences = []
    return paragraphs


def comment_body(vocab: Vocabulary) -> str:
    """20-300 words, mostly short, with the odd emphasis, link or quote a reader would type."""
    rng = vocab.rng
    words = 20 + min(280, int(rng.expovariate(1 / 55)))
    paragraphs = prose(vocab, words)
    roll = rng.random()
    if roll < 0.08:
        first = paragraphs[0].split(" ")
        first[1] = f"*{first[1]}*"
        paragraphs[0] = " ".join(first)
    elif roll < 0.12:
        paragraphs[-1] = f"{paragraphs[-1]} See [this](https://example.com/{rng.randint(1, 999)})."
    elif roll < 0.16 and len(paragraphs) > 1:
        paragraphs[0] = "> " + paragraphs[0]
    return "\n\n".join(paragraphs)


def spread(total: int, count: int, cap: int, rng: random.Random) -> list[int]:
    """`count` heavy-tailed integers (many near zero, a long tail up to `cap`) summing to `total`."""
    if count == 0:
        if total:
            raise CommandError("comments left over with no post to put them on")
        return []
    if total < 0:
        raise CommandError("fewer comments than the fixed-size discussions need")
    if total > count * cap:
        raise CommandError(f"{total:,} comments do not fit on {count:,} posts of at most {cap:,}")
    weights = [rng.paretovariate(1.2) - 1 for _ in range(count)]
    counts = [0] * count
    free = set(range(count))
    left = total
    while left and free:
        weight = sum(weights[i] for i in free) or 1.0
        share = left / weight
        capped = {i for i in free if weights[i] * share >= cap}
        if not capped:
            for i in free:
                counts[i] = int(weights[i] * share)
            left = total - sum(counts)
            break
        for i in capped:
            counts[i] = cap
        free -= capped
        left = total - sum(counts)
    # Hand out what rounding left over, one comment at a time, to posts still under the cap.
    open_posts = [i for i in range(count) if counts[i] < cap]
    while left:
        i = rng.choice(open_posts)
        if counts[i] < cap:
            counts[i] += 1
            left -= 1
    return counts


def thread_shape(count: int, rng: random.Random) -> tuple[list[int | None], list[int], list[str]]:
    """Parents (as indexes), depths and paths for `count` comments in posting order.

    A third start new threads; many answer the comment just before (conversations run deep); the rest
    answer a random earlier comment. Nothing goes below depth MAX_DEPTH.
    """
    parents: list[int | None] = []
    depths: list[int] = []
    paths: list[str] = []
    children = [0] * count
    top_level = 0
    for index in range(count):
        roll = rng.random()
        parent = None
        if index and roll >= 0.3:
            parent = index - 1 if roll < 0.7 else rng.randrange(index)
            while depths[parent] >= MAX_DEPTH:
                parent = parents[parent]
        if parent is None:
            top_level += 1
            parents.append(None)
            depths.append(0)
            paths.append(encode_step(top_level))
        else:
            children[parent] += 1
            parents.append(parent)
            depths.append(depths[parent] + 1)
            paths.append(paths[parent] + encode_step(children[parent]))
    return parents, depths, paths


class Command(BaseCommand):
    help = "Generate benchmark data (posts, threaded comments, users) into an empty database."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="default")
        parser.add_argument("--posts", type=int, help="override the scale's number of posts")
        parser.add_argument("--comments", type=int, help="override the scale's total number of comments")
        parser.add_argument("--users", type=int, help="override the scale's number of users")
        parser.add_argument(
            "--big", action="append", metavar="COUNT:SIZE",
            help="COUNT posts with exactly SIZE comments each (repeatable; replaces the scale's)",
        )  # fmt: skip
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, **options):
        base = SCALES[options["scale"]]
        big = base.big
        if options["big"]:
            try:
                big = tuple(tuple(int(n) for n in item.split(":")) for item in options["big"])
            except ValueError as error:
                raise CommandError("--big takes COUNT:SIZE, for example 10:2500") from error
        scale = Scale(
            posts=options["posts"] or base.posts,
            comments=options["comments"] if options["comments"] is not None else base.comments,
            users=options["users"] or base.users,
            big=big,
            body_pool=base.body_pool,
            paragraph_pool=base.paragraph_pool,
        )
        if Post.objects.exists() or Comment.objects.exists():
            raise CommandError("bench_data fills an empty database; this one already has posts.")
        started = time.perf_counter()
        with transaction.atomic():
            summary = Generator(scale, random.Random(options["seed"]), self.stdout).run()
        if connection.vendor == "postgresql":
            # Set hint bits and the visibility map now, as autovacuum would have on a live site,
            # so the first measurement does not pay for them. VACUUM needs to be outside a
            # transaction (it is inside one under tests); there, statistics are enough.
            command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
            with connection.cursor() as cursor:
                for model in (Post, Comment):
                    cursor.execute(f"{command} {model._meta.db_table}")
        self.stdout.write(f"{summary} in {time.perf_counter() - started:.1f} s")


class Generator:
    def __init__(self, scale: Scale, rng: random.Random, stdout):
        self.scale = scale
        self.rng = rng
        self.stdout = stdout
        self.copy = connection.vendor == "postgresql"

    def log(self, message: str) -> None:
        self.stdout.write(message)

    def run(self) -> str:
        scale, rng = self.scale, self.rng
        big_counts = [size for count, size in scale.big for _ in range(count)]
        fixed = big_counts + [0] * EMPTY_POSTS + [10] * TEN_COMMENT_POSTS
        if len(fixed) > scale.posts:
            raise CommandError(f"{scale.posts} posts cannot hold the {len(fixed)} fixed-size discussions")
        ordinary = spread(
            scale.comments - sum(big_counts) - 10 * TEN_COMMENT_POSTS,
            scale.posts - len(fixed),
            min(ORDINARY_CAP, max(big_counts, default=ORDINARY_CAP + 1) - 1),
            rng,
        )
        # Mix the fixed-size discussions in among the rest rather than all at one end. They get only
        # published comments, so their counts are exact.
        sizes = [(size, False) for size in ordinary] + [(size, True) for size in fixed]
        rng.shuffle(sizes)
        self.vocab = Vocabulary(rng, 20_000)
        user_ids = self.make_users()
        category_ids, tag_ids = self.make_taxonomy()
        self.tag_names = dict(Tag.objects.filter(pk__in=tag_ids).values_list("pk", "name"))
        post_tags = [rng.sample(tag_ids, rng.randint(1, 3)) for _ in range(scale.posts)]
        self.log(f"rendering {scale.body_pool:,} comment bodies and {scale.paragraph_pool:,} paragraphs")
        bodies = [comment_body(self.vocab) for _ in range(scale.body_pool)]
        self.bodies = [(body, render_comment_markdown(body)) for body in bodies]
        texts = [" ".join(prose(self.vocab, rng.randint(30, 90))) for _ in range(scale.paragraph_pool)]
        self.paragraphs = [(text, render_markdown(text)) for text in texts]

        post_ids = self.next_ids(Post, scale.posts)
        now = timezone.now()
        span = timedelta(days=15 * 365).total_seconds()
        # Oldest first, the newest a month ago, so every discussion's comments are in the past.
        published = sorted(now - timedelta(days=30, seconds=rng.random() * span) for _ in post_ids)
        self.log(f"writing {scale.posts:,} posts")
        plans = [self.plan_comments(size, exact) for size, exact in sizes]
        post_rows = (
            self.post_row(post_id, published[i], category_ids, plans[i], post_tags[i])
            for i, post_id in enumerate(post_ids)
        )
        self.write(Post, POST_COLUMNS, post_rows)
        tag_rows = (
            (post_id, tag_id) for post_id, tags in zip(post_ids, post_tags, strict=True) for tag_id in tags
        )
        self.write(Post.tags.through, ("post_id", "tag_id"), tag_rows)
        self.log(f"writing {scale.comments:,} comments")
        comment_ids = self.next_ids(Comment, scale.comments)
        comment_rows = self.comment_rows(post_ids, published, plans, comment_ids, user_ids)
        self.write(Comment, COMMENT_COLUMNS, comment_rows)
        if self.copy:
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), [Post, Comment]):
                    cursor.execute(sql)
        return f"{scale.posts:,} posts, {scale.comments:,} comments, {len(user_ids):,} users"

    def next_ids(self, model, count: int) -> range:
        last = model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        return range(last + 1, last + 1 + count)

    def make_users(self) -> list[int]:
        """Readers who signed up (verified e-mail) months or years ago."""
        unusable = make_password(None)
        now = timezone.now()
        users = [
            User(
                username=f"bench{n:06d}",
                email=f"bench{n:06d}@example.com",
                display_name=f"{self.rng.choice(FIRST_NAMES)} {n}",
                password=unusable,
                date_joined=now - timedelta(days=self.rng.randint(30, 3_000)),
            )
            for n in range(1, self.scale.users + 1)
        ]
        User.objects.bulk_create(users, batch_size=BATCH)
        users = list(User.objects.filter(username__startswith="bench").only("pk", "email"))
        EmailAddress.objects.bulk_create(
            [EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users],
            batch_size=BATCH,
        )
        return [user.pk for user in users]

    def make_taxonomy(self) -> tuple[list[int], list[int]]:
        categories = [
            Category.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0].pk
            for name in CATEGORY_NAMES
        ]
        tags = [
            Tag.objects.get_or_create(slug=slugify(word), defaults={"name": word})[0].pk
            for word in dict.fromkeys(TAG_WORDS)
        ]
        return categories, tags

    def plan_comments(self, size: int, exact: bool) -> tuple[int, list[str]]:
        """(published count, a status per comment)."""
        if exact:
            return size, [Comment.Status.PUBLISHED] * size
        statuses = self.rng.choices(STATUSES, k=size)
        return statuses.count(Comment.Status.PUBLISHED), statuses

    def post_row(self, post_id: int, published_at: datetime, category_ids, plan, tags) -> tuple:
        rng = self.rng
        title = self.vocab.sentence(rng.randint(5, 10)).rstrip(".?!")[:190]
        question = rng.sample(self.paragraphs, rng.randint(1, 3))
        answer = rng.sample(self.paragraphs, rng.randint(2, 6))
        # Plain paragraphs render one by one: render("a\n\nb") == render("a") + render("b").
        return (
            post_id,
            title,
            f"{slugify(title)[:150].strip('-')}-{post_id}",
            "\n\n".join(text for text, _ in question),
            "".join(html for _, html in question),
            "\n\n".join(text for text, _ in answer),
            "".join(html for _, html in answer),
            rng.choice(category_ids),
            Post.Status.PUBLISHED,
            published_at,
            False,
            False,
            plan[0],
            published_at,
            published_at,
            # What posts.services.post_search_tags_update stores for the search document.
            " ".join(sorted(self.tag_names[tag] for tag in tags)),
        )

    def comment_rows(self, post_ids, published, plans, comment_ids, user_ids):
        rng = self.rng
        next_id = iter(comment_ids)
        names = [*FIRST_NAMES, ""]
        for post_id, published_at, (_, statuses) in zip(post_ids, published, plans, strict=True):
            count = len(statuses)
            if not count:
                continue
            parents, depths, paths = thread_shape(count, rng)
            ids = [next(next_id) for _ in range(count)]
            # What a top-level comment keeps for its thread: its published replies (comments.models).
            roots, replies = [], [0] * count
            for index, parent in enumerate(parents):
                roots.append(index if parent is None else roots[parent])
                if parent is not None and statuses[index] == Comment.Status.PUBLISHED:
                    replies[roots[index]] += 1
            # Comments arrive over the three weeks after publishing, in posting order.
            gap = timedelta(days=21).total_seconds() / count
            moment = published_at
            for index in range(count):
                moment += timedelta(seconds=rng.random() * 2 * gap)
                status = statuses[index]
                body, body_html = rng.choice(self.bodies)
                if status == Comment.Status.REMOVED:
                    body = body_html = ""
                registered = rng.random() < 0.6
                parent = parents[index]
                yield (
                    ids[index],
                    post_id,
                    ids[parent] if parent is not None else None,
                    paths[index],
                    depths[index],
                    # A few prolific commenters, many occasional ones.
                    user_ids[int(len(user_ids) * rng.random() ** 3)] if registered and user_ids else None,
                    "" if registered else rng.choice(names),
                    "",
                    body,
                    body_html,
                    status,
                    moment,
                    moment + timedelta(minutes=5) if rng.random() < 0.02 else None,
                    None,
                    "",
                    replies[index],
                )

    def write(self, model, columns: tuple[str, ...], rows) -> None:
        table = model._meta.db_table
        # Columns this generator knows but the model lacks (yet) are left out; fields added after it was
        # written get their model default.
        known = {f.column for f in model._meta.concrete_fields}
        if not known.issuperset(columns):
            keep = [i for i, column in enumerate(columns) if column in known]
            columns = tuple(columns[i] for i in keep)
            rows = (tuple(row[i] for i in keep) for row in rows)
        extra = [
            f for f in model._meta.concrete_fields
            if f.column not in columns and not f.primary_key and not f.generated
        ]  # fmt: skip
        if extra:
            columns = (*columns, *(f.column for f in extra))
            defaults = tuple(f.get_default() for f in extra)
            rows = (row + defaults for row in rows)
        if self.copy:
            with (
                connection.cursor() as cursor,
                cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
            ):
                for row in rows:
                    copy.write_row(row)
            return
        rows = iter(rows)
        while batch := list(itertools.islice(rows, BATCH)):
            model.objects.bulk_create([model(**dict(zip(columns, row, strict=True))) for row in batch])
