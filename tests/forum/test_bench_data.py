import random
from collections import Counter, defaultdict
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.http import Http404
from django.test import Client

from accounts.models import User
from bench.harness import interleaved, median_ratio, parse_wrk
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
    response = Client().get(post.get_absolute_url())
    assert response.status_code == 200
    assert response.content.count(b'<article class="comment') == 160


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


def test_bytes_view_answers_with_as_many_bytes_as_asked_up_to_a_limit(rf):
    from forum.views import BENCH_BYTES_MAX, bench_bytes

    assert len(bench_bytes(rf.get("/"), size=1_886_789).content) == 1_886_789
    assert len(bench_bytes(rf.get("/"), size=10**12).content) == BENCH_BYTES_MAX


def test_thread_floor_view_joins_the_stored_html_in_thread_order(bench_data, rf):
    from forum.views import bench_thread_floor

    post = Post.objects.filter(comment_count=160).get()
    hidden = Comment.objects.filter(post=post).order_by("path")[5]
    Comment.objects.filter(pk=hidden.pk).update(
        status=Comment.Status.HIDDEN, body_html="<p>not for readers</p>"
    )
    shown = Comment.objects.filter(post=post, status=Comment.Status.PUBLISHED).order_by("path")
    expected = "".join(shown.values_list("body_html", flat=True))
    response = bench_thread_floor(rf.get("/"), post_id=post.pk)
    assert response.status_code == 200
    assert response.content.decode() == expected and len(expected) > 399 * 50
    assert "not for readers" not in expected
    assert bench_thread_floor(rf.post("/"), post_id=post.pk).status_code == 405
    Post.objects.filter(pk=post.pk).update(status=Post.Status.DRAFT)
    with pytest.raises(Http404):
        bench_thread_floor(rf.get("/"), post_id=post.pk)


def test_bench_endpoints_fail_the_deploy_check(settings):
    from forum.checks import check_bench_endpoints

    assert check_bench_endpoints(None) == []
    settings.BENCH_ENDPOINTS = True
    assert [warning.id for warning in check_bench_endpoints(None)] == ["forum.W001"]
