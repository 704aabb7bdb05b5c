"""Stream Blogger (Atom) and WordPress (WXR) exports into plain records, one post at a time.

Both readers use `iterparse` and drop each finished entry from the tree, so memory stays flat however
large the file. A WordPress item carries its comments; a Blogger export lists comments as separate
entries anywhere in the feed, so the Blogger reader first files entries into a temporary SQLite
database on disk and then hands out each post with its comments.
"""

import json
import re
import sqlite3
import tempfile
import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from django.utils import timezone

from comments.models import Comment
from importers.content import autop
from posts.models import Post

BLOGGER_ANONYMOUS = "Anonymous"
BLOGGER_NOREPLY = "noreply@blogger.com"


class MalformedEntry(ValueError):
    """An entry the reader cannot make sense of; it is reported and skipped."""


@dataclass
class ParsedComment:
    source_id: str
    parent_source_id: str
    author_name: str
    author_email: str
    html: str
    created_at: datetime
    status: str
    legacy_key: str = ""


@dataclass
class ParsedPost:
    source_id: str
    title: str
    slug: str
    html: str
    status: str
    created_at: datetime
    published_at: datetime | None
    legacy_path: str
    tags: list[str] = field(default_factory=list)
    # (nicename, name) pairs; the first is the post's category, the rest become tags too.
    categories: list[tuple[str, str]] = field(default_factory=list)
    comments: list[ParsedComment] = field(default_factory=list)
    note: str = ""  # what the summary should say about how it came in, e.g. as a draft


@dataclass
class ParsedTerm:
    kind: str  # "tag" or "category"
    source_id: str
    name: str
    description: str = ""
    legacy_key: str = ""


@dataclass
class Skipped:
    """Entries left out on purpose, for a reason the importer knows (a page, a pingback ...)."""

    reason: str
    entries: list[str]


@dataclass
class Problem:
    """An entry that could not be imported: malformed, or skipped for a reason the importer does not
    know. `kind` is "post" (an entry that may have been a post) or "comment"."""

    where: str
    message: str
    kind: str = "post"


class UnknownExport(ValueError):
    """The file is not an export this importer can read whole (an unknown namespace, version or root).
    Raised before anything is written."""


Event = ParsedPost | ParsedTerm | Skipped | Problem


class CountingFile:
    """A binary file wrapper that counts the bytes read, for the progress bar."""

    def __init__(self, path: Path):
        self._file = open(path, "rb")  # noqa: SIM115 - closed by close()
        self.total = path.stat().st_size
        self.done = 0

    def read(self, size: int = -1) -> bytes:
        data = self._file.read(size)
        self.done += len(data)
        return data

    def close(self) -> None:
        self._file.close()


def normalise_path(path: str) -> str:
    """The form old paths are stored and looked up in: decoded, lower case, no trailing slash."""
    path = path.strip().lower()
    return "/" + path.strip("/") if path.strip("/") else "/"


def path_of(url: str) -> str:
    """The decoded, normalised path of an old URL (or "" when it has none worth keeping)."""
    path = unquote(urlsplit(url.strip()).path)
    return normalise_path(path) if path.strip("/") else ""


def parse_when(text: str | None, *, where: str) -> datetime:
    text = (text or "").strip()
    if not text or text.startswith("0000-00-00"):
        raise MalformedEntry(f"{where}: missing date")
    try:
        moment = datetime.fromisoformat(text.replace(" ", "T", 1) if "T" not in text else text)
    except ValueError:
        raise MalformedEntry(f"{where}: unreadable date {text[:40]!r}") from None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, UTC)
    return moment


def _stream(reader: CountingFile, depth: int, on_namespace=None) -> Iterator[ET.Element]:
    """Yield each element that ends `depth` levels below the root, then drop it from the tree.
    `on_namespace(prefix, uri)` sees each namespace declaration as it is read."""
    stack: list[ET.Element] = []
    for event, elem in ET.iterparse(reader, events=("start-ns", "start", "end")):
        if event == "start-ns":
            if on_namespace is not None:
                on_namespace(*elem)
            continue
        if event == "start":
            stack.append(elem)
            continue
        stack.pop()
        if len(stack) == depth:
            yield elem
            stack[-1].remove(elem)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


# ---------------------------------------------------------------------------------------------- Blogger

ATOM = "{http://www.w3.org/2005/Atom}"
THR = "{http://purl.org/syndication/thread/1.0}"
APP = "{http://purl.org/atom/app#}"
BLOGGER = "{http://schemas.google.com/blogger/2018}"
KIND_SCHEME = "http://schemas.google.com/g/2005#kind"
LABEL_SCHEME = "http://www.blogger.com/atom/ns#"
BLOGGER_ID = re.compile(r"blog-(?P<blog>\d+)\.(?:post|comment|page)-(?P<id>\d+)")


def _blogger_id(text: str) -> tuple[str, str]:
    """("blog id", "item id") from "tag:blogger.com,1999:blog-1.post-2"; else ("", the text)."""
    text = (text or "").strip()
    match = BLOGGER_ID.search(text)
    if match:
        return match.group("blog"), match.group("id")
    return "", text.rsplit("/", 1)[-1]


def _text(elem: ET.Element, tag: str) -> str:
    found = elem.find(tag)
    return (found.text or "") if found is not None else ""


def _blogger_kind(entry: ET.Element) -> str:
    kind = _text(entry, f"{BLOGGER}type").strip().lower()
    if kind:
        return kind
    for category in entry.findall(f"{ATOM}category"):
        if category.get("scheme") == KIND_SCHEME:
            return category.get("term", "").rsplit("#", 1)[-1].lower()
    return ""


def _blogger_link(entry: ET.Element, rel: str) -> str:
    for link in entry.findall(f"{ATOM}link"):
        if link.get("rel") == rel:
            return link.get("href", "")
    return ""


def _blogger_post_of_comment(entry: ET.Element) -> str:
    parent = _text(entry, f"{BLOGGER}parent")
    if parent:
        return _blogger_id(parent)[1]
    reply = entry.find(f"{THR}in-reply-to")
    if reply is not None:
        source = re.search(r"/posts/default/(\d+)", reply.get("source", ""))
        if source:
            return source.group(1)
    for rel in ("self", "edit"):
        match = re.search(r"/feeds/\d+/(\d+)/comments/default/", _blogger_link(entry, rel))
        if match:
            return match.group(1)
    if reply is not None and reply.get("ref"):
        return _blogger_id(reply.get("ref"))[1]
    return ""


def _blogger_parent_comment(entry: ET.Element, post_id: str) -> str:
    for candidate in (
        _text(entry, f"{BLOGGER}inReplyTo"),
        _blogger_link(entry, "related"),
        (
            entry.find(f"{THR}in-reply-to").get("ref", "")
            if entry.find(f"{THR}in-reply-to") is not None
            else ""
        ),
    ):
        if candidate.strip():
            parent = _blogger_id(candidate)[1]
            if parent and parent != post_id:
                return parent
    return ""


def _blogger_status(entry: ET.Element) -> str:
    """ "live", "draft", "pending", "spam" or "trash" from either export format."""
    status = _text(entry, f"{BLOGGER}status").strip().lower()
    if _text(entry, f"{APP}control/{APP}draft").strip().lower() == "yes":
        return "draft"
    if not status or status == "live":
        return "live"
    for word in ("draft", "pending", "spam", "trash", "deleted"):
        if word in status:
            return "trash" if word == "deleted" else word
    return "live"


def _blogger_author(entry: ET.Element) -> tuple[str, str]:
    name = " ".join(_text(entry, f"{ATOM}author/{ATOM}name").split())
    email = _text(entry, f"{ATOM}author/{ATOM}email").strip()
    if name == BLOGGER_ANONYMOUS:
        name = ""
    if email.lower() == BLOGGER_NOREPLY:
        email = ""
    return name, email


# Blogger entry kinds that are not posts or comments, and what the summary calls them.
BLOGGER_SKIPPED_KINDS = {"page": "page", "settings": "blog setting", "template": "template"}


def _blogger_label(entry: ET.Element, source_id: str) -> str:
    title = " ".join(_text(entry, f"{ATOM}title").split())
    return f"entry {source_id}" + (f" {title[:60]!r}" if title else "")


def _blogger_post(entry: ET.Element, source_id: str) -> ParsedPost:
    where = f"post {source_id}"
    content = entry.find(f"{ATOM}content")
    if content is None:
        raise MalformedEntry(f"{where}: no content")
    status = _blogger_status(entry)
    created = parse_when(_text(entry, f"{ATOM}published") or _text(entry, f"{BLOGGER}created"), where=where)
    legacy = _text(entry, f"{BLOGGER}filename") or _blogger_link(entry, "alternate")
    legacy_path = path_of(legacy) if legacy else ""
    slug = legacy_path.rsplit("/", 1)[-1].removesuffix(".html") if legacy_path else ""
    is_draft = status == "draft"
    return ParsedPost(
        source_id=source_id,
        title=" ".join(_text(entry, f"{ATOM}title").split()),
        slug=slug,
        html=content.text or "",
        status=Post.Status.DRAFT if is_draft else Post.Status.PUBLISHED,
        created_at=created,
        published_at=None if is_draft else created,
        legacy_path=legacy_path,
        tags=[
            " ".join(c.get("term", "").split())
            for c in entry.findall(f"{ATOM}category")
            if c.get("scheme") == LABEL_SCHEME and c.get("term", "").strip()
        ],
    )


BLOGGER_COMMENT_STATUS = {
    "live": Comment.Status.PUBLISHED,
    "draft": Comment.Status.PENDING,
    "pending": Comment.Status.PENDING,
    "spam": Comment.Status.HIDDEN,
    "trash": Comment.Status.HIDDEN,
}


def _blogger_comment(entry: ET.Element, source_id: str) -> tuple[str, ParsedComment]:
    where = f"comment {source_id}"
    post_id = _blogger_post_of_comment(entry)
    if not post_id:
        raise MalformedEntry(f"{where}: does not say which post it belongs to")
    created = parse_when(_text(entry, f"{ATOM}published") or _text(entry, f"{BLOGGER}created"), where=where)
    name, email = _blogger_author(entry)
    show = parse_qs(urlsplit(_blogger_link(entry, "alternate")).query).get("showComment", [""])[0]
    return post_id, ParsedComment(
        source_id=source_id,
        parent_source_id=_blogger_parent_comment(entry, post_id),
        author_name=name,
        author_email=email,
        html=_text(entry, f"{ATOM}content"),
        created_at=created,
        status=BLOGGER_COMMENT_STATUS[_blogger_status(entry)],
        legacy_key=show if show.isdigit() else str(int(created.timestamp() * 1000)),
    )


def _to_json(record) -> str:
    return json.dumps(asdict(record), default=lambda value: value.isoformat())


def _comment_from_json(text: str) -> ParsedComment:
    data = json.loads(text)
    data["created_at"] = datetime.fromisoformat(data["created_at"])
    return ParsedComment(**data)


def _post_from_json(text: str) -> ParsedPost:
    data = json.loads(text)
    for name in ("created_at", "published_at"):
        data[name] = datetime.fromisoformat(data[name]) if data[name] else None
    data["categories"] = [tuple(pair) for pair in data["categories"]]
    return ParsedPost(**data)


class Staging:
    """Entries (posts, threads) and their comments filed in a temporary SQLite database on disk, for
    exports that list comments apart from what they belong to: memory stays flat however large."""

    def __init__(self, directory: str):
        self.db = sqlite3.connect(Path(directory) / "staging.sqlite3")
        self.db.executescript(
            "CREATE TABLE entry (seq INTEGER PRIMARY KEY, source_id TEXT UNIQUE, data TEXT);"
            "CREATE TABLE comment (seq INTEGER PRIMARY KEY, entry_id TEXT, data TEXT);"
            "CREATE INDEX comment_entry ON comment (entry_id, seq);"
        )

    def add_entry(self, source_id: str, record) -> None:
        """File an entry; a later one with the same id replaces it."""
        self.db.execute(
            "INSERT OR REPLACE INTO entry (source_id, data) VALUES (?, ?)", (source_id, _to_json(record))
        )

    def add_comment(self, entry_id: str, comment: ParsedComment) -> None:
        self.db.execute("INSERT INTO comment (entry_id, data) VALUES (?, ?)", (entry_id, _to_json(comment)))

    def entries(self, *, with_comments_only: bool = False) -> Iterator[tuple[str, list[ParsedComment]]]:
        """Each entry's JSON, in file order, with its comments in file order."""
        query = "SELECT source_id, data FROM entry ORDER BY seq"
        if with_comments_only:
            query = (
                "SELECT source_id, data FROM entry"
                " WHERE source_id IN (SELECT entry_id FROM comment) ORDER BY seq"
            )
        for source_id, data in self.db.execute(query):
            comments = self.db.execute(
                "SELECT data FROM comment WHERE entry_id = ? ORDER BY seq", (source_id,)
            )
            yield data, [_comment_from_json(row[0]) for row in comments]

    def orphans(self) -> Iterator[tuple[str, ParsedComment]]:
        """Comments whose entry is not in the file: (the id they name, the comment)."""
        rows = self.db.execute(
            "SELECT entry_id, data FROM comment"
            " WHERE entry_id NOT IN (SELECT source_id FROM entry) ORDER BY seq"
        )
        for entry_id, data in rows:
            yield entry_id, _comment_from_json(data)

    def close(self) -> None:
        self.db.close()


def _staged(reader, prefix: str, file_entries, hand_out) -> Iterator:
    """Read the whole file into a Staging, close it, then hand out the entries with their comments."""
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        staging = Staging(tmp)
        try:
            yield from file_entries(staging)
            staging.db.commit()
            reader.file.close()
            yield from hand_out(staging)
        finally:
            staging.close()


class BloggerReader:
    source = "blogger"

    def __init__(self, path: Path):
        self.file = CountingFile(path)
        self.site = ""

    def __iter__(self) -> Iterator[Event]:
        return _staged(self, "import-blogger-", self._file_entries, self._posts_with_comments)

    def _file_entries(self, staging: Staging) -> Iterator[Event]:
        number = 0
        for entry in _stream(self.file, depth=1):
            if entry.tag == f"{ATOM}id" and not self.site:
                blog = re.search(r"blog-(\d+)", entry.text or "")
                self.site = blog.group(1) if blog else (entry.text or "").strip()[:200]
            if entry.tag != f"{ATOM}entry":
                continue
            number += 1
            blog, source_id = _blogger_id(_text(entry, f"{ATOM}id"))
            self.site = self.site or blog
            kind = _blogger_kind(entry)
            try:
                if not source_id:
                    raise MalformedEntry(f"entry {number}: no id")
                if kind == "post":
                    if _blogger_status(entry) in ("trash", "spam"):
                        yield Skipped("post in the trash", [_blogger_label(entry, source_id)])
                        continue
                    staging.add_entry(source_id, _blogger_post(entry, source_id))
                elif kind == "comment":
                    staging.add_comment(*_blogger_comment(entry, source_id))
                elif kind in BLOGGER_SKIPPED_KINDS:
                    yield Skipped(BLOGGER_SKIPPED_KINDS[kind], [_blogger_label(entry, source_id)])
                else:
                    raise MalformedEntry(
                        f"an entry of kind {kind or 'none'!r}, which this importer does not know"
                    )
            except MalformedEntry as error:
                yield Problem(
                    where=f"entry {number}", message=f"entry {number}, {error}", kind=kind or "entry"
                )

    def _posts_with_comments(self, staging: Staging) -> Iterator[Event]:
        for data, comments in staging.entries():
            post = _post_from_json(data)
            post.comments = comments
            yield post
        orphans = [f"comment {comment.source_id} on post {post_id}" for post_id, comment in staging.orphans()]
        if orphans:
            yield Skipped("comment on a post not imported", orphans)


# -------------------------------------------------------------------------------------------- WordPress

# WXR: "http://wordpress.org/export/1.2/" and its excerpt namespace ".../1.2/excerpt/", for WXR 1.0, 1.1
# and 1.2, written with http:// or https:// (some exporters and published test files use https).
WXR_NAMESPACE = re.compile(r"^https?://wordpress\.org/export/(?P<version>[^/]+)/(?P<excerpt>excerpt/)?$")
WXR_VERSIONS = ("1.0", "1.1", "1.2")
# Other namespaces whose elements the reader uses, either scheme.
WP_PREFIXES = {
    "purl.org/rss/1.0/modules/content/": "content",
    "purl.org/dc/elements/1.1/": "dc",
}


def _wp_key(tag: str) -> str:
    """ "{http://wordpress.org/export/1.2/}post_id" -> "wp:post_id", whatever the WXR version."""
    if not tag.startswith("{"):
        return tag
    namespace, local = tag[1:].split("}", 1)
    match = WXR_NAMESPACE.match(namespace)
    if match:
        return f"{'excerpt' if match['excerpt'] else 'wp'}:{local}"
    prefix = WP_PREFIXES.get(namespace.removeprefix("http://").removeprefix("https://"))
    return f"{prefix}:{local}" if prefix else local


def _wxr_namespace_check(prefix: str, uri: str) -> None:
    """Refuse, before anything is written, an export whose WordPress namespace this reader does not know:
    its posts would otherwise all be skipped as entries without a status."""
    match = WXR_NAMESPACE.match(uri)
    if match and match["version"] not in WXR_VERSIONS:
        raise UnknownExport(
            f"WXR version {match['version']!r} (namespace {uri}); this importer reads WXR "
            f"{', '.join(WXR_VERSIONS)}"
        )
    if prefix == "wp" and not match:
        raise UnknownExport(
            f"the wp: namespace is {uri!r}, not a WordPress export namespace this importer knows "
            "(http:// or https://wordpress.org/export/1.0/, 1.1/ or 1.2/)"
        )


def _wp_fields(elem: ET.Element) -> dict[str, str]:
    """The text of each simple child, by WXR key (the first of repeated ones)."""
    fields: dict[str, str] = {}
    for child in elem:
        fields.setdefault(_wp_key(child.tag), child.text or "")
    return fields


WP_COMMENT_STATUS = {
    "1": Comment.Status.PUBLISHED,
    "approve": Comment.Status.PUBLISHED,
    "0": Comment.Status.PENDING,
    "hold": Comment.Status.PENDING,
    "spam": Comment.Status.HIDDEN,
    "trash": Comment.Status.HIDDEN,
    "post-trashed": Comment.Status.HIDDEN,
}
WP_POST_STATUS = {
    "publish": Post.Status.PUBLISHED,
    "future": Post.Status.SCHEDULED,
    "draft": Post.Status.DRAFT,
    "pending": Post.Status.DRAFT,
    "private": Post.Status.DRAFT,
}
# Posts WordPress itself keeps out of sight, and what the summary calls them.
WP_SKIPPED_STATUSES = {"trash": "post in the trash", "auto-draft": "auto-draft", "inherit": "revision"}
# Item types that are not posts: WordPress's own (pages, media, menus, the block editor's records) and
# Jetpack's contact-form entries on WordPress.com. Any other type is an error unless --skip-type names it.
WP_SKIPPED_TYPES = {
    "page": "page",
    "attachment": "attachment",
    "nav_menu_item": "menu item",
    "revision": "revision",
    "custom_css": "custom CSS",
    "customize_changeset": "customizer changeset",
    "oembed_cache": "oEmbed cache",
    "user_request": "privacy request",
    "wp_block": "reusable block",
    "wp_template": "theme template",
    "wp_template_part": "theme template",
    "wp_global_styles": "theme styles",
    "wp_navigation": "menu item",
    "wp_font_family": "font",
    "wp_font_face": "font",
    "feedback": "contact-form message",
}
WP_SKIPPED_COMMENT_TYPES = ("pingback", "trackback", "webmention")


def _wp_date(fields: dict[str, str], name: str, *, where: str) -> datetime:
    """Prefer the GMT date; drafts have only the local one (read in the site's time zone)."""
    gmt = fields.get(f"wp:{name}_gmt", "").strip()
    if gmt and not gmt.startswith("0000"):
        return parse_when(gmt, where=where)
    local = fields.get(f"wp:{name}", "").strip()
    moment = parse_when(local, where=where)
    return timezone.make_aware(moment.replace(tzinfo=None)) if local else moment


class WordPressReader:
    source = "wordpress"

    def __init__(self, path: Path, *, skip_types: tuple[str, ...] = ()):
        self.file = CountingFile(path)
        self.site = ""
        self.skip_types = set(skip_types)

    def __iter__(self) -> Iterator[Event]:
        number = 0
        namespaces: set[str] = set()

        def seen(prefix: str, uri: str) -> None:
            _wxr_namespace_check(prefix, uri)
            namespaces.add(uri)

        try:
            for elem in _stream(self.file, depth=2, on_namespace=seen):
                if not any(
                    (match := WXR_NAMESPACE.match(uri)) and not match["excerpt"] for uri in namespaces
                ):
                    raise UnknownExport(
                        "no WordPress export namespace (wordpress.org/export/1.x/) is declared; "
                        f"found {sorted(namespaces) or 'none'}"
                    )
                key = _wp_key(elem.tag)
                number += key == "item"
                if key in ("wp:base_site_url", "link") and not self.site:
                    self.site = (elem.text or "").strip()[:200]
                elif key == "wp:category":
                    yield from self._term(elem, "category")
                elif key == "wp:tag":
                    yield from self._term(elem, "tag")
                elif key == "item":
                    yield from self._item(elem, number)
        finally:
            self.file.close()

    def _term(self, elem: ET.Element, kind: str) -> Iterator[Event]:
        fields = _wp_fields(elem)
        slug_key, name_key = (
            ("wp:category_nicename", "wp:cat_name")
            if kind == "category"
            else (
                "wp:tag_slug",
                "wp:tag_name",
            )
        )
        slug, name = unquote(fields.get(slug_key, "").strip()), " ".join(fields.get(name_key, "").split())
        if not (slug or name):
            yield Problem(where=kind, message=f"a {kind} without a name or slug", kind=kind)
            return
        yield ParsedTerm(
            kind=kind,
            source_id=slug or name,
            name=name or slug,
            description=fields.get(f"wp:{kind}_description", "").strip(),
            legacy_key=fields.get("wp:term_id", "").strip(),
        )

    def _item(self, item: ET.Element, number: int) -> Iterator[Event]:
        fields = _wp_fields(item)
        source_id = fields.get("wp:post_id", "").strip() or _wp_id_from_address(fields)
        where = f"item {number}" + (f" (post {source_id})" if source_id else "")
        label = where + (f" {title[:60]!r}" if (title := " ".join(fields.get("title", "").split())) else "")
        post_type = fields.get("wp:post_type", "").strip()
        status = fields.get("wp:status", "").strip()
        if post_type in WP_SKIPPED_TYPES or post_type in self.skip_types:
            yield Skipped(WP_SKIPPED_TYPES.get(post_type, post_type), [label])
            return
        if status in WP_SKIPPED_STATUSES and post_type == "post":
            yield Skipped(WP_SKIPPED_STATUSES[status], [label])
            return
        try:
            if post_type != "post":
                raise MalformedEntry(
                    f"{where}: post type {post_type!r} is not one this importer knows"
                    if post_type
                    else f"{where}: no wp:post_type"
                )
            if status not in WP_POST_STATUS:
                raise MalformedEntry(
                    f"{where}: unknown wp:status {status[:40]!r}" if status else f"{where}: no wp:status"
                )
            if not source_id.isdigit():
                raise MalformedEntry(f"{where}: no post id")
            created = _wp_date(fields, "post_date", where=where)
            ours, note = WP_POST_STATUS[status], ""
            # Readers of the old blog could not read these: they arrive as drafts for an editor to decide.
            if fields.get("wp:post_password", "").strip():
                ours, note = Post.Status.DRAFT, "password-protected on the old blog"
            elif status == "private":
                note = "private on the old blog"
            post = ParsedPost(
                source_id=source_id,
                title=" ".join(fields.get("title", "").split()),
                slug=unquote(fields.get("wp:post_name", "").strip()),
                html=autop(fields.get("content:encoded", "")),
                status=ours,
                created_at=created,
                published_at=None if ours == Post.Status.DRAFT else created,
                legacy_path=_wp_legacy_path(fields.get("link", "")),
                note=note,
            )
            for child in item.findall("category"):
                name, nicename = " ".join((child.text or "").split()), unquote(child.get("nicename", ""))
                if not name:
                    continue
                if child.get("domain") == "category":
                    post.categories.append((nicename or name, name))
                elif child.get("domain") == "post_tag":
                    post.tags.append(name)
            comments, skipped, problems = self._comments(item, where)
        except MalformedEntry as error:
            yield Problem(where=where, message=str(error))
            return
        post.comments = comments
        for reason, entries in skipped.items():
            yield Skipped(reason, entries)
        for problem in problems:
            yield Problem(where=where, message=problem, kind="comment")
        yield post

    def _comments(
        self, item: ET.Element, where: str
    ) -> tuple[list[ParsedComment], dict[str, list[str]], list[str]]:
        """The item's comments, the pingbacks and trackbacks skipped, and why each malformed one was."""
        comments, skipped, problems = [], {}, []
        number = 0
        for elem in item:
            if _wp_key(elem.tag) != "wp:comment":
                continue
            number += 1
            fields = _wp_fields(elem)
            comment_id = fields.get("wp:comment_id", "").strip()
            kind = fields.get("wp:comment_type", "").strip()
            approved = fields.get("wp:comment_approved", "").strip()
            status = WP_COMMENT_STATUS.get(approved)
            # Name it by its id when it has one, else by its place among the item's comments.
            label = f"{where} comment {comment_id[:40]}" if comment_id else f"{where} comment #{number}"
            if kind in WP_SKIPPED_COMMENT_TYPES:
                skipped.setdefault(kind, []).append(label)
                continue
            try:
                if kind not in ("", "comment"):
                    raise MalformedEntry(
                        f"{label}: comment type {kind[:40]!r} is not one this importer knows"
                    )
                if not comment_id:
                    raise MalformedEntry(f"{label}: no wp:comment_id")
                if not comment_id.isdigit():
                    raise MalformedEntry(f"{label}: wp:comment_id is not a number")
                if status is None:
                    raise MalformedEntry(f"{label}: unknown wp:comment_approved {approved[:40]!r}")
                created = _wp_date(fields, "comment_date", where=label)
            except MalformedEntry as error:
                problems.append(str(error))
                continue
            parent = fields.get("wp:comment_parent", "0").strip()
            comments.append(
                ParsedComment(
                    source_id=comment_id,
                    parent_source_id="" if parent in ("", "0") else parent,
                    author_name=" ".join(fields.get("wp:comment_author", "").split()),
                    author_email=fields.get("wp:comment_author_email", "").strip(),
                    html=autop(fields.get("wp:comment_content", "")),
                    created_at=created,
                    status=status,
                    legacy_key=_wp_comment_meta(elem).get("dsq_post_id", "").strip()[:40],
                )
            )
        return comments, skipped, problems


def _wp_id_from_address(fields: dict[str, str]) -> str:
    """A hand-made export may leave out wp:post_id; WordPress's guid ("https://site/?p=19"), or a plain
    permalink, still names the post."""
    for address in (fields.get("guid", ""), fields.get("link", "")):
        post_id = parse_qs(urlsplit(address.strip()).query).get("p", [""])[0]
        if post_id.isdigit():
            return post_id
    return ""


def _wp_comment_meta(comment: ET.Element) -> dict[str, str]:
    """A comment's wp:commentmeta, key -> value (the Disqus plugin's "dsq_post_id", say)."""
    meta = {}
    for elem in comment:
        if _wp_key(elem.tag) == "wp:commentmeta":
            fields = _wp_fields(elem)
            meta.setdefault(fields.get("wp:meta_key", ""), fields.get("wp:meta_value", ""))
    return meta


def _wp_legacy_path(link: str) -> str:
    """The permalink's path; a bare "?p=ID" link (drafts, plain permalinks) has none worth keeping."""
    return path_of(link) if link else ""


# ----------------------------------------------------------------------------------------------- Disqus

DSQ_NAMESPACE = "http://disqus.com"
DSQ = "{http://disqus.com}"
DSQ_ID = "{http://disqus.com/disqus-internals}id"


@dataclass
class ParsedThread:
    """A Disqus thread (one page's discussion) with its comments; it names its page by old URL."""

    source_id: str
    link: str
    identifier: str
    title: str
    comments: list[ParsedComment] = field(default_factory=list)


def _thread_from_json(text: str) -> ParsedThread:
    data = json.loads(text)
    data["comments"] = []
    return ParsedThread(**data)


def _dsq_true(elem: ET.Element, tag: str) -> bool:
    return _text(elem, f"{DSQ}{tag}").strip().lower() == "true"


class DisqusReader:
    """A Disqus export: threads (pages) first, then every comment of the forum in any order. Comments are
    filed by thread in a temporary SQLite database on disk, then handed out a thread at a time."""

    source = "disqus"

    def __init__(self, path: Path):
        self.file = CountingFile(path)
        self.site = ""

    def __iter__(self) -> Iterator[Event | ParsedThread]:
        return _staged(self, "import-disqus-", self._file_entries, self._threads_with_comments)

    def _root_check(self, prefix: str, uri: str) -> None:
        if prefix == "" and uri != DSQ_NAMESPACE:
            raise UnknownExport(f"the export's namespace is {uri!r}, not Disqus's {DSQ_NAMESPACE!r}")

    def _file_entries(self, staging: Staging) -> Iterator[Event]:
        skipped: dict[str, list[str]] = defaultdict(list)
        for elem in _stream(self.file, depth=1, on_namespace=self._root_check):
            source_id = (elem.get(DSQ_ID) or "").strip()
            if elem.tag == f"{DSQ}thread":
                self.site = self.site or _text(elem, f"{DSQ}forum").strip()[:200]
                thread = ParsedThread(
                    source_id=source_id,
                    link=_text(elem, f"{DSQ}link").strip(),
                    identifier=_text(elem, f"{DSQ}id").strip(),
                    title=" ".join(_text(elem, f"{DSQ}title").split()),
                )
                if not source_id:
                    yield Problem(
                        where="thread",
                        message=f"a thread without a dsq:id ({thread.link[:80]})",
                        kind="thread",
                    )
                    continue
                staging.add_entry(source_id, thread)
            elif elem.tag == f"{DSQ}post":
                label = f"comment {source_id[:40] or '(no dsq:id)'}"
                if _dsq_true(elem, "isDeleted") or _dsq_true(elem, "isSpam"):
                    skipped["deleted comment" if _dsq_true(elem, "isDeleted") else "spam comment"].append(
                        label
                    )
                    continue
                try:
                    thread_id, comment = self._comment(elem, source_id, label)
                except MalformedEntry as error:
                    yield Problem(where=label, message=str(error), kind="comment")
                    continue
                staging.add_comment(thread_id, comment)
            elif elem.tag != f"{DSQ}category":
                yield Problem(
                    where="entry",
                    message=f"an entry {_local(elem.tag)!r} this importer does not know",
                    kind="thread",
                )
        for reason, entries in skipped.items():
            yield Skipped(reason, entries)

    @staticmethod
    def _comment(elem: ET.Element, source_id: str, label: str) -> tuple[str, ParsedComment]:
        if not source_id.isdigit():
            raise MalformedEntry(f"{label}: no dsq:id")
        thread = elem.find(f"{DSQ}thread")
        thread_id = (thread.get(DSQ_ID) or "").strip() if thread is not None else ""
        if not thread_id:
            raise MalformedEntry(f"{label}: does not say which thread it belongs to")
        parent = elem.find(f"{DSQ}parent")
        name = " ".join(_text(elem, f"{DSQ}author/{DSQ}name").split())
        return thread_id, ParsedComment(
            source_id=source_id,
            parent_source_id=(parent.get(DSQ_ID) or "").strip() if parent is not None else "",
            author_name=name or _text(elem, f"{DSQ}author/{DSQ}username").strip(),
            author_email=_text(elem, f"{DSQ}author/{DSQ}email").strip(),
            html=_text(elem, f"{DSQ}message"),
            created_at=parse_when(_text(elem, f"{DSQ}createdAt"), where=label),
            status=Comment.Status.PUBLISHED,
            # "wp_id=881": the WordPress Disqus plugin's copy of it in the blog (importers.services).
            legacy_key=_text(elem, f"{DSQ}id").strip()[:40],
        )

    def _threads_with_comments(self, staging: Staging) -> Iterator[Event | ParsedThread]:
        for data, comments in staging.entries(with_comments_only=True):
            thread = _thread_from_json(data)
            thread.comments = comments
            yield thread
        for thread_id, comment in staging.orphans():
            label = f"comment {comment.source_id}"
            yield Problem(
                where=label, message=f"{label}: its thread {thread_id} is not in the export", kind="comment"
            )
