"""`make bench`: build the data, run B1-B8 and T6 against PostgreSQL with DEBUG off, print one table,
and write bench/results/latest.json. Run it as `python -m bench.run --scale small|default` inside
scripts/with-postgres.sh (the Makefile does both)."""

import argparse
import json
import os
import platform
import subprocess
import sys
import time
import traceback
from datetime import UTC, datetime

from bench.harness import ROOT, Result, cpu_plan

# Production-like settings for this process and the gunicorn servers it starts: DEBUG off, plain HTTP
# on loopback, mail kept in memory, tasks queued in the database as in production.
BENCH_ENV = {
    "DJANGO_SETTINGS_MODULE": "forum.settings",
    "DEBUG": "0",
    "SECRET_KEY": "bench-only-" + os.urandom(16).hex(),
    "ALLOWED_HOSTS": "localhost,127.0.0.1,testserver",
    "SECURE_SSL_REDIRECT": "0",
    "SECURE_HSTS_SECONDS": "0",
    "SESSION_COOKIE_SECURE": "0",
    "CSRF_COOKIE_SECURE": "0",
    "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    "TASKS_BACKEND": "database",
    "BENCH_ENDPOINTS": "1",
    "LOG_LEVEL": "WARNING",
}
RESULTS = ROOT / "bench" / "results" / "latest.json"


def git(*args: str) -> str:
    finished = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
    return finished.stdout.strip() if finished.returncode == 0 else "unknown"


def create_database() -> None:
    """with-postgres.sh starts an empty cluster; make the database DATABASE_URL names."""
    import psycopg
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    url = os.environ["DATABASE_URL"]
    name = conninfo_to_dict(url)["dbname"]
    with psycopg.connect(make_conninfo(url, dbname="postgres"), autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')


def prepare(scale: str) -> dict:
    """Migrate, collect static files (DEBUG off serves hashed names), make the cache table, fill the data."""
    from django.core.management import call_command

    steps = {}
    for name, args, options in (
        ("migrate", ["migrate"], {"interactive": False, "verbosity": 0}),
        ("collectstatic", ["collectstatic"], {"interactive": False, "verbosity": 0}),
        ("createcachetable", ["createcachetable"], {"verbosity": 0}),
        ("bench_data", ["bench_data", "--scale", scale], {}),
    ):
        started = time.perf_counter()
        call_command(*args, **options)
        steps[name] = round(time.perf_counter() - started, 1)
    return steps


def data_summary() -> dict:
    from django.db.models import Count, Max

    from comments.models import Comment
    from posts.models import Post

    sizes = Post.objects.filter(comment_count__in=[0, 10, 2_000, 2_500]).values("comment_count")
    return {
        "posts": Post.objects.count(),
        "comments": Comment.objects.count(),
        "max_depth": Comment.objects.aggregate(depth=Max("depth"))["depth"],
        "posts_by_comment_count": {row["comment_count"]: row["n"] for row in sizes.annotate(n=Count("pk"))},
    }


def versions() -> dict:
    import django
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    return {"python": platform.python_version(), "django": django.get_version(), "postgresql": postgres}


def print_table(results: list[Result]) -> None:
    rows = [("#", "measure", "value", "target", "result")]
    rows += [(r.key, r.measure, r.value, r.target, r.status) for r in results]
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    line = "-+-".join("-" * width for width in widths)
    print(line)
    for index, row in enumerate(rows):
        print(" | ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
        if index == 0:
            print(line)
    print(line)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--scale", choices=["small", "default"], default=os.environ.get("BENCH_SCALE") or "default"
    )
    parser.add_argument("--only", default="", help="comma-separated measures to run, e.g. b6_size,b9_news")
    arguments = parser.parse_args()
    scale = arguments.scale
    os.environ.update(BENCH_ENV)
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("make bench measures PostgreSQL: run it through scripts/with-postgres.sh", file=sys.stderr)
        return 2
    create_database()
    import django

    django.setup()
    from bench.measures import MEASURES, ROUNDS, Context

    started = time.perf_counter()
    server_pin, load_pin, pinning = cpu_plan()
    print(f"bench: scale {scale}; {pinning}", flush=True)
    steps = prepare(scale)
    data = data_summary()
    context = Context(
        scale=scale, rounds=ROUNDS[scale], server_pin=server_pin, load_pin=load_pin, env=BENCH_ENV
    )
    results: list[Result] = []
    only = set(filter(None, arguments.only.split(",")))
    for measure in [measure for measure in MEASURES if not only or measure.__name__ in only]:
        print(f"bench: {measure.__name__}", flush=True)
        measure_started = time.perf_counter()
        try:
            outcome = measure(context)
        except Exception as error:  # one broken measure must not hide the others
            traceback.print_exc()
            key = measure.__name__.split("_")[0].upper()
            outcome = Result(
                key, measure.__name__, "", value=f"{type(error).__name__}: {error}"[:80], status="error"
            )
        for result in outcome if isinstance(outcome, list) else [outcome]:
            result.figures["seconds"] = round(time.perf_counter() - measure_started, 1)
            results.append(result)

    report = {
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "scale": scale,
        "seconds": round(time.perf_counter() - started, 1),
        "versions": versions(),
        "git": {
            "commit": git("rev-parse", "HEAD"),
            "dirty": bool(git("status", "--porcelain", "--untracked-files=no")),
        },
        "machine": {"cpus": os.cpu_count(), "pinning": pinning, "platform": platform.platform()},
        "data": data,
        "setup_seconds": steps,
        "results": [
            {
                "key": r.key,
                "measure": r.measure,
                "value": r.value,
                "target": r.target,
                "status": r.status,
                "figures": r.figures,
            }
            for r in results
        ],
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2, default=str) + "\n")
    print(
        f"\nReaders Write benchmarks — scale {scale}, commit {report['git']['commit'][:10]}"
        f"{' (uncommitted changes)' if report['git']['dirty'] else ''}, "
        f"Python {report['versions']['python']}, Django {report['versions']['django']}, "
        f"PostgreSQL {report['versions']['postgresql']}, {report['seconds']:.0f} s"
    )
    print_table(results)
    print(f"Every figure and its samples: {RESULTS.relative_to(ROOT)}")
    return 1 if any(r.status == "error" for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
