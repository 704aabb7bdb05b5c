"""B1-B8 of issue 21 and T6 (search) of issue 9, one function per measure. Each takes the run's Context
and returns a Result (or several).

Every speed is a ratio against a baseline measured in the same run (hello-world, `/healthz`), variants
interleaved (A B A B ...), reporting the median of per-round ratios. Beside each page figure stands its
ceiling from the same rounds: the same bytes served from the cache behind the same middleware. Absolute
targets (B6 size, B7 time, B8 memory) are reported as measured, with what explains them in the JSON.
"""

import collections
import itertools
import random
import re
import threading
import time
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.cache import cache, caches
from django.db import connection, transaction
from django.db.models import Exists, F, Max, Min, OuterRef
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from bench.harness import (
    HELLO_PATH,
    Load,
    Result,
    Server,
    interleaved,
    median,
    median_ratio,
    percentile,
    rss_kib,
    timed,
    wrk,
)
from comments.forms import new_submit_token
from comments.models import PATH_ALPHABET, PATH_STEP, Comment, encode_step
from comments.search import search_comments
from comments.services import comment_create, thread_changed
from forum.views import BENCH_CACHED_PREFIX
from posts.models import Post
from posts.search import search_posts


@dataclass(frozen=True)
class Rounds:
    load: int  # B2-B5 rounds
    load_seconds: float  # per wrk run
    memory: tuple[int, int]  # B8: requests before the first and the second reading
    memory_seconds: tuple[int, int]  # B8: at most this long for each of the two loads
    replies: int  # B7


ROUNDS = {
    "default": Rounds(load=5, load_seconds=4, memory=(1_000, 5_000), memory_seconds=(120, 480), replies=200),
    "small": Rounds(load=3, load_seconds=2, memory=(1_000, 5_000), memory_seconds=(120, 480), replies=60),
}
HEALTHZ_PATH = "/healthz"


def _regular_readers():
    """Active readers with a verified address and a published comment: their replies publish at once."""
    return User.objects.filter(
        Exists(EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)),
        Exists(Comment.objects.filter(author=OuterRef("pk"), status=Comment.Status.PUBLISHED)),
        is_active=True,
        is_staff=False,
        is_superuser=False,
    ).order_by("pk")


@dataclass
class Context:
    scale: str
    rounds: Rounds
    server_pin: list[str]
    load_pin: list[str]
    env: dict[str, str]
    client: Client = field(default_factory=Client)

    def __post_init__(self):
        published = Post.objects.published()
        no_comments = ~Exists(Comment.objects.filter(post=OuterRef("pk")))
        self.empty = published.filter(no_comments, comment_count=0).order_by("pk").first()
        self.big = published.filter(comment_count=2_500).order_by("pk").first()
        self.big_2000 = published.filter(comment_count=2_000).order_by("pk").first()
        self.small = published.filter(comment_count=10).order_by("pk").first()
        missing = [name for name in ("empty", "big", "big_2000", "small") if getattr(self, name) is None]
        if missing:
            raise RuntimeError(f"bench_data left no post for {', '.join(missing)}")
        self.big_url = self.big.get_absolute_url()
        page_one = list(
            Comment.objects.filter(post=self.big)
            .tops()
            .order_by("path")[: settings.COMMENTS_THREADS_PER_PAGE]
        )
        # B3 changes, and B7 replies into, the first page's biggest thread.
        self.thread = max(page_one, key=lambda top: (top.reply_count, -top.pk))
        self.participant, self.reader, self.third_reader = _readers(self, {top.path for top in page_one})

    def server(self, **env: str) -> Server:
        return Server(env={**self.env, **env}, pin=self.server_pin)

    def load(
        self,
        server: Server,
        path: str,
        *,
        cookie: str = "",
        connections: int = 4,
        headers: dict | None = None,
    ) -> Load:
        return wrk(
            server.url(path),
            pin=self.load_pin,
            seconds=self.rounds.load_seconds,
            cookie=cookie,
            headers=headers,
            connections=connections,
        )


def _readers(ctx: Context, top_paths: set[str]) -> tuple[User, User, User]:
    """Three signed-in readers: a participant, who wrote in exactly one of the 2,500-comment post's first
    page threads (that thread holds their own links, so it is rendered for them on every request, as
    for anyone taking part in a discussion); a reader who wrote nothing in the measured posts; another."""
    threads = collections.defaultdict(set)
    wrote = set()
    measured = [ctx.empty, ctx.small, ctx.big, ctx.big_2000]
    rows = Comment.objects.filter(post__in=measured, author__isnull=False).values_list(
        "post_id", "author_id", "path"
    )
    for post_id, author_id, path in rows:
        wrote.add(author_id)
        if post_id == ctx.big.pk and path[:PATH_STEP] in top_paths:
            threads[author_id].add(path[:PATH_STEP])
    readers = list(_regular_readers()[:1000])
    participant = min(readers, key=lambda user: (len(threads[user.pk]) != 1, len(threads[user.pk]), user.pk))
    others = [user for user in readers if user.pk not in wrote]
    if len(others) < 2:
        raise RuntimeError("bench_data left too few verified readers who wrote nothing in the measured posts")
    return participant, others[0], others[1]


def session_cookie(user: User) -> str:
    """A Cookie header value for a fresh session of `user`, as after signing in."""
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def clear_caches() -> None:
    """Empty every configured cache in this process and the shared ones: a superset of what a real change
    empties (a post's kept page parts, a thread's rendering)."""
    for each in caches.all():
        each.clear()


TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")


def _page_queries(client: Client, url: str) -> dict:
    """The statements one GET of `url` sends: queries to the application's tables (what the tests pin,
    whose cache is in memory) apart from those to the database cache table and transaction control."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}")
    statements = [q["sql"] for q in queries.captured_queries]
    cache_table = sum("forum_cache" in sql for sql in statements)
    control = sum(sql.lstrip().upper().startswith(TRANSACTION_CONTROL) for sql in statements)
    return {
        "queries": len(statements) - cache_table - control,
        "cache_table": cache_table,
        "transaction_control": control,
        # (seconds, statement): where the time goes, and what a changed count consists of
        "sql": [(q["time"], q["sql"][:200]) for q in queries.captured_queries],
    }


def _cold_and_warm(client: Client, url: str) -> dict:
    clear_caches()
    return {"cold": _page_queries(client, url), "warm": _page_queries(client, url)}


def _pair(runs: dict, figure: str = "queries") -> tuple[int, int]:
    return runs["cold"][figure], runs["warm"][figure]


def b1_queries(ctx: Context) -> Result:
    result = Result(
        "B1",
        "queries for the first page of a 2,500- (and 10-) and a 0-comment post; signed out, in; cold, warm",
        "constant in the comment count",
    )
    clients = {"signed_out": Client(), "signed_in": Client(), "participant": Client()}
    clients["signed_in"].force_login(ctx.reader)
    clients["participant"].force_login(ctx.participant)
    counts: dict = {}
    for reader in ("signed_out", "signed_in"):
        client = clients[reader]
        client.get("/")  # what each process fills once and no change empties (content types, the site)
        for label, post in (("0", ctx.empty), ("10", ctx.small), ("2500", ctx.big)):
            counts[f"{reader}_{label}"] = _cold_and_warm(client, post.get_absolute_url())
    # The reader who wrote in one of the page's threads: that thread is read and rendered for them.
    clients["participant"].get("/")
    counts["participant_2500"] = _cold_and_warm(clients["participant"], ctx.big_url)
    result.figures = counts
    constant = all(
        _pair(counts[f"{reader}_10"], figure) == _pair(counts[f"{reader}_2500"], figure)
        and all(
            a <= b
            for a, b in zip(
                _pair(counts[f"{reader}_0"], figure), _pair(counts[f"{reader}_2500"], figure), strict=True
            )
        )
        for reader in ("signed_out", "signed_in")
        for figure in ("queries", "cache_table")
    )

    def shown(key: str) -> str:
        return "/".join(map(str, _pair(counts[key])))

    cache_table = [max(runs[state]["cache_table"] for runs in counts.values()) for state in ("cold", "warm")]
    result.value = (
        f"cold/warm: signed out {shown('signed_out_2500')}, signed in {shown('signed_in_2500')}; "
        f"0 comments {shown('signed_out_0')}, {shown('signed_in_0')}; "
        f"writer in a page thread {shown('participant_2500')}; "
        f"cache table ≤ {cache_table[0]}/{cache_table[1]}"
    )
    if not constant:
        result.value += f"; 10 comments {shown('signed_out_10')}, {shown('signed_in_10')}"
    return result.judge(constant)


class ThreadChanges:
    """Raise one thread's version every `interval` seconds from a background thread while in the block,
    as every write to the thread does (comments.services.thread_changed: a reply calls it, and the
    post's comment count it also moves is read by every request anyway)."""

    def __init__(self, top: Comment, interval: float):
        self.top, self.interval = top, interval
        self.count = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        try:
            while not self._stop.is_set():
                thread_changed(comment=self.top)
                self.count += 1
                self._stop.wait(self.interval)
        finally:
            connection.close()  # this thread's own connection

    def __enter__(self) -> "ThreadChanges":
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        self._thread.join()


def _ceiling(ratio: float) -> str:
    return f"1/{1 / ratio:.1f}"


def b2_b5_load(ctx: Context) -> list[Result]:
    b2 = Result("B2", "first page of the 2,500-comment post, signed out, warm ÷ hello-world (req/s)", "≥ 1/4")
    b3 = Result("B3", "the same just after a new comment in one of its threads ÷ hello-world", "≥ 1/10")
    b4 = Result("B4", "the same first page for a signed-in reader ÷ hello-world", "≥ 1/10")
    b5 = Result("B5", "?all=1 of the 2,500-comment post, warm: median latency ÷ /healthz", "≤ 12×")
    cookie = session_cookie(ctx.participant)
    page, every = ctx.big_url, f"{ctx.big_url}?all=1"
    changes: list[tuple[int, int]] = []  # (changes made, page requests served) per B3 run
    last_rps = {"page": 0.0}
    with ctx.server() as server:
        # The exact bytes of each page, stored for bench_cached: the ceiling beside its figure.
        for name, path, reader_cookie in (("page", page, ""), ("reader", page, cookie), ("all", every, "")):
            server.get(path, cookie=reader_cookie)  # a worker imports and compiles lazily
            cache.set(BENCH_CACHED_PREFIX + name, server.get(path, cookie=reader_cookie), None)
        sizes = {name: len(cache.get(BENCH_CACHED_PREFIX + name)) for name in ("page", "reader", "all")}

        def rps(path: str, reader_cookie: str = "") -> float:
            return ctx.load(server, path, cookie=reader_cookie).rps

        def latency(path: str) -> float:
            return ctx.load(server, path, connections=1).latency_ms["p50"]

        def warm_page() -> float:
            last_rps["page"] = rps(page)
            return last_rps["page"]

        def changed_page() -> float:
            # Changes at 1.5 times the rate the unchanged page was just served at, so nearly every request
            # finds the thread changed since its worker last rendered it.
            interval = 1 / (1.5 * max(last_rps["page"], 10))
            with ThreadChanges(ctx.thread, interval) as changer:
                load = ctx.load(server, page)
            changes.append((changer.count, load.requests))
            return load.rps

        samples = interleaved(
            {
                "hello": lambda: rps(HELLO_PATH),
                "page": warm_page,
                "page_cached": lambda: rps("/bench/cached/page/"),
                "page_changed": changed_page,
                "reader": lambda: rps(page, cookie),
                "reader_cached": lambda: rps("/bench/cached/reader/", cookie),
                "healthz_ms": lambda: latency(HEALTHZ_PATH),
                "all_ms": lambda: latency(every),
                "all_cached_ms": lambda: latency("/bench/cached/all/"),
            },
            rounds=ctx.rounds.load,
            warmup=1,
        )
    common = {
        "samples": samples,
        "hello_rps_median": median(samples["hello"]),
        "page_bytes": sizes,
        "rounds": ctx.rounds.load,
    }
    for result, name, target in ((b2, "page", 1 / 4), (b3, "page_changed", 1 / 10), (b4, "reader", 1 / 10)):
        ratio = median_ratio(samples[name], samples["hello"])
        ceiling_name = "reader_cached" if name == "reader" else "page_cached"
        ceiling = median_ratio(samples[ceiling_name], samples["hello"])
        result.figures = common | {
            "ratio": ratio,
            "rps_median": median(samples[name]),
            "from_cache_ratio": ceiling,
            "from_cache_rps_median": median(samples[ceiling_name]),
        }
        result.value = (
            f"1/{1 / ratio:.1f} ({median(samples[name]):.0f} vs {median(samples['hello']):.0f} req/s); "
            f"from the cache: {_ceiling(ceiling)}"
        )
        result.judge(ratio >= target)
    measured = changes[1:]  # the warm-up round's run is dropped, as its load is
    per_request = median([made / max(served, 1) for made, served in measured])
    b3.figures |= {"changes_and_requests": measured, "changes_per_request_median": per_request}
    b3.value = b3.value.replace(" req/s)", f" req/s, {per_request:.1f} changes a request)", 1) + " (B2's)"
    b3.judge(b3.status == "met" and per_request >= 1)
    ratio = median_ratio(samples["all_ms"], samples["healthz_ms"])
    ceiling = median_ratio(samples["all_cached_ms"], samples["healthz_ms"])
    b5.figures = common | {
        "ratio": ratio,
        "all_ms_median": median(samples["all_ms"]),
        "healthz_ms_median": median(samples["healthz_ms"]),
        "from_cache_ratio": ceiling,
    }
    b5.value = (
        f"{ratio:.1f}× ({median(samples['all_ms']):.1f} vs {median(samples['healthz_ms']):.2f} ms, "
        f"{sizes['all'] / 1e6:.1f} MB); from the cache: {ceiling:.1f}×"
    )
    b5.judge(ratio <= 12)
    return [b2, b3, b4, b5]


PAGE_LIMIT = 250_000  # bytes


def b6_size(ctx: Context) -> Result:
    result = Result("B6", "HTML of the first page of the 2,500-comment post", "≤ 250 KB")
    signed_in = Client()
    signed_in.force_login(ctx.participant)
    sizes = {}
    for name, client in (("signed_out", ctx.client), ("signed_in", signed_in)):
        response = client.get(ctx.big_url)
        if response.status_code != 200:
            raise RuntimeError(f"GET {ctx.big_url} answered {response.status_code}")
        sizes[name] = len(response.content)
        sizes[f"{name}_comments"] = response.content.count(b'<article class="comment')
    result.figures = sizes
    result.value = (
        f"{sizes['signed_out'] / 1000:.0f} KB signed out, {sizes['signed_in'] / 1000:.0f} KB signed in "
        f"({sizes['signed_out_comments']} comments)"
    )
    return result.judge(max(sizes["signed_out"], sizes["signed_in"]) <= PAGE_LIMIT)


WRITE_VERBS = ("INSERT", "UPDATE", "DELETE")
# Floor rows are top-level threads numbered down from the last step, clear of the generated ones.
LAST_STEP = len(PATH_ALPHABET) ** PATH_STEP - 1
REPLY = (
    "I had nearly the same thing happen at my last job, and what worked was asking my manager for a "
    "short meeting and saying plainly what I needed. It felt *awkward* for a day and then it was fine."
)


def _writes(queries) -> tuple[list[str], list[str]]:
    """(writes to the application's tables, housekeeping writes: the database cache table, and the
    purge of ended rate-limit windows that one attempt in forum.ratelimit.PURGE_ONE_IN runs)."""
    writes = [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().upper().startswith(WRITE_VERBS)]
    housekeeping = [
        sql
        for sql in writes
        if "forum_cache" in sql or sql.lstrip().upper().startswith('DELETE FROM "FORUM_RATECOUNTER"')
    ]
    return [sql[:120] for sql in writes if sql not in housekeeping], [sql[:120] for sql in housekeeping]


def _client_ip(number: int) -> str:
    """A different reader's address for each reply, as many readers replying carry."""
    return f"10.{number >> 16 & 255}.{number >> 8 & 255}.{number & 255}"


def b7_reply(ctx: Context) -> Result:
    result = Result(
        "B7",
        "a reply into a 2,500-comment discussion through comment_create",
        "≤ 10 ms median, constant rows written",
    )
    # Regular commenters, each once and from an address of their own, so no rate limit applies: their
    # replies are published straight away, the common case. The signed-in form's defaults: a fresh
    # submit token, replies to the comment mailed to its author.
    readers = {ctx.participant.pk, ctx.reader.pk, ctx.third_reader.pk}
    authors = iter([user for user in _regular_readers() if user.pk not in readers][: ctx.rounds.replies + 20])
    published = Comment.objects.filter(status=Comment.Status.PUBLISHED, depth__lt=12)
    top = ctx.thread
    parents = list(published.filter(post=ctx.big, path__startswith=top.path).order_by("?")[:50])
    counter = itertools.count(1)

    def reply(post: Post, parent: Comment) -> Comment:
        number = next(counter)
        return comment_create(
            post=post,
            author=next(authors),
            parent=parent,
            body=f"{REPLY} ({number})",
            ip_address=_client_ip(number),
            submit_token=new_submit_token(),
            notify_replies=True,
        )

    writes, housekeeping, statements = {}, {}, {}
    for label, post, parent in (
        ("10", ctx.small, published.filter(post=ctx.small).order_by("path").first()),
        ("2500", ctx.big, top),
    ):
        reply(post, parent)  # the first write after start-up fills caches; count a typical one
        with CaptureQueriesContext(connection) as queries:
            comment = reply(post, parent)
        writes[label], housekeeping[label] = _writes(queries)
        statements[label] = [(q["time"], q["sql"][:160]) for q in queries.captured_queries]
        if comment.status != Comment.Status.PUBLISHED:
            raise RuntimeError(f"the bench reply was {comment.status}, not published")

    def app() -> float:
        parent = parents[next(counter) % len(parents)]
        return timed(lambda: reply(ctx.big, parent))

    floor_pks = []

    def floor() -> float:
        # The least a reply can cost through the ORM: one row in, the post's count up, one commit.
        number = next(counter)

        def write():
            with transaction.atomic():
                row = Comment.objects.create(
                    post=ctx.big,
                    path=encode_step(LAST_STEP - number),
                    author_name="Bench",
                    body=REPLY,
                    body_html=f"<p>{REPLY}</p>",
                    status=Comment.Status.PUBLISHED,
                )
                Post.objects.filter(pk=ctx.big.pk).update(comment_count=F("comment_count") + 1)
            floor_pks.append(row.pk)

        return timed(write)

    try:
        samples = interleaved({"app": app, "floor": floor}, rounds=ctx.rounds.replies, warmup=3)
    finally:  # the floor's rows are no part of the discussion the next measures read
        Comment.objects.filter(pk__in=floor_pks).delete()
        Post.objects.filter(pk=ctx.big.pk).update(comment_count=F("comment_count") - len(floor_pks))
    app_ms = median(samples["app"]) * 1000
    ratio = median_ratio(samples["app"], samples["floor"])
    constant = len(writes["10"]) == len(writes["2500"])
    result.figures = {
        "median_ms": app_ms,
        "p95_ms": percentile(samples["app"], 95) * 1000,
        "floor_median_ms": median(samples["floor"]) * 1000,
        "ratio_to_floor": ratio,
        "replies": ctx.rounds.replies,
        "thread": {"top": top.pk, "replies_before": top.reply_count},
        "writes_10_comment_post": writes["10"],
        "writes_2500_comment_post": writes["2500"],
        "housekeeping_writes": housekeeping,
        "statements": statements,
        "samples_ms": {name: [v * 1000 for v in values] for name, values in samples.items()},
    }
    rows = f"{len(writes['2500'])} rows" if constant else f"{len(writes['10'])} vs {len(writes['2500'])} rows"
    result.value = f"{app_ms:.1f} ms, {rows} ({ratio:.1f}× one ORM insert and count update)"
    return result.judge(app_ms <= 10 and constant)


def mixed_plan(ctx: Context) -> list[tuple[str, str]]:
    """(path, cookie) requests, taken in turn: signed-out and signed-in readers, first and later pages,
    other orders, a thread on its own, every comment at once, other posts and the home page."""
    out = ""
    one, two, three = (session_cookie(user) for user in (ctx.participant, ctx.reader, ctx.third_reader))
    big = ctx.big_url
    return [
        (big, out),
        (big, one),
        (f"{big}?cpage=2", out),
        (f"{big}?sort=newest", two),
        (f"{big}?sort=replies", out),
        (ctx.big_2000.get_absolute_url(), three),
        (f"{big}?thread={ctx.thread.pk}", out),
        (f"{big}?cpage=3", one),
        (ctx.small.get_absolute_url(), out),
        (f"{big}?all=1", out),
        ("/", two),
        (ctx.empty.get_absolute_url(), out),
        (big, three),
        ("/", out),
    ]


def b8_memory(ctx: Context) -> Result:
    first, second = ctx.rounds.memory
    result = Result(
        "B8", f"worker RSS after {second:,} mixed requests; growth from {first:,}", "≤ 150 MiB; ≤ 5%"
    )
    caps = ctx.rounds.memory_seconds
    plan = mixed_plan(ctx)
    with ctx.server() as server:
        server.get(HELLO_PATH)
        idle = {pid: rss_kib(pid) for pid in server.worker_pids()}
        url = server.url("/")
        done = wrk(url, pin=ctx.load_pin, plan=plan, limit=first, seconds=caps[0]).requests
        after_first = {pid: rss_kib(pid) for pid in server.worker_pids()}
        reached_first = done
        done += wrk(url, pin=ctx.load_pin, plan=plan, limit=second - done, seconds=caps[1]).requests
        after_second = {pid: rss_kib(pid) for pid in server.worker_pids()}
    if set(after_second) != set(idle):
        raise RuntimeError("a gunicorn worker was replaced during the run")
    peak_mib = max(after_second.values()) / 1024
    growth = max(after_second[pid] / after_first[pid] - 1 for pid in after_second)
    result.figures = {
        "requests": {"first": reached_first, "total": done, "planned": [first, second], "time_caps_s": caps},
        "plan": [(path, "signed in" if cookie else "signed out") for path, cookie in plan],
        "rss_kib_idle": idle,
        "rss_kib_first": after_first,
        "rss_kib_total": after_second,
        "peak_mib": peak_mib,
        "growth": growth,
    }
    result.value = f"{peak_mib:.0f} MiB; {growth * 100:+.1f}% (idle {max(idle.values()) / 1024:.0f} MiB)"
    complete = reached_first >= first and done >= second
    if not complete:
        # Too slow to reach the planned counts within the time caps: the target is not shown to be met.
        result.value += f"; only {reached_first:,}/{done:,} of {first:,}/{second:,} requests in {sum(caps)} s"
    return result.judge(complete and peak_mib <= 150 and growth <= 0.05)


SEARCH_QUERIES = 200
SEARCH_PAGE = 20  # one page of results, as the search view shows


def _spread(rows, column: str, count: int) -> list[str]:
    """`column` of about `count` rows with ids spread evenly from the first to the last."""
    bounds = rows.aggregate(low=Min("pk"), high=Max("pk"))
    if bounds["low"] is None:
        return []
    step = max(1, (bounds["high"] - bounds["low"]) // count)
    ids = range(bounds["low"], bounds["high"] + 1, step)
    return list(rows.filter(pk__in=list(ids)).order_by("pk").values_list(column, flat=True)[:count])


def search_terms(count: int = SEARCH_QUERIES, *, seed: int = 9) -> list[tuple[str, str]]:
    """(band, word) pairs: a third each rare, middling and common words of the generated text.

    Document frequency is taken over a sample of posts and comments; only words PostgreSQL's english
    configuration keeps (a stop word would make the full-text query match nothing, which is no test).
    The sample is rows spread evenly over the ids, so every run on the same data asks the same words.
    """
    rng = random.Random(seed)
    texts = _spread(Post.objects.all(), "answer", 400) + _spread(Comment.objects.all(), "body", 1600)
    frequency: collections.Counter = collections.Counter()
    for text in texts:
        frequency.update(set(re.findall(r"[a-z]{4,}", text.lower())))
    words = [word for word, _ in frequency.most_common()]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT w FROM unnest(%s::text[]) AS w WHERE to_tsvector('english', w) <> ''::tsvector", [words]
        )
        kept = {row[0] for row in cursor.fetchall()}
    words = [word for word in words if word in kept]
    third = max(1, len(words) // 3)
    bands = {"common": words[:third], "middling": words[third : 2 * third], "rare": words[2 * third :]}
    terms = []
    for index in range(count):
        band = ("rare", "middling", "common")[index % 3]
        terms.append((band, rng.choice(bands[band] or words)))
    rng.shuffle(terms)
    return terms


def t6_search(ctx: Context) -> Result:
    result = Result(
        "T6", f"search p95 over posts; with comments ({SEARCH_QUERIES} queries, one page each)",
        "≤ 50 ms; ≤ 120 ms",
    )  # fmt: skip
    terms = search_terms()
    variants = {
        "posts": lambda word: list(search_posts(query=word, sort="relevance")[:SEARCH_PAGE]),
        "comments": lambda word: list(search_comments(query=word)[:SEARCH_PAGE]),
    }
    for run in variants.values():
        run(terms[0][1])  # warm-up: plans and connections
    samples: dict[str, list[float]] = {name: [] for name in [*variants, "hello"]}
    found: dict[str, list[int]] = {name: [] for name in variants}
    for _band, word in terms:
        for name, run in variants.items():
            started = time.perf_counter()
            rows = run(word)
            samples[name].append(time.perf_counter() - started)
            found[name].append(len(rows))
        samples["hello"].append(timed(lambda: ctx.client.get(HELLO_PATH)))
    p95 = {name: percentile(values, 95) * 1000 for name, values in samples.items()}
    p50 = {name: median(values) * 1000 for name, values in samples.items()}
    by_band = {
        band: {
            name: percentile([v for (b, _), v in zip(terms, samples[name], strict=True) if b == band], 95)
            * 1000
            for name in variants
        }
        for band in ("rare", "middling", "common")
    }
    result.figures = {
        "p50_ms": p50,
        "p95_ms": p95,
        "p95_ms_by_band": by_band,
        "terms": terms,
        "results_found_median": {name: median(counts) for name, counts in found.items()},
        "samples_ms": {name: [v * 1000 for v in values] for name, values in samples.items()},
    }
    result.value = (
        f"{p95['posts']:.1f} ms; {p95['comments']:.1f} ms (p50 {p50['posts']:.1f}; {p50['comments']:.1f}; "
        f"hello-world p95 {p95['hello']:.1f} ms)"
    )
    return result.judge(p95["posts"] <= 50 and p95["comments"] <= 120)


# In table order; a function may return several rows. B7 writes replies into the 2,500-comment post, so
# it runs after the measures that read it as generated; B8 reads it after them.
def b9_news(ctx: Context) -> Result:
    """Issue 24: the live-news endpoint a reader's open discussion polls, nothing new (304), signed out
    and signed in, against hello-world."""
    b9 = Result("B9", "live news of the 2,500-comment post, nothing new (304) ÷ hello-world (req/s)", "≥ 1/2")
    version = Post.objects.values_list("discussion_version", flat=True).get(pk=ctx.big.pk)
    path = f"/comments/post/{ctx.big.pk}/news/?since={int(time.time() * 1000)}"
    unchanged = {"If-None-Match": f'"{version}"'}
    cookie = session_cookie(ctx.participant)
    with ctx.server() as server:
        status = server.status(path, headers=unchanged)
        if status != 304:
            raise RuntimeError(f"{path} answered {status}, not 304, to its own version")
        samples = interleaved(
            {
                "hello": lambda: ctx.load(server, HELLO_PATH).rps,
                # The ceiling for any answer that reads the database: /healthz asks it for one row.
                "one_query": lambda: ctx.load(server, "/healthz").rps,
                "news": lambda: ctx.load(server, path, headers=unchanged).rps,
                "news_signed_in": lambda: ctx.load(server, path, cookie=cookie, headers=unchanged).rps,
            },
            rounds=ctx.rounds.load,
            warmup=1,
        )
    ratio = median_ratio(samples["news"], samples["hello"])
    signed_in = median_ratio(samples["news_signed_in"], samples["hello"])
    ceiling = median_ratio(samples["one_query"], samples["hello"])
    b9.figures = {
        "samples": samples,
        "ratio": ratio,
        "signed_in_ratio": signed_in,
        "one_query_ceiling": ceiling,
    }
    b9.value = (
        f"1/{1 / ratio:.1f} ({median(samples['news']):.0f} vs {median(samples['hello']):.0f} req/s); "
        f"signed in 1/{1 / signed_in:.1f}; ceiling, one query (/healthz): 1/{1 / ceiling:.1f}"
    )
    b9.judge(min(ratio, signed_in) >= 1 / 2)
    return b9


MEASURES = [
    b1_queries,
    b2_b5_load,
    b6_size,
    b7_reply,
    b8_memory,
    b9_news,
    t6_search,
]
