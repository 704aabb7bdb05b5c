import time
from pathlib import Path
from xml.etree.ElementTree import ParseError

from django.core.management.base import BaseCommand, CommandError

from importers.parsing import UnknownExport
from importers.services import ImportSummary, blog_import, detect_format


class Progress:
    """A one-line progress bar on stderr: bytes read, posts and comments so far."""

    def __init__(self, stream, *, every: float = 0.25):
        self.stream = stream
        self.every = every
        self.last = 0.0
        self.started = time.monotonic()

    def __call__(self, done: int, total: int, summary: ImportSummary, *, final: bool = False) -> None:
        now = time.monotonic()
        if not final and now - self.last < self.every:
            return
        self.last = now
        share = done / total if total else 1.0
        bar = "#" * int(share * 30)
        posts = summary.created["posts"] + summary.updated["posts"] + summary.kept["posts"]
        comments = summary.created["comments"] + summary.updated["comments"] + summary.kept["comments"]
        skipped = sum(len(entries) for entries in summary.skipped.values())
        self.stream.write(
            f"\r[{bar:<30}] {share:4.0%}  {done / 1e6:,.1f}/{total / 1e6:,.1f} MB  "
            f"posts {posts:,}  comments {comments:,}  skipped {skipped:,}  {now - self.started:,.0f}s",
            ending="\n" if final else "",
        )
        self.stream.flush()


class Command(BaseCommand):
    help = (
        "Import a Blogger (Atom) or WordPress (WXR) export, or a Disqus export's comments onto the posts "
        "already here. Safe to run again: it adds what is new and "
        "never duplicates. Posts and comments imported before are left as they are here (local "
        "moderation and edits survive) unless --update is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--format",
            choices=["blogger", "wordpress", "disqus"],
            help="Default: guessed from the file. A Disqus export adds comments to posts already here.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Read and check everything; write nothing."
        )
        parser.add_argument(
            "--update",
            action="store_true",
            help=(
                "Also refresh the text of posts and comments imported before (title, question, answer; "
                "comment body and author) from the export, overwriting local edits to it. Status, "
                "category, tags, slugs and dates are never changed; comments removed by their author "
                "stay empty."
            ),
        )
        parser.add_argument(
            "--skip-type",
            action="append",
            default=[],
            metavar="TYPE",
            help=(
                "A WordPress post type to leave out on purpose, e.g. 'product' (repeatable). Pages, "
                "attachments, menu items and WordPress's other own types are left out anyway; any "
                "other type is reported as an entry that could not be imported."
            ),
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar on stderr.")

    def handle(self, *args, **options):
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        source = options["format"] or detect_format(path)
        progress = None if options["no_progress"] else Progress(self.stderr)
        try:
            summary = blog_import(
                path=path,
                source=source,
                dry_run=options["dry_run"],
                update=options["update"],
                skip_types=tuple(options["skip_type"]),
                progress=progress,
            )
        except UnknownExport as error:
            raise CommandError(f"{path} was not imported: {error}. Nothing was written.") from None
        except ParseError as error:
            # Broken XML stops the reader. A WordPress import keeps the posts before that point; a
            # Blogger import files every entry before writing any, so it has written nothing.
            raise CommandError(
                f"{path} is not well-formed XML ({error}); nothing after that point was read."
            ) from None
        if progress is not None:
            progress(1, 1, summary, final=True)
        self._report(summary, source=source, dry_run=options["dry_run"])
        failures = summary.failures(expect="comments" if source == "disqus" else "posts")
        if failures:
            verdict = "would fail" if options["dry_run"] else "failed"
            raise CommandError(f"The import {verdict}: {'; '.join(failures)} (see the summary above).")

    def _report(self, summary: ImportSummary, *, source: str, dry_run: bool) -> None:
        out = self.stdout
        heading = f"{source.capitalize()} import" + (" (dry run: nothing was written)" if dry_run else "")
        out.write(self.style.MIGRATE_HEADING(heading))
        out.write(f"{'':<12}{'created':>10}{'updated':>10}{'kept':>10}")
        for kind, created, updated, kept in summary.rows():
            out.write(f"{kind:<12}{created:>10,}{updated:>10,}{kept:>10,}")
        if summary.failed:
            posts, comments = summary.failed["posts"], summary.failed["comments"]
            out.write(f"{'not imported':<12}{posts:>10,} posts{comments:>8,} comments")
        for note, entries in summary.notes.items():
            out.write(f"{note}: {len(entries):,}")
            for entry in entries:
                out.write(f"    {entry}")
        skipped = sorted(summary.skipped.items(), key=lambda item: (-len(item[1]), item[0]))
        if skipped:
            out.write(f"Left out on purpose: {sum(len(entries) for _, entries in skipped):,}")
            for reason, entries in skipped:
                out.write(f"  {reason} ({len(entries):,})")
                for entry in entries:
                    out.write(f"    {entry}")
        if summary.problems:
            out.write(self.style.WARNING(f"Could not be imported: {len(summary.problems):,}"))
            for problem in summary.problems:
                out.write(self.style.WARNING(f"  {problem}"))
