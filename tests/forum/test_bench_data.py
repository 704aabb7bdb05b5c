import random
from collections import Counter, defaultdict
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.http import Http404
from django.test import Client

from accounts.models import User
from bench.harness import interleaved, median_ratio, parse_wrk, wrk_script
from comments.models import PATH_ALPHABET, PATH_STEP, Comment, decode_step
from forum.management.commands.bench_data import MAX_DEPTH, spread, thread_shape
from forum.markup import render_comment_markdown, render_markdown
from posts.models import Post
from tests.factories import PostFactory


@pytest.fixture
def bench_data(db):
    # The small scale's text pools (1,000 bodies), with a few hundred comments drawn from them.
    call_command(
        "bench_data",
        scale="small",
        posts=30,
        comments=600,
        users=10,
        big=["2:120", "1:160"],
        seed=7,
        stdout=StringIO(),
    )


def test_bench_data_makes_the_asked_for_amounts(bench_data):
    assert Post.objects.count() == 30
    assert Comment.objects.count() == 600
    assert User.objects.filter(username__startswith="bench").count() == 10
    sizes = Counter(Post.objects.values_list("comment_count", flat=True))
    assert sizes[120] == 2
    assert sizes[160] == 1
    assert sizes[0] >= 1
    assert sizes[10] >= 1
    assert max(c for c in sizes if c not in (120, 160)) < 120


def test_bench_data_comment_count_is_the_published_comments(bench_data):
    published = Counter(
        Comment.objects.filter(status=Comment.Status.PUBLISHED).values_list("post_id", flat=True)
    )
    for pk, count in Post.objects.values_list("pk", "comment_count"):
        assert count == published.get(pk, 0)


def test_bench_data_paths_depths_and_parents_agree(bench_data):
    rows = {
        row["pk"]: row
        for row in Comment.objects.values("pk", "post_id", "parent_id", "path", "depth", "created_at")
    }
    children = defaultdict(list)
    for row in rows.values():
        path, depth = row["path"], row["depth"]
        assert len(path) == (depth + 1) * PATH_STEP
        assert set(path) <= set(PATH_ALPHABET)
        assert 0 <= depth <= MAX_DEPTH
        if row["parent_id"] is None:
            assert depth == 0
        else:
            parent = rows[row["parent_id"]]
            assert parent["post_id"] == row["post_id"]
            assert depth == parent["depth"] + 1
            assert path[:-PATH_STEP] == parent["path"]
            assert row["created_at"] > parent["created_at"]
        children[(row["post_id"], row["parent_id"])].append(decode_step(path[-PATH_STEP:]))
    # Siblings are numbered 1, 2, 3 ... with no gaps, as comments.services would have numbered them.
    for steps in children.values():
        assert sorted(steps) == list(range(1, len(steps) + 1))


def test_bench_data_passes_the_thread_checker(bench_data):
    out = StringIO()
    call_command("check_threads", stdout=out)  # raises CommandError on any problem
    assert "600 comments on 30 posts, no problems" in out.getvalue()


def test_bench_data_big_threads_are_deep_and_fully_published(bench_data):
    for post in Post.objects.filter(comment_count__in=[120, 160]):
        comments = Comment.objects.filter(post=post)
        assert comments.count() == post.comment_count
        assert not comments.exclude(status=Comment.Status.PUBLISHED).exists()
        assert max(comments.values_list("depth", flat=True)) >= 6


def test_bench_data_stores_the_html_our_renderers_make(bench_data):
    for body, body_html, status in Comment.objects.values_list("body", "body_html", "status")[:200]:
        if status == Comment.Status.REMOVED:
            assert body == body_html == ""
            continue
        assert body_html == render_comment_markdown(body)
        assert 20 <= len(body.replace(">", "").split()) <= 302  # a link adds "See [this](...)."
    for post in Post.objects.all()[:20]:
        assert post.question_html == render_markdown(post.question)
        assert post.answer_html == render_markdown(post.answer)
        assert post.tags.exists()


def test_bench_data_posts_open_and_show_their_discussion(bench_data):
    post = Post.objects.filter(comment_count=160).get()
    response = Client().get(f"{post.get_absolute_url()}?all=1")
    assert response.status_code == 200
    assert response.content.count(b'<article class="comment') == 160


def test_bench_data_keeps_each_threads_reply_count(bench_data):
    tops = Comment.objects.tops()
    stored = dict(tops.values_list("pk", "reply_count"))
    tops.count_replies()
    assert dict(tops.values_list("pk", "reply_count")) == stored
    assert sum(stored.values()) > 0


def test_bench_data_refuses_a_database_that_has_posts(db):
    PostFactory()
    with pytest.raises(CommandError, match="empty database"):
        call_command("bench_data", posts=10, comments=10, big=["1:5"], stdout=StringIO())


def test_bench_data_refuses_bad_sizes(db):
    with pytest.raises(CommandError, match="COUNT:SIZE"):
        call_command("bench_data", posts=10, comments=10, big=["many"])
    with pytest.raises(CommandError, match="fixed-size"):
        call_command("bench_data", posts=10, comments=50, big=["1:100"])


def test_spread_is_heavy_tailed_exact_and_capped():
    counts = spread(50_000, 5_000, 900, random.Random(1))
    assert sum(counts) == 50_000
    assert max(counts) <= 900
    ordered = sorted(counts)
    assert ordered[len(ordered) // 2] < 10  # most posts have a few comments
    assert ordered[-1] > 100  # and a few have very many


def test_thread_shape_reaches_the_depth_cap_without_passing_it():
    parents, depths, paths = thread_shape(2_500, random.Random(3))
    assert max(depths) == MAX_DEPTH
    assert len(set(paths)) == 2_500
    for index, parent in enumerate(parents):
        if parent is not None:
            assert parent < index
            assert paths[index].startswith(paths[parent])


def test_interleaved_runs_variants_in_turn_and_ratio_is_per_round():
    order = []
    samples = interleaved(
        {"a": lambda: order.append("a") or 2.0, "b": lambda: order.append("b") or 1.0}, rounds=3, warmup=1
    )
    assert order == ["a", "b"] * 4
    assert samples == {"a": [2.0] * 3, "b": [1.0] * 3}
    assert median_ratio([10, 100, 30], [5, 10, 10]) == 3


WRK_OUTPUT = """Running 2s test @ http://127.0.0.1:8000/bench/hello/
  1 threads and 4 connections
  Latency Distribution
     50%    1.58ms
     75%    2.93ms
     90%    4.99ms
     99%  120.13us
  2061 requests in 2.00s, 544.97KB read
Requests/sec:   1030.12
"""


def test_parse_wrk_reads_rate_and_latency():
    load = parse_wrk(WRK_OUTPUT)
    assert load.requests == 2061
    assert load.rps == pytest.approx(1030.12)
    assert load.latency_ms["p50"] == pytest.approx(1.58)
    assert load.latency_ms["p99"] == pytest.approx(0.12013)


def test_parse_wrk_refuses_error_responses():
    with pytest.raises(RuntimeError, match="errors or redirects"):
        parse_wrk(WRK_OUTPUT + "  Non-2xx or 3xx responses: 12\n")


def test_hello_world_route_is_off_unless_bench_endpoints_is_set(db, client):
    assert client.get("/bench/hello/").status_code == 404


def test_hello_world_view_answers_with_a_tiny_page(rf):
    from forum.views import bench_hello

    response = bench_hello(rf.get("/bench/hello/"))
    assert response.status_code == 200
    assert response.content == b"Hello, world"
    assert bench_hello(rf.post("/bench/hello/")).status_code == 405


def test_cached_view_serves_the_page_the_bench_stored_under_its_name(rf):
    from django.core.cache import cache

    from forum.views import BENCH_CACHED_PREFIX, bench_cached

    page = "<!doctype html><p>Readers Write — a stored page</p>".encode()
    cache.set(BENCH_CACHED_PREFIX + "page", page)
    response = bench_cached(rf.get("/bench/cached/page/"), name="page")
    assert response.status_code == 200
    assert response.content == page
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert bench_cached(rf.post("/bench/cached/page/"), name="page").status_code == 405
    with pytest.raises(Http404):
        bench_cached(rf.get("/bench/cached/other/"), name="other")


def test_cached_route_is_off_unless_bench_endpoints_is_set(db, client):
    from django.core.cache import cache

    from forum.views import BENCH_CACHED_PREFIX

    cache.set(BENCH_CACHED_PREFIX + "page", b"stored")
    assert client.get("/bench/cached/page/").status_code == 404


def test_wrk_script_sends_the_plan_in_turn_with_each_readers_cookie():
    script = wrk_script([("/2024/05/a-post/?cpage=2", ""), ("/", "sessionid=abc123")], None)
    assert '{"/2024/05/a-post/?cpage=2", {["Accept-Encoding"] = "gzip, deflate"}},' in script
    assert '{"/", {["Accept-Encoding"] = "gzip, deflate", ["Cookie"] = "sessionid=abc123"}},' in script
    assert "turn % #requests + 1" in script
    assert "response = function" not in script  # no limit: wrk's own summary counts the errors


def test_wrk_script_stops_after_the_limit_and_on_an_error():
    script = wrk_script(None, 1_000)
    assert "local limit, seen = 1000, 0" in script
    assert "os.exit(3)" in script and "os.exit(0)" in script
    assert "request = function" not in script  # one URL, as wrk's command line gives it


def test_wrk_script_refuses_a_value_that_would_break_out_of_its_string():
    with pytest.raises(ValueError, match="not a plain request value"):
        wrk_script([('/"); os.exit(0) --', "")], None)


def test_bench_endpoints_fail_the_deploy_check(settings):
    from forum.checks import check_bench_endpoints

    assert check_bench_endpoints(None) == []
    settings.BENCH_ENDPOINTS = True
    assert [warning.id for warning in check_bench_endpoints(None)] == ["forum.W001"]
