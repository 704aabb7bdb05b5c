"""Benchmark: import a generated blog export with N comments; report time and peak memory.

    .venv/bin/python bench/import_bench.py --comments 50000 [--format wordpress|blogger]

Writes the export on the fly into a temporary folder, then imports it into a throwaway PostgreSQL
cluster (it re-runs itself under scripts/with-postgres.sh unless DATABASE_URL already points at
PostgreSQL; `--sqlite` uses a temporary SQLite file instead). Peak memory is the process's maximum
resident set size (`resource.getrusage`), which includes Django itself; the limit is 300 MB.
Prints one result line, then the same as JSON. Exits 1 when the peak passes the limit.
"""

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
LIMIT_MB = 300
WORDS = [
    "manager", "coworker", "interview", "salary", "meeting", "email", "reply", "office", "team",
    "deadline", "feedback", "review", "promotion", "resume", "recruiter", "network", "lunch",
    "holiday", "schedule", "project", "client", "boundary", "etiquette", "café", "naïve",
]  # fmt: skip


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def write_wordpress(path: Path, *, comments: int, per_post: int, seed: int) -> int:
    rng = random.Random(seed)
    start = datetime(2010, 1, 1, tzinfo=UTC)
    posts = max(1, -(-comments // per_post))
    with open(path, "w", encoding="utf-8") as out:
        out.write(
            '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>Bench</title>'
            "<link>https://bench.example.com</link>\n"
        )
        comment_id = 10_000
        for n in range(posts):
            when = start + timedelta(days=n)
            slug = f"bench-post-{n}"
            body = (
                f"A reader writes:\n\n<blockquote>{sentence(rng, 40)}\n\n{sentence(rng, 30)}</blockquote>\n\n"
                + "\n\n".join(sentence(rng, 50) for _ in range(6))
            )
            out.write(
                f"<item><title>Bench post {n}</title>"
                f"<link>https://bench.example.com/{when:%Y/%m/%d}/{slug}/</link>"
                f"<content:encoded>{escape(body)}</content:encoded>"
                f"<wp:post_id>{n + 1}</wp:post_id>"
                f"<wp:post_date_gmt>{when:%Y-%m-%d %H:%M:%S}</wp:post_date_gmt>"
                f"<wp:post_name>{slug}</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>"
                f'<category domain="category" nicename="topic-{n % 7}">Topic {n % 7}</category>'
                f'<category domain="post_tag" nicename="tag-{n % 23}">tag {n % 23}</category>\n'
            )
            ids: list[int] = []
            for k in range(min(per_post, comments - n * per_post)):
                comment_id += 1
                parent = rng.choice(ids) if ids and rng.random() < 0.6 else 0
                status = rng.choices(["1", "0", "spam"], weights=[90, 5, 5])[0]
                moment = when + timedelta(minutes=10 * (k + 1))
                out.write(
                    f"<wp:comment><wp:comment_id>{comment_id}</wp:comment_id>"
                    f"<wp:comment_author>Reader {comment_id % 997}</wp:comment_author>"
                    f"<wp:comment_author_email>r{comment_id % 997}@example.org</wp:comment_author_email>"
                    f"<wp:comment_date_gmt>{moment:%Y-%m-%d %H:%M:%S}</wp:comment_date_gmt>"
                    f"<wp:comment_content>{escape(sentence(rng, 35))}</wp:comment_content>"
                    f"<wp:comment_approved>{status}</wp:comment_approved>"
                    f"<wp:comment_parent>{parent}</wp:comment_parent></wp:comment>\n"
                )
                ids.append(comment_id)
            out.write("</item>\n")
        out.write("</channel></rss>\n")
    return posts


def write_blogger(path: Path, *, comments: int, per_post: int, seed: int) -> int:
    rng = random.Random(seed)
    start = datetime(2010, 1, 1, tzinfo=UTC)
    posts = max(1, -(-comments // per_post))
    kind = "http://schemas.google.com/g/2005#kind"
    with open(path, "w", encoding="utf-8") as out:
        out.write(
            "<?xml version='1.0' encoding='UTF-8'?>\n<feed xmlns='http://www.w3.org/2005/Atom' "
            "xmlns:thr='http://purl.org/syndication/thread/1.0'><id>tag:blogger.com,1999:blog-1.archive</id>\n"
        )
        for n in range(posts):
            when = start + timedelta(days=n)
            body = f"<div>A reader writes:</div><blockquote>{sentence(rng, 40)}</blockquote>" + "".join(
                f"<p>{sentence(rng, 50)}</p>" for _ in range(6)
            )
            out.write(
                f"<entry><id>tag:blogger.com,1999:blog-1.post-{n + 1}</id>"
                f"<published>{when.isoformat()}</published>"
                f"<category scheme='{kind}' term='http://schemas.google.com/blogger/2008/kind#post'/>"
                f"<category scheme='http://www.blogger.com/atom/ns#' term='label {n % 23}'/>"
                f"<title>Bench post {n}</title><content type='html'>{escape(body)}</content>"
                f"<link rel='alternate' href='https://bench.blogspot.com/{when:%Y/%m}/bench-post-{n}.html'/></entry>\n"
            )
        # Blogger lists comments after the posts, newest first.
        for n in reversed(range(posts)):
            when = start + timedelta(days=n)
            count = min(per_post, comments - n * per_post)
            ids = [1_000_000 + n * per_post + k for k in range(count)]
            for k in reversed(range(count)):
                parent = rng.choice(ids[:k]) if k and rng.random() < 0.6 else None
                feed = f"https://www.blogger.com/feeds/1/{n + 1}/comments/default"
                related = f"<link rel='related' href='{feed}/{parent}'/>" if parent else ""
                out.write(
                    f"<entry><id>tag:blogger.com,1999:blog-1.post-{ids[k]}</id>"
                    f"<published>{(when + timedelta(minutes=10 * (k + 1))).isoformat()}</published>"
                    f"<category scheme='{kind}' term='http://schemas.google.com/blogger/2008/kind#comment'/>"
                    f"<content type='html'>{escape(sentence(rng, 35))}</content>{related}"
                    f"<author><name>{'Anonymous' if k % 5 == 0 else f'Reader {k}'}</name></author>"
                    f"<thr:in-reply-to ref='tag:blogger.com,1999:blog-1.post-{n + 1}' "
                    f"source='http://www.blogger.com/feeds/1/posts/default/{n + 1}'/></entry>\n"
                )
        out.write("</feed>\n")
    return posts


def create_database() -> None:
    """with-postgres.sh starts an empty cluster: make the database DATABASE_URL names."""
    import psycopg
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    url = os.environ["DATABASE_URL"]
    name = conninfo_to_dict(url)["dbname"]
    with psycopg.connect(make_conninfo(url, dbname="postgres"), autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--comments", type=int, default=50_000)
    parser.add_argument("--per-post", type=int, default=100, help="comments per post (default 100)")
    parser.add_argument("--format", choices=["wordpress", "blogger"], default="wordpress")
    parser.add_argument("--sqlite", action="store_true", help="import into a temporary SQLite file instead")
    parser.add_argument("--seed", type=int, default=8)
    args = parser.parse_args()

    database_url = os.environ.get("DATABASE_URL", "")
    if not args.sqlite and not database_url.startswith("postgres"):
        script = ROOT / "scripts" / "with-postgres.sh"
        return subprocess.call([str(script), sys.executable, *sys.argv])

    with tempfile.TemporaryDirectory(prefix="import-bench-") as tmp:
        if args.sqlite:
            os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        else:
            create_database()
        export = Path(tmp) / f"export-{args.format}.xml"
        writer = write_wordpress if args.format == "wordpress" else write_blogger
        began = time.perf_counter()
        posts = writer(export, comments=args.comments, per_post=args.per_post, seed=args.seed)
        generated_s = time.perf_counter() - began

        sys.path.insert(0, str(ROOT))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forum.settings")
        os.environ.setdefault("SECRET_KEY", "import-bench-not-a-secret")
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0)
        from comments.models import Comment
        from importers.services import blog_import

        before_mb = peak_mb()
        began = time.perf_counter()
        summary = blog_import(path=export, source=args.format)
        import_s = time.perf_counter() - began
        result = {
            "benchmark": "import_blog",
            "format": args.format,
            "database": django.db.connection.vendor,
            "file_mb": round(export.stat().st_size / 1e6, 1),
            "posts": posts,
            "comments_requested": args.comments,
            "comments_imported": summary.created["comments"],
            "comments_in_db": Comment.objects.count(),
            "problems": len(summary.problems),
            "generate_s": round(generated_s, 2),
            "import_s": round(import_s, 2),
            "comments_per_s": round(summary.created["comments"] / import_s) if import_s else None,
            "rss_before_import_mb": round(before_mb, 1),
            "peak_rss_mb": round(peak_mb(), 1),
            "limit_mb": LIMIT_MB,
        }
        result["ok"] = result["peak_rss_mb"] < LIMIT_MB and result["comments_in_db"] == args.comments
    print(
        f"import_blog {result['format']} on {result['database']}: "
        f"{result['comments_imported']:,} comments in "
        f"{result['posts']:,} posts ({result['file_mb']} MB) in {result['import_s']} s "
        f"({result['comments_per_s']:,}/s), peak RSS {result['peak_rss_mb']} MB of {LIMIT_MB} MB "
        f"-> {'OK' if result['ok'] else 'FAIL'}"
    )
    print(json.dumps(result))
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
