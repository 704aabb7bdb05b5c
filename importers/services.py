"""Writes of the blog import and the legacy-URL log.

`blog_import` is deliberately not one transaction: each post with its comments commits on its own
(`post_import`), so a malformed or failing entry costs only itself and a long import shows progress
in the database. `--dry-run` wraps the whole run in one transaction and rolls it back.

Running an import again creates only what is new in the export (posts, comments, including new
comments on posts imported before, tags, categories); a post or comment imported earlier is left as
it is here, so local moderation and editing survive, and one deleted here stays deleted. With
`update=True` (`--update`) the *text* of those records is refreshed from the export as well (a
post's title, question and answer; a comment's body, author name and e-mail), but never a status,
category, tag, slug or date, and never the text of a comment hidden or removed here (a moderator or
its author may have emptied it on purpose).
"""

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.text import slugify

from comments.models import MAX_STORED_DEPTH, PATH_STEP, Comment, decode_step, encode_step
from importers.content import comment_html, plain_text, split_question, title_from, to_markdown
from importers.models import LegacyNotFound, LegacyRedirect, SourceRecord
from importers.parsing import (
    BloggerReader,
    DisqusReader,
    ParsedComment,
    ParsedPost,
    ParsedTerm,
    ParsedThread,
    Problem,
    Skipped,
    WordPressReader,
    normalise_path,
    path_of,
)
from moderation.audit import audit_record
from moderation.models import AuditEntry
from posts.models import Category, Post, Tag

if TYPE_CHECKING:
    from importers.legacy_report import Row
from posts.services import post_search_tags_update

READERS = {"blogger": BloggerReader, "wordpress": WordPressReader, "disqus": DisqusReader}
# The WordPress Disqus plugin names a thread "<post id> <guid>", e.g. "881 http://blog.example/?p=881".
WORDPRESS_IDENTIFIER = re.compile(r"^(?P<id>\d+) https?://")
# Distinct unmapped paths kept; beyond this only known ones are counted, so bots cannot fill the table.
LEGACY_404_MAX_ROWS = 10_000
AUTHOR_NAME_LENGTH = Comment._meta.get_field("author_name").max_length
# What `--update` refreshes on a comment imported before (a post's are the keys of post_import's
# `text`); status, dates and everything else stay as they are here.
COMMENT_TEXT_FIELDS = ["author_name", "author_email", "body", "body_html"]


# What a reader's problem counts against: an entry that may have been a post counts as a failed post.
PROBLEM_KINDS = {"comment": "comments", "thread": "threads"}
# More than this share of an export's posts or comments not imported fails the import (exit status 1).
MAX_FAILED_SHARE = 0.01


@dataclass
class ImportSummary:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    # Imported before and left as they are (unchanged in the export, or not refreshed without --update).
    kept: Counter = field(default_factory=Counter)
    # Left out on purpose: reason -> every entry left out for it.
    skipped: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    # Posts the old blog's readers could not read: what became of them here -> the entries.
    notes: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    # Could not be imported: "posts" and "comments" counted, each with its message in `problems`.
    failed: Counter = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)

    def rows(self) -> list[tuple[str, int, int, int]]:
        kinds = ("posts", "comments", "tags", "categories")
        return [(kind, self.created[kind], self.updated[kind], self.kept[kind]) for kind in kinds]

    def total(self, kind: str) -> int:
        """How many the export held that were meant to come in: imported (or found) and failed."""
        return self.created[kind] + self.updated[kind] + self.kept[kind] + self.failed[kind]

    def fail(self, kind: str, message: str, count: int = 1) -> None:
        self.failed[kind] += count
        self.problems.append(message)

    def failures(self, *, expect: str = "posts") -> list[str]:
        """Why this import counts as failed, if it does: nothing to import (no posts from a blog, no
        comments from Disqus), or too much lost."""
        reasons = []
        if not self.total(expect) - self.failed[expect]:
            reasons.append(f"the export yielded no {expect}")
        for kind in ("posts", "comments"):
            total, failed = self.total(kind), self.failed[kind]
            if failed and failed > MAX_FAILED_SHARE * total:
                reasons.append(f"{failed:,} of {total:,} {kind} ({failed / total:.1%}) could not be imported")
        return reasons


def detect_format(path: Path) -> str:
    """Guess "blogger", "wordpress" or "disqus" from the first few kilobytes of the export."""
    with open(path, "rb") as head:
        start = head.read(8192)
    if b"<rss" in start or b"wordpress.org/export/" in start:
        return "wordpress"
    if b"<disqus" in start:
        return "disqus"
    return "blogger"


def blog_import(
    *,
    path: Path,
    source: str,
    dry_run: bool = False,
    update: bool = False,
    skip_types: tuple[str, ...] = (),
    progress: Callable[[int, int, ImportSummary], None] | None = None,
) -> ImportSummary:
    """Import a Blogger, WordPress or Disqus export; a re-run adds what is new (and refreshes text on
    `update`). A Disqus export adds comments to posts imported (or written) before.

    Raises UnknownExport, having written nothing, for a file it cannot read whole. `skip_types` names
    WordPress post types to leave out on purpose (any type but "post" and WordPress's own is an error).
    """
    reader = WordPressReader(path, skip_types=skip_types) if source == "wordpress" else READERS[source](path)
    summary = ImportSummary()
    importer = _Importer(source=source, reader=reader, summary=summary, update=update)
    if dry_run:
        with transaction.atomic():
            importer.run(progress)
            transaction.set_rollback(True)
    else:
        importer.run(progress)
    return summary


class _Importer:
    def __init__(self, *, source: str, reader, summary: ImportSummary, update: bool):
        self.source = source
        self.update = update
        self.reader = reader
        self.summary = summary
        self.tags: dict[str, Tag] = {}
        self.categories: dict[str, Category] = {}
        self.thread_posts: set[int] = set()  # posts Disqus threads found

    @property
    def site(self) -> str:
        return self.reader.site

    def run(self, progress) -> None:
        for event in self.reader:
            if isinstance(event, Skipped):
                self.summary.skipped[event.reason].extend(event.entries)
            elif isinstance(event, Problem):
                self.summary.fail(PROBLEM_KINDS.get(event.kind, "posts"), event.message)
            elif isinstance(event, ParsedTerm):
                self._term(event)
            elif isinstance(event, ParsedPost):
                self._post(event)
            elif isinstance(event, ParsedThread):
                self._thread(event)
            if progress is not None:
                progress(self.reader.file.done, self.reader.file.total, self.summary)

    def _post(self, parsed: ParsedPost) -> None:
        try:
            with transaction.atomic():
                category = self._category(*parsed.categories[0]) if parsed.categories else None
                tags = [self._tag(name) for name in parsed.tags]
                tags += [self._tag(name) for _, name in parsed.categories[1:]]
                result = post_import(
                    source=self.source,
                    site=self.site,
                    parsed=parsed,
                    category=category,
                    tags=tags,
                    update=self.update,
                )
        except (DatabaseError, ValueError) as error:
            # The caches may hold rows the rollback just removed.
            self.tags.clear()
            self.categories.clear()
            label = f"post {parsed.source_id} ({parsed.title[:60]!r})"
            self.summary.fail("posts", f"{label}: {error}")
            if parsed.comments:
                self.summary.fail(
                    "comments", f"{label}: its {len(parsed.comments)} comments", len(parsed.comments)
                )
            return
        if result.deleted_here:
            self.summary.skipped["post deleted here"].append(f"post {parsed.source_id} {parsed.title[:60]!r}")
            return
        if result.comments_deleted_here:
            self.summary.skipped["comment deleted here"].extend(
                f"comment {source_id} on post {parsed.source_id}"
                for source_id in result.comments_deleted_here
            )
        if parsed.note:
            label = f"post {parsed.source_id} {parsed.title[:60]!r}"
            if result.created:
                self.summary.notes[f"Imported as drafts, {parsed.note}"].append(label)
            elif result.post.status == Post.Status.PUBLISHED:  # imported before this rule, or published since
                self.summary.notes[f"Published here, though {parsed.note}"].append(label)
        if result.created:
            self.summary.created["posts"] += 1
        else:
            (self.summary.updated if result.updated else self.summary.kept)["posts"] += 1
        self.summary.created["comments"] += result.comments_created
        self.summary.updated["comments"] += result.comments_updated
        self.summary.kept["comments"] += result.comments_kept

    def _thread(self, thread: ParsedThread) -> None:
        """A Disqus thread's comments, added to the imported post its page was."""
        label = f"thread {thread.source_id} ({thread.link[:80] or repr(thread.title[:60])})"
        post = thread_post(thread)
        if post is None:
            self.summary.fail(
                "comments",
                f"{label}: no imported post at that address; its {len(thread.comments)} comments",
                len(thread.comments),
            )
            return
        try:
            with transaction.atomic():
                created, refreshed, kept, deleted = discussion_import(
                    source=self.source, site=self.site, post=post, parsed=thread.comments, update=self.update
                )
        except (DatabaseError, ValueError) as error:
            self.summary.fail(
                "comments", f"{label}: {error}; its {len(thread.comments)} comments", len(thread.comments)
            )
            return
        if post.pk not in self.thread_posts:  # two threads (http and https, say) may find one post
            self.thread_posts.add(post.pk)
            self.summary.kept["posts"] += 1
        self.summary.created["comments"] += created
        self.summary.updated["comments"] += refreshed
        self.summary.kept["comments"] += kept
        if deleted:
            self.summary.skipped["comment deleted here"].extend(
                f"comment {source_id}" for source_id in deleted
            )

    def _term(self, term: ParsedTerm) -> None:
        with transaction.atomic():
            if term.kind == "category":
                self._category(term.source_id, term.name, description=term.description, key=term.legacy_key)
            else:
                self._tag(
                    term.name, source_id=term.source_id, description=term.description, key=term.legacy_key
                )

    def _tag(self, name: str, *, source_id: str = "", description: str = "", key: str = "") -> Tag:
        source_id = source_id or name
        if source_id in self.tags:
            return self.tags[source_id]
        record = (
            _record(self.source, self.site, SourceRecord.Kind.TAG, source_id).select_related("tag").first()
        )
        if record is not None:
            tag = record.tag
            self.summary.kept["tags"] += 1
        else:
            tag, created = _tag_find_or_create(name=name, description=description)
            self.summary.created["tags"] += int(created)
            SourceRecord.objects.create(
                source=self.source,
                site=self.site,
                kind=SourceRecord.Kind.TAG,
                source_id=source_id[:255],
                legacy_key=key[:40],
                tag=tag,
            )
        self.tags[source_id] = tag
        return tag

    def _category(self, nicename: str, name: str, *, description: str = "", key: str = "") -> Category:
        if nicename in self.categories:
            return self.categories[nicename]
        record = _record(self.source, self.site, SourceRecord.Kind.CATEGORY, nicename)
        record = record.select_related("category").first()
        if record is not None:
            category = record.category
            self.summary.kept["categories"] += 1
        else:
            category, created = _category_find_or_create(slug=nicename, name=name, description=description)
            self.summary.created["categories"] += int(created)
            SourceRecord.objects.create(
                source=self.source,
                site=self.site,
                kind=SourceRecord.Kind.CATEGORY,
                source_id=nicename[:255],
                legacy_key=key[:40],
                category=category,
            )
        self.categories[nicename] = category
        return category


def _record(source: str, site: str, kind: str, source_id: str):
    return SourceRecord.objects.filter(source=source, site=site, kind=kind, source_id=source_id[:255])


def _slug_for(text: str, *, limit: int, prefix: str) -> str:
    slug = slugify(text)[:limit].strip("-")
    # Names in scripts slugify() drops (Japanese, Greek ...) still need an ASCII address.
    return slug or f"{prefix}-{hashlib.sha1(text.encode()).hexdigest()[:10]}"


def _tag_find_or_create(*, name: str, description: str = "") -> tuple[Tag, bool]:
    name = name[: Tag._meta.get_field("name").max_length]
    slug = _slug_for(name, limit=Tag._meta.get_field("slug").max_length, prefix="tag")
    tag = Tag.objects.filter(slug=slug).first() or Tag.objects.filter(name__iexact=name).first()
    if tag is not None:
        return tag, False
    return Tag.objects.create(name=name, slug=slug, description=description), True


def _category_find_or_create(*, slug: str, name: str, description: str = "") -> tuple[Category, bool]:
    name = name[: Category._meta.get_field("name").max_length]
    slug = _slug_for(slug or name, limit=Category._meta.get_field("slug").max_length, prefix="category")
    category = (
        Category.objects.filter(slug=slug).first() or Category.objects.filter(name__iexact=name).first()
    )
    if category is not None:
        return category, False
    return Category.objects.create(name=name, slug=slug, description=description), True


def _free_post_slug(text: str) -> str:
    base = _slug_for(text, limit=180, prefix="post")
    slug, n = base, 2
    while Post.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@dataclass
class PostImportResult:
    post: Post | None
    created: bool
    # Imported before, and its text refreshed from the export (only with update=True).
    updated: bool
    comments_created: int
    comments_updated: int
    comments_kept: int
    comments_deleted_here: list[str] = field(default_factory=list)  # their source ids
    # Imported before and deleted here since: left alone, comments and all.
    deleted_here: bool = False


@transaction.atomic
def post_import(
    *,
    source: str,
    site: str,
    parsed: ParsedPost,
    category: Category | None,
    tags: list[Tag],
    update: bool = False,
) -> PostImportResult:
    """Create one imported post, or add its new comments (and on `update` refresh its text)."""
    body = split_question(parsed.html)
    title = parsed.title[:200] or title_from(parsed.html)
    text = {
        "title": title,
        "question": to_markdown(body.question_html),
        "question_html": body.question_html,
        "answer": to_markdown(body.answer_html),
        "answer_html": body.answer_html,
    }
    record = _record(source, site, SourceRecord.Kind.POST, parsed.source_id).select_related("post").first()
    updated = False
    if record is not None and record.post is None:
        return PostImportResult(
            post=None,
            created=False,
            updated=False,
            comments_created=0,
            comments_updated=0,
            comments_kept=0,
            deleted_here=True,
        )
    if record is None:
        post = Post.objects.create(
            slug=_free_post_slug(parsed.slug or title),
            status=parsed.status,
            published_at=parsed.published_at,
            created_at=parsed.created_at,
            category=category,
            **text,
        )
        SourceRecord.objects.create(
            source=source,
            site=site,
            kind=SourceRecord.Kind.POST,
            source_id=parsed.source_id[:255],
            legacy_path=parsed.legacy_path[:500],
            post=post,
        )
        post.tags.set({tag.pk: tag for tag in tags}.values())
        post_search_tags_update(post=post)
    else:
        post = record.post
        # Status, category, tags, slug and dates are the editors' now: never taken from the export again.
        changed = [name for name, value in text.items() if getattr(post, name) != value] if update else []
        if changed:
            for name in changed:
                setattr(post, name, text[name])
            post.save(update_fields=changed)
            updated = True
        if parsed.legacy_path and record.legacy_path != parsed.legacy_path[:500]:
            record.legacy_path = parsed.legacy_path[:500]
            record.save(update_fields=["legacy_path"])
    created, refreshed, kept, deleted = discussion_import(
        source=source, site=site, post=post, parsed=parsed.comments, update=update, is_new=record is None
    )
    return PostImportResult(
        post=post,
        created=record is None,
        updated=updated,
        comments_created=created,
        comments_updated=refreshed,
        comments_kept=kept,
        comments_deleted_here=deleted,
    )


def discussion_import(
    *, source: str, site: str, post: Post, parsed: list[ParsedComment], update: bool, is_new: bool = False
) -> tuple[int, int, int, list[str]]:
    """Add a post's new comments from an export (see `_comments_import`) and bring its counters and
    cached threads up to date. Returns the numbers created, updated and kept, and the source ids of
    comments deleted here."""
    if source == SourceRecord.Source.DISQUS:
        _disqus_copies_link(site=site, post=post, parsed=parsed)
    created, refreshed, kept, deleted = _comments_import(
        source=source, site=site, post=post, parsed=parsed, update=update, is_new=is_new
    )
    if created:
        count = Comment.objects.filter(post=post, status=Comment.Status.PUBLISHED).count()
        Post.objects.filter(pk=post.pk).update(
            comment_count=count, discussion_version=F("discussion_version") + 1
        )
        post.comment_count = count
    if created or refreshed:
        comments = Comment.objects.filter(post=post)
        comments.count_replies()
        comments.threads_changed()  # a post imported before may have cached threads
    return created, refreshed, kept, deleted


def _disqus_copies_link(*, site: str, post: Post, parsed: list[ParsedComment]) -> None:
    """The WordPress Disqus plugin copied each Disqus comment into the blog: a comment of the blog's
    export with commentmeta `dsq_post_id` (kept as its record's legacy_key), which the Disqus export
    names "wp_id=<id>". That comment is this one: record the Disqus id against it, so the Disqus import
    keeps it instead of adding it twice, hangs replies under it, and old Disqus links find it."""
    disqus_ids = [comment.source_id for comment in parsed]
    wp_ids = {
        c.source_id: c.legacy_key.removeprefix("wp_id=") for c in parsed if c.legacy_key.startswith("wp_id=")
    }
    blog = SourceRecord.objects.filter(
        kind=SourceRecord.Kind.COMMENT, source=SourceRecord.Source.WORDPRESS, comment__post=post
    )
    by_disqus_id = dict(blog.filter(legacy_key__in=disqus_ids).values_list("legacy_key", "comment_id"))
    by_wp_id = dict(blog.filter(source_id__in=list(wp_ids.values())).values_list("source_id", "comment_id"))
    if not (by_disqus_id or by_wp_id):
        return
    recorded = set(
        SourceRecord.objects.filter(
            kind=SourceRecord.Kind.COMMENT,
            source=SourceRecord.Source.DISQUS,
            site=site,
            source_id__in=disqus_ids,
        ).values_list("source_id", flat=True)
    )
    SourceRecord.objects.bulk_create(
        SourceRecord(
            source=SourceRecord.Source.DISQUS,
            site=site,
            kind=SourceRecord.Kind.COMMENT,
            source_id=disqus_id,
            comment_id=comment_id,
        )
        for disqus_id in disqus_ids
        if disqus_id not in recorded
        and (comment_id := by_disqus_id.get(disqus_id) or by_wp_id.get(wp_ids.get(disqus_id, "")))
    )


def thread_post(thread: ParsedThread) -> Post | None:
    """The post a Disqus thread discussed: by its page's old address (an imported post's), by the
    WordPress post id in its identifier, or by the address it has here."""
    paths = [path for path in (path_of(thread.link), path_of(thread.identifier)) if path]
    for path in paths:
        record = SourceRecord.objects.filter(
            kind=SourceRecord.Kind.POST, post__isnull=False, legacy_path=path
        )
        if post := _first_post(record):
            return post
    if match := WORDPRESS_IDENTIFIER.match(thread.identifier):
        record = SourceRecord.objects.filter(
            kind=SourceRecord.Kind.POST,
            post__isnull=False,
            source=SourceRecord.Source.WORDPRESS,
            source_id=match["id"],
        )
        if post := _first_post(record):
            return post
    for path in paths:
        try:
            found = resolve(f"{path}/")
        except Resolver404:
            continue
        if found.url_name == "post_detail":  # as the post page finds its post: by slug, then its address
            post = Post.objects.filter(slug=found.kwargs["slug"]).first()
            if post is not None and normalise_path(post.get_absolute_url()) == path:
                return post
    return None


def _first_post(records) -> Post | None:
    record = records.select_related("post").order_by("-pk").first()
    return record.post if record is not None else None


def _thread_order(comments: list[ParsedComment]) -> list[tuple[ParsedComment, str]]:
    """Comments parent-first (oldest sibling first), each with the parent id it will hang under.

    A reply whose parent is missing from the export, or that sits in a cycle, becomes a top-level
    comment rather than being lost.
    """
    by_id: dict[str, ParsedComment] = {}
    for comment in comments:
        by_id.setdefault(comment.source_id, comment)
    unique = list(by_id.values())
    position = {comment.source_id: n for n, comment in enumerate(unique)}
    children: dict[str, list[ParsedComment]] = defaultdict(list)
    roots = []
    for comment in sorted(unique, key=lambda c: (c.created_at, position[c.source_id])):
        parent = comment.parent_source_id
        if parent and parent in by_id and parent != comment.source_id:
            children[parent].append(comment)
        else:
            roots.append(comment)
    ordered: list[tuple[ParsedComment, str]] = []
    seen: set[str] = set()

    def walk(top: ParsedComment, parent_id: str) -> None:
        stack = [(top, parent_id)]
        while stack:
            comment, parent = stack.pop()
            if comment.source_id in seen:
                continue
            seen.add(comment.source_id)
            ordered.append((comment, parent))
            stack.extend((child, comment.source_id) for child in reversed(children[comment.source_id]))

    for root in roots:
        walk(root, "")
    for comment in sorted(unique, key=lambda c: (c.created_at, position[c.source_id])):
        if comment.source_id not in seen:
            walk(comment, "")
    return ordered


def _clean_email(value: str) -> str:
    value = value.strip()
    if not value or len(value) > 254:
        return ""
    try:
        validate_email(value)
    except ValidationError:
        return ""
    return value


def _comments_import(
    *, source: str, site: str, post: Post, parsed: list[ParsedComment], update: bool, is_new: bool
) -> tuple[int, int, int, list[str]]:
    """Write a post's new comments in thread order, bulk by depth.

    Known ones keep their local state; on `update` the text of published and held ones is refreshed.
    Ones deleted here stay deleted; a new reply to one becomes a top-level comment. Returns the
    numbers created, updated and kept, and the source ids of those deleted here.
    """
    comment_records = SourceRecord.objects.filter(source=source, site=site, kind=SourceRecord.Kind.COMMENT)
    known = {
        record.source_id: record.comment
        for record in comment_records.filter(comment__post=post).select_related("comment")
    }
    deleted_here: set[str] = set()
    # A post created just now has no comments deleted here (those of a deleted post stay with it).
    if not is_new:
        unknown = [item.source_id[:255] for item in parsed if item.source_id[:255] not in known]
        deleted_here = _deleted_comment_ids(comment_records, unknown)
    last_step: dict[str, int] = {}
    for path in Comment.objects.filter(post=post).values_list("path", flat=True):
        prefix, step = path[:-PATH_STEP], decode_step(path[-PATH_STEP:])
        last_step[prefix] = max(last_step.get(prefix, 0), step)

    placed: dict[str, Comment] = {}
    new_by_depth: dict[int, list[tuple[Comment, str, ParsedComment]]] = defaultdict(list)
    changed: list[Comment] = []
    kept = 0
    for item, parent_id in _thread_order(parsed):
        if item.source_id[:255] in deleted_here:
            continue
        fields = {
            "author_name": item.author_name[:AUTHOR_NAME_LENGTH],
            "author_email": _clean_email(item.author_email),
            "body": plain_text(item.html),
            "body_html": comment_html(item.html),
            "status": item.status,
            "created_at": item.created_at,
        }
        comment = known.get(item.source_id)
        if comment is not None:
            text = {name: fields[name] for name in COMMENT_TEXT_FIELDS}
            if (
                update
                and comment.status in (Comment.Status.PUBLISHED, Comment.Status.PENDING)
                and any(getattr(comment, name) != value for name, value in text.items())
            ):
                for name, value in text.items():
                    setattr(comment, name, value)
                changed.append(comment)
            else:
                kept += 1
        else:
            parent = placed.get(parent_id) if parent_id else None
            prefix = ""
            if parent is not None:
                prefix = parent.path[: min(parent.depth + 1, MAX_STORED_DEPTH) * PATH_STEP]
            number = last_step.get(prefix, 0) + 1
            last_step[prefix] = number
            comment = Comment(
                post=post,
                path=prefix + encode_step(number),
                depth=parent.depth + 1 if parent is not None else 0,
                **fields,
            )
            new_by_depth[comment.depth].append((comment, parent_id, item))
        placed[item.source_id] = comment

    if changed:
        Comment.objects.bulk_update(changed, COMMENT_TEXT_FIELDS, batch_size=500)
    for depth in sorted(new_by_depth):
        level = new_by_depth[depth]
        for comment, parent_id, _ in level:
            comment.parent = placed.get(parent_id) if parent_id else None
        Comment.objects.bulk_create([comment for comment, _, _ in level], batch_size=500)
        SourceRecord.objects.bulk_create(
            [
                SourceRecord(
                    source=source,
                    site=site,
                    kind=SourceRecord.Kind.COMMENT,
                    source_id=item.source_id[:255],
                    legacy_key=item.legacy_key[:40],
                    comment=comment,
                )
                for comment, _, item in level
            ],
            batch_size=500,
        )
    created = sum(len(level) for level in new_by_depth.values())
    return created, len(changed), kept, sorted(deleted_here)


def _deleted_comment_ids(records, source_ids: list[str]) -> set[str]:
    """Which of these comments were imported before and deleted here since (their record remains)."""
    deleted: set[str] = set()
    for start in range(0, len(source_ids), 500):
        chunk = source_ids[start : start + 500]
        deleted.update(
            records.filter(comment__isnull=True, source_id__in=chunk).values_list("source_id", flat=True)
        )
    return deleted


def legacy_404_record(*, path: str) -> None:
    """Count a request for an old-looking URL that nothing answered."""
    path = path[:500]
    now = timezone.now()
    if LegacyNotFound.objects.filter(path=path).update(hits=F("hits") + 1, last_seen_at=now):
        return
    if LegacyNotFound.objects.count() >= LEGACY_404_MAX_ROWS:
        return
    try:
        with transaction.atomic():
            LegacyNotFound.objects.create(path=path, first_seen_at=now, last_seen_at=now)
    except IntegrityError:  # another request recorded it first
        LegacyNotFound.objects.filter(path=path).update(hits=F("hits") + 1, last_seen_at=now)


def legacy_redirect_add(*, old_path: str, target: str) -> LegacyRedirect:
    """Map an old path by hand; it stops being listed as a legacy 404."""
    redirect, _ = LegacyRedirect.objects.update_or_create(
        old_path=normalise_path(old_path), defaults={"target": target}
    )
    return redirect


@transaction.atomic
def legacy_redirects_create(*, rows: list["Row"]) -> list[LegacyRedirect]:
    """Map each proposed old path to its post, and log each mapping (by the system: a command ran it)."""
    redirects = []
    for row in rows:
        redirect = legacy_redirect_add(old_path=row.old_path, target=row.target)
        audit_record(
            actor=None,
            action=AuditEntry.Action.REDIRECT_ADD,
            target_type="redirect",
            target_id=redirect.pk,
            target_label=f"{redirect.old_path} → {redirect.target}",
            reason=f"manage.py legacy_404s --apply: matched a post by {row.note}",
            before=redirect.old_path,
            after=redirect.target,
        )
        redirects.append(redirect)
    return redirects
